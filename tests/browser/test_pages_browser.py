"""The HTML pages in a real browser: headless Debian chromium through playwright.

One browser for the whole session; each test opens its own page, which records
console errors, page errors, dialogs and every request that is not file://.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from ijgraph.compiler.pipeline import Build
from ijgraph.compiler.synth import synthesize
from ijgraph.graph.projection import to_networkx
from ijgraph.render import iter_site, project_themes, render_site, slug, theme_members
from ijgraph.vocab.namespaces import IJG
from tests.helpers import HOSTILE, Quads, small_build

pytestmark = pytest.mark.browser
THEMES = project_themes()

DRAWN = "document.getElementById('ijg-network')?.dataset.drawn === '1'"


def _write(files: dict[str, bytes], out: Path) -> Path:
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return out


@pytest.fixture(scope="session")
def graph(built: Build) -> nx.MultiDiGraph:
    return to_networkx(built.dataset())


@pytest.fixture(scope="session")
def site_dir(built: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(render_site(built), tmp_path_factory.mktemp("html"))


@pytest.fixture(scope="session")
def hostile_dir(built: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import pyoxigraph as ox

    ontology = [q for q in built.quads if q.graph_name == ox.NamedNode(str(IJG.ontology))]
    return _write(render_site(small_build(ontology)), tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="session")
def dense_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The overview of a synthetic graph of ~800 entities and ~2300 relations: above the
    2000 edges from which a page paints its edges itself (site-backdrop.js)."""
    files = {}
    for path, data in iter_site(Quads(list(synthesize(11_200, seed=3)))):
        if path.startswith("assets/") or path == "index.html":
            files[path] = data
        if path == "index.html":
            break  # the other pages are not needed here
    return _write(files, tmp_path_factory.mktemp("dense"))


@dataclass
class Watched:
    """A browser page and what it did that it should not have."""

    page: object
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: Path, query: str = "", graph: bool = True) -> object:
        self.page.goto(path.as_uri() + query)  # type: ignore[attr-defined]
        if graph:
            self.page.wait_for_function(DRAWN, timeout=15000)  # type: ignore[attr-defined]
        else:
            self.page.wait_for_load_state("load")  # type: ignore[attr-defined]
        return self.page

    def clean(self) -> None:
        assert not self.errors, self.errors
        assert not self.outside, self.outside
        assert not self.dialogs, self.dialogs


@pytest.fixture()
def tab(browser: object) -> Iterator[Watched]:
    page = browser.new_page(viewport={"width": 1280, "height": 860})  # type: ignore[attr-defined]
    watched = Watched(page)
    page.on("console", lambda m: watched.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.errors.append(str(e)))
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file://", "data:")) else watched.outside.append(r.url),
    )

    def on_dialog(dialog: object) -> None:
        watched.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    yield watched
    page.close()


def _sample_entity(graph: nx.MultiDiGraph) -> str:
    """An entity with a Japanese label, a few neighbours and a quoted relation."""
    candidates = [
        n
        for n in sorted(graph.nodes)
        if graph.nodes[n]["label_ja"]
        and 3 <= graph.degree(n) <= 12
        and any(d["quote"] for _, _, d in graph.out_edges(n, data=True))
    ]
    return candidates[0]


def _entity_path(node: str) -> str:
    return f"entity/{slug(node.split(':', 1)[1])}.html"


def _counts(page: object) -> dict[str, int]:
    return page.evaluate("IJG.counts")  # type: ignore[attr-defined]


def test_overview_loads_clean_and_draws_the_graph(
    tab: Watched, site_dir: Path, graph: nx.MultiDiGraph
) -> None:
    page = tab.open(site_dir / "index.html")
    assert _counts(page) == {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    box = page.locator("#ijg-network")
    assert box.get_attribute("data-nodes") == str(graph.number_of_nodes())
    assert page.evaluate("IJG.network.body.nodeIndices.length") == graph.number_of_nodes()
    assert page.locator(f"a[href='theme/{THEMES['economy'].slug}.html']").count() >= 1
    tab.clean()


@pytest.mark.parametrize("key", list(THEMES))
def test_theme_pages_load_clean(
    key: str, tab: Watched, site_dir: Path, graph: nx.MultiDiGraph
) -> None:
    page = tab.open(site_dir / "theme" / f"{THEMES[key].slug}.html")
    members = theme_members(graph, THEMES[key])
    sub = graph.subgraph(members)
    assert _counts(page) == {"nodes": len(members), "edges": sub.number_of_edges()}
    assert page.locator("a[href='../index.html']").count() >= 1
    tab.clean()


def test_entity_page_draws_the_neighbourhood(
    tab: Watched, site_dir: Path, graph: nx.MultiDiGraph
) -> None:
    node = _sample_entity(graph)
    page = tab.open(site_dir / _entity_path(node))
    ego = nx.ego_graph(graph, node, undirected=True)
    assert _counts(page) == {"nodes": ego.number_of_nodes(), "edges": ego.number_of_edges()}
    assert page.evaluate("IJG.network.getSelectedNodes()") == [node]
    assert page.locator("#ijg-entity").get_attribute("data-id") == node
    assert page.locator("a[href='../index.html']").count() >= 1
    tab.clean()


def _click_node(page: object, node: str) -> None:
    """Centre the view on a node, zoomed in, and click it with the mouse."""
    page.evaluate(  # type: ignore[attr-defined]
        "id => IJG.network.focus(id, {scale: 2.5, animation: false})", node
    )
    spot = page.evaluate(  # type: ignore[attr-defined]
        "id => IJG.network.canvasToDOM(IJG.network.getPositions([id])[id])", node
    )
    box = page.locator("#ijg-network").bounding_box()  # type: ignore[attr-defined]
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])  # type: ignore[attr-defined]


