"""Real SPARQL clients against ``ijgraph serve``: SPARQLWrapper and rdflib's SPARQLStore.

Every example query of the catalog also goes through the endpoint and must give the
answer that pyoxigraph gives on the same graph.
"""

from __future__ import annotations

import json
import urllib.error

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, JSONLD, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from ijgraph.server.app import EXAMPLES_DIR
from ijgraph.sparql.catalog import read_catalog
from ijgraph.sparql.guard import query_form
from ijgraph.vocab.namespaces import IJ, IJR
from tests.endpoint_server import PROLOGUE, LiveServer, live_server

__all__ = ["live_server"]

# The clients themselves use rdflib's deprecated ConjunctiveGraph and default_context.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

MALABAR = URIRef(str(IJR.Malabar))
LABELS = PROLOGUE + "SELECT ?label WHERE { ijr:Malabar rdfs:label ?label }"
DESCRIPTION = PROLOGUE + "CONSTRUCT { ijr:Malabar ?p ?o } WHERE { ijr:Malabar ?p ?o }"


def expected_labels(server: LiveServer) -> set[str]:
    return {row["label"].value for row in server.union.query(LABELS)}


def expected_description(server: LiveServer) -> set[tuple[str, str, str]]:
    return {
        (str(t.subject.value), str(t.predicate.value), str(t.object.value))
        for t in server.union.query(DESCRIPTION)
    }


def as_strings(graph: Graph) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o in graph}


def wrapper(server: LiveServer, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.sparql)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


# --- SPARQLWrapper ------------------------------------------------------------------------


def test_sparqlwrapper_select_json(live_server: LiveServer) -> None:
    result = wrapper(live_server, LABELS, JSON).queryAndConvert()
    assert isinstance(result, dict)
    got = {b["label"]["value"] for b in result["results"]["bindings"]}
    assert got == expected_labels(live_server)
    langs = {b["label"].get("xml:lang") for b in result["results"]["bindings"]}
    assert {"en", "ja"} <= langs


def test_sparqlwrapper_select_xml(live_server: LiveServer) -> None:
    document = wrapper(live_server, LABELS, XML).queryAndConvert()
    literals = {node.firstChild.data for node in document.getElementsByTagName("literal")}  # type: ignore[union-attr]
    assert literals == expected_labels(live_server)


@pytest.mark.parametrize("fmt", [CSV, TSV])
def test_sparqlwrapper_select_csv_tsv(live_server: LiveServer, fmt: str) -> None:
    body = wrapper(live_server, LABELS, fmt).queryAndConvert()
    assert isinstance(body, bytes)
    text = body.decode()
    for label in expected_labels(live_server):
        assert label in text


def test_sparqlwrapper_ask(live_server: LiveServer) -> None:
    query = PROLOGUE + "ASK { ijr:Malabar a ij:MilitaryExercise }"
    assert wrapper(live_server, query, JSON).queryAndConvert()["boolean"] is True  # type: ignore[index]


@pytest.mark.parametrize("fmt", [XML, RDFXML, JSONLD, TURTLE])
def test_sparqlwrapper_construct(live_server: LiveServer, fmt: str) -> None:
    result = wrapper(live_server, DESCRIPTION, fmt).queryAndConvert()
    # SPARQLWrapper leaves Turtle unparsed and parses the other formats itself.
    graph = Graph().parse(data=result, format="turtle") if isinstance(result, bytes) else result
    assert as_strings(graph) == expected_description(live_server)


def test_sparqlwrapper_update_is_forbidden(live_server: LiveServer) -> None:
    sparql = SPARQLWrapper(live_server.sparql)
    sparql.setMethod(POST)
    sparql.setQuery(f"INSERT DATA {{ <{IJR.Malabar}> <{IJ.rank}> 1 }}")
    with pytest.raises(urllib.error.HTTPError) as caught:
        sparql.query()
    assert caught.value.code == 403


@pytest.mark.parametrize(
    ("query", "needle"),
    [
        ("SELECT ?s WHERE {\n  ?s ?p \n}", "line 3"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
    ],
)
def test_sparqlwrapper_bad_queries(live_server: LiveServer, query: str, needle: str) -> None:
    with pytest.raises(QueryBadFormed) as caught:
        wrapper(live_server, query, JSON).query()
    assert needle in str(caught.value)


# --- rdflib SPARQLStore ---------------------------------------------------------------------


def test_sparqlstore_graph(live_server: LiveServer) -> None:
    graph = Graph(SPARQLStore(query_endpoint=live_server.sparql))
    rows = graph.query(LABELS)
    assert {str(row[0]) for row in rows} == expected_labels(live_server)  # type: ignore[index]
    triples = set(graph.triples((MALABAR, None, None)))
    assert {(str(s), str(p), str(o)) for s, p, o in triples} == expected_description(live_server)


def test_sparqlstore_dataset_and_named_graphs(live_server: LiveServer) -> None:
    dataset = Dataset(SPARQLStore(query_endpoint=live_server.sparql))
    query = PROLOGUE + "SELECT ?g WHERE { GRAPH ?g { ijr:Malabar ij:serviceBranch ?b } }"
    got = {str(row[0]) for row in dataset.query(query)}  # type: ignore[index]
    expected = {row["g"].value for row in live_server.union.query(query)}
    assert expected and got == expected
    assert len(SPARQLStore(query_endpoint=live_server.sparql)) == len(
        {q.triple for q in live_server.store}
    )


def test_sparqlupdatestore_is_refused(live_server: LiveServer) -> None:
    store = SPARQLUpdateStore(query_endpoint=live_server.sparql, update_endpoint=live_server.sparql)
    with pytest.raises(urllib.error.HTTPError) as caught:
        store.update(f"INSERT DATA {{ <{IJR.Malabar}> <{IJ.rank}> 1 }}")
    assert caught.value.code == 403


# --- the example catalog through the endpoint ---------------------------------------------

CATALOG = read_catalog(EXAMPLES_DIR)


def test_catalog_is_not_empty() -> None:
    assert CATALOG, f"no example queries in {EXAMPLES_DIR}"


@pytest.mark.parametrize("name", list(CATALOG))
def test_example_through_the_endpoint(live_server: LiveServer, name: str) -> None:
    # Raw HTTP, not SPARQLWrapper: its query-type sniffing reads words in comments
    # ("added" -> ADD) and would send some examples as updates.
    text = CATALOG[name].text
    form = query_form(text)
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    accept = "application/n-triples" if graph_form else "application/sparql-results+json"
    response = httpx.post(
        live_server.sparql, data={"query": text}, headers={"Accept": accept}, timeout=30
    )
    assert response.status_code == 200, response.text
    assert response.headers["x-result-truncated"] == "false"
    expected = live_server.union.query(text)
    if graph_form:
        got = {q.triple for q in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)}
        assert got == set(expected)
        return
    result = response.json()
    want = json.loads(expected.serialize(format=ox.QueryResultsFormat.JSON) or b"{}")
    if form == "ASK":
        assert result["boolean"] == want["boolean"]
        return
    assert result["head"]["vars"] == want["head"]["vars"]
    assert sorted(json.dumps(b, sort_keys=True) for b in result["results"]["bindings"]) == sorted(
        json.dumps(b, sort_keys=True) for b in want["results"]["bindings"]
    )
