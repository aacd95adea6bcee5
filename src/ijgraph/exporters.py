"""Exporters: one registry, keyed by the names the CLI offers.

Each exporter turns the built quads into ``{file name: bytes}``; writing is the
caller's job (atomically, via :func:`ijgraph.build.write_files`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from .canonical import serialize_quads, serialize_triples

__all__ = ["EXPORTERS", "Exporter", "CORE_EXPORTS", "export"]

Files = dict[str, bytes]


@dataclass(frozen=True)
class Exporter:
    """A named export format."""

    name: str
    description: str
    produce: Callable[[Sequence[ox.Quad]], Files]


EXPORTERS: dict[str, Exporter] = {}


def register(name: str, description: str) -> Callable[[Callable[[Sequence[ox.Quad]], Files]], Callable[[Sequence[ox.Quad]], Files]]:
    def wrap(func: Callable[[Sequence[ox.Quad]], Files]) -> Callable[[Sequence[ox.Quad]], Files]:
        EXPORTERS[name] = Exporter(name, description, func)
        return func

    return wrap


@register("ttl", "Turtle: all triples (the union of every graph)")
def _turtle(quads: Sequence[ox.Quad]) -> Files:
    return {"ijgraph.ttl": serialize_triples(quads, ox.RdfFormat.TURTLE)}


@register("trig", "TriG: every named graph, with the provenance graphs")
def _trig(quads: Sequence[ox.Quad]) -> Files:
    return {"ijgraph.trig": serialize_quads(quads, ox.RdfFormat.TRIG)}


@register("nt", "N-Triples: all triples, one per line")
def _ntriples(quads: Sequence[ox.Quad]) -> Files:
    return {"ijgraph.nt": serialize_triples(quads, ox.RdfFormat.N_TRIPLES)}


@register("nq", "N-Quads: every quad, one per line")
def _nquads(quads: Sequence[ox.Quad]) -> Files:
    return {"ijgraph.nq": serialize_quads(quads, ox.RdfFormat.N_QUADS)}


#: What `ijgraph build` writes (and `ijgraph build --check` compares).
CORE_EXPORTS = ("ttl", "trig")


def export(quads: Sequence[ox.Quad], names: Sequence[str]) -> Files:
    """The files of the named exporters."""
    files: Files = {}
    for name in names:
        files.update(EXPORTERS[name].produce(quads))
    return files
