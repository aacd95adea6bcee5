"""Canonical, byte-stable serializations of the dataset.

Quads are sorted by their N-Triples form (graph, subject, predicate, object) and
written by pyoxigraph's serializers with the project's prefixes: no blank nodes,
no timestamps, so the same data always gives the same bytes, on any machine.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .prefixes import PREFIXES

__all__ = ["serialize_quads", "serialize_triples", "sorted_quads", "sorted_triples"]


def _key(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Quads in canonical order, without duplicates."""
    return sorted(set(quads), key=_key)


def sorted_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of all graphs as triples in canonical order, without duplicates."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def serialize_quads(quads: Iterable[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    """A quad format (TriG, N-Quads) in canonical order."""
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TRIG,) else None
    data = ox.serialize(sorted_quads(quads), format=fmt, prefixes=prefixes)
    assert data is not None
    return data


def serialize_triples(quads: Iterable[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    """A triple format (Turtle, N-Triples, RDF/XML) of the union graph, in canonical order."""
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    data = ox.serialize(sorted_triples(quads), format=fmt, prefixes=prefixes)
    assert data is not None
    return data
