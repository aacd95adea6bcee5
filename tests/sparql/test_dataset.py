"""The SPARQL 1.1 Protocol's dataset rules, the same on every path.

``ijgraph.query`` (both engines) and the HTTP endpoint must give the same answer
for the protocol's ``default-graph-uri``/``named-graph-uri`` and for a query's own
``FROM``/``FROM NAMED``: when a dataset is given, its graphs are exactly those
given (a default graph alone means no named graphs, and the other way round),
and the protocol's dataset overrides the query's.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest

from ijgraph.compiler.pipeline import Build
from ijgraph.sparql.core import Engine, OxigraphEngine, RdflibEngine, query
from ijgraph.vocab.namespaces import IJ, IJG
from tests.endpoint_server import LiveServer, live_server

__all__ = ["live_server"]

LEXICON = str(IJG.lexicon)
GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _passage(build: Build) -> str:
    """A passage graph: the one that states some ij:serviceBranch."""
    for quad in build.quads:
        if quad.predicate.value == str(IJ.serviceBranch):
            assert isinstance(quad.graph_name, ox.NamedNode)
            return quad.graph_name.value
    raise AssertionError("no passage states ij:serviceBranch")


def _from(text: str, clause: str) -> str:
    return text.replace(" WHERE", f" {clause} WHERE", 1)


def cases(passage: str) -> dict[str, tuple[str, list[str] | None, list[str] | None]]:
    """name: (query, default-graph-uri, named-graph-uri)."""
    lexicon, graph = f"<{LEXICON}>", f"<{passage}>"
    return {
        "graphs, no dataset": (GRAPHS, None, None),
        "triples, no dataset": (TRIPLES, None, None),
        "graphs, default-graph-uri": (GRAPHS, [LEXICON], None),
        "triples, default-graph-uri": (TRIPLES, [LEXICON], None),
        "graphs, named-graph-uri": (GRAPHS, None, [LEXICON, passage]),
        "triples, named-graph-uri": (TRIPLES, None, [LEXICON, passage]),
        "graphs, both": (GRAPHS, [LEXICON], [passage]),
        "triples, both": (TRIPLES, [LEXICON], [passage]),
        "graphs, FROM": (_from(GRAPHS, f"FROM {lexicon}"), None, None),
        "triples, FROM": (_from(TRIPLES, f"FROM {lexicon}"), None, None),
        "graphs, FROM NAMED": (_from(GRAPHS, f"FROM NAMED {graph}"), None, None),
        "triples, FROM NAMED": (_from(TRIPLES, f"FROM NAMED {graph}"), None, None),
        "triples, FROM overridden": (_from(TRIPLES, f"FROM {graph}"), [LEXICON], None),
        "graphs, FROM NAMED overridden": (_from(GRAPHS, f"FROM NAMED {graph}"), None, [LEXICON]),
    }


@pytest.fixture(scope="module")
def engines(built: Build) -> Iterator[dict[str, Engine]]:
    yield {
        "oxigraph": OxigraphEngine.from_quads(built.quads),
        "rdflib": RdflibEngine.from_quads(built.quads),
    }


@pytest.fixture(scope="module")
def expected(built: Build) -> dict[str, int]:
    """Answers computed by hand from the quads, following the protocol's rules."""
    graphs: dict[str, set[tuple[str, str, str]]] = {}
    for q in built.quads:
        graphs.setdefault(q.graph_name.value, set()).add(
            (str(q.subject), str(q.predicate), str(q.object))
        )
    union = set().union(*graphs.values())
    return {
        "graphs, no dataset": len(graphs),
        "triples, no dataset": len(union),
        "graphs, default-graph-uri": 0,
        "triples, default-graph-uri": len(graphs[LEXICON]),
        "graphs, named-graph-uri": 2,
        "triples, named-graph-uri": 0,
        "graphs, both": 1,
        "triples, both": len(graphs[LEXICON]),
        "graphs, FROM": 0,
        "triples, FROM": len(graphs[LEXICON]),
        "graphs, FROM NAMED": 1,
        "triples, FROM NAMED": 0,
        "triples, FROM overridden": len(graphs[LEXICON]),
        "graphs, FROM NAMED overridden": 1,
    }


NAMES = list(cases("urn:x"))


def test_the_reported_disagreement_is_settled(engines: dict[str, Engine]) -> None:
    # Issue 9: 70 from the library, 0 from the endpoint. The protocol says 0.
    result = query(GRAPHS, engine=engines["oxigraph"], default_graphs=[LEXICON])
    assert [row["n"] for row in result] == [0]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("name", NAMES)
def test_library(
    built: Build, engines: dict[str, Engine], expected: dict[str, int], engine: str, name: str
) -> None:
    text, defaults, named = cases(_passage(built))[name]
    result = query(text, engine=engines[engine], default_graphs=defaults, named_graphs=named)
    assert [row["n"] for row in result] == [expected[name]]


@pytest.mark.parametrize("name", NAMES)
def test_endpoint(
    built: Build, live_server: LiveServer, expected: dict[str, int], name: str
) -> None:
    text, defaults, named = cases(_passage(built))[name]
    params: dict[str, object] = {"query": text}
    if defaults is not None:
        params["default-graph-uri"] = defaults
    if named is not None:
        params["named-graph-uri"] = named
    response = httpx.post(
        live_server.sparql,
        data=params,
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    assert [int(r["n"]["value"]) for r in rows] == [expected[name]]
