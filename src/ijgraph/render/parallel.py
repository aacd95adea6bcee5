"""Making the site's pages on several processes, in order, with the same bytes.

Most pages of a large graph are entity and reader pages: a :class:`Sharded` page
kind makes them for any part of its keys (entities, documents), so
:func:`make_pages` can split it into tasks. Every other kind is one task. With ``n`` workers this
process and ``n - 1`` forked ones take tasks from one shared counter until none
is left; the forked ones share this process's :class:`~ijgraph.render.model.Site`
copy-on-write (nothing is pickled but the pages they make). A task makes the
same bytes in any process, so the files never depend on the number of workers.

>>> kind = Sharded(lambda site: ["a", "b", "c"], lambda site, nav, keys: [(k, k) for k in keys])
>>> [path for path, _ in make_pages({"letters": kind}, None, None, workers=1)]
['a', 'b', 'c']
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from queue import Empty
from typing import Any, TypeVar, cast

__all__ = ["TASK_PAGES", "Sharded", "auto_workers", "can_fork", "in_background", "make_pages"]

#: A sharded kind is cut into tasks of about this many pages (progress stays smooth,
#: and a worker never holds more than one task's pages).
TASK_PAGES = 400
#: Below this many pages in all, one process makes them (starting workers costs more).
PARALLEL_FROM = 3000

Task = Callable[[], Iterable[tuple[str, str | bytes]]]
T = TypeVar("T")


@dataclass(frozen=True)
class Sharded:
    """A page kind made key by key: ``pages(site, nav, keys)`` makes the pages of ``keys``
    (a sorted part of ``keys(site)``); called as a page kind it makes them all."""

    keys: Callable[[Any], Sequence[str]]
    pages: Callable[[Any, Any, Sequence[str]], Iterable[tuple[str, str]]]

    def __call__(self, site: Any, nav: Any) -> Iterable[tuple[str, str]]:
        return self.pages(site, nav, self.keys(site))


def can_fork() -> bool:
    """Whether this platform starts processes by forking (Linux, other Unixes)."""
    return "fork" in multiprocessing.get_all_start_methods()


def auto_workers(pages: int) -> int:
    """One process for small sites or where processes cannot fork; else one per CPU
    this process may use (at most 8)."""
    if pages < PARALLEL_FROM or not can_fork():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(8, cpus or 1))


def _tasks(kinds: Mapping[str, Any], site: Any, nav: Any) -> list[Task]:
    """One task per unsharded kind (first: they are the longest), then the parts of the
    sharded ones, in key order."""
    whole: list[Task] = []
    parts: list[Task] = []
    for kind in kinds.values():
        if isinstance(kind, Sharded):
            keys = list(kind.keys(site))
            for start in range(0, len(keys), TASK_PAGES):
                parts.append(partial(kind.pages, site, nav, keys[start : start + TASK_PAGES]))
        else:
            whole.append(partial(_pairs, kind, site, nav))
    return whole + parts


def _pairs(kind: Any, site: Any, nav: Any) -> Iterable[tuple[str, str]]:
    out = kind(site, nav)
    return out.items() if isinstance(out, Mapping) else out


#: The tasks of the running make_pages, inherited by its forked workers.
_TASKS: list[Task] = []


def _run(index: int) -> list[tuple[str, bytes]]:
    pages = [(path, _bytes(html)) for path, html in _TASKS[index]()]
    # The collector is off while pages are made (it would scan the growing caches of
    # shared fragments again and again); the young garbage of each task goes here.
    gc.collect(1)
    return pages


def _bytes(html: str | bytes) -> bytes:
    return html if isinstance(html, bytes) else html.encode("utf-8")


def _next(counter: Any) -> int | None:
    """The next task nobody has taken (the counter is shared by every process)."""
    with counter.get_lock():
        index = int(counter.value)
        if index >= len(_TASKS):
            return None
        counter.value = index + 1
        return index


def _work(counter: Any, queue: Any) -> None:
    """A worker: take tasks until none is left, send their pages, then ``None``."""
    try:
        while (index := _next(counter)) is not None:
            queue.put((index, _run(index)))
    except BaseException as err:  # sent whole when it pickles, else as its message
        try:
            pickle.dumps(err)
        except Exception:
            err = RuntimeError(f"{type(err).__name__}: {err}")
        queue.put((-1, err))
    queue.put(None)


#: What the next background process runs (set only while it forks: this process
#: keeps no reference to it, nor to what it reads).
_BACKGROUND: list[Callable[[], Any]] = []


def _background(writer: Any) -> None:
    # What the process inherited is never scanned by the collector (which would write to,
    # and so copy, every page of memory it shares with its parent).
    gc.freeze()
    gc.disable()
    try:
        writer.send((True, _BACKGROUND[0]()))
    except BaseException as err:
        writer.send((False, f"{type(err).__name__}: {err}"))


def in_background(make: Callable[[], T]) -> Callable[[], T]:
    """Start ``make()`` in a forked process now; call the result to wait for its value.

    For work that reads what this process holds (the quads) while this process goes on
    with other work; the value comes back pickled, so it should be small.
    """
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    _BACKGROUND[:] = [make]
    proc = context.Process(target=_background, args=(writer,), daemon=True)
    try:
        proc.start()
    finally:
        _BACKGROUND.clear()
        writer.close()

    def wait() -> T:
        try:
            ok, value = reader.recv()
        except EOFError:
            raise RuntimeError("a background worker died (out of memory?)") from None
        finally:
            proc.join()
            reader.close()
        if not ok:
            raise RuntimeError(value)
        return cast(T, value)

    return wait


def page_count(kinds: Mapping[str, Any], site: Any) -> int:
    """How many pages the sharded kinds will make (what decides the number of workers)."""
    return sum(len(k.keys(site)) for k in kinds.values() if isinstance(k, Sharded))


def make_pages(
    kinds: Mapping[str, Any], site: Any, nav: Any, *, workers: int | None = None
) -> Iterator[tuple[str, bytes]]:
    """The pages of ``kinds``, made by ``workers`` processes (``None``: :func:`auto_workers`).

    The same pages and bytes for any number of workers; with one, in task order (the
    unsharded kinds, then the parts of the sharded ones), else as tasks finish. The
    cyclic garbage collector is off until the last page is made (each task's young
    garbage is collected after it).
    """
    if workers is None:
        workers = auto_workers(page_count(kinds, site))
    _TASKS[:] = _tasks(kinds, site, nav)
    # Objects that exist now (the site) are never scanned by the collector again, and
    # in the workers it does not write to (and copy) the memory they share with us.
    gc.freeze()
    enabled = gc.isenabled()
    gc.disable()
    try:
        if workers <= 1 or len(_TASKS) < 2:
            for index in range(len(_TASKS)):
                yield from _run(index)
        else:
            yield from _parallel(workers)
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()
        _TASKS.clear()


def _parallel(workers: int) -> Iterator[tuple[str, bytes]]:
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    queue = context.Queue()
    # This process takes tasks too, from the same counter: one process fewer holds its
    # own copy of what it touches, and nobody waits for a slow task to keep an order.
    procs = [
        context.Process(target=_work, args=(counter, queue), daemon=True)
        for _ in range(min(workers, len(_TASKS)) - 1)
    ]
    for proc in procs:
        proc.start()
    running = len(procs)

    def receive(block: bool) -> Iterator[tuple[str, bytes]]:
        nonlocal running
        while running:
            try:
                item = queue.get(timeout=1.0) if block else queue.get_nowait()
            except Empty:
                if not block:
                    return
                if any(p.exitcode not in (None, 0) for p in procs):
                    raise RuntimeError("a page worker died (out of memory?)") from None
                continue
            if item is None:
                running -= 1
            elif item[0] < 0:
                raise item[1]
            else:
                yield from item[1]

    try:
        while (index := _next(counter)) is not None:
            yield from _run(index)
            yield from receive(block=False)
        yield from receive(block=True)
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()
        queue.close()
