"""GET /search, /search/vocabulary.json and POST /search/labels over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from starlette.applications import Starlette

from ijgraph.compiler.pipeline import Build
from ijgraph.server.workbench import MAX_LABELS, MAX_SEARCH, workbench_routes
from tests.endpoint_server import LiveServer, live_server, serving

__all__ = ["live_server"]

R = "https://w3id.org/ijgraph/resource/"


@pytest.fixture(scope="module")
def http(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        yield client


@pytest.mark.parametrize(
    ("q", "iri"),
    [("malabr", "Malabar"), ("マラバール演習", "Malabar"), ("मालाबार", "Malabar"), ("Tagore", "RabindranathTagore")],
)  # fmt: skip
def test_search_json(http: httpx.Client, q: str, iri: str) -> None:
    response = http.get("/search", params={"q": q})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert data["query"] == q
    assert data["hits"][0]["iri"] == R + iri
    scores = [h["score"] for h in data["hits"]]
    assert scores == sorted(scores, reverse=True)


def test_search_limit_and_kind(http: httpx.Client) -> None:
    hits = http.get("/search", params={"q": "exercise", "kind": "class", "limit": 2}).json()["hits"]
    assert 0 < len(hits) <= 2 and {h["kind"] for h in hits} == {"class"}
    both = http.get("/search", params=[("q", "synergy"), ("kind", "passage"), ("kind", "entity")])
    assert {h["kind"] for h in both.json()["hits"]} == {"passage", "entity"}


def test_search_page_for_browsers_escapes_the_query(http: httpx.Client) -> None:
    response = http.get("/search", params={"q": "<b>malabar</b>"}, headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "&lt;b&gt;malabar&lt;/b&gt;" in response.text and "<b>malabar" not in response.text
    assert 'href="/resource/Malabar"' in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]
    empty = http.get("/search", headers={"accept": "text/html"})
    assert empty.status_code == 200 and "<ol" not in empty.text


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q:"),
        ({"q": "  "}, "q:"),
        ({"q": "x", "limit": "zero"}, "limit:"),
        ({"q": "x", "limit": str(MAX_SEARCH + 1)}, "limit:"),
        ({"q": "x", "kind": "planet"}, "kind:"),
        ({"q": "x" * 501}, "q:"),
    ],
)
def test_search_bad_input(http: httpx.Client, params: dict[str, str], field: str) -> None:
    response = http.get("/search", params=params)
    assert response.status_code == 400
    assert response.text.startswith(field)


def test_search_refuses_unknown_formats(http: httpx.Client) -> None:
    assert (
        http.get("/search", params={"q": "x"}, headers={"accept": "image/png"}).status_code == 406
    )


def test_vocabulary_for_completion(http: httpx.Client) -> None:
    data = http.get("/search/vocabulary.json").json()
    assert data["prefixes"]["ijr"] == R
    classes = {c["curie"]: c for c in data["classes"]}
    assert classes["ij:MilitaryExercise"]["label"] == "Military exercise"
    assert "軍事演習" in classes["ij:MilitaryExercise"]["labels"]
    assert "ij:serviceBranch" in {p["curie"] for p in data["properties"]}


def test_labels(http: httpx.Client) -> None:
    iris = [R + "Malabar", R + "NoSuchThing", "https://w3id.org/ijgraph/ontology/Person"]
    response = http.post("/search/labels", json=iris)
    assert response.json() == {R + "Malabar": "Malabar", iris[2]: "Person"}


@pytest.mark.parametrize(
    "body",
    [b"{", b'{"a": 1}', b"[1, 2]", ("[" + ",".join(['"x"'] * (MAX_LABELS + 1)) + "]").encode()],
)
def test_labels_bad_input(http: httpx.Client, body: bytes) -> None:
    response = http.post("/search/labels", content=body)
    assert response.status_code == 400 and response.text.startswith("body:")


def test_time_limit_and_row_cap_hold_on_the_workbench_routes(built: Build) -> None:
    store = ox.Store()
    store.bulk_extend(built.quads)
    hasty = Starlette(routes=workbench_routes(store, timeout=1e-6, max_rows=3))
    with serving(hasty) as url:
        late = httpx.get(url + "/search", params={"q": "malabar"}, timeout=30)
        assert late.status_code == 503 and "time limit" in late.text
    capped = Starlette(routes=workbench_routes(store, timeout=30, max_rows=3))
    with serving(capped) as url:
        data = httpx.get(url + "/search/vocabulary.json", timeout=30).json()
        assert len(data["classes"]) == 3 and len(data["properties"]) == 3