def test_clicking_a_node_opens_its_page(
    tab: Watched, site_dir: Path, graph: nx.MultiDiGraph
) -> None:
    node = _sample_entity(graph)
    page = tab.open(site_dir / "index.html")
    with page.expect_navigation():
        _click_node(page, node)
    assert page.url.endswith(_entity_path(node))
    page.wait_for_function(DRAWN)
    neighbour = sorted(set(graph.successors(node)) - {node})[0]
    with page.expect_navigation():
        _click_node(page, neighbour)
    assert page.url.endswith(_entity_path(neighbour))
    tab.clean()


def test_hover_shows_labels_and_source_sentence(
    tab: Watched, site_dir: Path, graph: nx.MultiDiGraph
) -> None:
    node = _sample_entity(graph)
    page = tab.open(site_dir / _entity_path(node))
    page.evaluate("id => IJG.network.focus(id, {scale: 2.5, animation: false})", node)
    box = page.locator("#ijg-network").bounding_box()
    spot = page.evaluate("id => IJG.network.canvasToDOM(IJG.network.getPositions([id])[id])", node)
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
    tooltip = page.locator("#ijg-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert graph.nodes[node]["label"] in text and graph.nodes[node]["label_ja"] in text
    # Edge tooltips quote the sentence verbatim (fired directly: edges are thin targets).
    edge = next(d for _, _, d in graph.out_edges(node, data=True) if d["quote"])
    edge_id = page.evaluate(
        "p => IJG.edges.get({filter: e => e.from === p[0] && e.p === p[1]})[0].id",
        [node, edge["predicate"]],
    )
    page.evaluate(
        "id => { IJG.network.emit('hoverEdge', {edge: id, pointer: {DOM: {x: 50, y: 50}}}); }",
        edge_id,
    )
    text = tooltip.inner_text()
    assert edge["quote"] in text and edge["passages"][0] in text
    tab.clean()


@pytest.mark.parametrize("lang", ["label_ja", "label_hi"])
def test_search_finds_entity_by_japanese_or_hindi_label(
    lang: str, tab: Watched, site_dir: Path, graph: nx.MultiDiGraph
) -> None:
    node = next(
        n
        for n in sorted(graph.nodes)
        if graph.nodes[n][lang] and graph.nodes[n]["label_hi" if lang == "label_ja" else "label_ja"]
    )
    page = tab.open(site_dir / "index.html")
    page.fill("#ijg-search", graph.nodes[node][lang])
    result = page.locator(f"#ijg-results a.result[data-id='{node}']")
    result.wait_for(state="visible")
    page.press("#ijg-search", "Enter")
    assert page.evaluate("IJG.found") == node
    assert page.evaluate("IJG.network.getSelectedNodes()") == [node]
    tab.clean()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("まらばーる", "ijr:Malabar"), ("TODAI JI", "ijr:Todaiji"), ("ｊｉｍｅｘ", "ijr:JIMEX")],
    ids=["hiragana-for-katakana", "no-accent-and-case", "full-width"],
)
def test_page_search_folds_text_like_the_shared_index(
    typed: str, expected: str, tab: Watched, site_dir: Path
) -> None:
    """The offline pages compare names folded by graph/search.py's fold(), as /search does."""
    from ijgraph.graph.search import fold

    page = tab.open(site_dir / "index.html")
    assert page.evaluate("t => IJG.findEntities(t, 5).map(r => r.id)", typed)[0] == expected
    # The page's folding of the typed text equals the index's, character for character.
    rows = page.evaluate("() => window.IJG_INDEX.entities.filter(e => e[0] === 'ijr:Todaiji')")
    assert fold("Tōdai-ji") in rows[0][8]
    tab.clean()


