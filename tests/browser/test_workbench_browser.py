"""The query workbench in headless Chromium: views, permalinks, completion, history.

Every request the page makes is recorded (and anything not for the test server is
aborted), and every console message of level error and every uncaught exception
fails the test: the page must work offline, under its Content-Security-Policy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from ijgraph.server.app import EXAMPLES_DIR
from ijgraph.sparql.catalog import read_catalog
from tests.endpoint_server import LiveServer, live_server

__all__ = ["live_server"]

pytestmark = pytest.mark.browser

CATALOG = read_catalog(EXAMPLES_DIR)


@pytest.fixture()
def page(browser: Browser, live_server: LiveServer) -> Iterator[Any]:
    """A page that records its requests and its errors, and checks both at the end."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        requests.append(url)
        if url.startswith(live_server.url + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", guard)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda err: errors.append(str(err)))
    yield page
    context.close()
    assert requests, "the page made requests"
    outside = [u for u in requests if not u.startswith((live_server.url + "/", "data:", "blob:"))]
    assert outside == []
    assert errors == []


def load_and_run(page: Page, name: str) -> None:
    query = CATALOG[name]
    page.get_by_role("button", name=query.title, exact=True).click()
    # expect() polls from Playwright's own script world: the page's CSP forbids eval.
    expect(page.locator("#query")).to_have_value(query.text)
    page.click("#run")
    expect(page.locator("#status")).to_contain_text(" ms", timeout=20_000)


def selected_view(page: Page) -> str:
    return page.locator("#views button[aria-selected=true]").inner_text()


def rows(live_server: LiveServer, name: str) -> list[Any]:
    return list(live_server.union.query(CATALOG[name].text))  # type: ignore[arg-type]


def test_table_view_labels_links_sorts(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    load_and_run(page, "18-entities-per-class")
    page.click("#views button[data-view=Table]")
    table = page.locator(".view-table table.results")
    expect(table).to_be_visible()
    expected = rows(live_server, "18-entities-per-class")
    assert table.locator("tbody tr").count() == len(expected)
    # IRIs are shown by their label and link to their page on this server.
    first = table.locator("tbody tr").first.locator("td a.iri").first
    assert first.get_attribute("href", timeout=5000).startswith("/ontology/")  # type: ignore[union-attr]
    assert not first.inner_text().startswith("http")
    # Sorting by ?entities ascending puts the smallest count first.
    header = table.locator("th", has_text="?entities")
    header.click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    counts = [int(c) for c in table.locator("tbody tr td:nth-child(3) span").all_inner_texts()]
    assert counts == sorted(counts)
    header.click()
    expect(header).to_have_attribute("aria-sort", "descending")
    counts = [int(c) for c in table.locator("tbody tr td:nth-child(3) span").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize(
    ("name", "view", "selector"),
    [
        ("28-describe-cepa", "Graph", ".view-graph .network canvas"),
        ("20-background-facts", "Graph", ".view-graph .network canvas"),
        ("09-agreements-timeline", "Timeline", ".view-timeline svg.timeline"),
        ("18-entities-per-class", "Chart", ".view-chart svg.chart"),
        ("01-naval-exercises", "Table", ".view-table table.results"),
        ("27-exercise-graph", "Raw", ".view-raw pre.graph"),
    ],
)
def test_each_view_renders_for_its_example(
    page: Page, live_server: LiveServer, name: str, view: str, selector: str
) -> None:
    page.goto(live_server.url + "/")
    load_and_run(page, name)
    assert selected_view(page) == view  # the #defaultView comment (or the form's default)
    expect(page.locator(selector)).to_be_visible()
    found = rows(live_server, name)
    if view == "Timeline":
        assert page.locator("svg.timeline g.event").count() == len(found)
    elif view == "Chart":
        assert page.locator("svg.chart g.bar").count() == min(len(found), 60)
    elif view == "Graph":
        hint = page.locator(".view-graph .hint").inner_text()
        assert re.match(r"[1-9]\d* nodes, [1-9]\d* edges", hint), hint
    page.click("#views button[data-view=Raw]")
    expect(page.locator(".view-raw pre.raw")).to_be_visible()
    assert page.locator(".view-raw pre.raw").inner_text().strip()


def test_views_that_do_not_fit_are_disabled(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    load_and_run(page, "27-exercise-graph")  # CONSTRUCT: no table, timeline or chart
    for view in ("Table", "Timeline", "Chart"):
        expect(page.locator(f"#views button[data-view={view}]")).to_be_disabled()
    page.click("#views button[data-view=Graph]")
    expect(page.locator(".view-graph .network canvas")).to_be_visible()


def test_permalink_round_trips(page: Page, browser: Browser, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    load_and_run(page, "09-agreements-timeline")
    page.click("#views button[data-view=Chart]")
    expect(page.locator(".view-chart svg.chart")).to_be_visible()
    page.click("#share")
    link = page.input_value("#share-link")
    assert link == page.url and link.startswith(live_server.url + "/#query=")
    assert "view=Chart" in link
    other = browser.new_context().new_page()
    try:
        other.goto(link)  # a fresh browser: the link alone runs the query and picks the view
        expect(other.locator(".view-chart svg.chart")).to_be_visible(timeout=20_000)
        assert other.input_value("#query") == CATALOG["09-agreements-timeline"].text
        assert selected_view(other) == "Chart"
        other.click("#views button[data-view=Timeline]")
        expect(other.locator(".view-timeline svg.timeline")).to_be_visible()
        assert "view=Timeline" in other.url
    finally:
        other.context.close()


def test_completion_offers_an_entity_by_its_japanese_label(
    page: Page, live_server: LiveServer
) -> None:
    page.goto(live_server.url + "/")
    page.fill("#query", "")
    page.click("#query")
    page.keyboard.type("SELECT ?p ?o WHERE { マラバール")
    offer = page.locator("#completions li", has_text="Malabar").first
    expect(offer).to_be_visible()
    assert "マラバール" in offer.inner_text()
    page.keyboard.press("Enter")
    text = page.input_value("#query")
    assert text.startswith("PREFIX ijr: <https://w3id.org/ijgraph/resource/>\n")
    assert text.endswith("WHERE { ijr:Malabar")
    expect(page.locator("#completions")).to_be_hidden()
    page.keyboard.type(" ?p ?o }")
    page.click("#run")
    expect(page.locator("#status")).to_contain_text(" rows")
    assert page.locator(".view-table tbody tr").count() > 0


def test_completion_of_classes_and_highlighting(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    page.fill("#query", "")
    page.click("#query")
    page.keyboard.type("SELECT ?x WHERE { ?x a ij:Militar")
    expect(page.locator("#completions li", has_text="ij:MilitaryExercise")).to_be_visible()
    page.keyboard.press("Enter")
    assert "PREFIX ij: <https://w3id.org/ijgraph/ontology/>" in page.input_value("#query")
    assert page.locator("pre.highlight .tok-keyword", has_text="SELECT").count() == 1
    assert page.locator("pre.highlight .tok-var", has_text="?x").count() == 2
    assert page.locator("pre.highlight .tok-pname", has_text="ij:MilitaryExercise").count() == 1


def test_catalog_filters_by_tag_and_history_is_kept(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    page.locator("#catalog .tag", has_text="timeline").first.click()
    visible = page.locator("#catalog li:visible")
    assert 0 < visible.count() < len(CATALOG)
    assert all("timeline" in t for t in visible.evaluate_all("els => els.map(e => e.dataset.tags)"))
    load_and_run(page, "09-agreements-timeline")
    page.reload()
    options = page.locator("#history option").all_inner_texts()
    assert any(CATALOG["09-agreements-timeline"].title in o for o in options)
    page.fill("#query", "")
    page.select_option("#history", index=1)
    assert page.input_value("#query") == CATALOG["09-agreements-timeline"].text


def test_search_page_from_the_header(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    page.fill("header .site-search input", "まらばーる")
    page.keyboard.press("Enter")
    first = page.locator("ol.hits li a").first
    expect(first).to_have_text("Malabar")
    first.click()
    page.wait_for_selector("article.entity h1")
    assert page.url == live_server.url + "/resource/Malabar"


def test_downloads_in_every_result_format(page: Page, live_server: LiveServer) -> None:
    from ijgraph.server.negotiation import GRAPH_FORMATS, SOLUTION_FORMATS

    page.goto(live_server.url + "/")
    offered = page.locator("#download-format option").evaluate_all("els => els.map(e => e.value)")
    assert sorted(offered) == sorted([*SOLUTION_FORMATS, *GRAPH_FORMATS])
    for name, family in (
        ("18-entities-per-class", SOLUTION_FORMATS),
        ("27-exercise-graph", GRAPH_FORMATS),
    ):
        load_and_run(page, name)
        for key, fmt in family.items():
            page.select_option("#download-format", key)
            with page.expect_download() as info:
                page.click("#download")
            extension = {"json": "srj", "xml": "srx", "rdfxml": "rdf"}.get(key, fmt.extension)
            assert info.value.suggested_filename == f"results.{extension}", key
            with open(info.value.path(), "rb") as handle:
                assert handle.read(1), key
