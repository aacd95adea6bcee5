"""The HTML pages in a real browser: headless Debian chromium through playwright.

One browser for the whole session; each test opens its own page, which records
console errors, page errors, dialogs and every request that is not file://.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from ijgraph.compiler.pipeline import Build
from ijgraph.graph.projection import to_networkx
from ijgraph.render import THEMES, render_site, slug, theme_members
from ijgraph.vocab.namespaces import IJG
from tests.helpers import HOSTILE, small_build

pytestmark = pytest.mark.browser

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


@dataclass
class Watched:
    """A browser page and what it did that it should not have."""

    page: object
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: Path) -> object:
        self.page.goto(path.as_uri())  # type: ignore[attr-defined]
        self.page.wait_for_function(DRAWN, timeout=15000)  # type: ignore[attr-defined]
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
        "id => IJG.network.emit('hoverEdge', {edge: id, pointer: {DOM: {x: 50, y: 50}}})", edge_id
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
    label = "id => IJG.nodes.get(id).label"
    assert page.evaluate(label, node) == graph.nodes[node]["label"]
    page.click("#ijg-lang")
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
        "id => IJG.network.emit('hoverEdge', {edge: id, pointer: {DOM: {x: 9, y: 9}}})", edge
    )
    assert "</script><script>alert(2)</script>" in page.locator("#ijg-tooltip").inner_text()
    tab.open(hostile_dir / "index.html")
    page.wait_for_timeout(200)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    tab.clean()
