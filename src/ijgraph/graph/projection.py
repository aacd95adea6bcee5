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
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from ijgraph.rdf.convert import quads_to_rdflib
from ijgraph.rdf.passages import passage_index
from ijgraph.vocab.namespaces import IJ, IJG, IJP, IJR
from ijgraph.vocab.ontology import Ontology, local_name, read_ontology
from ijgraph.vocab.prefixes import short

__all__ = ["NON_EDGE_PREDICATES", "node_id", "projection", "to_networkx"]

DCT_SOURCE = URIRef("http://purl.org/dc/terms/source")
DCT_DESCRIPTION = URIRef("http://purl.org/dc/terms/description")
#: Predicates that describe an entity rather than relate it to another.
NON_EDGE_PREDICATES = frozenset({RDF.type, DCT_SOURCE, SKOS.inScheme})
_LABELS = {RDFS.label, SKOS.altLabel, IJ.acronym, DCT_DESCRIPTION}


def _passage_key(term: Node) -> str:
    """``article/L35S1`` for a passage IRI: the document-scoped passage ID."""
    text = str(term)
    return text[len(str(IJP)) :] if text.startswith(str(IJP)) else text.rsplit("/", 1)[-1]


def node_id(term: Node) -> str:
    """The node key of an entity: its compact IRI (``ijr:Malabar``)."""
    return short(term)


def _lang_value(values: list[Literal], lang: str) -> str:
    for value in sorted(values):
        if value.language == lang:
            return str(value)
    return ""


def _python(value: Literal) -> Any:
    py = value.toPython()
    return py if isinstance(py, (int, float, bool, str)) else str(value)


def to_networkx(graph: Dataset | Iterable[tuple[Node, Node, Node, Node | None]]) -> nx.MultiDiGraph:
    """Project a built ijgraph dataset onto a ``MultiDiGraph``.

    Parameters
    ----------
    graph : the rdflib ``Dataset`` from :func:`ijgraph.build` or :func:`ijgraph.load`
        (or its ``(s, p, o, g)`` quads).

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
    quads = graph.quads((None, None, None, None)) if isinstance(graph, Dataset) else graph
    facts: dict[tuple[Node, Node, Node], set[Node]] = defaultdict(set)
    ontology_quads: list[tuple[Node, Node, Node, Node]] = []
    source_quads: list[tuple[Node, Node, Node, Node]] = []
    for s, p, o, g in quads:
        g = getattr(g, "identifier", g)
        if g == IJG.ontology:
            ontology_quads.append((s, p, o, g))
            continue
        if g == IJG.sources:
            source_quads.append((s, p, o, g))
            continue
        facts[(s, p, o)].add(g if g is not None else IJG.default)

    ontology = read_ontology(ontology_quads, graph=None)
    index = passage_index(source_quads)
    types: dict[Node, set[Node]] = defaultdict(set)
    literals: dict[Node, dict[Node, list[Literal]]] = defaultdict(lambda: defaultdict(list))
    sources: dict[Node, set[str]] = defaultdict(set)
    for (s, p, o), _ in facts.items():
        if p == RDF.type and str(o).startswith(str(IJ)):
            types[s].add(o)
        elif p == DCT_SOURCE:
            sources[s].add(_passage_key(o))
        elif isinstance(o, Literal):
            literals[s][p].append(o)

    entities = {s for s in types if isinstance(s, URIRef) and str(s).startswith(str(IJR))}
    G = nx.MultiDiGraph()
    for entity in sorted(entities):
        G.add_node(
            node_id(entity),
            **_node_attributes(entity, types[entity], ontology, literals[entity], sources[entity]),
        )

    for (s, p, o), graphs in sorted(facts.items()):
        if s not in entities or o not in entities or p in NON_EDGE_PREDICATES:
            continue
        passages = sorted(_passage_key(g) for g in graphs if str(g).startswith(str(IJP)))
        first = IJP[passages[0]] if passages else None
        G.add_edge(
            node_id(s),
            node_id(o),
            key=node_id(p),
            predicate=node_id(p),
            label=ontology.labels.get(str(p), {}).get("en") or node_id(p),
            passages=passages,
            quote=index[str(first)].quote if first is not None and str(first) in index else "",
            background=not passages and IJG.background in graphs,
        )
    return G


def _node_attributes(
    entity: Node,
    types: set[Node],
    ontology: Ontology,
    literals: dict[Node, list[Literal]],
    sources: set[str],
) -> dict[str, Any]:
    labels = literals.get(RDFS.label, [])
    attrs: dict[str, Any] = {
        "iri": str(entity),
        "type": local_name(ontology.most_specific(str(t) for t in types)),
        "types": sorted(str(t).rsplit("/", 1)[-1] for t in types),
        "label": _lang_value(labels, "en") or node_id(entity),
        "label_ja": _lang_value(labels, "ja"),
        "label_hi": _lang_value(labels, "hi"),
        "aliases": sorted(
            str(v) for v in literals.get(SKOS.altLabel, []) + literals.get(IJ.acronym, [])
        ),
        "description": _lang_value(literals.get(DCT_DESCRIPTION, []), "en"),
        "sources": sorted(sources),
    }
    for predicate, values in sorted(literals.items()):
        if predicate in _LABELS:
            continue
        name = str(predicate).rsplit("/", 1)[-1]
        ordered = sorted(values)
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
    graph = to_networkx(quads_to_rdflib(quads))
    _LAST_PROJECTION[:] = [(quads, len(quads), graph)]
    return graph
