"""Push the real graph to a real `oxigraph serve` and query it there; header-signalled truncation."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from ijgraph.cli import main
from ijgraph.compiler.pipeline import load_quads
from ijgraph.sparql.catalog import read_catalog
from ijgraph.sparql.remote import (
    RemoteError,
    TruncatedResult,
    graph_batches,
    push,
    run_remote,
    with_prefixes,
)
from ijgraph.vocab.namespaces import IJG
from ijgraph.vocab.project import QUERIES_DIR
from tests.helpers import ROOT

OXIGRAPH = Path(sys.executable).parent / "oxigraph"
EXAMPLES = read_catalog(QUERIES_DIR / "examples")
#: Our own queries, so the comparison holds whatever the catalog holds.
OWN = {
    "provenance": "SELECT ?quote WHERE { GRAPH ?g { ijr:Malabar ij:serviceBranch ?b } ?g ij:quote ?quote }",
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "types": "SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t",
    "labels-ja": "SELECT ?s ?l WHERE { GRAPH ijg:lexicon { ?s rdfs:label ?l FILTER(lang(?l) = 'ja') } }",
    "ask": "ASK { ijr:India ?p ?o }",
    "construct": "CONSTRUCT { ?s ij:party ?o } WHERE { ?s ij:party ?o }",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on 127.0.0.1 with a union default graph; yields its base URL."""
    port = _free_port()
    proc = subprocess.Popen(
        [
            str(OXIGRAPH),
            "serve",
            "--location",
            str(tmp_path_factory.mktemp("oxigraph")),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            httpx.get(base + "/", timeout=1)
            break
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(
                    f"oxigraph serve did not start: {proc.stderr.read()!r}"
                ) from None
            time.sleep(0.05)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def quads() -> list[ox.Quad]:
    return load_quads(ROOT)


@pytest.fixture(scope="session")
def local(quads: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(quads)
    return store


@pytest.fixture(scope="session")
def pushed(server: str, quads: list[ox.Quad]) -> str:
    """The query endpoint of the server after pushing the real graph (small chunks)."""
    report = push(server + "/store", quads, chunk_size=25)
    graphs = {q.graph_name for q in quads}
    assert report.graphs == len(graphs)
    assert report.triples == len(quads)
    return server + "/query"


def _local_answer(store: ox.Store, text: str) -> object:
    result = store.query(with_prefixes(text), use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return Counter(result)
    names = [v.value for v in result.variables]
    return Counter(tuple(sorted((n, s[n]) for n in names if s[n] is not None)) for s in result)


def _remote_answer(endpoint: str, text: str) -> object:
    result = run_remote(endpoint, text)
    if result.boolean is not None:
        return result.boolean
    if result.triples:
        return Counter(result.triples)
    return Counter(tuple(sorted(row.items())) for row in result.rows)


CATALOG = [pytest.param(q.text, id=name) for name, q in EXAMPLES.items()]
CATALOG += [pytest.param(text, id=f"own-{name}") for name, text in OWN.items()]


@pytest.mark.parametrize("text", CATALOG)
def test_remote_answers_equal_local(pushed: str, local: ox.Store, text: str) -> None:
    expected = _local_answer(local, text)
    assert _remote_answer(pushed, text) == expected


def test_catalog_is_exercised() -> None:
    assert len(CATALOG) >= 5


def test_every_quad_and_provenance_graph_arrives(pushed: str, quads: list[ox.Quad]) -> None:
    rows = run_remote(pushed, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert int(rows[0]["n"].value) == len(quads)
    graphs = {r["g"] for r in run_remote(pushed, "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }").rows}
    assert graphs == {q.graph_name for q in quads}
    assert ox.NamedNode(str(IJG.sources)) in graphs


def test_provenance_quote_comes_back(pushed: str, local: ox.Store) -> None:
    quotes = [r["quote"].value for r in run_remote(pushed, OWN["provenance"])]
    assert quotes and all("Malabar" in q for q in quotes)


def test_pushing_again_replaces_instead_of_duplicating(
    server: str, pushed: str, quads: list[ox.Quad]
) -> None:
    lexicon = str(IJG.lexicon)
    report = push(server + "/store", quads, graphs=[lexicon], chunk_size=7)
    size = sum(1 for q in quads if q.graph_name == ox.NamedNode(lexicon))
    assert report.graphs == 1 and report.requests == -(-size // 7)
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{lexicon}> {{ ?s ?p ?o }} }}"
    assert int(run_remote(pushed, count).rows[0]["n"].value) == size


def test_graph_batches_chunk_and_keep_every_triple(quads: list[ox.Quad]) -> None:
    batches = graph_batches(quads, 10)
    assert all(1 <= len(chunk) <= 10 for chunks in batches.values() for chunk in chunks)
    assert sum(len(c) for cs in batches.values() for c in cs) == len(quads)
    with pytest.raises(ValueError):
        graph_batches(quads, 0)


def test_cli_push_and_remote_query(server: str, pushed: str) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["push", "--endpoint", server + "/store", "--from", str(ROOT)])
    assert out.exit_code == 0, out.output
    assert "pushed" in out.output
    name = next(iter(EXAMPLES))
    out = runner.invoke(main, ["remote-query", "--endpoint", pushed, "--format", "json", name])
    assert out.exit_code == 0, out.output
    assert "results" in json.loads(out.output) or "boolean" in json.loads(out.output)


def test_query_endpoint_option_gives_the_local_answer(pushed: str) -> None:
    runner = CliRunner()
    for name in ("naval-exercises", "vision-pillars"):
        remote = runner.invoke(main, ["query", "--endpoint", pushed, "--format", "csv", name])
        local = runner.invoke(main, ["query", "--format", "csv", name])
        assert remote.exit_code == 0 and local.exit_code == 0, remote.output
        assert sorted(remote.output.splitlines()) == sorted(local.output.splitlines())
    japanese = runner.invoke(
        main, ["query", "--endpoint", pushed, "vision-pillars", "--lang", "ja"]
    )
    assert "経済" in japanese.output


def test_unknown_graph_and_bad_auth_are_usage_errors(server: str) -> None:
    runner = CliRunner()
    out = runner.invoke(
        main, ["push", "--endpoint", server + "/store", "--graph", "http://example.org/none"]
    )
    assert out.exit_code == 2 and "no such graph" in out.output
    out = runner.invoke(main, ["push", "--endpoint", server + "/store", "--auth", "nocolon"])
    assert out.exit_code == 2 and "USER:PASSWORD" in out.output


def test_unreachable_server_is_a_clear_error() -> None:
    port = _free_port()  # nothing listens there
    runner = CliRunner()
    out = runner.invoke(
        main, ["remote-query", "--endpoint", f"http://127.0.0.1:{port}/query", "ASK {}"]
    )
    assert out.exit_code == 1
    assert "cannot query" in out.output and "Traceback" not in out.output


# --- a fake server that signals truncation only in headers ---------------------------

ROWS = {
    "head": {"vars": ["x"]},
    "results": {"bindings": [{"x": {"type": "literal", "value": str(i)}} for i in range(3)]},
}


class _Fake(BaseHTTPRequestHandler):
    headers_to_send: ClassVar[dict[str, str]] = {}
    status = 200
    seen: ClassVar[list[dict[str, str]]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        _Fake.seen.append(dict(self.headers))
        body = json.dumps(ROWS).encode() if self.status == 200 else b"syntax error at line 1"
        self.send_response(self.status)
        self.send_header("Content-Type", "application/sparql-results+json")
        for key, value in self.headers_to_send.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def fake() -> Iterator[type[_Fake]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Fake)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Fake.url = f"http://127.0.0.1:{httpd.server_address[1]}/sparql"  # type: ignore[attr-defined]
    _Fake.headers_to_send, _Fake.status, _Fake.seen = {}, 200, []
    yield _Fake
    httpd.shutdown()
    httpd.server_close()


def test_complete_answer_passes(fake: type[_Fake]) -> None:
    result = run_remote(fake.url, "SELECT ?x {}", auth=("alice", "pw"))  # type: ignore[attr-defined]
    assert [r["x"].value for r in result] == ["0", "1", "2"] and result.truncated is None
    assert fake.seen[0]["Authorization"].startswith("Basic ")


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"X-SPARQL-MaxRows": "3"}, "X-SPARQL-MaxRows"),
        ({"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete results"}, "S1TAT"),
    ],
)
def test_truncation_in_headers_is_reported(
    fake: type[_Fake], headers: dict[str, str], reason: str
) -> None:
    fake.headers_to_send = headers
    with pytest.raises(TruncatedResult, match=reason) as info:
        run_remote(fake.url, "SELECT ?x {}")  # type: ignore[attr-defined]
    assert len(info.value.result.rows) == 3
    partial = run_remote(fake.url, "SELECT ?x {}", allow_partial=True)  # type: ignore[attr-defined]
    assert partial.truncated and reason in partial.truncated
    runner = CliRunner()
    out = runner.invoke(main, ["remote-query", "--endpoint", fake.url, "SELECT ?x {}"])  # type: ignore[attr-defined]
    assert out.exit_code == 1 and "incomplete" in out.output


def test_max_rows_header_above_row_count_is_not_truncation(fake: type[_Fake]) -> None:
    fake.headers_to_send = {"X-SPARQL-MaxRows": "10000"}
    assert run_remote(fake.url, "SELECT ?x {}").truncated is None  # type: ignore[attr-defined]


def test_server_error_names_status_and_body(fake: type[_Fake]) -> None:
    fake.status = 400
    with pytest.raises(RemoteError, match=r"HTTP 400.*syntax error at line 1"):
        run_remote(fake.url, "SELECT ?x {}")  # type: ignore[attr-defined]
