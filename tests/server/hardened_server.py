"""A live endpoint configured as ``ijgraph serve`` configures it (guarded protocol, limits),
with small limits so that attacks on it stay short. Import the fixture into a test module."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from starlette.applications import Starlette

from ijgraph.compiler.pipeline import Build
from ijgraph.server.app import create_app
from ijgraph.server.limits import Limits, make_server

CHEAP = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }"
TIMEOUT = 2.0
LIMITS = Limits(read_timeout=1.0, max_connections=40, fast_budget=0.25, slow_workers=1)


@dataclass
class Hardened:
    url: str
    app: Starlette
    port: int

    def cheap(self) -> httpx.Response:
        return httpx.get(self.url + "/sparql", params={"query": CHEAP}, timeout=30)


def serve(app: Starlette, limits: Limits) -> Iterator[tuple[str, int]]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = make_server(app, limits, log_level="critical")
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", port
    finally:
        server.should_exit = True
        thread.join(30)


@pytest.fixture(scope="session")
def hardened(built: Build) -> Iterator[Hardened]:
    """The real graph behind the guarded protocol (timeout 2 s, read timeout 1 s)."""
    app = create_app(built.quads, timeout=TIMEOUT, workers=2, limits=LIMITS)
    for url, port in serve(app, LIMITS):
        yield Hardened(url, app, port)
