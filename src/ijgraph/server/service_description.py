"""The SPARQL 1.1 Service Description of the endpoint (``GET /sparql`` without a query).

Built as pyoxigraph triples (no blank nodes: the dataset and graphs get fragment
IRIs of the endpoint), so it can be serialized in every RDF format the endpoint
offers.

>>> import pyoxigraph as ox
>>> g = ox.NamedNode("https://w3id.org/ijgraph/graph/lexicon")
>>> formats = ["http://www.w3.org/ns/formats/Turtle"]
>>> triples = service_description("http://localhost:8000/sparql", {g: 3}, 3, formats)
>>> any(t.object == ox.NamedNode(SD + "SPARQL11Query") for t in triples)
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

__all__ = ["SD", "graph_sizes", "service_description"]

SD = "http://www.w3.org/ns/sparql-service-description#"
_VOID = "http://rdfs.org/ns/void#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
_DESCRIPTION = ox.NamedNode("http://purl.org/dc/terms/description")


def graph_sizes(quads: Iterable[ox.Quad]) -> tuple[dict[ox.NamedNode, int], int]:
    """Triples per named graph, and the number of distinct triples of their union."""
    per_graph: Counter[ox.NamedNode] = Counter()
    union = set()
    for quad in quads:
        if isinstance(quad.graph_name, ox.NamedNode):
            per_graph[quad.graph_name] += 1
        union.add(quad.triple)
    return dict(per_graph), len(union)


def store_graph_sizes(store: ox.Store) -> tuple[dict[ox.NamedNode, int], int]:
    """:func:`graph_sizes` of an on-disk store whose default graph is the union."""
    per_graph: dict[ox.NamedNode, int] = {}
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert isinstance(rows, ox.QuerySolutions)
    for row in rows:
        per_graph[row["g"]] = int(row["n"].value)
    union = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(union, ox.QuerySolutions)
    total = int(next(iter(union))["n"].value)
    return per_graph, total


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(
    endpoint: str,
    graphs: Mapping[ox.NamedNode, int],
    union_size: int,
    result_formats: Iterable[str],
) -> list[ox.Triple]:
    """Triples describing the endpoint at ``endpoint``: language, formats, dataset."""
    service = ox.NamedNode(endpoint)
    dataset = ox.NamedNode(endpoint + "#dataset")
    default = ox.NamedNode(endpoint + "#default-graph")
    triples = [
        ox.Triple(service, _RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(
            service, _TITLE, ox.Literal("ijgraph: India-Japan ties (read-only)", language="en")
        ),
        ox.Triple(
            service,
            _DESCRIPTION,
            ox.Literal(
                "Read-only SPARQL 1.1 Query endpoint. Updates, SERVICE, LOAD and FROM of remote "
                "graphs are refused; queries have a time limit and a row cap.",
                language="en",
            ),
        ),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, _RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, _RDF_TYPE, _sd("Graph")),
        ox.Triple(
            default,
            ox.NamedNode(_VOID + "triples"),
            ox.Literal(
                str(union_size), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
            ),
        ),
    ]
    triples += [ox.Triple(service, _sd("resultFormat"), ox.NamedNode(f)) for f in result_formats]
    for index, (name, size) in enumerate(sorted(graphs.items(), key=lambda kv: kv[0].value)):
        named = ox.NamedNode(f"{endpoint}#named-graph-{index + 1}")
        graph = ox.NamedNode(f"{endpoint}#graph-{index + 1}")
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, _RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), name),
            ox.Triple(named, _sd("graph"), graph),
            ox.Triple(graph, _RDF_TYPE, _sd("Graph")),
            ox.Triple(
                graph,
                ox.NamedNode(_VOID + "triples"),
                ox.Literal(
                    str(size), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
                ),
            ),
        ]
    return triples