def test_search_from_an_entity_page_opens_another_entity(
    tab: Watched, site_dir: Path, graph: nx.MultiDiGraph
) -> None:
    node = _sample_entity(graph)
    far = next(
        n
        for n in sorted(graph.nodes)
        if n != node
        and not graph.has_edge(n, node)
        and not graph.has_edge(node, n)
        and graph.nodes[n]["label_ja"]
    )
    page = tab.open(site_dir / _entity_path(node))
    page.fill("#ijg-search", graph.nodes[far]["label_ja"])
    with page.expect_navigation():
        page.press("#ijg-search", "Enter")
    assert page.url.endswith(_entity_path(far))
    tab.clean()


def test_class_filter_hides_a_class(tab: Watched, site_dir: Path, graph: nx.MultiDiGraph) -> None:
    page = tab.open(site_dir / "index.html")
    total = graph.number_of_nodes()
    boxes = page.locator("#ijg-filter input[data-family]")
    family = boxes.first.get_attribute("data-family")
    members = page.evaluate("f => IJG.nodes.get({filter: n => n.group === f}).length", family)
    assert members > 0
    boxes.first.uncheck()
    assert page.evaluate("IJG.visibleNodes()") == total - members
    page.click("#ijg-filter-all")
    assert page.evaluate("IJG.visibleNodes()") == total
    tab.clean()


def test_language_switch_changes_labels(
    tab: Watched, site_dir: Path, graph: nx.MultiDiGraph
) -> None:
    node = _sample_entity(graph)
    page = tab.open(site_dir / _entity_path(node))
    label = "id => IJG.nodeName(id)"
    assert page.evaluate(label, node) == graph.nodes[node]["label"]
    # The entity itself is labelled on the drawing, in the chosen language.
    drawn = "id => IJG.labelBoxes().filter(b => b.id === id).map(b => b.text)[0]"
    shown = page.evaluate(drawn, node)
    assert shown and shown.rstrip("…") in graph.nodes[node]["label"]
    page.click("#ijg-lang")
    shown = page.evaluate(drawn, node)
    assert shown and shown.rstrip("…") in graph.nodes[node]["label_ja"]
    assert page.evaluate("document.documentElement.lang") == "ja"
    assert page.evaluate(label, node) == graph.nodes[node]["label_ja"]
    assert graph.nodes[node]["label_ja"] in page.locator("h1").inner_text()
    # The choice follows the reader to the next page.
    page.goto((site_dir / "index.html").as_uri())
    page.wait_for_function(DRAWN)
    assert page.evaluate(label, node) == graph.nodes[node]["label_ja"]
    page.click("#ijg-lang")
    assert page.evaluate(label, node) == graph.nodes[node]["label"]
    tab.clean()


def test_hostile_label_is_shown_as_text_and_runs_nothing(tab: Watched, hostile_dir: Path) -> None:
    page = tab.open(hostile_dir / "entity" / "Evil.html")
    assert HOSTILE in page.locator("h1").inner_text()
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    # Hover (tooltip), search (result list) and the overview all show it as text.
    page.evaluate("IJG.network.focus('ijr:Evil', {scale: 2, animation: false})")
    spot = page.evaluate(
        "IJG.network.canvasToDOM(IJG.network.getPositions(['ijr:Evil'])['ijr:Evil'])"
    )
    box = page.locator("#ijg-network").bounding_box()
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
    page.locator("#ijg-tooltip").wait_for(state="visible")
    assert HOSTILE in page.locator("#ijg-tooltip").inner_text()
    page.fill("#ijg-search", "onerror")
    page.locator("#ijg-results a.result").first.wait_for(state="visible")
    assert HOSTILE in page.locator("#ijg-results").inner_text()
    edge = page.evaluate("IJG.edges.getIds()[0]")
    page.evaluate(
        "id => { IJG.network.emit('hoverEdge', {edge: id, pointer: {DOM: {x: 9, y: 9}}}); }", edge
    )
    assert "</script><script>alert(2)</script>" in page.locator("#ijg-tooltip").inner_text()
    tab.open(hostile_dir / "index.html")
    page.wait_for_timeout(200)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    tab.clean()


# --- what a visitor sees at the default zoom ----------------------------------------

OVERLAPS = """() => {
  const box = document.getElementById('ijg-network').getBoundingClientRect();
  const all = IJG.labelBoxes();
  const seen = all.filter(b => b.x1 > 0 && b.y1 > 0 && b.x0 < box.width && b.y0 < box.height);
  let overlaps = 0;
  for (let i = 0; i < seen.length; i++)
    for (let j = i + 1; j < seen.length; j++) {
      const a = seen[i], b = seen[j];
      if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5)
        overlaps++;
    }
  const heights = seen.map(b => b.y1 - b.y0);
  return {visible: seen.length, overlaps: overlaps, minHeight: Math.min(...heights)};
}"""


