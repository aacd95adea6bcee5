"""Benchmark the HTML pages: render time in Python and first-draw time in Chromium.

For the real graph and for synthetic graphs of about 1k and 5k entities
(``ijgraph.compiler.synth``, calibrated to the node count asked for), prints:

* render: seconds for ``render_site`` (graph projection, layouts, every page);
* pages and MB written;
* first draw: milliseconds from navigation start to the first drawing with its
  labels placed (the label grid runs after vis-network's first ``afterDrawing``),
  for the overview ("overview") and for the entity page of the most connected entity
  ("hub page"); "+edges": to the first drawing with every edge on screen as well
  (``IJG.completeDraw``; the script checks that it drew as many edges as the page
  has: vis-network's plus those a dense graph paints itself, site-backdrop.js);
* hover: milliseconds to focus the overview's most connected entity (its edges as
  vis-network edges, the rest dimmed, labels placed, drawn again), as on a
  ``hoverNode`` event;

each the median of 3 loads (headless Debian chromium, file://).

Target (issue 12): a 5k-node page draws completely in <= 1000 ms.

    .venv/bin/python benchmarks/render_bench.py            # real, 1000, 5000
    .venv/bin/python benchmarks/render_bench.py --sizes 1000
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ijgraph.compiler.pipeline import compile_graph
from ijgraph.compiler.synth import synthesize
from ijgraph.render import render_site, slug
from ijgraph.render.model import Site

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DRAWN = "document.getElementById('ijg-network')?.dataset.drawn === '1'"


@dataclass
class Quads:
    quads: list[ox.Quad]


def synthetic(nodes: int, seed: int = 3) -> list[ox.Quad]:
    """Synthetic quads with about ``nodes`` entities (two calibration passes)."""
    triples = nodes * 14
    for _ in range(3):
        quads = list(synthesize(triples, seed=seed))
        got = Site.from_quads(quads).G.number_of_nodes()
        if abs(got - nodes) <= nodes * 0.03:
            break
        triples = int(triples * nodes / got)
    return quads


HOVER = """id => {
  const start = performance.now();
  IJG.network.emit('hoverNode', {node: id, pointer: {DOM: {x: 5, y: 5}}});
  const ms = performance.now() - start;
  IJG.network.emit('blurNode', {node: id});
  return ms;
}"""


def first_draw(
    browser: object, page_path: Path, hover: str | None = None, runs: int = 3
) -> tuple[float, float, float]:
    """Median ms from navigation start to the first drawing (nodes and labels), to the
    complete one (every edge on screen too) and, given a node, to focus it."""
    times = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
        page.goto(page_path.as_uri())
        page.wait_for_function(DRAWN, timeout=60000)
        labelled, complete, drawn, edges = page.evaluate(
            "[IJG.labelledDraw, IJG.completeDraw, IJG.completeEdges, IJG.counts.edges]"
        )
        if drawn != edges:
            raise AssertionError(f"{page_path}: complete drawing had {drawn} of {edges} edges")
        focus = page.evaluate(HOVER, hover) if hover else float("nan")
        times.append((labelled, complete, focus))
        page.close()
    return (
        statistics.median(t[0] for t in times),
        statistics.median(t[1] for t in times),
        statistics.median(t[2] for t in times),
    )


def bench(name: str, build: object, browser: object, out: Path) -> None:
    start = time.perf_counter()
    files = render_site(build)  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    target = out / name
    for rel, data in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    site = Site.from_quads(build.quads)  # type: ignore[attr-defined]
    G = site.G
    hub = max(sorted(G.nodes), key=G.degree)
    overview = first_draw(browser, target / "index.html", hover=hub)
    entity = first_draw(browser, target / "entity" / f"{slug(hub.split(':', 1)[1])}.html")
    size = sum(len(d) for d in files.values()) / 1e6
    index_kb = len(files["index.html"]) / 1e3
    print(
        f"{name:>10} {G.number_of_nodes():>6} {G.number_of_edges():>6} {seconds:>8.2f} "
        f"{len(files):>6} {size:>7.1f} {index_kb:>9.0f} {overview[0]:>9.0f} {overview[1]:>9.0f} "
        f"{entity[0]:>9.0f} {overview[2]:>6.0f}"
        f"  ({hub}, degree {G.degree(hub)})",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--no-real", action="store_true", help="Skip the real graph.")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(
        f"{'graph':>10} {'nodes':>6} {'edges':>6} {'render s':>8} {'files':>6} {'MB':>7} "
        f"{'index KB':>9} {'overview':>9} {'+edges':>9} {'hub page':>9} {'hover':>6}"
        "   (first draw and hover, ms)"
    )
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        if not args.no_real:
            bench("real", compile_graph(), browser, Path(tmp))
        for n in args.sizes:
            bench(f"synth-{n}", Quads(synthetic(n)), browser, Path(tmp))
        browser.close()


if __name__ == "__main__":
    main()
