"""Render benchmark at scale: ``ijgraph render`` on a synthetic graph of 1M triples.

Writes the synthetic graph with ``ijgraph synth`` (not timed), then times
``ijgraph render --input … --out …`` as a user runs it (a fresh process: reading
the TriG file, projection, layouts, every page, written to disk), ``--runs`` times,
and runs it once more to measure memory. It prints:

* wall seconds (median and each run) and CPU seconds (the render process and its workers);
* files and MB written, and whether every run wrote the same bytes;
* peak memory: the render process's own peak RSS, and the
  peak of the whole process tree's PSS (proportional set size: pages the
  workers share with the parent copy-on-write are counted once, so this is the
  memory the render really takes), sampled every 0.25 s from /proc in the last run.
  Reading a large process's PSS takes the kernel a tenth of a second, which on a
  2-core machine slows the render: the timed runs are not sampled.

Targets (issue 12): <= 60 s and <= 2 GB for 1M triples.

    .venv/bin/python benchmarks/render_scale_bench.py                  # 1M triples
    .venv/bin/python benchmarks/render_scale_bench.py --triples 100000 --workers 1
    .venv/bin/python benchmarks/render_scale_bench.py --dir /dev/shm    # pages in memory

Every run writes a new folder, and none is deleted until the last run ends. On an ext4
file system without a journal (this project's virtual machine has one), the kernel skips
inodes freed in the last minutes when it makes a new file: for some minutes after tens
of thousands of files were deleted, writing as many new ones takes several seconds more
(seen as system time in the process that writes). Wait five minutes after deleting a
large output before timing, or write to memory (``--dir /dev/shm``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
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


def _render(command: list[str], sampler: bool) -> tuple[float, float, int, int]:
    """Run ``command``: wall seconds, CPU seconds (the process and its workers), the
    process's own peak RSS (kB) and, when ``sampler``, the tree's peak PSS (kB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    watch = Sampler(proc.pid) if sampler else None
    if watch is not None:
        watch.start()
    # wait4 gives the render process's own peak RSS; its workers' are in RUSAGE_CHILDREN
    # of the render process, which we cannot read.
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if watch is not None:
        watch.done.set()
        watch.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"ijgraph render failed: {command}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, usage.ru_maxrss, watch.peak_kb if watch is not None else 0


def _digest(folder: Path) -> tuple[int, int, str]:
    """Number of files, bytes and one digest of every file's path and bytes."""
    digest, count, size = hashlib.sha256(), 0, 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + data + b"\0")
        count, size = count + 1, size + len(data)
    return count, size, digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None, help="default: ijgraph's own")
    parser.add_argument("--runs", type=int, default=1, help="timed runs (then one for memory)")
    parser.add_argument(
        "--dir", default=None, help="where to write (default: the system's temporary folder)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        graph = Path(tmp) / "graph"
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

        def command(out: Path) -> list[str]:
            extra = ["--workers", str(args.workers)] if args.workers else []
            return [
                *IJGRAPH,
                "render",
                "--input",
                str(graph / "ijgraph.trig"),
                "--out",
                str(out),
                *extra,
            ]

        # Every run writes a new folder and none is deleted before the last run ends (see
        # the module's notes on file systems).
        timed = [_render(command(Path(tmp) / f"html{i}"), False) for i in range(args.runs)]
        _, _, _, peak_pss = _render(command(Path(tmp) / "html-memory"), True)
        outputs = {_digest(Path(tmp) / f"html{i}") for i in range(args.runs)}
        outputs.add(_digest(Path(tmp) / "html-memory"))
        (files, size, _), *others = outputs
        walls = sorted(t[0] for t in timed)
        print(f"triples     {args.triples:,}")
        print(f"workers     {args.workers or 'auto'} (CPUs here: {len(os.sched_getaffinity(0))})")
        print(
            f"wall        {statistics.median(walls):.1f} s median of {len(walls)}"
            f" ({', '.join(f'{w:.1f}' for w in walls)})   (target <= 60 s)"
        )
        cpu = statistics.median(t[1] for t in timed)
        print(f"cpu         {cpu:.1f} s   (render process and its workers)")
        print(
            f"files       {files:,} ({size / 1e6:,.0f} MB; the same bytes every run: {not others})"
        )
        print(f"peak RSS    {max(t[2] for t in timed) / 1024:,.0f} MB (render process)")
        print(
            f"peak PSS    {peak_pss / 1024:,.0f} MB (render process and workers together,"
            " sampled in a separate run; target <= 2 GB)"
        )


if __name__ == "__main__":
    main()
