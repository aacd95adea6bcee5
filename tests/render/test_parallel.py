"""Pages made by several processes: the same files and bytes as one process makes,
in any process (string hashing differs between processes), and errors come back whole."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pytest

from ijgraph.compiler.pipeline import Build
from ijgraph.errors import IjgraphError
from ijgraph.render.layout import _noverlap
from ijgraph.render.parallel import Sharded, in_background, make_pages

#: Prints the digest of every page of a synthetic site of about 1,000 entities (more than
#: twice the layout core, so the overview lays out a part of its graph).
DIGEST = """
import hashlib, sys
from dataclasses import dataclass
from ijgraph.compiler.synth import synthesize
from ijgraph.render import render_site

@dataclass
class Quads:
    quads: list

site = render_site(Quads(list(synthesize(15000, seed=5))), workers=int(sys.argv[1]))
digest = hashlib.sha256()
for path, data in sorted(site.items()):
    digest.update(path.encode() + b"\\0" + data + b"\\0")
print(len(site), digest.hexdigest())
"""


def _digest(workers: int, hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", DIGEST, str(workers)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=600,
    )
    return done.stdout.strip()


def test_same_pages_for_any_number_of_workers_and_any_process() -> None:
    one = _digest(1, "1")
    assert int(one.split()[0]) > 1000  # every entity has its page
    assert _digest(2, "2") == one
    assert _digest(3, "3") == one


def _letters(site: object) -> list[str]:
    return [chr(c) for c in range(ord("a"), ord("a") + 30)]


def _pages(site: object, nav: object, keys: Sequence[str]) -> list[tuple[str, str]]:
    return [(f"{k}.html", f"{k} {os.getpid()}") for k in keys]


def _failing(site: object, nav: object, keys: Sequence[str]) -> list[tuple[str, str]]:
    if "q" in keys:
        raise IjgraphError("entity q cannot be drawn")
    return _pages(site, nav, keys)


def test_sharded_kind_is_split_into_tasks_run_by_other_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("ijgraph.render.parallel.TASK_PAGES", 4)
    kinds = {"letters": Sharded(_letters, _pages), "one": lambda site, nav: {"all.html": "all"}}
    pages = list(make_pages(kinds, None, None, workers=2))
    assert sorted(p for p, _ in pages) == sorted(
        [f"{k}.html" for k in _letters(None)] + ["all.html"]
    )
    made_by = {path: int(data.split()[1]) for path, data in pages if path != "all.html"}
    # Tasks of 4 pages: each task's pages come from one process, this one or a forked one.
    for start in range(0, 30, 4):
        assert len({made_by[f"{k}.html"] for k in _letters(None)[start : start + 4]}) == 1


def test_an_error_in_a_worker_reaches_the_caller_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ijgraph.render.parallel.TASK_PAGES", 4)
    with pytest.raises(IjgraphError, match="entity q cannot be drawn"):
        list(make_pages({"letters": Sharded(_letters, _failing)}, None, None, workers=2))


def test_nodes_at_the_same_point_are_parted() -> None:
    placed = _noverlap({"a": (5.0, 5.0), "b": (5.0, 5.0), "c": (5.0, 5.0), "d": (90.0, 0)}, 10)
    points = np.array(list(placed.values()))
    assert np.isfinite(points).all()
    gaps = [np.hypot(*(points[i] - points[j])) for i in range(4) for j in range(i + 1, 4)]
    assert min(gaps) > 15  # close to the 20 asked for after the deterministic rounds
    assert placed["d"] == (90.0, 0.0)


PARENT = os.getpid()


def _dying(site: object, nav: object, keys: Sequence[str]) -> list[tuple[str, str]]:
    if os.getpid() != PARENT:
        os._exit(3)  # a worker killed mid-task (as by the kernel's out-of-memory killer)
    time.sleep(0.2)  # this process is slow: the worker surely takes a task meanwhile
    return _pages(site, nav, keys)


def test_a_worker_that_dies_is_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ijgraph.render.parallel.TASK_PAGES", 1)
    with pytest.raises(RuntimeError, match="page worker died"):
        list(make_pages({"letters": Sharded(_letters, _dying)}, None, None, workers=2))


def test_ontology_and_timeline_data_read_in_the_background_give_the_same_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ijgraph.compiler.synth import synthesize
    from ijgraph.render import render_site

    @dataclass
    class Quads:
        quads: list[object]

    build = Quads(list(synthesize(4000, seed=3)))
    alone = render_site(build, workers=1)
    monkeypatch.setattr("ijgraph.render.BACKGROUND_FROM", 0)
    monkeypatch.setattr("ijgraph.render.parallel.PARALLEL_FROM", 0)
    assert render_site(build) == alone  # background reader, then 2+ workers when CPUs allow
    assert render_site(build, workers=2) == alone


def _fails() -> int:
    raise IjgraphError("no ontology here")


def test_background_errors_and_values_come_back() -> None:
    assert in_background(lambda: 6 * 7)() == 42
    with pytest.raises(RuntimeError, match="IjgraphError: no ontology here"):
        in_background(_fails)()


def test_a_site_is_freed_when_its_pages_are_made_not_left_to_the_collector(built: Build) -> None:
    """No reference cycle through the site (its memoised fragments, indexes, records):
    at a million triples the cyclic collector took seconds to free one at exit."""
    from ijgraph.render import PAGE_KINDS, Site, project_themes
    from ijgraph.render.templating import Nav

    site = Site.from_quads(built.quads, dict(project_themes()))
    nav = Nav(themes=(), extras=(), sources=(), max_overview_nodes=5000)
    pages = dict(make_pages(PAGE_KINDS, site, nav, workers=1))
    assert any(path.startswith("entity/") for path in pages)
    assert site.memo("fragments", dict) is not None  # the entity pages memoised their parts
    freed = weakref.ref(site)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del site
        assert freed() is None
    finally:
        if enabled:
            gc.enable()
