"""Regression tests for the endpoint's hardening (issue 10: D1, D2, D3, D4, D9, D12).

Each test attacks a live server (uvicorn on 127.0.0.1, configured as ``ijgraph
serve`` configures it, with small limits so that the tests stay short) and then
checks that the server still answers a cheap query.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Iterator

import anyio._backends._asyncio as anyio_asyncio
import httpx
import pytest
from click.testing import CliRunner

from ijgraph.cli import main
from ijgraph.compiler.pipeline import Build
from ijgraph.server.app import create_app
from ijgraph.server.limits import Limits
from tests.server.hardened_server import CHEAP, LIMITS, TIMEOUT, Hardened, hardened, serve

__all__ = ["hardened"]

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _in_background(function: object, *args: object) -> tuple[threading.Thread, dict[str, object]]:
    out: dict[str, object] = {}

    def target() -> None:
        out["value"] = function(*args)  # type: ignore[operator]

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, out


# --- D1: nesting and size are bounded before parsing -----------------------------------

DEEP = {
    "braces": "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000,
    "parentheses": "ASK { FILTER(" + "(" * 10000 + "1" + ")" * 10000 + ") }",
    "negations": "ASK { FILTER(" + "!" * 10000 + "true) }",
    "optionals": "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 3000 + "}" * 3000 + "}",
}


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_nesting_is_refused_and_the_server_survives(hardened: Hardened, name: str) -> None:
    response = httpx.post(
        hardened.url + "/sparql",
        content=DEEP[name].encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert response.status_code == 400, response.text
    assert "nested more than 100 levels" in response.text
    assert hardened.cheap().status_code == 200


def test_huge_query_is_413(hardened: Hardened) -> None:
    text = "ASK { " + " ".join(f"?s{i} <urn:p> ?o{i} ." for i in range(30000)) + " }"
    response = httpx.post(
        hardened.url + "/sparql",
        content=text.encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert response.status_code == 413
    assert "bytes" in response.text
    assert hardened.cheap().status_code == 200


def test_a_crashed_worker_is_replaced_and_the_client_told(hardened: Hardened) -> None:
    pool = hardened.app.state.endpoint.pool
    before = {w.process.pid: _cpu(w.process.pid) for w in pool._all}
    thread, out = _in_background(
        lambda: httpx.get(hardened.url + "/sparql", params={"query": RUNAWAY}, timeout=30)
    )
    busy = []
    for _ in range(100):  # the worker that runs it: the one whose CPU time grows
        busy = [w for w in pool._all if _cpu(w.process.pid) - before.get(w.process.pid, 9) > 0.1]
        if busy:
            break
        time.sleep(0.05)
    assert busy, "no worker ran the query"
    os.kill(busy[0].process.pid, signal.SIGSEGV)
    thread.join(30)
    response = out["value"]
    assert isinstance(response, httpx.Response)
    assert response.status_code == 500
    assert "crashed the query engine" in response.text
    assert hardened.cheap().status_code == 200


def _cpu(pid: int) -> float:
    """CPU seconds used by a process (user + system)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_cli_refuses_deep_nesting_with_a_message() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["query", DEEP["braces"]])
    assert result.exit_code == 2
    assert "nested more than 100 levels" in result.output


# --- D2: planning and evaluation happen in workers, under the time limit ------------------

HEAVY = {
    "bgp-220": "SELECT * WHERE { "
    + " ".join(f"?x{i} ?p{i} ?x{i + 1} ." for i in range(220))
    + " }",
    "values-ask": "ASK { "
    + " ".join(f"VALUES ?{v} {{ {' '.join(str(n) for n in range(600))} }}" for v in "abc")
    + " FILTER(?a + ?b + ?c < 0) }",
    "concat-chain": 'SELECT ?x30 WHERE { BIND("ab" AS ?x0) '
    + " ".join(f"BIND(CONCAT(?x{i}, ?x{i}) AS ?x{i + 1})" for i in range(30))
    + " }",
    "optionals-30": "SELECT * WHERE { ?s ?p ?o "
    + " ".join(f"OPTIONAL {{ ?s ?q{i} ?o{i} }}" for i in range(30))
    + " }",
}


@pytest.mark.parametrize("name", sorted(HEAVY))
def test_heavy_queries_do_not_freeze_the_server(hardened: Hardened, name: str) -> None:
    thread, out = _in_background(
        lambda: httpx.post(hardened.url + "/sparql", data={"query": HEAVY[name]}, timeout=60)
    )
    time.sleep(0.3)
    during = hardened.cheap()
    thread.join(60)
    assert during.status_code == 200
    response = out["value"]
    assert isinstance(response, httpx.Response)
    assert response.status_code in (200, 503), response.text
    if response.status_code == 503:
        assert "time limit" in response.text or "memory" in response.text


# --- D3: idle workers never die -----------------------------------------------------------


def test_workers_survive_idle_helper_threads(built: Build, monkeypatch: pytest.MonkeyPatch) -> None:
    # anyio retires helper threads idle this long (10 s by default); workers must not care.
    monkeypatch.setattr(anyio_asyncio.WorkerThread, "MAX_IDLE_TIME", 0.2)
    app = create_app(built.quads, timeout=TIMEOUT, workers=1, limits=LIMITS)
    for url, _ in serve(app, LIMITS):
        first = httpx.get(url + "/sparql", params={"query": CHEAP}, timeout=30)
        time.sleep(1.5)  # every anyio helper thread has retired by now
        second = httpx.get(url + "/sparql", params={"query": CHEAP}, timeout=30)
        pool = app.state.endpoint.pool
        assert first.status_code == 200 and second.status_code == 200, second.text
        assert pool.restarts == 0
        assert all(w.process.poll() is None for w in pool._all)


