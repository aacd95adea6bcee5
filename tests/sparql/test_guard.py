"""Queries that could write, reach the network or crash a parser are refused before any engine
runs them."""

from __future__ import annotations

import pytest

from ijgraph.sparql.guard import QueryRefused, check_query

ALLOWED = {
    "SELECT * WHERE { ?s ?p ?o }": "SELECT",
    "ASK { ?s ?p 'SERVICE <http://x> LOAD' }": "ASK",
    "# SERVICE in a comment\nCONSTRUCT WHERE { ?s ?p ?o }": "CONSTRUCT",
    "DESCRIBE <https://w3id.org/ijgraph/resource/Malabar>": "DESCRIBE",
    "SELECT * FROM <https://w3id.org/ijgraph/graph/lexicon> WHERE { ?s ?p ?o }": "SELECT",
    "PREFIX ij: <https://w3id.org/ijgraph/ontology/>\nSELECT ?x WHERE { ?x a ij:Country }": "SELECT",
}

REFUSED = {
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }": (403, "updates"),
    "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }": (403, "updates"),
    "LOAD <http://example.org/data.ttl>": (400, "LOAD"),
    "CLEAR ALL": (403, "updates"),
    "SELECT * WHERE { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }": (400, "SERVICE"),
    "SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }": (400, "FROM"),
    "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }": (400, "FROM"),
    "": (400, "empty"),
    "  # only a comment\n": (400, "empty"),
    "PREFIX ex: <http://example.org/>": (400, "not a SPARQL query"),
    "SELECT * WHERE " + "{" * 150 + " ?s ?p ?o " + "}" * 150: (400, "nested more than 100"),
    "ASK { FILTER(" + "!" * 500 + "true) }": (400, "nested more than 100"),
    "ASK { FILTER(?a<" + "(" * 500 + "1" + ")" * 500 + ">0) }": (400, "nested more than 100"),
    "ASK { " + "?s <urn:p> ?o . " * 8000 + "}": (413, "at most 100000 bytes"),
}


@pytest.mark.parametrize("text", sorted(ALLOWED))
def test_read_only_queries_are_allowed(text: str) -> None:
    assert check_query(text) == ALLOWED[text]


@pytest.mark.parametrize("text", sorted(REFUSED))
def test_risky_or_broken_queries_are_refused(text: str) -> None:
    status, words = REFUSED[text]
    with pytest.raises(QueryRefused) as caught:
        check_query(text)
    assert caught.value.status == status
    assert words in caught.value.message


def test_syntax_is_left_to_the_engine() -> None:
    # The guard never parses (a parser can crash on hostile input): the engine reports it.
    assert check_query("SELECT * WHERE { ?s ?p }") == "SELECT"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_syntax_error_has_line_and_column(engine: str) -> None:
    from ijgraph.sparql.core import query

    with pytest.raises(QueryRefused) as caught:
        query("SELECT ?s\nWHERE { ?s ?p }", engine=engine, quads=[])
    # pyoxigraph points just past the incomplete triple, at the end of line 2.
    assert caught.value.line == 2
    assert caught.value.column == len("WHERE { ?s ?p }") + 1
