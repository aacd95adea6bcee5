"""Canonical, byte-stable serializations of the dataset.

Triples are sorted by their N-Triples form (subject, predicate, object), quads by
graph and then the same, and written by pyoxigraph's serializers with the
project's prefixes: no blank nodes, no timestamps, so the same data always gives
the same bytes, on any machine. Sorting works on the N-Triples lines pyoxigraph
writes (bytes sort in C), which keeps a million-triple export to seconds.

>>> a, b = ox.NamedNode("http://e/a"), ox.NamedNode("http://e/b")
>>> g = ox.NamedNode("http://e/g")
>>> quads = [ox.Quad(b, a, a, g), ox.Quad(a, a, ox.Literal("x"), g), ox.Quad(b, a, a, g)]
>>> print(serialize_quads(quads, ox.RdfFormat.N_QUADS).decode(), end="")
<http://e/a> <http://e/a> "x" <http://e/g> .
<http://e/b> <http://e/a> <http://e/a> <http://e/g> .
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from ijgraph.vocab.prefixes import PREFIXES

__all__ = ["serialize_quads", "serialize_triples", "sorted_quads"]

_NT = ox.RdfFormat.N_TRIPLES
_NQ = ox.RdfFormat.N_QUADS


def _sorted_lines(triples: Iterable[ox.Triple]) -> list[bytes]:
    """The distinct N-Triples lines of ``triples``, sorted."""
    lines = (ox.serialize(triples, format=_NT) or b"").splitlines()
    lines.sort()  # in place, and duplicates dropped below: no second copy of a big list
    return [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]


def _canonical_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """N-Quads in canonical order: by graph, then by the triple's N-Triples form."""
    by_graph: dict[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Triple]] = defaultdict(
        list
    )
    for quad in quads:
        by_graph[quad.graph_name].append(quad.triple)
    out: list[bytes] = []
    for graph in sorted(by_graph, key=str):
        lines = _sorted_lines(by_graph[graph])
        if isinstance(graph, ox.DefaultGraph):
            out.extend(lines)
        else:
            suffix = b" " + str(graph).encode("utf-8") + b" ."
            out.extend(line[:-2] + suffix for line in lines)  # "s p o ." -> "s p o g ."
    return b"".join(line + b"\n" for line in out)


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Quads in canonical order, without duplicates."""
    return list(ox.parse(_canonical_nquads(quads), format=_NQ))


def serialize_quads(quads: Iterable[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    """A quad format (TriG, N-Quads) in canonical order."""
    canonical = _canonical_nquads(quads)
    if fmt == _NQ:
        return canonical
    prefixes = PREFIXES if fmt == ox.RdfFormat.TRIG else None
    data = ox.serialize(ox.parse(canonical, format=_NQ), format=fmt, prefixes=prefixes)
    assert data is not None
    return data


def serialize_triples(quads: Iterable[ox.Quad], fmt: ox.RdfFormat) -> bytes:
    """A triple format (Turtle, N-Triples, RDF/XML) of the union graph, in canonical order."""
    lines = _sorted_lines(q.triple for q in quads)
    if fmt == _NT:
        return b"".join(line + b"\n" for line in lines)
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    data = ox.serialize(ox.parse(b"\n".join(lines), format=_NT), format=fmt, prefixes=prefixes)
    assert data is not None
    return data