# --- D4: runaway queries do not starve cheap ones ------------------------------------------


def test_cheap_queries_are_answered_while_runaways_run(hardened: Hardened) -> None:
    pool = hardened.app.state.endpoint.pool
    stop = threading.Event()
    statuses: list[int] = []

    def runaway_client() -> None:  # sends runaway queries again and again, as an attacker would
        with httpx.Client(base_url=hardened.url, timeout=60) as client:
            while not stop.is_set():
                statuses.append(client.get("/sparql", params={"query": RUNAWAY}).status_code)

    clients = [threading.Thread(target=runaway_client, daemon=True) for _ in range(4)]
    for thread in clients:
        thread.start()
    for _ in range(300):  # the pool learns that the query is long (fast on an idle machine)
        if any(key[0] == RUNAWAY for key in pool._expensive):
            break
        time.sleep(0.05)
    try:
        cheap = [hardened.cheap() for _ in range(10)]  # while the runaways keep coming
    finally:
        stop.set()
        for thread in clients:
            thread.join(60)
    assert [r.status_code for r in cheap] == [200] * 10, [r.text for r in cheap]
    assert statuses and set(statuses) == {503}, statuses


# --- D9: slow and many connections ---------------------------------------------------------


def test_slowloris_connections_are_cut_off(hardened: Hardened) -> None:
    socks = []
    for _ in range(10):
        sock = socket.create_connection(("127.0.0.1", hardened.port), timeout=10)
        sock.sendall(b"GET /sparql HTTP/1.1\r\nHost: x\r\n")  # headers never finished
        socks.append(sock)
    assert hardened.cheap().status_code == 200
    closed = 0
    for sock in socks:
        try:
            sock.sendall(b"X-Drip: 1\r\n")  # dripping does not extend the deadline
            closed += sock.recv(100) == b""  # blocks until the server closes (read_timeout 1 s)
        except OSError:
            closed += 1
        finally:
            sock.close()
    assert closed == len(socks)
    assert hardened.cheap().status_code == 200


def test_connections_beyond_the_limit_are_refused(built: Build) -> None:
    limits = Limits(max_connections=3, read_timeout=5.0)
    app = create_app(built.quads, timeout=TIMEOUT, workers=1, limits=limits)
    for url, port in serve(app, limits):
        held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(3)]
        extra = socket.create_connection(("127.0.0.1", port), timeout=10)
        answer = extra.recv(1000)
        assert answer.startswith(b"HTTP/1.1 503")
        for sock in [*held, extra]:
            sock.close()
        time.sleep(0.2)
        assert httpx.get(url + "/sparql", params={"query": CHEAP}, timeout=30).status_code == 200


# --- D12: each case of the report ------------------------------------------------------------


@pytest.mark.parametrize("name", ["a%00b", "a%0D%0Ab", "a%22b", "a%3Cb", "a%20b", "a%7Bb"])
def test_resource_names_that_are_not_iris_are_404(hardened: Hardened, name: str) -> None:
    response = httpx.get(hardened.url + "/resource/" + name, timeout=30)
    assert response.status_code == 404
    # CR/LF never match a route (Starlette's path pattern stops at a line break).
    assert "not a valid IRI" in response.text or response.text == "Not Found"


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_serve_refuses_a_timeout_that_is_not_finite_and_positive(value: str) -> None:
    result = CliRunner().invoke(main, ["serve", "--timeout", value])
    assert result.exit_code == 2
    assert "finite number greater than 0" in result.output


def _raw_get(port: int, target: bytes) -> bytes:
    """The status line of the answer to ``GET target`` (httpx refuses URLs over 64 KB)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    return answer


def test_megabyte_url_is_414(hardened: Hardened) -> None:
    answer = _raw_get(hardened.port, b"/sparql?query=%23" + b"x" * 1_000_000)
    assert answer.startswith(b"HTTP/1.1 414"), answer[:200]
    assert hardened.cheap().status_code == 200


def test_long_url_within_the_buffer_is_414(hardened: Hardened) -> None:
    answer = _raw_get(hardened.port, b"/sparql?query=%23" + b"x" * 320_000)
    assert answer.startswith(b"HTTP/1.1 414"), answer[:200]
    assert b"POST long queries" in answer or b"connection: close" in answer


def test_large_body_is_413(hardened: Hardened) -> None:
    response = httpx.post(
        hardened.url + "/sparql",
        content=b"#" * 2_000_000,
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert response.status_code == 413

    def chunks() -> Iterator[bytes]:  # streamed, with no Content-Length to refuse early
        for _ in range(40):
            yield b"#" * 50_000

    streamed = httpx.post(
        hardened.url + "/sparql",
        content=chunks(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=30,
    )
    assert streamed.status_code == 413
    assert hardened.cheap().status_code == 200


@pytest.mark.parametrize("text", ["", "   ", "# nothing but a comment"])
def test_empty_query_is_400_not_403(hardened: Hardened, text: str) -> None:
    response = httpx.post(hardened.url + "/sparql", data={"query": text}, timeout=30)
    assert response.status_code == 400
    assert "empty" in response.text


def test_head_answers_as_get(hardened: Hardened) -> None:
    get = httpx.get(hardened.url + "/sparql", params={"query": CHEAP}, timeout=30)
    head = httpx.head(hardened.url + "/sparql", params={"query": CHEAP}, timeout=30)
    assert head.status_code == get.status_code == 200
    assert head.headers["content-type"] == get.headers["content-type"]
    assert httpx.head(hardened.url + "/sparql", timeout=30).status_code == 200
