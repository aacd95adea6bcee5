"""Render benchmark at scale: ``ijgraph render`` on a synthetic graph of 1M triples.

Writes the synthetic graph with ``ijgraph synth`` (not timed), then times
``ijgraph render --input … --out …`` as a user runs it (a fresh process: reading
the TriG file, projection, layouts, every page, written to disk) and prints:

* wall seconds and CPU seconds (the render process and its workers);
* files and MB written;
* peak memory: the render process's own peak RSS, and the
  peak of the whole process tree's PSS (proportional set size: pages the
  workers share with the parent copy-on-write are counted once, so this is the
  memory the render really takes), sampled every 0.25 s from /proc.

Targets (issue 12): <= 60 s and <= 2 GB for 1M triples.

    .venv/bin/python benchmarks/render_scale_bench.py                  # 1M triples
    .venv/bin/python benchmarks/render_scale_bench.py --triples 100000 --workers 1
    .venv/bin/python benchmarks/render_scale_bench.py --dir /dev/shm    # pages in memory

On this project's 2-core machine, writing 2 GB of pages to its virtual disk costs about
ten seconds more than writing them to memory (``--dir /dev/shm``).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

IJGRAPH = [sys.executable, "-m", "ijgraph"]


def _tree(root: int) -> list[int]:
    """``root`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """The peak PSS of a process tree, sampled until stopped."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(p) for p in _tree(self.pid)))
            self.done.wait(0.25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None, help="default: ijgraph's own")
    parser.add_argument(
        "--dir", default=None, help="where to write (default: the system's temporary folder)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        graph, out = Path(tmp) / "graph", Path(tmp) / "html"
        subprocess.run(
            [
                *IJGRAPH,
                "synth",
                "--triples",
                str(args.triples),
                "--seed",
                str(args.seed),
                "--out",
                str(graph),
            ],
            check=True,
            capture_output=True,
        )
        command = [*IJGRAPH, "render", "--input", str(graph / "ijgraph.trig"), "--out", str(out)]
        if args.workers:
            command += ["--workers", str(args.workers)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        sampler = Sampler(proc.pid)
        sampler.start()
        # wait4 gives the render process's own peak RSS; its workers' are in RUSAGE_CHILDREN
        # of the render process, which we cannot read, so we read the largest from the tree.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"ijgraph render failed: {command}")
        files = [p for p in out.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files) / 1e6
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"triples     {args.triples:,}")
        print(f"workers     {args.workers or 'auto'} (CPUs here: {len(os.sched_getaffinity(0))})")
        print(f"wall        {wall:.1f} s   (target <= 60 s)")
        print(f"cpu         {cpu:.1f} s   (render process and its workers)")
        print(f"files       {len(files):,} ({size:,.0f} MB, in {tmp})")
        print(f"peak RSS    {usage.ru_maxrss / 1024:,.0f} MB (render process)")
        print(
            f"peak PSS    {sampler.peak_kb / 1024:,.0f} MB (render process and workers together;"
            " target <= 2 GB)"
        )


if __name__ == "__main__":
    main()
