"""The Reconciliation Service API (0.2) at /reconcile, over real HTTP (httpx + uvicorn).

Each request is the one the specification documents (form field ``queries=``,
``extend=``, suggest ``prefix=``...), and each response is validated against the
JSON Schemas in tests/data/reconcile/schemas/. The fixture spreadsheet
tests/data/reconcile/names.csv measures matching: how many of its 30 names
(English, Japanese, Hindi, typos included) come out on top.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pyoxigraph as ox
import pytest
from starlette.applications import Starlette

from ijgraph.compiler.pipeline import Build
from ijgraph.graph.search import build_index
from ijgraph.server.reconcile import LIMITS, Reconciler, TooSlow
from ijgraph.server.workbench import workbench_routes
from tests.endpoint_server import LiveServer, live_server, serving
from tests.helpers import ROOT

__all__ = ["live_server"]

DATA = ROOT / "tests" / "data" / "reconcile"
NAMES = DATA / "names.csv"
#: At least this many of the 30 names must be matched at the top.
MIN_CORRECT = 27


def schema(name: str) -> dict[str, Any]:
    return json.loads((DATA / "schemas" / f"{name}.json").read_text(encoding="utf-8"))


def valid(data: Any, name: str) -> Any:
    jsonschema.validate(data, schema(name))
    return data


@pytest.fixture(scope="module")
def http(built: Build) -> Iterator[httpx.Client]:
    """The workbench routes alone, served with a generous time limit: the shared test
    server's 2 s are for runaway queries, and a busy CI machine is slow."""
    store = ox.Store()
    store.bulk_extend(built.quads)
    app = Starlette(routes=workbench_routes(store, timeout=60.0, max_rows=10_000))
    with serving(app) as url, httpx.Client(base_url=url, timeout=90) as client:
        yield client


def reconcile(http: httpx.Client, queries: dict[str, Any]) -> dict[str, Any]:
    response = http.post("/reconcile", data={"queries": json.dumps(queries)})
    assert response.status_code == 200, response.text
    return valid(response.json(), "reconciliation-result-batch")


