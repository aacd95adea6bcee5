"""Endpoint throughput and latency: 8 concurrent clients against ``ijgraph serve``;
and fairness: 45 cheap and 5 runaway clients at once (``--mixed``).

Starts ``ijgraph serve`` on a free localhost port (or uses ``--url``), then, for a
few example queries of the catalog, has N client threads (httpx, keep-alive) send
the query over and over for a fixed time; prints requests/s, p50 and p99 latency
per query and over all of them. Target: p99 <= 100 ms.

With ``--mixed``, 45 clients send cheap example queries and 5 send runaway queries
(cartesian products that run until the time limit) for 60 s; prints how many cheap
queries were answered and how many were not (the target: none), their p50/p99
latency (target p99 <= 250 ms), what the runaway clients got, and the peak memory
of the server and its workers together.

    .venv/bin/python benchmarks/endpoint_bench.py [--clients 8] [--seconds 5] [--workers 2]
    .venv/bin/python benchmarks/endpoint_bench.py --mixed [--seconds 60]
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


_SERVER_PID = [0]


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
    _SERVER_PID[0] = process.pid
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


RUNAWAYS = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(STR(?c)) STR(?f)",
)


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of process ``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def mixed(url: str, texts: list[str], seconds: float, cheap: int, runaway: int, pid: int) -> None:
    """``cheap`` clients of cheap queries and ``runaway`` clients of runaway ones at once."""
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    cheap_ms: list[float] = []
    cheap_failed: dict[int, int] = {}
    runaway_status: dict[int, int] = {}
    peak = [0]

    def client(queries: list[str], record: bool) -> None:
        with httpx.Client(timeout=60) as http:
            i = 0
            while time.monotonic() < stop:
                text = queries[i % len(queries)]
                i += 1
                start = time.perf_counter()
                try:
                    status = http.post(url + "/sparql", data={"query": text}).status_code
                except httpx.HTTPError:
                    status = 0
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    if not record:
                        runaway_status[status] = runaway_status.get(status, 0) + 1
                    elif status == 200:
                        cheap_ms.append(elapsed)
                    else:
                        cheap_failed[status] = cheap_failed.get(status, 0) + 1

    def watch() -> None:
        while time.monotonic() < stop:
            peak[0] = max(peak[0], tree_rss(pid)) if pid else 0
            time.sleep(0.5)

    threads = [threading.Thread(target=client, args=(texts, True)) for _ in range(cheap)]
    threads += [
        threading.Thread(target=client, args=([RUNAWAYS[i % len(RUNAWAYS)]], False))
        for i in range(runaway)
    ]
    threads.append(threading.Thread(target=watch))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    answered, failed = len(cheap_ms), sum(cheap_failed.values())
    print(f"{cheap} cheap + {runaway} runaway clients for {seconds:g} s, server {url}")
    print(f"cheap queries answered: {answered}, not answered: {failed} {cheap_failed or ''}")
    if cheap_ms:
        print(
            f"cheap latency ms: p50 {statistics.median(cheap_ms):.1f}  "
            f"p99 {percentile(cheap_ms, 0.99):.1f}  max {max(cheap_ms):.1f}  "
            f"({answered / seconds:.1f} answered/s)"
        )
    print(f"runaway answers by status: {dict(sorted(runaway_status.items()))}")
    if pid:
        print(f"peak memory of the server and its workers: {peak[0] / 2**20:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="benchmark a running server instead of starting one")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0, help="per query")
    parser.add_argument("--workers", type=int, default=2, help="query workers of the server")
    parser.add_argument("--mixed", action="store_true", help="45 cheap + 5 runaway clients")
    parser.add_argument("--cheap", type=int, default=45, help="with --mixed: cheap clients")
    parser.add_argument("--runaway", type=int, default=5, help="with --mixed: runaway clients")
    parser.add_argument("queries", nargs="*", default=list(DEFAULT_QUERIES))
    args = parser.parse_args()
    catalog = read_catalog(EXAMPLES_DIR)
    names = [n for n in args.queries if n in catalog] or list(catalog)[:4]

    if args.mixed:
        seconds = args.seconds if args.seconds != 5.0 else 60.0
        texts = [catalog[n].text for n in names]
        with server(args.workers) if args.url is None else _given(args.url) as url:
            pid = _SERVER_PID[0] if args.url is None else 0
            mixed(url, texts, seconds, args.cheap, args.runaway, pid)
        return

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