def _labels(page: object) -> dict[str, float]:
    return page.evaluate(OVERLAPS)  # type: ignore[attr-defined]


def test_overview_names_the_most_important_entities_without_overlap(
    tab: Watched, site_dir: Path, graph: nx.MultiDiGraph
) -> None:
    page = tab.open(site_dir / "index.html")
    seen = _labels(page)
    assert seen["visible"] >= 25, seen
    assert seen["overlaps"] == 0, seen
    assert seen["minHeight"] >= 11, seen  # readable: at least 11 px of text box
    # The two biggest hubs are among the labelled.
    labelled = set(page.evaluate("IJG.labelBoxes().map(b => b.id)"))
    top = sorted(graph.nodes, key=lambda n: (-graph.degree(n), n))[:2]
    assert set(top) <= labelled
    # Zooming in names more of the entities in view, still without overlap.
    page.evaluate("IJG.network.moveTo({scale: IJG.network.getScale() * 2.5, animation: false})")
    page.evaluate("IJG.network.redraw()")
    closer = _labels(page)
    assert closer["overlaps"] == 0, closer
    in_view = set(
        page.evaluate(
            """() => {
          const box = document.getElementById('ijg-network').getBoundingClientRect();
          const pos = IJG.network.getPositions();
          return Object.keys(pos).filter(id => {
            const p = IJG.network.canvasToDOM(pos[id]);
            return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height;
          });
        }"""
        )
    )
    now = set(page.evaluate("IJG.labelBoxes().map(b => b.id)"))
    assert len(now) > len(labelled & in_view), (len(now), len(labelled & in_view))
    tab.clean()


@pytest.mark.parametrize("key", list(THEMES))
def test_theme_labels_do_not_overlap(key: str, tab: Watched, site_dir: Path) -> None:
    page = tab.open(site_dir / "theme" / f"{THEMES[key].slug}.html")
    seen = _labels(page)
    assert seen["overlaps"] == 0, seen
    assert seen["visible"] >= min(10, page.evaluate("IJG.counts.nodes")), seen
    tab.clean()


def test_entity_labels_do_not_overlap(tab: Watched, site_dir: Path) -> None:
    page = tab.open(site_dir / "entity" / "India.html")
    seen = _labels(page)
    assert seen["overlaps"] == 0 and seen["visible"] >= 10, seen
    assert "ijr:India" in page.evaluate("IJG.labelBoxes().map(b => b.id)")
    tab.clean()


def test_hover_highlights_the_neighbourhood_and_dims_the_rest(
    tab: Watched, site_dir: Path, graph: nx.MultiDiGraph
) -> None:
    page = tab.open(site_dir / "index.html")
    node = _sample_entity(graph)
    page.evaluate(
        "id => { IJG.network.emit('hoverNode', {node: id, pointer: {DOM: {x: 5, y: 5}}}); }", node
    )
    opacity = page.evaluate("() => Object.fromEntries(IJG.nodes.get().map(n => [n.id, n.opacity]))")
    near = set(graph.successors(node)) | set(graph.predecessors(node)) | {node}
    assert all(opacity[n] == 1 for n in near)
    assert all(opacity[n] < 0.5 for n in graph.nodes if n not in near)
    labelled = set(page.evaluate("IJG.labelBoxes().map(b => b.id)"))
    assert node in labelled
    page.evaluate("() => { IJG.network.emit('blurNode', {node: 'x'}); }")
    assert page.evaluate("IJG.nodes.get().every(n => n.opacity === 1)")
    tab.clean()


# --- reader, timeline and path pages ---------------------------------------------------


def test_reader_opens_at_the_sentence_of_a_statement(
    tab: Watched, site_dir: Path, graph: nx.MultiDiGraph
) -> None:
    page = tab.open(site_dir / "entity" / "Malabar.html")
    link = page.locator("a.in-context").first
    target = link.get_attribute("href").split("#", 1)[1]
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"source/article.html#{target}")
    assert page.evaluate("document.querySelector(':target').id") == target
    sentence = page.locator(f"#{target}")
    assert "Malabar" in sentence.inner_text()
    assert sentence.locator("a[href*='entity/Malabar.html']").count() >= 1
    tab.clean()


