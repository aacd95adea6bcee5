"""Export benchmark: every exporter of ijgraph.export.registry on a synthetic graph.

Generates ``--triples`` synthetic triples (``ijgraph.compiler.synth``, same ontology and
provenance design as the real graph) and times each registered exporter on them
(the RDF formats go through pyoxigraph or one streaming pass; the graph formats
through the networkx projection). Prints seconds and output size per format.

    .venv/bin/python benchmarks/export_bench.py                   # 1M triples
    .venv/bin/python benchmarks/export_bench.py --triples 100000 --formats ttl jsonld
"""

from __future__ import annotations

import argparse
import time

from ijgraph.compiler.synth import synthesize
from ijgraph.export.registry import EXPORTERS, export


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", nargs="*", default=list(EXPORTERS), choices=list(EXPORTERS))
    args = parser.parse_args()
    start = time.perf_counter()
    quads = list(synthesize(args.triples, args.seed))
    print(f"synthesized {len(quads):,} quads in {time.perf_counter() - start:.1f} s")
    print(f"{'format':<8} {'seconds':>8} {'MB':>8}")
    for name in args.formats:
        start = time.perf_counter()
        files = export(quads, [name])
        seconds = time.perf_counter() - start
        size = sum(len(data) for data in files.values()) / 1e6
        print(f"{name:<8} {seconds:8.2f} {size:8.1f}", flush=True)


if __name__ == "__main__":
    main()
