"""Conversions between pyoxigraph and rdflib terms.

Parsing and serializing go through pyoxigraph (fast, with line and column in its
errors); the public API hands out rdflib objects.

>>> year = ox.Literal("752", datatype=ox.NamedNode(str(XSD.gYear)))
>>> t = to_rdflib(year)
>>> t.datatype == XSD.gYear, to_oxigraph(t) == year
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ijgraph.vocab.prefixes import PREFIXES

__all__ = [
    "as_quads",
    "dataset_from_quads",
    "quad_to_oxigraph",
    "quads_to_rdflib",
    "to_oxigraph",
    "to_rdflib",
]

_XSD_STRING = str(XSD.string)
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_rdflib(term: object) -> Node:
    """An rdflib term for a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return URIRef("urn:x-rdflib:default")
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """A pyoxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is None or str(term.datatype) == _LANG_STRING:
            return ox.Literal(str(term))
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"unsupported term {term!r}")


def quad_to_oxigraph(s: Node, p: Node, o: Node, g: Node | None) -> ox.Quad:
    graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph
    graph = ox.DefaultGraph() if g is None else to_oxigraph(g)  # type: ignore[assignment]
    return ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph)  # type: ignore[arg-type]


def quads_to_rdflib(quads: Iterable[ox.Quad]) -> Iterator[tuple[Node, Node, Node, Node | None]]:
    """(s, p, o, g) rdflib tuples; g is None for the default graph."""
    for q in quads:
        graph = None if isinstance(q.graph_name, ox.DefaultGraph) else to_rdflib(q.graph_name)
        yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph


def dataset_from_quads(quads: Iterable[ox.Quad]) -> Dataset:
    """An rdflib Dataset whose default graph is the union of its named graphs."""
    ds = Dataset(default_union=True)
    by_graph: dict[Node | None, list[tuple[Node, Node, Node]]] = {}
    for s, p, o, g in quads_to_rdflib(quads):
        by_graph.setdefault(g, []).append((s, p, o))
    for g, triples in by_graph.items():
        graph = ds.graph(g) if isinstance(g, URIRef) else ds.default_context
        graph.addN((s, p, o, graph) for s, p, o in triples)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True)
    return ds


def as_quads(graph: Any) -> list[ox.Quad]:
    """pyoxigraph quads of a ``Build``, an rdflib ``Dataset`` or quads (a list of pyoxigraph
    quads is returned itself, not copied: do not modify it)."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    if hasattr(graph, "quads") and isinstance(graph.quads, list):  # a Build
        return list(graph.quads)
    if isinstance(graph, Dataset):
        out = []
        for s, p, o, g in graph.quads((None, None, None, None)):
            name = getattr(g, "identifier", g)
            graph_name = None if name == DATASET_DEFAULT_GRAPH_ID else name
            out.append(quad_to_oxigraph(s, p, o, graph_name))
        return out
    if isinstance(graph, list) and all(isinstance(q, ox.Quad) for q in graph):
        return graph  # as it is: caches keyed on the list (projection, passages) still apply
    items: Iterable[Any] = graph
    return [q if isinstance(q, ox.Quad) else quad_to_oxigraph(*q) for q in items]
