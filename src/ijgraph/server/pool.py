"""Run untrusted SPARQL queries with a time limit and a row cap, in killable worker processes.

Why processes: a pyoxigraph query runs in Rust and cannot be interrupted from
Python. A deadline checked between rows only helps queries that stream; a
``COUNT(*)`` or ``ORDER BY`` over a cartesian product computes for minutes
before its first row. So every query runs in a worker *process* that holds its
own in-memory copy of the store, and the parent waits on the worker's pipe with
the deadline:

* the answer arrives in time: it is returned (already serialized, in the format
  the client negotiated, by pyoxigraph's own serializers);
* the deadline passes: the worker is killed (SIGKILL: the only way to stop the
  Rust loop) and a fresh worker is started in the background; the client gets
  :class:`QueryTimeout`. Other workers keep answering meanwhile;
* the worker dies (e.g. it hit its memory limit, set with ``RLIMIT_AS`` so a
  runaway ``ORDER BY`` cannot take the machine down): :class:`WorkerDied`.

Workers are fresh interpreters (``python -m ijgraph.server.pool``, fed through
two pipes: no fork of a threaded server, no re-import of the caller's main
script); each loads the graph from N-Quads bytes once, so a replacement is
ready in well under a second for this graph. A request waits for an idle worker at most as
long as the query timeout, then gets :class:`PoolBusy`.

Rows beyond ``max_rows`` (triples for CONSTRUCT/DESCRIBE) are never read: the
worker stops after ``max_rows + 1`` and reports ``truncated`` so the server can
say so. SELECT rows are capped by re-reading them as SPARQL JSON
(``pyoxigraph.parse_query_results``), since pyoxigraph cannot build a result
set from a list, and then serialized in the requested format.

:func:`execute` is the pure core (store + job -> outcome), used by the workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import anyio.to_thread
import pyoxigraph as ox

from ijgraph.errors import IjgraphError
from ijgraph.rdf.union import union_store
from ijgraph.sparql.results import term_json

__all__ = [
    "PoolBusy",
    "QueryJob",
    "QueryOutcome",
    "QueryPool",
    "QueryTimeout",
    "WorkerDied",
    "execute",
    "union_store",
]


@dataclass(frozen=True)
class QueryJob:
    """A checked query and how to answer it (plain data: it crosses a process boundary)."""

    text: str
    result_format: str  # a QueryResultsFormat member name for SELECT/ASK, RdfFormat for graphs
    graph_format: str
    max_rows: int
    default_graphs: tuple[str, ...] | None = None  # None: the union of all graphs
    named_graphs: tuple[str, ...] | None = None  # None: every named graph


@dataclass(frozen=True)
class QueryOutcome:
    """The serialized answer: ``kind`` is "solutions", "boolean" or "graph"."""

    kind: str
    body: bytes
    rows: int
    truncated: bool
    error: str | None = None


class QueryTimeout(IjgraphError):
    """The query ran past the time limit and its worker was stopped."""


class WorkerDied(IjgraphError):
    """The worker process ended during the query (e.g. out of memory)."""


class PoolBusy(IjgraphError):
    """No worker became free within the time limit."""


# --- the worker side -------------------------------------------------------------


def _capped_solutions(solutions: ox.QuerySolutions, job: QueryJob) -> QueryOutcome:
    names = [v.value for v in solutions.variables]
    bindings: list[dict[str, Any]] = []
    truncated = False
    for solution in solutions:
        if len(bindings) == job.max_rows:
            truncated = True
            break
        row = {}
        for name in names:
            value = solution[name]
            if value is not None:
                row[name] = term_json(value)
        bindings.append(row)
    document = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}})
    fmt = getattr(ox.QueryResultsFormat, job.result_format)
    if fmt == ox.QueryResultsFormat.JSON:
        body = document.encode()
    else:
        reparsed = ox.parse_query_results(document.encode(), format=ox.QueryResultsFormat.JSON)
        body = reparsed.serialize(format=fmt) or b""
    return QueryOutcome("solutions", body, len(bindings), truncated)


def execute(store: ox.Store, job: QueryJob) -> QueryOutcome:
    """Run ``job`` on a :func:`union_store`; errors of evaluation come back in ``error``."""
    dataset: dict[str, Any] = {}
    if job.default_graphs is not None or job.named_graphs is not None:
        dataset = {
            "default_graph": [ox.NamedNode(g) for g in job.default_graphs or ()],
            "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or ()],
        }
    try:
        result = store.query(job.text, **dataset)
        if isinstance(result, ox.QueryBoolean):
            fmt = getattr(ox.QueryResultsFormat, job.result_format)
            return QueryOutcome("boolean", result.serialize(format=fmt) or b"", 1, False)
        if isinstance(result, ox.QuerySolutions):
            return _capped_solutions(result, job)
        triples: list[ox.Triple] = []
        for triple in result:
            if len(triples) == job.max_rows:
                body = ox.serialize(triples, format=getattr(ox.RdfFormat, job.graph_format))
                return QueryOutcome("graph", body or b"", len(triples), True)
            triples.append(triple)
        body = ox.serialize(triples, format=getattr(ox.RdfFormat, job.graph_format))
        return QueryOutcome("graph", body or b"", len(triples), False)
    except (SyntaxError, OSError, ValueError, TypeError) as err:
        return QueryOutcome("error", b"", 0, False, error=str(err))


#: A worker's first message: N-Quads, or this prefix and the path of an on-disk store.
STORE_PREFIX = b"store:"


def open_graph(payload: bytes) -> ox.Store:
    """The worker's graph: a read-only on-disk store (its default graph is already the
    union), or a union store made from N-Quads."""
    if payload.startswith(STORE_PREFIX):
        return ox.Store.read_only(payload[len(STORE_PREFIX) :].decode("utf-8"))
    return union_store(ox.parse(payload, format=ox.RdfFormat.N_QUADS))


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the server process dies (best effort)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _worker_main(read_fd: int, write_fd: int, memory_limit_mb: int) -> None:
    """Load the graph (the first message), then answer jobs until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    _die_with_parent()
    if memory_limit_mb > 0:
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            limit = memory_limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    inbox, outbox = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    try:
        store = open_graph(inbox.recv_bytes())
        outbox.send("ready")
        while (job := inbox.recv()) is not None:
            outbox.send(execute(store, job))
    except (EOFError, OSError):
        return  # the server went away


