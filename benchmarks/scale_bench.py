"""Scale benchmark: ijgraph against plain rdflib and raw pyoxigraph, on synthetic graphs.

For each size (10k, 100k and, unless ``--no-1m``, 1M triples, from
``ijgraph.compiler.synth``), every system runs in its own fresh subprocess (so peak RSS
is its own, read from ``getrusage``) and reports: load time of the TriG file,
the time of each representative query and of the whole example catalog, Turtle
export time and peak RSS. Systems:

* ``ijgraph``: the default path (``ijgraph.sparql.core.query`` on the oxigraph engine:
  safety check, evaluation, results as ``QueryResult``; the ``ttl`` exporter);
* ``ijgraph-store``: the same over the persistent store (``ijgraph.rdf.store``,
  opened warm; its one-off build time is printed separately);
* ``rdflib``: a ``Dataset(default_union=True)``, what kglab / rdflib-endpoint users get;
* ``pyoxigraph``: raw ``Store.bulk_load`` + ``Store.query`` (the engine's limit).

Then the endpoint: 8 concurrent clients for a few seconds against rdflib-endpoint,
ijgraph's server (``ijgraph.server.app.create_app`` under uvicorn) and ``oxigraph
serve``, all on 127.0.0.1 serving the same graph: requests per second and p99.

Every run is bounded (``--timeout`` per subprocess; a system that runs out of
time shows ``timeout``). Nothing leaves the loopback interface.

    .venv/bin/python benchmarks/scale_bench.py                 # 10k, 100k, 1M
    .venv/bin/python benchmarks/scale_bench.py --no-1m --duration 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
SYSTEMS = ["ijgraph", "ijgraph-store", "rdflib", "pyoxigraph"]
SERVERS = ["rdflib-endpoint", "ijgraph", "oxigraph"]
S = "https://w3id.org/ijgraph/resource/synth/"
HEAD = (
    "PREFIX ij: <https://w3id.org/ijgraph/ontology/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
#: Representative queries over the synthetic graph (the catalog's use real IRIs).
QUERIES = {
    "2-hop join": "SELECT ?country (COUNT(?agr) AS ?n) WHERE { ?summit ij:established ?agr . "
    "?agr ij:party ?country } GROUP BY ?country",
    "provenance": "SELECT ?ex ?quote WHERE { GRAPH ?g { ?ex ij:serviceBranch ?b } "
    "?g ij:quote ?quote }",
    "trade top-10": "SELECT ?rel (SUM(?v) AS ?total) WHERE { "
    f"?f ij:indicatorType <{S}BilateralTrade> ; "
    "ij:measures ?rel ; ij:value ?v } GROUP BY ?rel ORDER BY DESC(?total) LIMIT 10",
    "ja labels": "SELECT ?s ?label WHERE { ?s a ij:Summit ; rdfs:label ?label "
    "FILTER(lang(?label) = 'ja') }",
    "subclass path": "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type . "
    "?type rdfs:subClassOf* ij:Agreement } GROUP BY ?type",
    "value filter": "SELECT ?f ?v WHERE { ?f ij:value ?v FILTER(?v > 500000000000) }",
}
#: The endpoint's query mix (cheap and medium queries, as a query page sends).
ENDPOINT_QUERIES = ["provenance", "ja labels", "trade top-10"]


# --- the worker: one system, one graph, in its own process -----------------------------


def _catalog() -> dict[str, str]:
    from ijgraph.sparql.catalog import read_catalog

    return {n: q.text for n, q in read_catalog(ROOT / "src/ijgraph/queries/examples").items()}


def _timed(func: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = func()
    return time.perf_counter() - start, value


def _best(func: Any) -> float:
    """Best of three runs for quick operations (noise), one run for slow ones (> 1 s)."""
    first = _timed(func)[0]
    return first if first > 1 else min(first, *(_timed(func)[0] for _ in range(2)))


def _system(name: str, trig: Path, store_dir: Path) -> tuple[Any, Any, Any]:
    """(load, run(query text), export()) closures for system ``name``."""
    if name in ("ijgraph", "ijgraph-store"):
        from ijgraph.export.registry import export
        from ijgraph.sparql.core import OxigraphEngine, query

        def load() -> Any:
            if name == "ijgraph-store":
                from ijgraph.rdf.store import ensure_store

                return OxigraphEngine(ensure_store(trig, store_dir))
            return OxigraphEngine.from_file(trig)

        return load, lambda e, q: len(query(q, engine=e)), lambda e: export(list(e.store), ["ttl"])
    if name == "rdflib":
        from rdflib import Dataset

        def load_rdflib() -> Any:
            ds = Dataset(default_union=True)
            ds.parse(str(trig), format="trig")
            return ds

        return (
            load_rdflib,
            lambda ds, q: len(list(ds.query(q))),
            lambda ds: ds.serialize(format="turtle"),
        )

    def load_ox() -> Any:
        store = ox.Store()
        store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        return store

    def run_ox(store: Any, q: str) -> int:
        result = store.query(q, use_default_graph_as_union=True)
        return int(bool(result)) if isinstance(result, ox.QueryBoolean) else len(list(result))

    def export_ox(store: Any) -> bytes:
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store}
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE) or b""

    return load_ox, run_ox, export_ox


def worker(name: str, trig: Path, store_dir: Path) -> None:
    """Measure one system, printing the figures so far as a JSON line after each stage.

    The catalog comes last: if the driver's timeout stops a slow system there,
    the other figures are already out.
    """
    load, run, export = _system(name, trig, store_dir)
    out: dict[str, Any] = {"queries": {}}

    def report() -> None:
        out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(out), flush=True)

    out["load"], data = _timed(load)
    report()
    for q, text in QUERIES.items():
        out["queries"][q] = _best(lambda text=text: run(data, HEAD + text))
        report()
    out["export"] = _timed(lambda: export(data))[0]
    report()
    out["catalog"] = sum(_best(lambda t=t: run(data, t)) for t in _catalog().values())
    report()


# --- the driver ---------------------------------------------------------------------------


def synth_file(triples: int, workdir: Path) -> Path:
    from ijgraph.compiler.synth import synthesize
    from ijgraph.rdf.canonical import serialize_quads

    path = workdir / f"synth-{triples}" / "ijgraph.trig"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(serialize_quads(synthesize(triples, seed=1), ox.RdfFormat.TRIG))
    return path


def run_worker(name: str, trig: Path, timeout: float) -> dict[str, Any] | None:
    cmd = [sys.executable, __file__, "--worker", name, "--trig", str(trig)]
    try:
        stdout = subprocess.run(cmd, capture_output=True, timeout=timeout, check=True).stdout
    except subprocess.TimeoutExpired as err:
        stdout = err.stdout or b""  # the figures measured before the time ran out
    except subprocess.CalledProcessError as err:
        print(f"  {name} failed: {err.stderr.decode().strip()[-500:]}", file=sys.stderr)
        stdout = err.stdout or b""
    lines = stdout.decode().strip().splitlines()
    return dict(json.loads(lines[-1])) if lines else None


def _fmt(value: float | None, unit: str = "s") -> str:
    if value is None:
        return "timeout"
    return (
        f"{value:.0f} MB"
        if unit == "MB"
        else (f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s")
    )


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "-"


def _get(get: Any, result: dict[str, Any] | None) -> float | None:
    try:
        return float(get(result)) if result else None
    except KeyError:
        return None  # the system ran out of time before this stage


def print_table(triples: int, results: dict[str, dict[str, Any] | None]) -> None:
    metrics: list[tuple[str, Any, str]] = [("load", lambda r: r["load"], "s")]
    metrics += [(f"query: {q}", lambda r, q=q: r["queries"][q], "s") for q in QUERIES]
    metrics += [
        ("example catalog (all)", lambda r: r["catalog"], "s"),
        ("Turtle export", lambda r: r["export"], "s"),
        ("peak RSS", lambda r: r["rss_mb"], "MB"),
    ]
    header = ["", *SYSTEMS, "rdflib/ijgraph", "ijgraph/pyoxigraph", "store/pyoxigraph"]
    rows = [header]
    for label, get, unit in metrics:
        values = {s: _get(get, r) for s, r in results.items()}
        rows.append(
            [
                label,
                *(_fmt(values[s], unit) for s in SYSTEMS),
                _ratio(values["rdflib"], values["ijgraph"]),
                _ratio(values["ijgraph"], values["pyoxigraph"]),
                _ratio(values["ijgraph-store"], values["pyoxigraph"]),
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    print(f"\n== {triples:,} triples ==")
    for row in rows:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )


# --- endpoint throughput ---------------------------------------------------------------------


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(kind: str, trig: Path, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    bind = f"127.0.0.1:{port}"
    if kind == "oxigraph":
        location = Path(tempfile.mkdtemp(dir=workdir, prefix="oxserve-"))
        oxigraph = str(Path(sys.executable).parent / "oxigraph")
        subprocess.run(
            [oxigraph, "load", "--location", str(location), "--file", str(trig)],
            check=True,
            capture_output=True,
        )
        cmd = [
            oxigraph,
            "serve",
            "--location",
            str(location),
            "--bind",
            bind,
            "--union-default-graph",
        ]
        url = f"http://{bind}/query"
    else:
        app = (
            "from rdflib import Dataset\nfrom rdflib_endpoint import SparqlEndpoint\n"
            f"ds = Dataset(default_union=True); ds.parse({str(trig)!r}, format='trig')\n"
            "app = SparqlEndpoint(graph=ds)\n"
            if kind == "rdflib-endpoint"
            else "import pyoxigraph as ox\nfrom ijgraph.server.app import create_app\n"
            f"app = create_app(list(ox.parse(path={str(trig)!r}, format=ox.RdfFormat.TRIG)))\n"
        )
        cmd = [
            sys.executable,
            "-c",
            app + f"import uvicorn\nuvicorn.run(app, host='127.0.0.1', "
            f"port={port}, log_level='warning')",
        ]
        url = f"http://{bind}/" if kind == "rdflib-endpoint" else f"http://{bind}/sparql"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, url


def wait_ready(url: str, proc: subprocess.Popen[bytes], limit: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if proc.poll() is not None:
            raise RuntimeError(f"server for {url} exited")
        try:
            if (
                httpx.get(
                    url,
                    params={"query": "ASK { ?s ?p ?o }"},
                    timeout=2,
                    headers={"Accept": "application/sparql-results+json"},
                ).status_code
                == 200
            ):
                return time.perf_counter() - start
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} not ready after {limit} s")


def hammer(url: str, clients: int, duration: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + duration

    def client(index: int) -> None:
        with httpx.Client(timeout=30) as http:
            i = index
            while time.perf_counter() < stop:
                text = HEAD + QUERIES[ENDPOINT_QUERIES[i % len(ENDPOINT_QUERIES)]]
                i += 1
                start = time.perf_counter()
                try:
                    ok = (
                        http.get(
                            url,
                            params={"query": text},
                            headers={"Accept": "application/sparql-results+json"},
                        ).status_code
                        == 200
                    )
                except httpx.HTTPError:
                    ok = False
                with lock:
                    if ok:
                        latencies.append(time.perf_counter() - start)
                    else:
                        errors[0] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    p99 = statistics.quantiles(latencies, n=100)[98] if len(latencies) >= 2 else float("nan")
    return {"rps": len(latencies) / duration, "p99": p99, "errors": errors[0]}


def endpoint_bench(trig: Path, workdir: Path, clients: int, duration: float) -> None:
    results: dict[str, dict[str, float] | None] = {}
    for kind in SERVERS:
        proc, url = start_server(kind, trig, workdir)
        try:
            ready = wait_ready(url, proc, 300)
            results[kind] = {"ready": ready, **hammer(url, clients, duration)}
        except (RuntimeError, TimeoutError) as err:
            print(f"  {kind}: {err}", file=sys.stderr)
            results[kind] = None
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    base = results.get("rdflib-endpoint")
    print(f"\n== endpoint: {clients} concurrent clients, {duration:g} s, {trig.parent.name} ==")
    print(
        f"{'server':<16} {'ready':>8} {'req/s':>9} {'p99':>10} {'errors':>7} "
        f"{'vs rdflib-endpoint':>19}"
    )
    for kind, r in results.items():
        if r is None:
            print(f"{kind:<16} {'failed':>8}")
            continue
        speed = f"{r['rps'] / base['rps']:.1f}x" if base and base["rps"] else "-"
        print(
            f"{kind:<16} {r['ready']:>7.2f}s {r['rps']:>9.1f} {r['p99'] * 1000:>8.1f}ms "
            f"{r['errors']:>7.0f} {speed:>19}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--levels", default="10000,100000,1000000", help="Graph sizes, comma-separated."
    )
    parser.add_argument("--no-1m", action="store_true", help="Skip the 1M-triple level.")
    parser.add_argument("--timeout", type=float, default=900, help="Seconds per system and size.")
    parser.add_argument(
        "--endpoint-level", type=int, default=10_000, help="Graph size for the endpoint."
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=5.0, help="Seconds of load per server.")
    parser.add_argument("--no-endpoint", action="store_true")
    parser.add_argument(
        "--workdir", type=Path, default=None, help="Where to keep generated graphs."
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--trig", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        store_dir = args.trig.parent / ".store"
        worker(args.worker, args.trig, store_dir)
        return
    workdir = args.workdir or Path(tempfile.gettempdir()) / "ijgraph-bench"
    workdir.mkdir(parents=True, exist_ok=True)
    levels = [int(x) for x in args.levels.split(",") if not (args.no_1m and int(x) >= 1_000_000)]
    print(f"pyoxigraph {ox.__version__}, python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    for triples in levels:
        trig = synth_file(triples, workdir)
        from ijgraph.rdf.store import ensure_store

        built, _ = _timed(lambda t=trig: ensure_store(t, t.parent / ".store"))
        print(
            f"\n{triples:,} triples: {trig} ({trig.stat().st_size / 1e6:.1f} MB); "
            f"persistent store built/checked in {built:.2f} s"
        )
        results = {name: run_worker(name, trig, args.timeout) for name in SYSTEMS}
        print_table(triples, results)
    if not args.no_endpoint:
        endpoint_bench(
            synth_file(args.endpoint_level, workdir), workdir, args.clients, args.duration
        )


if __name__ == "__main__":
    main()
