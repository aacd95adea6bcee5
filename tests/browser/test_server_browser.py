"""The query page in headless Chromium: pick an example, run it, see the table, download.

Every request the page makes is logged (and anything not for the test server is
aborted): the page must work offline, with nothing leaving localhost.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from ijgraph.server.app import EXAMPLES_DIR
from ijgraph.sparql.catalog import read_catalog
from ijgraph.sparql.guard import query_form
from tests.endpoint_server import LiveServer, live_server

__all__ = ["live_server"]

pytestmark = pytest.mark.browser


@pytest.fixture()
def page(browser: Browser, live_server: LiveServer) -> Iterator[Any]:
    """A page whose requests are all recorded; those not for the test server are aborted."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    requests: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        requests.append(url)
        if url.startswith(live_server.url + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", guard)
    page.on("request", lambda request: requests.append(request.url))
    page.requests = requests  # type: ignore[attr-defined]
    yield page
    context.close()


def first_example(*forms: str) -> tuple[str, str]:
    catalog = read_catalog(EXAMPLES_DIR)
    for name, query in catalog.items():
        if query_form(query.text) in forms:
            return name, query.title
    raise AssertionError(f"no {' or '.join(forms)} example in {EXAMPLES_DIR}")


def assert_local(page: Page, server: LiveServer) -> None:
    requests = page.requests  # type: ignore[attr-defined]
    assert requests, "the page made requests"
    outside = [
        u
        for u in requests
        if not u.startswith(server.url + "/") and not u.startswith(("data:", "blob:"))
    ]
    assert outside == []


def test_run_an_example_and_download(page: Page, live_server: LiveServer) -> None:
    name, title = first_example("SELECT")
    text = read_catalog(EXAMPLES_DIR)[name].text
    expected = live_server.union.query(text)
    variables = [v.value for v in expected.variables]
    rows = list(expected)

    page.goto(live_server.url + "/")
    page.get_by_role("button", name=title, exact=True).click()
    # expect() polls from Playwright's own script world: the page's CSP forbids eval.
    expect(page.locator("#query")).to_have_value(re.compile(r"#\+ title:"))
    assert page.input_value("#query") == text
    page.click("#run")
    page.wait_for_selector("table.results", timeout=20_000)
    headers = page.locator("table.results thead th").all_text_contents()
    assert headers == [f"?{v}" for v in variables]
    assert page.locator("table.results tbody tr").count() == len(rows)
    assert f"{len(rows)} rows" in page.text_content("#status")  # type: ignore[operator]

    page.select_option("#download-format", "csv")
    with page.expect_download() as info:
        page.click("#download")
    download = info.value
    assert download.suggested_filename == "results.csv"
    with open(download.path(), encoding="utf-8") as handle:
        table = list(csv.reader(io.StringIO(handle.read())))
    assert table[0] == variables
    assert len(table) - 1 == len(rows)
    assert_local(page, live_server)


def test_graph_example_shows_turtle_and_downloads_ntriples(
    page: Page, live_server: LiveServer
) -> None:
    import pyoxigraph as ox

    name, title = first_example("CONSTRUCT", "DESCRIBE")
    text = read_catalog(EXAMPLES_DIR)[name].text
    expected = set(live_server.union.query(text))
    page.goto(live_server.url + "/")
    page.get_by_role("button", name=title, exact=True).click()
    # expect() polls from Playwright's own script world: the page's CSP forbids eval.
    expect(page.locator("#query")).to_have_value(re.compile(r"#\+ title:"))
    page.click("#run")
    page.wait_for_selector("pre.graph")
    shown = page.text_content("pre.graph") or ""
    assert {q.triple for q in ox.parse(shown.encode(), format=ox.RdfFormat.TURTLE)} == expected
    page.select_option("#download-format", "nt")
    with page.expect_download() as info:
        page.click("#download")
    assert info.value.suggested_filename == "results.nt"
    with open(info.value.path(), "rb") as handle:
        got = {q.triple for q in ox.parse(handle.read(), format=ox.RdfFormat.N_TRIPLES)}
    assert got == expected
    page.select_option("#download-format", "csv")  # not a graph format: falls back to Turtle
    with page.expect_download() as info:
        page.click("#download")
    assert info.value.suggested_filename == "results.ttl"
    assert_local(page, live_server)


def test_errors_are_shown(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    page.fill("#query", "SELECT * WHERE {\n  ?s ?p\n}")
    page.keyboard.press("Control+Enter")  # the editor has focus after fill
    page.wait_for_selector("#error:not([hidden])")
    message = page.text_content("#error") or ""
    assert "400" in message and "line 3" in message
    page.fill("#query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    page.click("#run")
    expect(page.locator("#error")).to_contain_text("SERVICE")
    assert_local(page, live_server)


def test_entity_page_links_stay_local(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/resource/Malabar")
    assert page.title().startswith(page.text_content("h1") or "?")
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    assert hrefs and all(h.startswith(live_server.url) for h in hrefs)
    page.click("table.statements a[href^='/resource/']")
    page.wait_for_selector("article.entity h1")
    assert "/resource/" in page.url
    assert_local(page, live_server)
