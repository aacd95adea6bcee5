"""Exporters: one registry, keyed by the names the CLI offers.

Each exporter turns the built quads into ``{file name: bytes}``; writing is the
caller's job (atomically, via :func:`ijgraph.compiler.pipeline.write_files`). The RDF formats
go through pyoxigraph's serializers (or, for JSON-LD, one pass in
:mod:`ijgraph.export.jsonld`) so that a million triples export in seconds; the graph
formats (GraphML, GEXF, CSV) are written from the networkx projection
(:func:`ijgraph.graph.projection.to_networkx`) by :mod:`ijgraph.export.graphformats`. Every
export is byte-identical across runs.

>>> list(EXPORTERS)
['ttl', 'trig', 'nt', 'nq', 'jsonld', 'rdfxml', 'graphml', 'gexf', 'csv']
>>> expand(["nt", "all"]) == list(EXPORTERS)
False
>>> expand(["all"]) == list(EXPORTERS)
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from ijgraph.rdf.canonical import serialize_quads, serialize_triples
from ijgraph.vocab.formats import by_export

if TYPE_CHECKING:  # networkx, rdflib and the graph writers load only when a format needs them
    import networkx as nx

__all__ = [
    "ALL",
    "CORE_EXPORTS",
    "EXPORTERS",
    "Exporter",
    "as_quads",
    "choices",
    "expand",
    "export",
]

Files = dict[str, bytes]
QuadWriter = Callable[[Sequence[ox.Quad]], Files]
GraphWriter = Callable[["nx.MultiDiGraph"], Files]


@dataclass(frozen=True)
class Exporter:
    """A named export format; graph formats also say how to write a ready projection."""

    name: str
    description: str
    produce: QuadWriter
    from_graph: GraphWriter | None = None


EXPORTERS: dict[str, Exporter] = {}


def register(name: str, description: str) -> Callable[[QuadWriter], QuadWriter]:
    """Register an RDF exporter: quads in, files out."""

    def wrap(func: QuadWriter) -> QuadWriter:
        EXPORTERS[name] = Exporter(name, description, func)
        return func

    return wrap


def register_graph(name: str, description: str) -> Callable[[GraphWriter], GraphWriter]:
    """Register a graph exporter: networkx projection in, files out."""

    def wrap(func: GraphWriter) -> GraphWriter:
        EXPORTERS[name] = Exporter(name, description, lambda q: func(projection(q)), func)
        return func

    return wrap


#: The RDF exporters written by pyoxigraph's serializers: name -> description. Their file
#: name and serializer come from the one format registry (:mod:`ijgraph.vocab.formats`).
_RDF_EXPORTS = {
    "ttl": "Turtle: all triples (the union of every graph)",
    "trig": "TriG: every named graph, with the provenance graphs",
    "nt": "N-Triples: all triples, one per line",
    "nq": "N-Quads: every quad, one per line",
}


def _rdf_writer(name: str) -> QuadWriter:
    fmt = by_export(name)
    rdf = getattr(ox.RdfFormat, fmt.oxigraph)
    serialize = serialize_quads if fmt.family == "quads" else serialize_triples
    return lambda quads: {f"ijgraph.{fmt.extension}": serialize(quads, rdf)}


for _name, _description in _RDF_EXPORTS.items():
    register(_name, _description)(_rdf_writer(_name))


@register("jsonld", "JSON-LD: every named graph, compacted with the project's context")
def _jsonld(quads: Sequence[ox.Quad]) -> Files:
    from ijgraph.export.jsonld import to_jsonld

    return {f"ijgraph.{by_export('jsonld').extension}": to_jsonld(quads)}


@register("rdfxml", "RDF/XML: all triples (the union of every graph)")
def _rdfxml(quads: Sequence[ox.Quad]) -> Files:
    return _rdf_writer("rdfxml")(quads)


@register_graph("graphml", "GraphML of the entity graph (Gephi, yEd, networkx)")
def _graphml(G: nx.MultiDiGraph) -> Files:
    from ijgraph.export.graphformats import to_graphml

    return {"ijgraph.graphml": to_graphml(G)}


@register_graph("gexf", "GEXF of the entity graph (Gephi)")
def _gexf(G: nx.MultiDiGraph) -> Files:
    from ijgraph.export.graphformats import to_gexf

    return {"ijgraph.gexf": to_gexf(G)}


@register_graph("csv", "CSV: nodes.csv (entities) and edges.csv (relations and their sources)")
def _csv(G: nx.MultiDiGraph) -> Files:
    from ijgraph.export.graphformats import to_csv

    return to_csv(G)


#: What `ijgraph build` writes (and `ijgraph build --check` compares): every format.
CORE_EXPORTS = tuple(EXPORTERS)
#: The CLI's pseudo-format for every exporter at once.
ALL = "all"


def choices() -> list[str]:
    """The format names the CLI accepts: every exporter, then ``all``."""
    return [*EXPORTERS, ALL]


def expand(names: Sequence[str]) -> list[str]:
    """Exporter names in the order given, ``all`` replaced by every exporter, no repeats.

    Raises KeyError naming the first unknown format.
    """
    out: list[str] = []
    for name in names:
        if name != ALL and name not in EXPORTERS:
            raise KeyError(name)
        for each in EXPORTERS if name == ALL else [name]:
            if each not in out:
                out.append(each)
    return out


def export(quads: Sequence[ox.Quad], names: Sequence[str]) -> Files:
    """The files of the named exporters (``all`` for every one)."""
    files: Files = {}
    graph: nx.MultiDiGraph | None = None
    for name in expand(names):
        exporter = EXPORTERS[name]
        if exporter.from_graph is None:
            files.update(exporter.produce(quads))
        else:
            # The projection is the slow part: make it once for all graph formats.
            graph = graph if graph is not None else projection(quads)
            files.update(exporter.from_graph(graph))
    return files


def as_quads(graph: Any) -> list[ox.Quad]:
    """pyoxigraph quads of a ``Build``, an rdflib ``Dataset`` or quads (rdflib loads lazily)."""
    from ijgraph.rdf.convert import as_quads as convert

    return convert(graph)


def projection(quads: Sequence[ox.Quad]) -> nx.MultiDiGraph:
    """The networkx projection (:func:`ijgraph.graph.projection.projection`), loaded lazily."""
    from ijgraph.graph.projection import projection as project

    return project(quads)
