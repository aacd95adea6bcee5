"""Push the real graph to a real `oxigraph serve` and query it there; header-signalled truncation."""

from __future__ import annotations

import gc
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
from hypothesis import given, settings
from hypothesis import strategies as st

from ijgraph.cli import main
from ijgraph.compiler.pipeline import load_quads
from ijgraph.sparql.catalog import read_catalog
from ijgraph.sparql.remote import (
    PushError,
    RemoteError,
    RemoteTimeout,
    TruncatedResult,
    _parse,
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
    out = runner.invoke(main, ["push", "--endpoint", server + "/store", "--root", str(ROOT)])
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


# --- a fake server: truncation in headers, challenges, drips, redirects, garbage ---------

ROWS = {
    "head": {"vars": ["x"]},
    "results": {"bindings": [{"x": {"type": "literal", "value": str(i)}} for i in range(3)]},
}


class _Fake(BaseHTTPRequestHandler):
    headers_to_send: ClassVar[dict[str, str]] = {}
    status = 200
    seen: ClassVar[list[dict[str, str]]] = []
    body: ClassVar[bytes | None] = None  # the answer, when not ROWS
    content_type = "application/sparql-results+json"
    challenge: ClassVar[str | None] = None  # "Basic": 401 until credentials come
    drip: ClassVar[float] = 0.0  # seconds between the bytes of the answer
    fail_at: ClassVar[int] = 0  # with PUT/POST uploads: answer 500 from this request on
    deadlocks: ClassVar[int] = 0  # the first requests answer Virtuoso's transient 500
    races = (
        b"Error 40001 SR172: Transaction deadlocked",
        b"Error 23000 SR197: Non unique primary key on DB.DBA.RDF_LANGUAGE.",
    )
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        _Fake.seen.append({"method": self.command, "path": self.path, **dict(self.headers)})
        if self.challenge and "Authorization" not in self.headers:
            self.send_response(401)
            self.send_header("WWW-Authenticate", f'{self.challenge} realm="test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = self.status
        if self.fail_at and len(_Fake.seen) >= self.fail_at:
            status = 500
        body = self.body if self.body is not None else json.dumps(ROWS).encode()
        if status >= 400:
            body = b"syntax error at line 1"
        if len(_Fake.seen) <= self.deadlocks:
            status, body = 500, self.races[len(_Fake.seen) % len(self.races)]
        self.send_response(status)
        self.send_header("Content-Type", self.content_type)
        for key, value in self.headers_to_send.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.drip:
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(self.drip)
        else:
            self.wfile.write(body)

    do_POST = do_PUT = _answer

    def log_message(self, *args: object) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that give up (timeouts) reset connections: expected here


@pytest.fixture()
def fake() -> Iterator[type[_Fake]]:
    gc.collect()  # pyoxigraph results of earlier tests must not be freed in the client's thread
    httpd = _QuietServer(("127.0.0.1", 0), _Fake)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    _Fake.url = f"http://127.0.0.1:{httpd.server_address[1]}/sparql"  # type: ignore[attr-defined]
    _Fake.headers_to_send, _Fake.status, _Fake.seen = {}, 200, []
    _Fake.body, _Fake.content_type, _Fake.challenge = None, "application/sparql-results+json", None
    _Fake.drip, _Fake.fail_at, _Fake.deadlocks = 0.0, 0, 0
    yield _Fake
    _Fake.drip = 0.0
    httpd.shutdown()
    httpd.server_close()


def test_complete_answer_passes_and_credentials_wait_for_the_challenge(fake: type[_Fake]) -> None:
    fake.challenge = "Basic"
    result = run_remote(fake.url, "SELECT ?x {}", auth=("alice", "pw"))  # type: ignore[attr-defined]
    assert [r["x"].value for r in result] == ["0", "1", "2"] and result.truncated is None
    assert "Authorization" not in fake.seen[0]
    assert fake.seen[1]["Authorization"].startswith("Basic ")


def test_digest_challenge_is_answered_with_digest(fake: type[_Fake]) -> None:
    fake.challenge = 'Digest nonce="abc", qop="auth", algorithm=MD5,'
    result = run_remote(fake.url, "SELECT ?x {}", auth=("alice", "pw"))  # type: ignore[attr-defined]
    assert len(result.rows) == 3
    assert fake.seen[1]["Authorization"].startswith("Digest ")
    assert 'username="alice"' in fake.seen[1]["Authorization"]
    assert "pw" not in fake.seen[1]["Authorization"]


def test_queries_are_sent_form_encoded(fake: type[_Fake]) -> None:
    run_remote(fake.url, "SELECT ?x {}")  # type: ignore[attr-defined]
    assert fake.seen[0]["Content-Type"] == "application/x-www-form-urlencoded"


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


# D11: malformed answers are reported, never a traceback.
MALFORMED = {
    "bindings-not-objects": (b'{"head":{"vars":["x"]},"results":{"bindings":["a"]}}', "JSON"),
    "invalid-iri": (
        b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri","value":"a b"}}]}}',
        "Invalid",
    ),
    "variable-not-in-header": (
        b'{"head":{"vars":["x"]},"results":{"bindings":[{"y":{"type":"literal","value":"1"}}]}}',
        "not been defined",
    ),
    "boolean-as-string": (b'{"head":{},"boolean":"false"}', "boolean"),
    "not-json": (b"<html>oops</html>", "JSON"),
    "not-utf8": (b'{"head":{"vars":["x"]},"results":{"bindings":[\xff]}}', "JSON"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_json_answers_are_reported(fake: type[_Fake], case: str) -> None:
    fake.body, expected = MALFORMED[case]
    with pytest.raises(RemoteError, match=expected):
        run_remote(fake.url, "SELECT ?x {}")  # type: ignore[attr-defined]
    out = CliRunner().invoke(main, ["remote-query", "--endpoint", fake.url, "SELECT ?x {}"])  # type: ignore[attr-defined]
    assert out.exit_code == 1 and "malformed" in out.output
    assert "Traceback" not in out.output


def test_garbage_turtle_and_missing_content_type_are_reported(fake: type[_Fake]) -> None:
    fake.body, fake.content_type = b"@prefix : <x> . :a :b", "text/turtle"
    with pytest.raises(RemoteError, match="malformed text/turtle answer"):
        run_remote(fake.url, "CONSTRUCT WHERE { ?s ?p ?o }")  # type: ignore[attr-defined]
    fake.content_type = ""
    with pytest.raises(RemoteError, match=r"unexpected Content-Type \(none\)"):
        run_remote(fake.url, "CONSTRUCT WHERE { ?s ?p ?o }")  # type: ignore[attr-defined]


def test_a_redirect_is_reported_as_such(fake: type[_Fake]) -> None:
    fake.status, fake.headers_to_send = 302, {"Location": "http://elsewhere.example/sparql"}
    fake.body = b""
    with pytest.raises(RemoteError, match=r"redirected \(HTTP 302.*elsewhere\.example"):
        run_remote(fake.url, "SELECT ?x {}")  # type: ignore[attr-defined]


def test_a_dripping_server_cannot_defeat_the_timeout(fake: type[_Fake]) -> None:
    fake.drip = 0.5  # the JSON answer is ~200 bytes: 100 s at this pace
    with pytest.raises(RemoteTimeout, match="within 1 s"):
        run_remote(fake.url, "SELECT ?x {}", timeout=1)  # type: ignore[attr-defined]
    out = CliRunner().invoke(
        main,
        ["query", "--endpoint", fake.url, "--timeout", "1", "SELECT ?x {}"],  # type: ignore[attr-defined]
    )
    assert out.exit_code == 1 and "within 1 s" in out.output


def _quads(graphs: int, per_graph: int) -> list[ox.Quad]:
    p = ox.NamedNode("http://example.org/p")
    return [
        ox.Quad(
            ox.NamedNode(f"http://example.org/s{i}"),
            p,
            ox.Literal(str(j)),
            ox.NamedNode(f"http://example.org/g{g}"),
        )
        for g in range(graphs)
        for i, j in [(k, k) for k in range(per_graph)]
    ]


def test_push_stops_at_the_first_failure_and_says_what_was_sent(fake: type[_Fake]) -> None:
    fake.body, fake.fail_at = b"", 21
    with pytest.raises(PushError) as info:
        push(fake.url, _quads(60, 4), chunk_size=2, jobs=4)  # type: ignore[attr-defined]
    report = info.value.report
    assert "HTTP 500" in str(info.value) and "stored completely" in str(info.value)
    # 120 requests were planned; after the failure only requests already under way finish.
    assert len(fake.seen) < 21 + 20
    assert report.requests == len(fake.seen)
    assert 0 < len(report.done) < 60 and report.triples_sent == 4 * len(report.done)


def test_push_retries_a_rolled_back_transaction(fake: type[_Fake]) -> None:
    fake.body, fake.deadlocks = b"", 3
    report = push(fake.url, _quads(5, 2), jobs=1)  # type: ignore[attr-defined]
    assert len(report.done) == 5 and report.requests == 5 + 3


def test_push_has_a_total_timeout(fake: type[_Fake]) -> None:
    fake.body, fake.drip = b"ok" * 50, 0.2
    with pytest.raises(PushError, match="within 1 s"):
        push(fake.url, _quads(10, 2), timeout=1, jobs=2)  # type: ignore[attr-defined]
    runner = CliRunner()
    trig = ROOT / "exports" / "ijgraph.trig"
    out = runner.invoke(
        main,
        ["push", "--endpoint", fake.url, "--input", str(trig), "--timeout", "1"],  # type: ignore[attr-defined]
    )
    assert out.exit_code == 1 and "within 1 s" in out.output and "not" in out.output


# --- fuzzing: any answer is a result or a RemoteError, never another exception ------------

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.sampled_from(
        [
            "uri",
            "literal",
            "bnode",
            "typed-literal",
            "head",
            "vars",
            "results",
            "bindings",
            "boolean",
            "type",
            "value",
            "xml:lang",
            "datatype",
            "http://x/y",
            "x",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "head",
                    "vars",
                    "results",
                    "bindings",
                    "boolean",
                    "type",
                    "value",
                    "x",
                    "xml:lang",
                    "datatype",
                    "link",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_json)
def test_fuzzed_json_answers_never_crash_the_client(answer: object) -> None:
    try:
        result = _parse("application/sparql-results+json", json.dumps(answer).encode(), "http://e")
    except RemoteError as err:
        assert "http://e" in str(err)
        return
    assert result.boolean is not None or all(set(r) <= set(result.variables) for r in result.rows)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["text/turtle", "application/n-triples", "application/rdf+xml", "text/html"]),
    st.binary(max_size=64) | st.text(max_size=64).map(str.encode),
)
def test_fuzzed_rdf_answers_never_crash_the_client(media: str, body: bytes) -> None:
    try:
        result = _parse(media, body, "http://e")
    except RemoteError as err:
        assert "http://e" in str(err)
        return
    assert all(isinstance(t, ox.Triple) for t in result.triples)
