"""The networkx projection of the graph: entities as nodes, relations as edges.

Literals never become nodes: labels, descriptions, values and dates are node
attributes. Every edge carries its predicate, the predicate's label and the
passages (with their verbatim quotes) that state it.

>>> import ijgraph
>>> G = to_networkx(ijgraph.load())
>>> G.nodes["ijr:Malabar"]["type"], G.nodes["ijr:Malabar"]["label_ja"] != ""
('MilitaryExercise', True)
>>> any(d["predicate"] == "ij:serviceBranch" for _, v, d in G.out_edges("ijr:Malabar", data=True))
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ijgraph.rdf.convert import as_quads, to_oxigraph, to_rdflib
from ijgraph.rdf.passages import passage_index, passage_key
from ijgraph.vocab.namespaces import IJ, IJG, IJP, IJR
from ijgraph.vocab.ontology import Ontology, local_name, read_ontology
from ijgraph.vocab.prefixes import lexical, short

__all__ = ["NON_EDGE_PREDICATES", "forget_projection", "node_id", "projection", "to_networkx"]

DCT_SOURCE = URIRef("http://purl.org/dc/terms/source")
DCT_DESCRIPTION = URIRef("http://purl.org/dc/terms/description")
#: Predicates that describe an entity rather than relate it to another.
NON_EDGE_PREDICATES = frozenset({RDF.type, DCT_SOURCE, SKOS.inScheme})
_LABELS = {RDFS.label, SKOS.altLabel, IJ.acronym, DCT_DESCRIPTION}
_LABEL, _ALT, _ACRONYM = str(RDFS.label), str(SKOS.altLabel), str(IJ.acronym)
_DESCRIPTION = str(DCT_DESCRIPTION)


_TYPE = str(RDF.type)
_SOURCE = str(DCT_SOURCE)
_EDGELESS = frozenset(str(p) for p in NON_EDGE_PREDICATES)
_LABEL_KEYS = frozenset(str(p) for p in _LABELS)
_ONTOLOGY, _SOURCES = str(IJG.ontology), str(IJG.sources)
_DEFAULT, _BACKGROUND = str(IJG.default), str(IJG.background)
_IJ, _IJR, _IJP = str(IJ), str(IJR), str(IJP)
_PLAIN = frozenset({str(XSD.string), "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"})
#: Datatypes whose value rdflib gives as a date or a Decimal: their attribute is the lexical form.
_LEXICAL = frozenset(str(XSD) + t for t in ("decimal", "date", "dateTime", "gYear", "gYearMonth"))
#: Integer datatypes: plain digits are their int (the rest goes through rdflib).
_INTEGERS = frozenset(
    str(XSD) + t
    for t in ("integer", "positiveInteger", "nonNegativeInteger", "int", "long", "short")
)


def node_id(term: Node | ox.NamedNode | str) -> str:
    """The node key of an entity: its compact IRI (``ijr:Malabar``)."""
    return short(lexical(term))


def _ordered(values: list[ox.Literal]) -> list[ox.Literal]:
    """Literals in rdflib's order (numbers by value, then lexical form)."""
    if len(values) < 2:
        return values
    return [to_oxigraph(v) for v in sorted(to_rdflib(v) for v in values)]  # type: ignore[misc,type-var]


def _lang_value(values: list[ox.Literal], lang: str) -> str:
    for value in _ordered([v for v in values if v.language == lang]):
        return value.value
    return ""


def _python(value: ox.Literal) -> Any:
    datatype = "" if value.language else value.datatype.value
    if not datatype or datatype in _PLAIN or datatype in _LEXICAL:
        return value.value
    if datatype in _INTEGERS and value.value.isascii() and value.value.isdigit():
        return int(value.value)
    py = to_rdflib(value).toPython()  # type: ignore[attr-defined]
    return py if isinstance(py, (int, float, bool, str)) else value.value


def to_networkx(graph: Dataset | Iterable[Any]) -> nx.MultiDiGraph:
    """Project a built ijgraph dataset onto a ``MultiDiGraph``.

    Parameters
    ----------
    graph : the rdflib ``Dataset`` from :func:`ijgraph.build` or :func:`ijgraph.load`
        (or its quads: pyoxigraph ``Quad`` objects or rdflib ``(s, p, o, g)`` tuples).

    Returns
    -------
    A ``MultiDiGraph`` keyed by compact IRIs (``ijr:Malabar``). Node attributes:
    ``iri``, ``type`` (most specific ontology class), ``label``, ``label_ja``,
    ``label_hi``, ``aliases``, ``description``, ``sources`` (passage IDs) and one
    attribute per literal property (``value``, ``currency``, ``date``...). Edge
    keys are predicates (``ij:serviceBranch``); edge attributes: ``predicate``,
    ``label``, ``passages`` (IDs), ``quote`` (the first passage's sentence) and
    ``background`` (True when only background knowledge states it).
    """
    return _project(as_quads(graph))