def names() -> list[dict[str, str]]:
    with open(NAMES, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_fixture_names_only_entities_of_the_graph(live_server: LiveServer) -> None:
    rows = names()
    assert len(rows) == 30
    assert {r["language"] for r in rows} == {"en", "ja", "hi"}
    for row in rows:
        iri = ox.NamedNode("https://w3id.org/ijgraph/resource/" + row["expected"])
        assert any(live_server.store.quads_for_pattern(iri, None, None, None)), row


def test_manifest(http: httpx.Client) -> None:
    response = http.get("/reconcile")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    manifest = valid(response.json(), "manifest")
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == "https://w3id.org/ijgraph/resource/"
    assert manifest["view"]["url"] == str(http.base_url).rstrip("/") + "/resource/{{id}}"
    # Every service the manifest announces answers where it says.
    for kind, where in manifest["suggest"].items():
        found = http.get(where["service_url"] + where["service_path"], params={"prefix": "Mal"})
        assert found.status_code == 200, kind
    propose = manifest["extend"]["propose_properties"]
    found = http.get(propose["service_url"] + propose["service_path"], params={"type": "ij:Person"})
    assert found.status_code == 200
    preview = http.get(manifest["preview"]["url"].replace("{{id}}", "Malabar"))
    assert preview.status_code == 200 and "Malabar" in preview.text


def test_fixture_spreadsheet_is_matched_at_the_top(http: httpx.Client) -> None:
    rows = names()
    queries = {f"q{i}": {"query": row["name"], "limit": 3} for i, row in enumerate(rows)}
    results = reconcile(http, queries)
    wrong = []
    for i, row in enumerate(rows):
        candidates = results[f"q{i}"]["result"]
        top = candidates[0]["id"] if candidates else None
        if top != row["expected"]:
            wrong.append((row["name"], row["expected"], top))
    correct = len(rows) - len(wrong)
    print(f"\nreconciliation: {correct} of {len(rows)} names matched at the top; wrong: {wrong}")
    assert correct >= MIN_CORRECT, wrong


def test_json_body_and_get_give_the_same_answer(http: httpx.Client) -> None:
    queries = {"a": {"query": "マラバール"}, "b": {"query": "Rabindranth Tagore", "limit": 1}}
    by_form = reconcile(http, queries)
    by_json = http.post("/reconcile", json={"queries": queries}).json()
    by_get = http.get("/reconcile", params={"queries": json.dumps(queries)}).json()
    assert by_form == by_json == by_get
    assert by_form["a"]["result"][0]["id"] == "Malabar"
    assert by_form["a"]["result"][0]["match"] is True
    acronym = reconcile(http, {"q": {"query": "CEPA"}})["q"]["result"]
    assert acronym[0]["id"] == "CEPA" and acronym[0]["match"] is True
    assert len(by_form["b"]["result"]) == 1
    assert by_form["b"]["result"][0]["type"] == [{"id": "ij:Person", "name": "Person"}]


def test_type_constraints(http: httpx.Client) -> None:
    queries = {
        "exercise": {"query": "Malabar", "type": "ij:MilitaryExercise"},
        "person": {"query": "Malabar", "type": "ij:Person"},
        "should": {"query": "Malabar", "type": "ij:Person", "type_strict": "should"},
        "iri": {"query": "Tagore", "type": ["https://w3id.org/ijgraph/ontology/Person"]},
    }
    results = reconcile(http, queries)
    assert results["exercise"]["result"][0]["id"] == "Malabar"
    assert "Malabar" not in [c["id"] for c in results["person"]["result"]]
    assert results["should"]["result"][0]["id"] == "Malabar"  # preferred, not required
    assert results["should"]["result"][0]["score"] < 100
    assert results["iri"]["result"][0]["id"] == "RabindranathTagore"


def test_a_superclass_constraint_admits_subclass_members(
    http: httpx.Client, live_server: LiveServer
) -> None:
    rows = live_server.union.query(
        "SELECT ?sup WHERE { <https://w3id.org/ijgraph/ontology/MilitaryExercise> "
        "<http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?sup . FILTER(isIRI(?sup)) }"
    )
    supers = [row[0].value for row in rows]  # type: ignore[index]
    assert supers, "MilitaryExercise has a superclass in the ontology"
    results = reconcile(http, {"q": {"query": "Malabar", "type": supers[0]}})
    assert results["q"]["result"][0]["id"] == "Malabar"


def test_property_constraints_rank_and_report_features(http: httpx.Client) -> None:
    army = {"pid": "ij:serviceBranch", "v": {"id": "Army"}}
    naval = {"pid": "ij:serviceBranch", "v": "Naval"}
    results = reconcile(
        http,
        {
            "army": {"query": "Guardian", "properties": [army]},
            "naval": {"query": "Guardian", "properties": [naval]},
        },
    )
    top = results["army"]["result"][0]
    assert top["id"] == "DharmaGuardian"
    assert {"id": "property:ij:serviceBranch", "value": True} in top["features"]
    naval = {c["id"]: c for c in results["naval"]["result"]}
    for guardian in ("DharmaGuardian", "VeerGuardian"):  # army and air force: not naval
        assert {"id": "property:ij:serviceBranch", "value": False} in naval[guardian]["features"]
    assert naval["DharmaGuardian"]["score"] < top["score"]


@pytest.mark.parametrize(
    ("kind", "prefix", "expected", "name"),
    [
        ("entity", "tagor", "RabindranathTagore", "suggest-entities-response"),
        ("entity", "マラバ", "Malabar", "suggest-entities-response"),
        ("type", "exercise", "ij:MilitaryExercise", "suggest-types-response"),
        ("property", "service branch", "ij:serviceBranch", "suggest-properties-response"),
    ],
)
def test_suggest(http: httpx.Client, kind: str, prefix: str, expected: str, name: str) -> None:
    response = http.get(f"/reconcile/suggest/{kind}", params={"prefix": prefix})
    assert response.status_code == 200, response.text
    result = valid(response.json(), name)["result"]
    assert result[0]["id"] == expected


def test_suggest_pages_with_cursor_and_filters_by_type(http: httpx.Client) -> None:
    first = http.get("/reconcile/suggest/entity", params={"prefix": "India", "limit": 3}).json()
    second = http.get(
        "/reconcile/suggest/entity", params={"prefix": "India", "limit": 3, "cursor": 3}
    ).json()
    both = http.get("/reconcile/suggest/entity", params={"prefix": "India", "limit": 6}).json()
    assert len(first["result"]) == 3
    assert first["result"] + second["result"] == both["result"]
    people = http.get(
        "/reconcile/suggest/entity", params={"prefix": "Swami", "type": "ij:Person"}
    ).json()["result"]
    assert people and all({"id": "ij:Person", "name": "Person"} in p["notable"] for p in people)


def test_preview_escapes_and_404s(http: httpx.Client) -> None:
    page = http.get("/reconcile/preview", params={"id": "Malabar"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "マラバール" in page.text and "Military exercise" in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy  # nothing to load or run ...
    assert "frame-ancestors" not in policy  # ... and clients may frame it
    missing = http.get("/reconcile/preview", params={"id": "<script>"})
    assert missing.status_code == 404 and "id:" in missing.text


def test_propose_properties(http: httpx.Client) -> None:
    response = http.get("/reconcile/properties", params={"type": "ij:MilitaryExercise", "limit": 5})
    data = valid(response.json(), "propose-properties-response")
    ids = [p["id"] for p in data["properties"]]
    assert len(ids) == 5 and "ij:serviceBranch" in ids
    assert {"id": "ij:serviceBranch", "name": "service branch"} in data["properties"]


def test_data_extension(http: httpx.Client, live_server: LiveServer) -> None:
    spec = {
        "ids": ["Malabar", "JIMEX", "Bodhisena"],
        "properties": [{"id": "ij:serviceBranch"}, {"id": "ij:party"}, {"id": "rdfs:label"}],
    }
    response = http.post("/reconcile", data={"extend": json.dumps(spec)})
    assert response.status_code == 200, response.text
    data = valid(response.json(), "data-extension-response")
    assert [m["id"] for m in data["meta"]] == ["ij:serviceBranch", "ij:party", "rdfs:label"]
    assert data["rows"]["Malabar"]["ij:serviceBranch"] == [{"id": "Naval", "name": "Naval"}]
    assert {"id": "Japan", "name": "Japan"} in data["rows"]["JIMEX"]["ij:party"]
    assert {"str": "菩提僊那"} in data["rows"]["Bodhisena"]["rdfs:label"]
    assert data["rows"]["Bodhisena"]["ij:serviceBranch"] == []
    limited = dict(spec, properties=[{"id": "rdfs:label", "settings": {"limit": 1}}])
    rows = http.post("/reconcile", data={"extend": json.dumps(limited)}).json()["rows"]
    assert all(len(cells["rdfs:label"]) == 1 for cells in rows.values())


def test_data_extension_of_figures_gives_numbers(http: httpx.Client) -> None:
    spec = {"ids": ["CEPATariffEliminationShare"], "properties": [{"id": "ij:value"}]}
    found = http.post("/reconcile", json={"extend": spec})
    assert found.status_code == 200, found.text
    cells = valid(found.json(), "data-extension-response")["rows"]["CEPATariffEliminationShare"][
        "ij:value"
    ]
    assert cells and all(set(c) <= {"int", "float"} for c in cells)


@pytest.mark.parametrize(
    ("method", "path", "payload", "status", "field"),
    [
        ("post", "/reconcile", {"queries": "{not json"}, 400, "queries:"),
        ("post", "/reconcile", {"queries": "[]"}, 400, "queries:"),
        ("post", "/reconcile", {"queries": '{"q0": {"query": ""}}'}, 400, "queries.q0.query:"),
        ("post", "/reconcile", {"queries": '{"q0": {"query": "x", "limit": 0}}'}, 400, "limit:"),
        ("post", "/reconcile", {"queries": '{"q0": {"query": "x", "type_strict": "no"}}'}, 400,
         "queries.q0.type_strict:"),
        ("post", "/reconcile", {"queries": '{"q0": {"query": "x", "properties": [1]}}'}, 400,
         "queries.q0.properties[0]:"),
        ("post", "/reconcile", {"extend": '{"ids": "Malabar"}'}, 400, "extend.ids:"),
        ("post", "/reconcile", {"extend": '{"ids": [], "properties": [{}]}'}, 400,
         "extend.properties:"),
        ("post", "/reconcile", {}, 400, "queries:"),
        ("post", "/reconcile", {"queries": json.dumps({"q": {"query": "x" * 501}})}, 400,
         "queries.q.query:"),
        ("get", "/reconcile/suggest/entity", {"prefix": ""}, 400, "prefix:"),
        ("get", "/reconcile/suggest/entity", {"prefix": "x" * 501}, 400, "prefix:"),
        ("get", "/reconcile/suggest/entity", {"prefix": "a", "cursor": "x"}, 400, "cursor:"),
        ("get", "/reconcile/suggest/entity", {"prefix": "a", "limit": "1000"}, 400, "limit:"),
        ("get", "/reconcile/suggest/place", {"prefix": "a"}, 404, "entity, type or property"),
        ("get", "/reconcile/properties", {}, 400, "type:"),
        ("get", "/reconcile/preview", {}, 400, "id:"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_4xx_naming_the_field(
    http: httpx.Client, method: str, path: str, payload: dict[str, str], status: int, field: str
) -> None:
    send = http.post if method == "post" else http.get
    response = send(path, **({"data": payload} if method == "post" else {"params": payload}))
    assert response.status_code == status, response.text
    assert field in response.text


def test_caps_refuse_oversized_requests(http: httpx.Client) -> None:
    many = {f"q{i}": {"query": "x"} for i in range(LIMITS.batch + 1)}
    response = http.post("/reconcile", data={"queries": json.dumps(many)})
    assert response.status_code == 400 and f"at most {LIMITS.batch}" in response.text
    ids = [f"e{i}" for i in range(LIMITS.ids + 1)]
    spec = {"ids": ids, "properties": [{"id": "rdfs:label"}]}
    response = http.post("/reconcile", data={"extend": json.dumps(spec)})
    assert response.status_code == 400 and "extend.ids" in response.text
    response = http.post("/reconcile", content=b"queries", headers={"content-type": "text/csv"})
    assert response.status_code == 415


def test_updates_are_impossible(http: httpx.Client, live_server: LiveServer) -> None:
    before = len(live_server.store)
    for method in ("put", "delete", "patch"):
        assert http.request(method, "/reconcile").status_code == 405
    assert len(live_server.store) == before


def test_a_request_past_its_time_limit_stops(built: Any) -> None:
    store = ox.Store()
    store.bulk_extend(built.quads)
    slow = Reconciler(build_index(built.quads), store, timeout=0.0)
    with pytest.raises(TooSlow, match="time limit"):
        slow.reconcile({"q0": {"query": "Malabar"}})
    with pytest.raises(TooSlow):
        slow.extend({"ids": ["Malabar"], "properties": [{"id": "ij:party"}]})


def test_schemas_reject_what_the_spec_forbids() -> None:
    """The test schemas are not vacuous: a result without a score is invalid."""
    with pytest.raises(jsonschema.ValidationError):
        valid({"q0": {"result": [{"id": "x", "name": "x"}]}}, "reconciliation-result-batch")
    with pytest.raises(jsonschema.ValidationError):
        valid(
            {"versions": ["0.1"], "name": "x", "identifierSpace": "", "schemaSpace": ""}, "manifest"
        )
    assert Path(NAMES).exists()


def test_any_web_page_may_call_the_service(built: Any) -> None:
    """CORS, as the 0.2 specification asks of browser-facing services (no JSONP),
    on a server started without ``--cors`` (whose middleware would take over)."""
    store = ox.Store()
    store.bulk_extend(built.quads)
    with serving(Starlette(routes=workbench_routes(store, 10.0, 100))) as url:
        for path in (
            "/reconcile",
            "/reconcile/suggest/entity?prefix=Mal",
            "/reconcile/preview?id=Quad",
        ):
            assert httpx.get(url + path).headers["access-control-allow-origin"] == "*", path
        preflight = httpx.options(
            url + "/reconcile",
            headers={"Origin": "http://refine.test", "Access-Control-Request-Method": "POST"},
        )
        assert preflight.status_code == 204
        assert "POST" in preflight.headers["access-control-allow-methods"]
        assert "access-control-allow-origin" not in httpx.get(url + "/search?q=x").headers
