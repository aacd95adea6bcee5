"""A live ``ijgraph serve`` for the endpoint tests: uvicorn on a free localhost port.

Import the fixture into a test module (``from .endpoint_server import live_server``);
it is session-scoped, so every endpoint test shares one server.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
import pytest
import uvicorn
from starlette.applications import Starlette

from ijgraph.compiler.pipeline import Build
from ijgraph.server.app import create_app
from ijgraph.server.pool import union_store
from ijgraph.vocab.namespaces import PREFIXES

#: Small enough to keep the runaway test short, long enough for any honest query.
TIMEOUT = 2.0
MAX_ROWS = 10_000
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


@dataclass
class LiveServer:
    url: str
    app: Starlette
    store: ox.Store  # the same graph, queried directly, to derive expected answers
    union: ox.Store  # ... with its default graph = the union of the graphs, as the server has it

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"


@contextlib.contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """Run ``app`` with uvicorn on a free port of 127.0.0.1 and yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


@pytest.fixture(scope="session")
def live_server(built: Build) -> Iterator[LiveServer]:
    """The real graph served by uvicorn on 127.0.0.1 (timeout 2 s, 2 workers)."""
    store = ox.Store()
    store.bulk_extend(built.quads)
    union = union_store(built.quads)
    app = create_app(
        built.quads,
        timeout=TIMEOUT,
        max_rows=MAX_ROWS,
        workers=2,
        cors_origins=["http://client.test"],
    )
    with serving(app) as url:
        yield LiveServer(url, app, store, union)