def _project(quads: Sequence[ox.Quad]) -> nx.MultiDiGraph:
    """The projection, over pyoxigraph terms (compared by their Rust values, not rdflib's)."""
    # triple -> the graph that states it, or the set of them when several do (most
    # facts have one: a set for each of a million triples would double the memory).
    facts: dict[ox.Triple, str | set[str]] = {}
    ontology_quads: list[ox.Quad] = []
    for quad in quads:
        graph_name = quad.graph_name
        g = graph_name.value if isinstance(graph_name, ox.NamedNode) else _DEFAULT
        if g == _ONTOLOGY:
            ontology_quads.append(quad)
        elif g != _SOURCES:  # the passages: read by passage_index
            triple = quad.triple
            stated = facts.get(triple)
            if stated is None:
                facts[triple] = g
            elif isinstance(stated, str):
                if stated != g:
                    facts[triple] = {stated, g}
            else:
                stated.add(g)

    ontology = read_ontology(ontology_quads, graph=None)
    index = passage_index(quads)  # kept for the pages and the timeline of the same quads
    types: dict[ox.NamedNode, set[str]] = defaultdict(set)
    literals: dict[Any, dict[str, list[ox.Literal]]] = defaultdict(lambda: defaultdict(list))
    sources: dict[Any, set[str]] = defaultdict(set)
    for s, p, o in facts:
        predicate = p.value
        if predicate == _TYPE and isinstance(o, ox.NamedNode) and o.value.startswith(_IJ):
            types[s].add(o.value)
        elif predicate == _SOURCE:
            sources[s].add(passage_key(lexical(o)))
        elif isinstance(o, ox.Literal):
            literals[s][predicate].append(o)

    entities = {
        s.value: s for s in types if isinstance(s, ox.NamedNode) and s.value.startswith(_IJR)
    }
    edges = [
        (s.value, p.value, o.value, (graphs,) if isinstance(graphs, str) else graphs)
        for (s, p, o), graphs in facts.items()
        if isinstance(o, ox.NamedNode)
        and o.value in entities
        and s.value in entities
        and p.value not in _EDGELESS
    ]
    del facts  # the largest structure here: gone before the graph grows
    ids: dict[str, str] = {iri: node_id(iri) for iri in entities}
    G = nx.MultiDiGraph()
    for iri in sorted(entities):
        entity = entities[iri]
        G.add_node(
            ids[iri],
            **_node_attributes(iri, types[entity], ontology, literals[entity], sources[entity]),
        )

    predicate_ids: dict[str, str] = {}
    key_of = cache(passage_key)  # graph IRI -> passage key, once per passage
    for s, p, o, graphs in sorted(edges, key=lambda e: e[:3]):
        if p not in predicate_ids:
            predicate_ids[p] = node_id(p)
        passages = sorted(key_of(g) for g in graphs if g.startswith(_IJP))
        first = _IJP + passages[0] if passages else None
        G.add_edge(
            ids[s],
            ids[o],
            key=predicate_ids[p],
            predicate=predicate_ids[p],
            label=ontology.labels.get(p, {}).get("en") or predicate_ids[p],
            passages=passages,
            quote=index[first].quote if first is not None and first in index else "",
            background=not passages and _BACKGROUND in graphs,
        )
    return G


def _node_attributes(
    entity: str,
    types: set[str],
    ontology: Ontology,
    literals: dict[str, list[ox.Literal]],
    sources: set[str],
) -> dict[str, Any]:
    labels = literals.get(_LABEL, [])
    attrs: dict[str, Any] = {
        "iri": entity,
        "type": local_name(ontology.most_specific(types)),
        "types": sorted(t.rsplit("/", 1)[-1] for t in types),
        "label": _lang_value(labels, "en") or node_id(entity),
        "label_ja": _lang_value(labels, "ja"),
        "label_hi": _lang_value(labels, "hi"),
        "aliases": sorted(v.value for v in literals.get(_ALT, []) + literals.get(_ACRONYM, [])),
        "description": _lang_value(literals.get(_DESCRIPTION, []), "en"),
        "sources": sorted(sources),
    }
    for predicate, values in sorted(literals.items()):
        if predicate in _LABEL_KEYS:
            continue
        name = predicate.rsplit("/", 1)[-1]
        ordered = _ordered(values)
        attrs[name] = _python(ordered[0]) if len(ordered) == 1 else [_python(v) for v in ordered]
    return attrs


_LAST_PROJECTION: list[tuple[Sequence[ox.Quad], int, nx.MultiDiGraph]] = []


def projection(quads: Sequence[ox.Quad]) -> nx.MultiDiGraph:
    """The networkx projection of pyoxigraph quads.

    The last projection is kept (for the same, unchanged sequence of quads): one
    build renders pages, the timeline and the graph exports from one projection.
    Callers must not modify the graph it returns.
    """

    last = _LAST_PROJECTION[0] if _LAST_PROJECTION else None
    if last is not None and last[0] is quads and last[1] == len(quads):
        return last[2]
    graph = _project(quads)
    _LAST_PROJECTION[:] = [(quads, len(quads), graph)]
    return graph


def forget_projection() -> None:
    """Drop the kept projection (and with it its quads: see :func:`projection`)."""
    _LAST_PROJECTION.clear()
