"""Benchmark of the search index and the reconciliation service's matching.

It prints, for the real graph and for synthetic graphs of --sizes triples
(``ijgraph synth``):

* the time to build the index from the quads, and how many entries it holds;
* the median latency of a set of searches (typos, Japanese, Hindi, phrases);
* for the real graph, how many names of tests/data/reconcile/names.csv are
  matched at the top by a reconciliation batch;
* the wall time of `ijgraph search` in a fresh process.

Run from the project root:
    .venv/bin/python benchmarks/search_bench.py [--sizes 100000] [--repeat 20]
This is a measurement, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from ijgraph.compiler.pipeline import load_quads
from ijgraph.graph.search import build_index, search
from ijgraph.server.reconcile import Reconciler

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ["malabr", "マラバール演習", "मालाबार", "operational synergy", "Act East Polcy", "貿易"]


def timed(run, repeat: int) -> float:  # type: ignore[no-untyped-def]
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(label: str, quads: list[ox.Quad], repeat: int) -> None:
    start = time.perf_counter()
    index = build_index(quads)
    built = (time.perf_counter() - start) * 1000
    print(
        f"{label}: {len(quads)} quads, {len(index.entries)} entries, index built in {built:.0f} ms"
    )
    for text in QUERIES:
        ms = timed(lambda t=text: search(index, t, 10), repeat)  # type: ignore[misc]
        print(f"  search {text!r}: {ms:.1f} ms (median of {repeat})")


def matched(quads: list[ox.Quad]) -> None:
    store = ox.Store()
    store.bulk_extend(quads)
    service = Reconciler(build_index(quads), store, timeout=60)
    with open(ROOT / "tests/data/reconcile/names.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    start = time.perf_counter()
    answer = service.reconcile({f"q{i}": {"query": r["name"]} for i, r in enumerate(rows)})
    ms = (time.perf_counter() - start) * 1000
    top = [answer[f"q{i}"]["result"][:1] for i in range(len(rows))]
    right = sum(1 for r, t in zip(rows, top, strict=True) if t and t[0]["id"] == r["expected"])
    print(f"reconciliation: {right} of {len(rows)} names matched at the top ({ms:.0f} ms batch)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    quads = load_quads(ROOT)
    measure("real graph", quads, args.repeat)
    matched(quads)
    cli = [str(Path(sys.executable).with_name("ijgraph")), "search", "malabr", "--root", str(ROOT)]
    ms = timed(lambda: subprocess.run(cli, capture_output=True, check=True), 3)
    print(f"`ijgraph search malabr`: {ms:.0f} ms wall time (median of 3, fresh process)")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            synth = [str(Path(sys.executable).with_name("ijgraph")), "synth", "-n", str(size)]
            subprocess.run([*synth, "--out", tmp], capture_output=True, check=True)
            data = list(ox.parse(path=str(Path(tmp) / "ijgraph.nq"), format=ox.RdfFormat.N_QUADS))
            measure(f"synthetic {size}", data, max(3, args.repeat // 4))


if __name__ == "__main__":
    main()
