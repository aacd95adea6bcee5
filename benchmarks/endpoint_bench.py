"""Endpoint throughput and latency: 8 concurrent clients against ``ijgraph serve``.

Starts ``ijgraph serve`` on a free localhost port (or uses ``--url``), then, for a
few example queries of the catalog, has N client threads (httpx, keep-alive) send
the query over and over for a fixed time; prints requests/s, p50 and p99 latency
per query and over all of them. Target: p99 <= 100 ms.

    .venv/bin/python benchmarks/endpoint_bench.py [--clients 8] [--seconds 5] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from ijgraph.server.app import EXAMPLES_DIR
from ijgraph.sparql.catalog import read_catalog
from ijgraph.sparql.guard import query_form

DEFAULT_QUERIES = (
    "01-naval-exercises",
    "04-vision-pillars",
    "06-trade-2022-23",
    "18-entities-per-class",
    "28-describe-cepa",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(workers: int) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "ijgraph",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/sparql", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("ijgraph serve did not start")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def hammer(
    url: str, text: str, accept: str, clients: int, seconds: float
) -> tuple[list[float], int]:
    """Latencies (s) of every request that ``clients`` threads send in ``seconds``."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        mine: list[float] = []
        with httpx.Client(timeout=30) as http:
            while time.monotonic() < stop:
                start = time.perf_counter()
                response = http.post(
                    url + "/sparql", data={"query": text}, headers={"Accept": accept}
                )
                mine.append(time.perf_counter() - start)
                if response.status_code != 200:
                    with lock:
                        errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def row(name: str, latencies: list[float], seconds: float, errors: int) -> str:
    ms = [x * 1000 for x in latencies]
    return (
        f"{name:<26} {len(ms) / seconds:8.1f} {statistics.median(ms):8.1f} "
        f"{percentile(ms, 0.99):8.1f} {max(ms):8.1f} {errors:6d}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="benchmark a running server instead of starting one")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0, help="per query")
    parser.add_argument("--workers", type=int, default=2, help="query workers of the server")
    parser.add_argument("queries", nargs="*", default=list(DEFAULT_QUERIES))
    args = parser.parse_args()
    catalog = read_catalog(EXAMPLES_DIR)
    names = [n for n in args.queries if n in catalog] or list(catalog)[:4]

    with server(args.workers) if args.url is None else _given(args.url) as url:
        print(
            f"{args.clients} clients, {args.seconds:g} s per query, server {url} "
            f"({args.workers} workers, {os.cpu_count()} CPUs)"
        )
        print(f"{'query':<26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6}")
        everything: list[float] = []
        total_time = 0.0
        for name in names:
            text = catalog[name].text
            graph = query_form(text) in ("CONSTRUCT", "DESCRIBE")
            accept = "text/turtle" if graph else "application/sparql-results+json"
            hammer(url, text, accept, 1, 0.2)  # warm-up
            latencies, errors = hammer(url, text, accept, args.clients, args.seconds)
            print(row(name, latencies, args.seconds, errors))
            everything += latencies
            total_time += args.seconds
        print(row("all", everything, total_time, 0))


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url.rstrip("/")


if __name__ == "__main__":
    main()