# --- the parent side -------------------------------------------------------------


class _Worker:
    """One worker process (``python -m ijgraph.server.pool``) and its two pipes."""

    def __init__(self, memory_limit_mb: int) -> None:
        child_read, parent_write = os.pipe()
        parent_read, child_write = os.pipe()
        # The child must import this very package, even when it is not installed.
        package_parent = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ijgraph.server.pool",
                str(child_read),
                str(child_write),
                str(memory_limit_mb),
            ],
            pass_fds=(child_read, child_write),
            stdin=subprocess.DEVNULL,
            close_fds=True,
            env={**os.environ, "PYTHONPATH": path},
        )
        os.close(child_read)
        os.close(child_write)
        self.inbox = Connection(parent_read, writable=False)
        self.outbox = Connection(parent_write, readable=False)

    @classmethod
    def start(cls, nquads: bytes, memory_limit_mb: int, timeout: float = 60) -> _Worker:
        """A worker with the graph loaded (blocking: run it in a thread)."""
        worker = cls(memory_limit_mb)
        try:
            worker.outbox.send_bytes(nquads)
            ready = worker.inbox.poll(timeout) and worker.inbox.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            worker.kill()
            raise WorkerDied("a query worker failed to start")
        return worker

    def call(self, job: QueryJob, timeout: float) -> QueryOutcome:
        """Send ``job`` and wait for its outcome (blocking: run it in a thread)."""
        try:
            self.outbox.send(job)
            if not self.inbox.poll(timeout):
                raise QueryTimeout
            outcome: QueryOutcome = self.inbox.recv()
            return outcome
        except (EOFError, OSError) as err:
            raise WorkerDied("the query worker stopped (out of memory?)") from err

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.wait(5)
        for conn in (self.inbox, self.outbox):
            with contextlib.suppress(Exception):
                conn.close()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.outbox.send(None)
            self.process.wait(1)
        self.kill()


class QueryPool:
    """``size`` worker processes; :meth:`run` answers a job or raises on timeout."""

    def __init__(
        self, nquads: bytes, *, size: int = 2, timeout: float = 10.0, memory_limit_mb: int = 2048
    ) -> None:
        self.nquads = nquads
        self.size = max(1, size)
        self.timeout = timeout
        self.memory_limit_mb = memory_limit_mb
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.restarts = 0

    def _spawn(self) -> _Worker:
        return _Worker.start(self.nquads, self.memory_limit_mb)

    async def start(self) -> None:
        """Start the workers (in parallel) and wait until each has loaded the graph."""
        self._idle = asyncio.Queue()
        workers = await asyncio.gather(
            *(anyio.to_thread.run_sync(self._spawn) for _ in range(self.size))
        )
        for worker in workers:
            self._all.add(worker)
            self._idle.put_nowait(worker)

    async def _replace(self, dead: _Worker) -> None:
        self._all.discard(dead)
        await anyio.to_thread.run_sync(dead.kill)
        worker = await anyio.to_thread.run_sync(self._spawn)
        self._all.add(worker)
        self.restarts += 1
        assert self._idle is not None
        self._idle.put_nowait(worker)

    async def run(self, job: QueryJob) -> QueryOutcome:
        if self._idle is None:
            raise RuntimeError("QueryPool.start() was not awaited")
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError as err:
            raise PoolBusy from err
        healthy = False
        try:
            outcome = await anyio.to_thread.run_sync(worker.call, job, self.timeout)
            healthy = True
            return outcome
        finally:
            if healthy:
                self._idle.put_nowait(worker)
            else:  # timed out, died, or the request was cancelled mid-query
                task = asyncio.get_running_loop().create_task(self._replace(worker))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        """Stop every worker, including replacements still starting."""
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for worker in list(self._all):
            await anyio.to_thread.run_sync(worker.close)
        self._all.clear()


if __name__ == "__main__":
    # Import by name so that pickled outcomes refer to ijgraph.server.pool, not __main__.
    from ijgraph.server.pool import _worker_main as _main

    _main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
