"""Run untrusted SPARQL in killable worker processes, in two lanes, with time, CPU, memory limits.

Nothing of a request's SPARQL runs in the server process. The server hands the
text to a worker process, which checks it (:mod:`ijgraph.sparql.guard`: size,
nesting, updates, SERVICE, FROM), parses, plans and evaluates it with the one
execution core (:func:`ijgraph.sparql.core.execute`) on a 256 MB stack, and sends
back the answer already serialized in the negotiated format. A query that
crashes the engine, or passes its limits, ends only its worker:

* time: the parent waits on the worker's pipe with the deadline, then kills it
  (SIGKILL: the only way to stop a Rust loop); a fresh worker replaces it;
* CPU: ``RLIMIT_CPU`` is set before each job to the CPU time used so far plus
  the time limit, a safety net should the parent stop watching;
* memory: ``RLIMIT_AS`` (``--memory-limit``) caps each worker;
* crash (a stack overflow, an engine bug): the parent sees the pipe close and
  answers with the reason; the worker is replaced.

Fairness: cheap queries must not wait behind runaway ones. A query answered
quickly before runs in the *trusted lane* (``size`` workers of its own), which no
query of unknown cost enters. Every other query starts
in the *fast lane* (``size`` workers) with a short budget (``fast_budget``) of
CPU time (not wall time: on a busy machine a cheap query may wait for the CPU).
One still running after it moves, with its worker, to the *slow lane* (at most
``slow_size`` such queries at once, their workers reniced so that they yield
the CPU to the fast lane) and runs out the time limit there; the fast lane gets
a fresh worker. The text of a query that needed the slow lane is remembered, and
it goes straight to the slow lane next time, to the slow lane's own workers
(``slow_size`` of them, apart from the fast lane's ``size`` and one spare). When
the slow lane stays full, a long query is stopped with :class:`PoolBusy`: runaway
queries cannot take every worker, however many are sent.

Workers are fresh interpreters (``python -m ijgraph.server.pool``, fed through
two pipes) started from one dedicated, long-lived thread: Linux's
``PR_SET_PDEATHSIG`` (which kills a worker when its parent goes) fires when the
*thread* that started the worker ends, so they are never started from a thread
pool that retires idle threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

import anyio.to_thread
import pyoxigraph as ox

from ijgraph.errors import IjgraphError
from ijgraph.rdf.union import union_store
from ijgraph.sparql.lexer import DEFAULT_MAX_DEPTH, DEFAULT_MAX_QUERY_BYTES

__all__ = [
    "PoolBusy",
    "PoolError",
    "QueryJob",
    "QueryOutcome",
    "QueryPool",
    "QueryTimeout",
    "WorkerDied",
    "answer",
    "union_store",
]


@dataclass(frozen=True)
class QueryJob:
    """A query and how to answer it (plain data: it crosses a process boundary).

    ``solution_format``/``graph_format`` name the negotiated pyoxigraph format for
    SELECT/ASK and for CONSTRUCT/DESCRIBE; None: the client accepts none (406).
    """

    text: str
    solution_format: str | None
    graph_format: str | None
    max_rows: int
    default_graphs: tuple[str, ...] | None = None  # None (both): ijgraph's own dataset
    named_graphs: tuple[str, ...] | None = None
    max_bytes: int = DEFAULT_MAX_QUERY_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH


@dataclass(frozen=True)
class QueryOutcome:
    """The serialized answer (``status`` 200), or a refusal: its status and message."""

    form: str | None
    body: bytes
    rows: int
    truncated: bool
    status: int = 200
    error: str | None = None
    line: int | None = None
    column: int | None = None


class PoolError(IjgraphError):
    """A query the pool could not answer: HTTP ``status`` and a reason."""

    status = 503

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class QueryTimeout(PoolError):
    """The query ran past the time limit and its worker was stopped."""


class WorkerDied(PoolError):
    """The worker process ended during the query (a crash, or a CPU or memory limit)."""


class PoolBusy(PoolError):
    """No worker became free in time, or the slow lane is full."""


# --- the worker side -------------------------------------------------------------


def answer(engine: object, job: QueryJob) -> QueryOutcome:
    """Check, run and serialize ``job`` with the execution core (in a worker)."""
    from ijgraph.sparql.core import Engine, execute
    from ijgraph.sparql.guard import QueryRefused, check_query

    assert isinstance(engine, Engine)
    form: str | None = None
    try:
        form = check_query(job.text, max_bytes=job.max_bytes, max_depth=job.max_depth)
        fmt = job.solution_format if form in ("SELECT", "ASK") else job.graph_format
        if fmt is None:
            return QueryOutcome(form, b"", 0, False, 406, "no acceptable format")
        result = execute(
            engine,
            job.text,
            kind=form,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            max_rows=job.max_rows,
        )
        rows = 1 if result.kind == "ASK" else len(result)
        return QueryOutcome(form, result.write(fmt), rows, result.truncated)
    except QueryRefused as refused:
        return QueryOutcome(
            form, b"", 0, False, refused.status, refused.message, refused.line, refused.column
        )
    except (OSError, ValueError, TypeError, RuntimeError) as err:
        return QueryOutcome(form, b"", 0, False, 400, f"query failed: {err}")


#: A worker's first message: N-Quads, or this prefix and the path of an on-disk store.
STORE_PREFIX = b"store:"


def open_graph(payload: bytes) -> ox.Store:
    """The worker's graph: a read-only on-disk store (its default graph is already the
    union), or a union store made from N-Quads."""
    if payload.startswith(STORE_PREFIX):
        return ox.Store.read_only(payload[len(STORE_PREFIX) :].decode("utf-8"))
    return union_store(ox.parse(payload, format=ox.RdfFormat.N_QUADS))


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the thread that started it ends (best effort)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _cpu_budget(seconds: float) -> None:
    """Let the next job use ``seconds`` of CPU time; past it the kernel ends the worker."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))