def test_timeline_shares_the_shell_and_filters(tab: Watched, site_dir: Path, built: Build) -> None:
    from ijgraph.graph.timeline import between, timeline

    entries = timeline(built)
    page = tab.open(site_dir / "timeline.html", graph=False)
    assert page.locator("#ijg-search").count() == 1 and page.locator("#ijg-lang").count() == 1
    items = page.locator("#ijg-timeline > li")
    assert items.count() == len(entries)
    page.fill("input[name=from]", "2011")
    page.fill("input[name=to]", "2018")
    page.uncheck("input[name=undated]")
    expected = len(between(entries, 2011, 2018))
    assert page.locator("#ijg-timeline > li:visible").count() == expected
    assert f"{expected} of {len(entries)}" in page.inner_text("#ijg-timeline-count")
    page.click("#ijg-lang")
    assert page.locator("h1").inner_text() == "年表"
    tab.clean()


def test_path_page_explains_a_link_like_the_cli(
    tab: Watched, site_dir: Path, graph: nx.MultiDiGraph
) -> None:
    from ijgraph.graph.analytics import explain_path

    page = tab.open(site_dir / "path.html", graph=False)
    for a, b in (("ijr:Malabar", "ijr:FOIP"), ("ijr:Bodhisena", "ijr:CEPA")):
        hops = page.evaluate("p => IJG.explainPath(p[0], p[1])", [a, b])
        expected = explain_path(graph, a, b)
        assert len(hops) == len(expected), (a, b, hops)
        assert a in (hops[0][0], hops[0][2]) and b in (hops[-1][0], hops[-1][2])
        quotes = page.locator("#ijg-path-result blockquote").count()
        assert quotes >= sum(1 for h in expected if not h.background)
    # Names are searchable in Japanese and Hindi; the keyboard picks them.
    ja = next(n for n in sorted(graph.nodes) if graph.nodes[n]["label_ja"] and graph.degree(n) > 3)
    hi = next(n for n in sorted(graph.nodes) if graph.nodes[n]["label_hi"] and n != ja)
    page.fill("#ijg-path-from", graph.nodes[ja]["label_ja"])
    page.press("#ijg-path-from", "Enter")
    page.fill("#ijg-path-to", graph.nodes[hi]["label_hi"])
    page.press("#ijg-path-to", "ArrowDown")
    page.keyboard.press("Enter")
    page.click("#ijg-path-go")
    result = page.locator("#ijg-path-result")
    assert result.locator("ol.hops > li").count() == len(explain_path(graph, ja, hi))
    tab.clean()


# --- keyboard, small screens, accessibility ----------------------------------------


def test_keyboard_reaches_search_results_and_menus(
    tab: Watched, site_dir: Path, graph: nx.MultiDiGraph
) -> None:
    page = tab.open(site_dir / "index.html")
    page.focus("#ijg-search")
    page.keyboard.type("Malabar")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('data-id')") == "ijr:Malabar"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "ijg-search"
    summary = page.locator("details.menu summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('details.menu').open")
    page.keyboard.press("Tab")
    assert "theme/" in page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.querySelector('details.menu').open")
    tab.clean()


SMALL_PAGES = [
    ("index.html", True),
    ("theme/economy.html", True),
    ("entity/India.html", True),
    ("source/article.html", False),
    ("timeline.html", False),
    ("path.html", False),
]


@pytest.mark.parametrize("path, graph_page", SMALL_PAGES)
def test_small_screen_has_no_horizontal_scroll_and_touch_menus(
    browser: object, site_dir: Path, path: str, graph_page: bool
) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    try:
        page.goto((site_dir / path).as_uri())
        if graph_page:
            page.wait_for_function(DRAWN, timeout=15000)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, (path, width)
        page.locator("details.menu summary").first.tap()
        assert page.evaluate("document.querySelector('details.menu').open")
        link = page.locator("details.menu li a").first
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        if graph_page:
            scale = page.evaluate("IJG.network.getScale()")
            page.evaluate("IJG.network.moveTo({scale: IJG.network.getScale() * 2})")
            assert page.evaluate("IJG.network.getScale()") > scale
    finally:
        context.close()


