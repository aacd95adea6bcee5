"""Benchmark of ijgraph's SPARQL engines and of `ijgraph query` end to end.

For each engine (pyoxigraph, rdflib) it prints:

* the time to load the graph from exports/ijgraph.trig;
* the latency of every example query, in process (median of --repeat runs,
  after one warm-up run): parse check + evaluation + reading the rows;
* the wall time of `ijgraph query <example>` in a fresh process (median of
  --cli-repeat runs): interpreter start, imports, loading, query, printing.

Run from the project root:
    .venv/bin/python benchmarks/query_bench.py [--repeat 20] [--cli-repeat 3]
This is a measurement, not a test: it asserts nothing. Target: CLI <= 150 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import rdflib

from ijgraph.sparql.core import ENGINES, examples, query

CLI_TARGET_MS = 150.0


def median_ms(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``run`` in milliseconds, after one warm-up call."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("ijgraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ijgraph"]


def cli_ms(args: list[str], repeat: int, root: Path) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            args, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="in-process runs per query")
    parser.add_argument("--cli-repeat", type=int, default=3, help="CLI runs per example")
    parser.add_argument("--only", nargs="*", default=None, help="example names to run")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args()

    catalog = examples()
    names = [n for n in catalog if not args.only or any(o in n for o in args.only)]
    print(
        f"python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, "
        f"rdflib {rdflib.__version__}, {len(names)} example queries"
    )

    engines = {}
    for name, cls in ENGINES.items():
        path = args.root / "exports" / "ijgraph.trig"
        engines[name] = cls.from_file(path)
        load = median_ms(lambda cls=cls, path=path: cls.from_file(path), 3)
        print(f"load {name:<8} {load:8.1f} ms")

    print(f"\nIn-process latency, median of {args.repeat} (ms)")
    header = f"{'example':<30}{'rows':>6}" + "".join(f"{e:>11}" for e in engines) + f"{'ratio':>8}"
    print(header)
    print("-" * len(header))
    totals = dict.fromkeys(engines, 0.0)
    for name in names:
        text = catalog[name].text
        rows = len(query(text, engine=engines["oxigraph"]))
        cells = {}
        for engine_name, engine in engines.items():
            cells[engine_name] = median_ms(
                lambda t=text, e=engine: list(query(t, engine=e)), args.repeat
            )
            totals[engine_name] += cells[engine_name]
        ratio = cells["rdflib"] / cells["oxigraph"] if cells["oxigraph"] else float("nan")
        print(
            f"{name:<30}{rows:>6}"
            + "".join(f"{v:>11.2f}" for v in cells.values())
            + f"{ratio:>7.0f}x"
        )
    print(f"{'total':<36}" + "".join(f"{v:>11.1f}" for v in totals.values()))

    command = cli_command()
    print(
        f"\n`{' '.join(Path(command[0]).name if i == 0 else c for i, c in enumerate(command))}"
        f" query <example>` wall time, median of {args.cli_repeat} (ms)"
    )
    print(f"{'example':<30}" + "".join(f"{e:>11}" for e in engines))
    walls: dict[str, list[float]] = {e: [] for e in engines}
    for name in names:
        cells = {}
        for engine_name in engines:
            cells[engine_name] = cli_ms(
                [*command, "query", name, "--engine", engine_name], args.cli_repeat, args.root
            )
            walls[engine_name].append(cells[engine_name])
        print(f"{name:<30}" + "".join(f"{v:>11.0f}" for v in cells.values()))
    for engine_name, values in walls.items():
        print(
            f"CLI {engine_name:<8} min {min(values):6.0f}  median {statistics.median(values):6.0f}"
            f"  max {max(values):6.0f} ms   (target <= {CLI_TARGET_MS:.0f} ms)"
        )
    python_only = cli_ms([sys.executable, "-c", "pass"], max(args.cli_repeat, 3), args.root)
    print(
        f"bare interpreter start: {python_only:.0f} ms; "
        f"CPU: {platform.processor() or platform.machine()}, {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