def _serve(inbox: Connection, outbox: Connection, cpu_seconds: float) -> None:
    from ijgraph.sparql.core import OxigraphEngine

    engine = OxigraphEngine(open_graph(inbox.recv_bytes()))
    outbox.send("ready")
    while (job := inbox.recv()) is not None:
        _cpu_budget(cpu_seconds)
        outbox.send(answer(engine, job))


def _worker_main(read_fd: int, write_fd: int, memory_limit_mb: int, cpu_seconds: float) -> None:
    """Load the graph (the first message), then answer jobs until the pipe closes."""
    from ijgraph.sparql.core import STACK_BYTES, deep_call

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    _die_with_parent()
    stack = STACK_BYTES
    if memory_limit_mb > 0:
        stack = min(stack, memory_limit_mb * 1024 * 1024 // 4)
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            limit = memory_limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    inbox, outbox = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    with contextlib.suppress(EOFError, OSError):  # EOF: the server went away
        deep_call(lambda: _serve(inbox, outbox, cpu_seconds), stack)


# --- the parent side -------------------------------------------------------------

#: Why a worker ended, by the signal that ended it.
_DEATHS: dict[int, tuple[int, str]] = {
    signal.SIGXCPU.value: (503, "it used more CPU time than the time limit allows"),
    signal.SIGSEGV.value: (500, "it crashed the query engine (a query nested too deeply?)"),
    signal.SIGBUS.value: (500, "it crashed the query engine"),
    signal.SIGABRT.value: (503, "it needed more memory than the worker's memory limit"),
    signal.SIGKILL.value: (503, "its worker was killed (out of memory?)"),
}


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class _Worker:
    """One worker process (``python -m ijgraph.server.pool``) and its two pipes."""

    def __init__(self, memory_limit_mb: int, cpu_seconds: float) -> None:
        child_read, parent_write = os.pipe()
        parent_read, child_write = os.pipe()
        # The child must import this very package, even when it is not installed.
        package_parent = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))
        arguments = [str(child_read), str(child_write), str(memory_limit_mb), str(cpu_seconds)]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ijgraph.server.pool", *arguments],
            pass_fds=(child_read, child_write),
            stdin=subprocess.DEVNULL,
            close_fds=True,
            env={**os.environ, "PYTHONPATH": path},
        )
        os.close(child_read)
        os.close(child_write)
        self.inbox = Connection(parent_read, writable=False)
        self.outbox = Connection(parent_write, readable=False)
        self.niced = False
        self.home: asyncio.Queue[_Worker] = asyncio.Queue()  # the lane's idle queue

    def load(self, payload: bytes, timeout: float = 60) -> None:
        """Send the graph and wait until the worker has loaded it (blocking)."""
        try:
            self.outbox.send_bytes(payload)
            ready = self.inbox.poll(timeout) and self.inbox.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.kill()
            raise WorkerDied("a query worker failed to start", 500)

    def wait(self, timeout: float) -> QueryOutcome | None:
        """The outcome of the job sent, or None if it is not ready in ``timeout`` s (blocking)."""
        try:
            if not self.inbox.poll(max(0.0, timeout)):
                return None
            outcome: QueryOutcome = self.inbox.recv()
            return outcome
        except (EOFError, OSError):
            raise self.death() from None

    def death(self) -> WorkerDied:
        """Why the worker ended, as the error for the client."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(2)
        code = self.process.returncode
        status, why = _DEATHS.get(-code if code and code < 0 else 0, (500, "its worker ended"))
        return WorkerDied(f"query stopped: {why}", status)

    def cpu_seconds(self) -> float:
        """CPU time the worker has used so far (user + system), from ``/proc``; an
        unreadable ``/proc`` counts as endless, so that a long query is moved on."""
        try:
            with open(f"/proc/{self.process.pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / _CLOCK_TICKS
        except (OSError, IndexError, ValueError):
            return float("inf")

    def renice(self) -> None:
        """Lower the worker's priority (for good: it is retired after its slow query)."""
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 10)
        self.niced = True

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
    """Worker processes in a fast and a slow lane; :meth:`run` answers a job or raises
    a :class:`PoolError` (see the module docstring)."""

    def __init__(
        self,
        payload: bytes,
        *,
        size: int = 2,
        slow_size: int = 1,
        timeout: float = 10.0,
        fast_budget: float = 0.25,
        memory_limit_mb: int = 2048,
    ) -> None:
        self.payload = payload
        self.size = max(1, size)
        self.slow_size = max(1, slow_size)
        self.timeout = timeout
        self.fast_budget = min(fast_budget, timeout)
        self.memory_limit_mb = memory_limit_mb
        self.restarts = 0
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._expensive: OrderedDict[tuple[object, ...], None] = OrderedDict()
        self._idle: asyncio.Queue[_Worker] | None = None  # the fast lane's idle workers
        self._idle_slow: asyncio.Queue[_Worker] = asyncio.Queue()  # ... and the slow lane's
        self._spawner: ThreadPoolExecutor | None = None
        self._fast = asyncio.Semaphore(self.size)
        # Queries answered quickly before have a lane of their own, which unknown ones
        # (a runaway seen for the first time) cannot enter.
        self._cheap: OrderedDict[tuple[object, ...], None] = OrderedDict()
        self._trusted = asyncio.Semaphore(self.size)
        self._idle_trusted: asyncio.Queue[_Worker] = asyncio.Queue()
        self._slow = asyncio.Semaphore(self.slow_size)

    async def _new_worker(self) -> _Worker:
        assert self._spawner is not None
        cpu_seconds = self.timeout + 1
        launch = asyncio.get_running_loop().run_in_executor(
            self._spawner, _Worker, self.memory_limit_mb, cpu_seconds
        )
        worker = await launch
        self._all.add(worker)
        try:
            await anyio.to_thread.run_sync(worker.load, self.payload)
        except BaseException:
            self._all.discard(worker)
            raise
        return worker

    async def start(self) -> None:
        """Start the workers (in parallel) and wait until each has loaded the graph."""
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="ijgraph-spawner")
        self._idle = asyncio.Queue()
        # Each lane has workers of its own, so that the slow lane, which uses up a worker
        # per query stopped, never takes the fast lane's; and the fast lane has a spare,
        # so that a worker stopped there is replaced at once, not after a start.
        homes = [self._idle] * (self.size + 1)
        homes += [self._idle_trusted] * self.size + [self._idle_slow] * self.slow_size
        workers = await asyncio.gather(*(self._new_worker() for _ in homes))
        for home, worker in zip(homes, workers, strict=True):
            worker.home = home
            home.put_nowait(worker)

    async def _replace(self, old: _Worker) -> None:
        self._all.discard(old)
        await anyio.to_thread.run_sync(old.kill)
        worker = await self._new_worker()
        self.restarts += 1
        worker.home = old.home
        worker.home.put_nowait(worker)

    def _release(self, worker: _Worker, clean: bool) -> None:
        """Give ``worker`` back, or replace it (stopped mid-query, dead, or reniced)."""
        if clean and not worker.niced:
            worker.home.put_nowait(worker)
            return
        task = asyncio.get_running_loop().create_task(self._replace(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _remember(self, key: tuple[object, ...], expensive: bool) -> None:
        known, other = (
            (self._expensive, self._cheap) if expensive else (self._cheap, self._expensive)
        )
        other.pop(key, None)
        known[key] = None
        known.move_to_end(key)
        while len(known) > 1000:
            known.popitem(last=False)

    @staticmethod
    async def _acquire(semaphore: asyncio.Semaphore, timeout: float) -> bool:
        try:
            await asyncio.wait_for(semaphore.acquire(), max(0.0, timeout))
        except TimeoutError:
            return False
        return True

    async def run(self, job: QueryJob) -> QueryOutcome:
        if self._idle is None:
            raise RuntimeError("QueryPool.start() was not awaited")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        key = (job.text, job.default_graphs, job.named_graphs)
        slow = key in self._expensive
        trusted = not slow and key in self._cheap
        lane = self._slow if slow else self._trusted if trusted else self._fast
        acquired = await self._acquire(lane, self.timeout)
        if acquired and not slow and key in self._expensive:  # learnt while this one waited
            lane.release()
            slow, lane = True, self._slow
            acquired = await self._acquire(lane, deadline - loop.time())
        if not acquired:
            raise PoolBusy(
                "every query worker is busy"
                + (" with long queries" if slow else "")
                + "; try again shortly"
            )
        worker: _Worker | None = None
        clean = False
        try:
            try:
                idle = self._idle_slow if slow else self._idle_trusted if trusted else self._idle
                worker = await asyncio.wait_for(idle.get(), deadline - loop.time())
            except TimeoutError:
                raise PoolBusy("every query worker is busy; try again shortly") from None
            cpu, started = worker.cpu_seconds(), loop.time()
            worker.outbox.send(job)
            if slow:
                worker.renice()
            else:
                while True:
                    budget = min(self.fast_budget, deadline - loop.time())
                    outcome = await anyio.to_thread.run_sync(worker.wait, budget)
                    if outcome is not None:
                        clean = True
                        return outcome
                    # A query slow only because the machine is busy stays in the fast lane:
                    # what makes a query long is the CPU time it takes.
                    if not worker.cpu_seconds() - cpu < self.fast_budget:  # nan: unknown
                        break
                    if key in self._expensive:  # another request found it long meanwhile
                        break
                    if deadline - loop.time() <= 0:
                        raise QueryTimeout(
                            f"query stopped: it ran longer than the time limit of "
                            f"{self.timeout:g} s"
                        )
                # A long query: it moves to the slow lane, if there is room there soon.
                self._remember(key, True)
                if not await self._acquire(self._slow, self.fast_budget):
                    raise PoolBusy(
                        "query stopped: too many long queries are running; try again shortly"
                    )
                lane.release()
                lane, slow = self._slow, True
                worker.renice()
            outcome = await anyio.to_thread.run_sync(worker.wait, deadline - loop.time())
            if outcome is None:
                raise QueryTimeout(
                    f"query stopped: it ran longer than the time limit of {self.timeout:g} s"
                )
            clean = True
            quick = loop.time() - started < self.fast_budget  # then its CPU time was less
            self._remember(key, not quick and not worker.cpu_seconds() - cpu < self.fast_budget)
            return outcome
        finally:
            lane.release()
            if worker is not None:
                self._release(worker, clean)

    async def close(self) -> None:
        """Stop every worker, including replacements still starting."""
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for worker in list(self._all):
            await anyio.to_thread.run_sync(worker.close)
        self._all.clear()
        if self._spawner is not None:
            self._spawner.shutdown(wait=False)


if __name__ == "__main__":
    # Import by name so that pickled outcomes refer to ijgraph.server.pool, not __main__.
    from ijgraph.server.pool import _worker_main as _main

    _main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