AXE = Path(__file__).resolve().parents[2] / ".ci" / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core from the npm registry, for the tests only (never in exports/)."""
    if not AXE.exists():
        import subprocess
        import tarfile
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["npm", "pack", f"axe-core@{AXE_VERSION}", "--silent"],
                cwd=tmp,
                check=True,
                capture_output=True,
                timeout=120,
            )
            with tarfile.open(Path(tmp) / f"axe-core-{AXE_VERSION}.tgz") as tar:
                member = tar.extractfile("package/axe.min.js")
                assert member is not None
                AXE.parent.mkdir(parents=True, exist_ok=True)
                AXE.write_bytes(member.read())
    return AXE


A11Y_PAGES = [
    ("index.html", True),
    ("theme/defence-and-security.html", True),
    ("entity/Malabar.html", True),
    ("source/article.html", False),
    ("timeline.html", False),
    ("path.html", False),
]


@pytest.mark.parametrize("path, graph_page", A11Y_PAGES)
def test_no_serious_accessibility_violations(
    tab: Watched, site_dir: Path, axe_script: Path, path: str, graph_page: bool
) -> None:
    page = tab.open(site_dir / path, graph=graph_page)
    page.add_script_tag(path=str(axe_script))
    found = page.evaluate(
        """async () => {
          const r = await axe.run(document, {resultTypes: ['violations'], preload: false});
          return r.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }"""
    )
    assert found == [], found
    tab.clean()


# --- dense graphs: every edge painted by the page, vis-network edges for the focus --------

#: Before any page script: keep a copy of the canvas and the counts at the moment the page
#: says it is drawn (in the task of its first frame, before any later frame).
FIRST_FRAME = """
window.__firstFrame = null;
new MutationObserver(function (records, observer) {
  var box = document.getElementById('ijg-network');
  if (!box || box.dataset.drawn !== '1') return;
  observer.disconnect();
  var canvas = box.querySelector('canvas');
  window.__firstFrame = {
    image: canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height),
    painted: IJG.backdrop.painted, visEdges: IJG.edges.length,
    labelled: IJG.labelledDraw, complete: IJG.completeDraw
  };
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-drawn']});
"""

#: Ink (0: none) on the canvas along every straight edge of the page's data, where no node
#: or label covers it: `seen` edges with such a spot, `inked` with paint there; `lone`
#: spots with no other edge within 6 px: [ink on the edge, ink 4 px to either side].
EDGE_INK = """first => {
  const net = IJG.network, scale = net.getScale();
  const canvas = document.querySelector('#ijg-network canvas');
  const img = first ? window.__firstFrame.image
    : canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  const ratio = img.width / canvas.clientWidth, W = canvas.clientWidth, H = canvas.clientHeight;
  const data = JSON.parse(document.getElementById('ijg-data').textContent);
  const at = {}, reach = {};
  data.nodes.forEach(n => {
    at[n.id] = net.canvasToDOM({x: n.x, y: n.y});
    reach[n.id] = 1.5 * n.size * scale + 6;
  });
  const labels = IJG.labelBoxes();
  const ink = (x, y) => {
    const i = (Math.round(y * ratio) * img.width + Math.round(x * ratio)) * 4, d = img.data;
    return d[i + 3] / 255 * (255 - Math.min(d[i], d[i + 1], d[i + 2]));
  };
  const around = (x, y) => {
    let v = 0;
    for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) v = Math.max(v, ink(x + dx, y + dy));
    return v;
  };
  const toSegment = (p, a, b) => {
    const vx = b.x - a.x, vy = b.y - a.y, len2 = vx * vx + vy * vy;
    const t = len2 ? Math.max(0, Math.min(1, ((p.x - a.x) * vx + (p.y - a.y) * vy) / len2)) : 0;
    return Math.hypot(p.x - a.x - t * vx, p.y - a.y - t * vy);
  };
  const open = p => p.x > 8 && p.y > 8 && p.x < W - 8 && p.y < H - 8 &&
    data.nodes.every(n => Math.hypot(p.x - at[n.id].x, p.y - at[n.id].y) > reach[n.id]) &&
    labels.every(l => p.x < l.x0 - 8 || p.x > l.x1 + 8 || p.y < l.y0 - 6 || p.y > l.y1 + 6);
  const segments = data.edges.map(e => [at[e.from], at[e.to]]);
  let seen = 0, inked = 0;
  const lone = [];
  data.edges.forEach((e, k) => {
    if (e.smooth || e.from === e.to) return;
    const a = at[e.from], b = at[e.to], len = Math.hypot(b.x - a.x, b.y - a.y);
    for (let t = 0.1; len > 1 && t < 0.95; t += 0.1) {
      const p = {x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)};
      if (!open(p)) continue;
      seen++;
      if (around(p.x, p.y) > 1) inked++;
      if (segments.every((s, j) => j === k || toSegment(p, s[0], s[1]) > 6)) {
        const nx = -(b.y - a.y) / len * 4, ny = (b.x - a.x) / len * 4;
        lone.push([around(p.x, p.y), Math.max(ink(p.x + nx, p.y + ny), ink(p.x - nx, p.y - ny))]);
      }
      return;
    }
  });
  return {seen, inked, lone};
}"""


def _page_json(html: Path, element: str) -> dict:
    match = re.search(
        rf'<script type="application/json" id="{element}">(.*?)</script>',
        html.read_text(encoding="utf-8"),
        re.S,
    )
    assert match, element
    return json.loads(match.group(1))


def _check_edge_ink(found: dict, edges: int) -> None:
    # Every edge that shows somewhere between the nodes and labels has paint there...
    assert found["seen"] >= edges // 2 and found["inked"] == found["seen"], found
    # ...and the paint follows each edge's own line: where no other edge runs nearby, there
    # is ink on the line and none 4 px to either side.
    assert len(found["lone"]) >= 5, found["lone"]
    assert all(on >= 4 and aside == 0 for on, aside in found["lone"]), found["lone"]


def test_dense_overview_draws_every_edge_in_its_first_frame(tab: Watched, dense_dir: Path) -> None:
    data = _page_json(dense_dir / "index.html", "ijg-data")
    edges = len(data["edges"])
    assert edges > 2000
    tab.page.set_viewport_size({"width": 1920, "height": 1300})  # type: ignore[attr-defined]
    tab.page.add_init_script(FIRST_FRAME)  # type: ignore[attr-defined]
    page = tab.open(dense_dir / "index.html")
    first = page.evaluate("({...window.__firstFrame, image: null})")
    assert first["painted"] == edges and first["visEdges"] == 0, first
    assert first["complete"] == first["labelled"], first  # one frame: nodes, labels, edges
    assert page.evaluate("[IJG.counts.edges, IJG.completeEdges]") == [edges, edges]
    assert page.evaluate("IJG.network.body.edgeIndices.length") == 0  # none built by vis
    _check_edge_ink(page.evaluate(EDGE_INK, True), edges)
    # The edges pan and zoom with the graph.
    page.evaluate(
        "() => { const n = IJG.network; n.moveTo({scale: n.getScale() * 1.7, "
        "position: {x: 150, y: -90}, animation: false}); n.redraw(); }"
    )
    _check_edge_ink(page.evaluate(EDGE_INK, False), edges)
    tab.clean()


def _centre_ink(page: object, nodes: list[str]) -> dict[str, float]:
    """Paint at the centre of each node (0: none)."""
    return page.evaluate(  # type: ignore[attr-defined]
        """ids => {
          const canvas = document.querySelector('#ijg-network canvas');
          const ctx = canvas.getContext('2d'), ratio = canvas.width / canvas.clientWidth;
          const out = {};
          ids.forEach(id => {
            const p = IJG.network.canvasToDOM(IJG.network.getPositions([id])[id]);
            const d = ctx.getImageData(Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data;
            out[id] = d[3] / 255 * (255 - Math.min(d[0], d[1], d[2]));
          });
          return out;
        }""",
        nodes,
    )


def test_dense_hover_makes_the_nodes_edges_vis_edges_and_dims_the_rest(
    tab: Watched, dense_dir: Path
) -> None:
    data = _page_json(dense_dir / "index.html", "ijg-data")
    quotes = _page_json(dense_dir / "index.html", "ijg-page")["passages"]
    edges = data["edges"]
    incident: dict[str, list[dict]] = {}
    for e in edges:
        incident.setdefault(e["from"], []).append(e)
        if e["to"] != e["from"]:
            incident.setdefault(e["to"], []).append(e)
    node = next(
        n["id"]
        for n in sorted(data["nodes"], key=lambda n: n["id"])
        if 4 <= len(incident.get(n["id"], [])) <= 20
        and any(quotes.get(p) for e in incident[n["id"]] for p in e["ps"])
    )
    mine = incident[node]
    near = {node} | {e["from"] for e in mine} | {e["to"] for e in mine}
    page = tab.open(dense_dir / "index.html")
    page.evaluate("id => IJG.network.focus(id, {scale: 0.8, animation: false})", node)
    page.evaluate("IJG.network.redraw()")
    in_view = page.evaluate(
        """() => {
          const box = document.getElementById('ijg-network');
          const pos = IJG.network.getPositions();
          return Object.keys(pos).filter(id => {
            const p = IJG.network.canvasToDOM(pos[id]);
            return p.x > 10 && p.y > 10 && p.x < box.clientWidth - 10 && p.y < box.clientHeight - 10;
          });
        }"""
    )
    far = sorted(n for n in in_view if n not in near)
    before = _centre_ink(page, [node, *far])
    page.evaluate(
        "id => { IJG.network.emit('hoverNode', {node: id, pointer: {DOM: {x: 5, y: 5}}}); }", node
    )
    # Its edges, and only those, are vis-network edges now: labelled, with arrows.
    assert sorted(page.evaluate("IJG.edges.getIds()")) == sorted(e["id"] for e in mine)
    assert page.evaluate("IJG.network.body.edgeIndices.length") == len(mine)
    shown = page.evaluate(
        "() => IJG.edges.getIds().map(id => [id, IJG.network.body.edges[id].options.label,"
        " IJG.network.body.edges[id].options.arrows.to.enabled])"
    )
    assert {(i, lab, True) for i, lab, _ in shown} == {(e["id"], e["label"], True) for e in mine}
    assert all(arrow for _, _, arrow in shown)
    assert page.evaluate("IJG.backdrop.painted") == len(edges) - len(mine)
    # The rest recedes: nodes outside the neighbourhood fade, their labels too.
    after = _centre_ink(page, [node, *far])
    inked = [n for n in far if before[n] > 60]
    assert len(inked) >= 5, before
    assert all(after[n] < 0.5 * before[n] for n in inked), (before, after)
    assert after[node] >= 0.9 * before[node]
    assert set(page.evaluate("Object.keys(IJG.graph.dimmedOut)")) == {
        n["id"] for n in data["nodes"] if n["id"] not in near
    }
    assert node in page.evaluate("IJG.labelBoxes().map(b => b.id)")
    # An edge's tooltip quotes its sentence; the language switch relabels the edges.
    quoted = next(e for e in mine if any(quotes.get(p) for p in e["ps"]))
    page.evaluate(
        "id => { IJG.network.emit('hoverEdge', {edge: id, pointer: {DOM: {x: 50, y: 50}}}); }",
        quoted["id"],
    )
    sentence = next(quotes[p] for p in quoted["ps"] if quotes.get(p))
    assert sentence in page.locator("#ijg-tooltip").inner_text()
    page.click("#ijg-lang")
    labels = dict(page.evaluate("IJG.edges.get().map(e => [e.id, e.label])"))
    assert labels == {e["id"]: e["lj"] or e["label"] for e in mine}
    # Blur: back to the backdrop alone, nothing dimmed.
    page.evaluate("() => { IJG.network.emit('blurNode', {node: 'x'}); }")
    assert page.evaluate("[IJG.edges.length, IJG.backdrop.painted]") == [0, len(edges)]
    restored = _centre_ink(page, inked)
    assert all(abs(restored[n] - before[n]) < 2 for n in inked), (before, restored)
    tab.clean()


def test_dense_search_result_keeps_its_edges_while_another_node_is_hovered(
    tab: Watched, dense_dir: Path
) -> None:
    data = _page_json(dense_dir / "index.html", "ijg-data")
    ends: dict[str, set[str]] = {}
    for e in data["edges"]:
        ends.setdefault(e["from"], set()).add(e["id"])
        ends.setdefault(e["to"], set()).add(e["id"])
    node = next(n for n in sorted(data["nodes"], key=lambda n: -len(ends.get(n["id"], ()))))
    other = next(n["id"] for n in data["nodes"] if not ends.get(n["id"], set()) & ends[node["id"]])
    page = tab.open(dense_dir / "index.html")
    page.fill("#ijg-search", node["en"])
    page.locator(f"#ijg-results a.result[data-id='{node['id']}']").wait_for(state="visible")
    page.evaluate(
        "id => document.querySelector(`#ijg-results a.result[data-id='${id}']`).click()", node["id"]
    )
    assert page.evaluate("IJG.found") == node["id"]
    mine = ends[node["id"]]
    assert set(page.evaluate("IJG.edges.getIds()")) == mine
    assert set(page.evaluate("IJG.network.getSelectedEdges()")) == mine  # highlighted
    page.evaluate(
        "id => { IJG.network.emit('hoverNode', {node: id, pointer: {DOM: {x: 5, y: 5}}}); }", other
    )
    assert set(page.evaluate("IJG.edges.getIds()")) == mine | ends.get(other, set())
    page.evaluate("() => { IJG.network.emit('blurNode', {node: 'x'}); }")
    assert set(page.evaluate("IJG.edges.getIds()")) == mine
    assert page.evaluate("IJG.backdrop.painted") == len(data["edges"]) - len(mine)
    tab.clean()


def test_dense_class_filter_hides_the_painted_edges_of_a_class(
    tab: Watched, dense_dir: Path
) -> None:
    data = _page_json(dense_dir / "index.html", "ijg-data")
    page = tab.open(dense_dir / "index.html")
    boxes = page.locator("#ijg-filter input[data-family]")
    family = boxes.first.get_attribute("data-family")
    hidden = {n["id"] for n in data["nodes"] if n["group"] == family}
    kept = [e for e in data["edges"] if e["from"] not in hidden and e["to"] not in hidden]
    assert hidden and 0 < len(kept) < len(data["edges"])
    boxes.first.uncheck()
    assert page.evaluate("IJG.backdrop.painted") == len(kept)
    page.click("#ijg-filter-all")
    assert page.evaluate("IJG.backdrop.painted") == len(data["edges"])
    tab.clean()
