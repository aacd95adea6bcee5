"""Making the site's pages on several processes, in order, with the same bytes.

Most pages of a large graph are entity and reader pages: a :class:`Sharded` page
kind makes them for any part of its keys (entities, documents), so
:func:`make_pages` can split it into tasks. Every other kind is one task. With ``n`` workers this
process makes every ``n``-th task and ``n - 1`` forked processes make the
others, sharing this process's :class:`~ijgraph.render.model.Site`
copy-on-write (nothing is pickled but the task's number and its pages); pages
come out in task order, so the files and their bytes never depend on the
number of workers.

>>> kind = Sharded(lambda site: ["a", "b", "c"], lambda site, nav, keys: [(k, k) for k in keys])
>>> [path for path, _ in make_pages({"letters": kind}, None, None, workers=1)]
['a', 'b', 'c']
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

__all__ = ["TASK_PAGES", "Sharded", "auto_workers", "make_pages"]

#: A sharded kind is cut into tasks of about this many pages (progress stays smooth,
#: and a worker never holds more than one task's pages).
TASK_PAGES = 400
#: Below this many pages in all, one process makes them (starting workers costs more).
PARALLEL_FROM = 3000

Task = Callable[[], Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class Sharded:
    """A page kind made key by key: ``pages(site, nav, keys)`` makes the pages of ``keys``
    (a sorted part of ``keys(site)``); called as a page kind it makes them all."""

    keys: Callable[[Any], Sequence[str]]
    pages: Callable[[Any, Any, Sequence[str]], Iterable[tuple[str, str]]]

    def __call__(self, site: Any, nav: Any) -> Iterable[tuple[str, str]]:
        return self.pages(site, nav, self.keys(site))


def auto_workers(pages: int) -> int:
    """One process for small sites or where processes cannot fork; else one per CPU
    this process may use (at most 8)."""
    if pages < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(8, cpus or 1))


def _tasks(kinds: Mapping[str, Any], site: Any, nav: Any) -> list[Task]:
    tasks: list[Task] = []
    for kind in kinds.values():
        if isinstance(kind, Sharded):
            keys = list(kind.keys(site))
            for start in range(0, len(keys), TASK_PAGES):
                tasks.append(partial(kind.pages, site, nav, keys[start : start + TASK_PAGES]))
        else:
            tasks.append(partial(_pairs, kind, site, nav))
    return tasks


def _pairs(kind: Any, site: Any, nav: Any) -> Iterable[tuple[str, str]]:
    out = kind(site, nav)
    return out.items() if isinstance(out, Mapping) else out


#: The tasks of the running make_pages, inherited by its forked workers.
_TASKS: list[Task] = []


def _run(index: int) -> list[tuple[str, bytes]]:
    return [(path, html.encode("utf-8")) for path, html in _TASKS[index]()]


def page_count(kinds: Mapping[str, Any], site: Any) -> int:
    """How many pages the sharded kinds will make (what decides the number of workers)."""
    return sum(len(k.keys(site)) for k in kinds.values() if isinstance(k, Sharded))


def make_pages(
    kinds: Mapping[str, Any], site: Any, nav: Any, *, workers: int | None = None
) -> Iterator[tuple[str, bytes]]:
    """The pages of ``kinds`` (in their order), made by ``workers`` processes
    (``None``: :func:`auto_workers`). The same pages and bytes for any number of workers."""
    if workers is None:
        workers = auto_workers(page_count(kinds, site))
    tasks = _tasks(kinds, site, nav)
    if workers <= 1 or len(tasks) < 2:
        for task in tasks:
            for path, html in task():
                yield path, html.encode("utf-8")
        return
    _TASKS[:] = tasks
    # Objects that exist now are never collected in the workers, so the collector
    # does not write to (and copy) the pages they share with this process.
    gc.freeze()
    # This process makes every ``workers``-th task itself and ``workers - 1`` forked
    # processes make the others: one process fewer holds its own copy of what it touched.
    helped = [i for i in range(len(tasks)) if i % workers != 0]
    pool = multiprocessing.get_context("fork").Pool(workers - 1)
    try:
        results = pool.imap(_run, helped, chunksize=1)
        for index in range(len(tasks)):
            if index % workers == 0:
                yield from _run(index)
            else:
                yield from next(results)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        gc.unfreeze()
        _TASKS.clear()
