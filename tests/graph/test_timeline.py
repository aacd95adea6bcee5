"""The timeline (dated facts against the article) and the ontology page, in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from ijgraph.compiler.pipeline import Build
from ijgraph.graph.timeline import Entry, between, render_timeline_html, timeline
from ijgraph.render.ontology_docs import ontology_terms, render_ontology_html
from ijgraph.vocab.namespaces import IJG, IJP, IJR
from tests.helpers import GOLDEN

IJ = "https://w3id.org/ijgraph/ontology/"


@pytest.fixture(scope="module")
def entries(built: Build) -> list[Entry]:
    return timeline(built)


def _quotes(built: Build) -> dict[str, str]:
    return {
        q.subject.value.split("/passage/", 1)[-1]: q.object.value
        for q in built.quads
        if q.predicate.value == IJ + "quote" and q.graph_name.value == str(IJG.sources)
    }


def test_dated_facts_in_order_with_their_sentences(entries: list[Entry], built: Build) -> None:
    dated = [e for e in entries if e.year is not None]
    assert [e.year for e in dated] == sorted(e.year for e in dated)
    quotes = _quotes(built)
    for e in dated:
        if e.passage != "background":
            assert e.quote == quotes[e.passage], e
        if e.kind in ("date", "since") and e.passage != "background":
            # The article writes the year in the sentence that dates the fact.
            assert str(e.year) in e.quote, e


@pytest.mark.parametrize(
    "year, words",
    [
        (752, "Todaiji"),
        (1958, "ODA"),
        (2008, "Security Cooperation"),
        (2011, "CEPA"),
        (2015, "Samvad"),
        (2018, "Digital Partnership"),
        (2020, "logistics"),
        (2022, "$21.96 billion"),
        (2023, "JPY 580 billion"),
    ],
)
def test_the_article_s_dates_are_on_the_timeline(
    entries: list[Entry], year: int, words: str
) -> None:
    assert any(e.year == year and words in e.quote for e in entries), (year, words)


def test_undated_summit_comes_last_without_an_invented_year(entries: list[Entry]) -> None:
    summit = [e for e in entries if e.entity == "ijr:Summit15"]
    assert len(summit) == 1 and summit[0] == entries[-1]
    assert summit[0].year is None and "undated" in summit[0].when
    assert "recent" in summit[0].quote and "recent" in summit[0].when


def test_between_filters_by_year(entries: list[Entry]) -> None:
    window = between(entries, 2011, 2018)
    assert window and all(2011 <= e.year <= 2018 for e in window if e.year is not None)
    assert all(e.year is not None for e in window)
    assert len(between(entries)) == len(entries)


def _hostile_quads() -> list[ox.Quad]:
    """A dated event whose label and description are markup."""
    event, lexicon = ox.NamedNode(IJR + "Evil"), ox.NamedNode(str(IJG.lexicon))
    passage = ox.NamedNode(IJP + "article/L9S1")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    desc = ox.NamedNode("http://purl.org/dc/terms/description")
    year = ox.Literal("2001", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))
    return [
        ox.Quad(event, rdf_type, ox.NamedNode(IJ + "HistoricalEvent"), lexicon),
        ox.Quad(event, label, ox.Literal("<script>alert(1)</script>", language="en"), lexicon),
        ox.Quad(event, desc, ox.Literal('"><img src=x onerror=alert(2)>', language="en"), lexicon),
        ox.Quad(event, ox.NamedNode(IJ + "date"), year, passage),
        ox.Quad(
            passage,
            ox.NamedNode(IJ + "quote"),
            ox.Literal("A & B <i>"),
            ox.NamedNode(str(IJG.sources)),
        ),
    ]


def test_timeline_page_escapes_data() -> None:
    page = render_timeline_html(_hostile_quads())
    assert "<script>alert" not in page and "<img" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "A &amp; B &lt;i&gt;" in page
    assert 'href="entity/Evil.html"' in page


def test_pages_are_offline(built: Build) -> None:
    for page in (render_timeline_html(built), render_ontology_html(built)):
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
        assert "<link" not in page


def test_ontology_terms_and_page(built: Build) -> None:
    terms = {t.curie: t for t in ontology_terms(built)}
    classes = {
        q.subject.value
        for q in built.quads
        if q.graph_name.value == str(IJG.ontology)
        and q.object == ox.NamedNode("http://www.w3.org/2002/07/owl#Class")
    }
    assert {t.iri for t in terms.values() if t.kind == "Class"} == classes
    exercise = terms["ij:MilitaryExercise"]
    assert exercise.labels["ja"] and "ij:Event" in exercise.parents
    direct = {
        q.subject
        for q in built.quads
        if q.object == ox.NamedNode(IJ + "MilitaryExercise")
        and q.graph_name.value == str(IJG.lexicon)
    }
    assert exercise.uses == len(direct) and exercise.instances >= exercise.uses
    assert "ij:MilitaryExercise" in terms["ij:Event"].children
    assert terms["ij:Event"].instances >= exercise.instances
    assert terms["ij:serviceBranch"].uses >= 1 and terms["ij:serviceBranch"].examples

    page = render_ontology_html(built)
    for term in terms.values():
        assert f'id="{term.anchor}"' in page
    assert 'href="#Event"' in page and 'href="entity/Malabar.html"' in page


@pytest.mark.browser
def test_timeline_filters_in_a_real_browser(built: Build, tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    page_file = tmp_path / "timeline.html"
    page_file.write_text(render_timeline_html(built), encoding="utf-8")
    entries = timeline(built)
    page = browser.new_page()
    try:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        items = page.locator("ol.timeline li")
        assert items.count() == len(entries)
        assert page.locator("ol.timeline li:visible").count() == len(entries)
        page.fill("input[name=from]", "2011")
        page.fill("input[name=to]", "2018")
        page.uncheck("input[name=undated]")
        expected = len(between(entries, 2011, 2018))
        assert page.locator("ol.timeline li:visible").count() == expected
        assert f"{expected} of {len(entries)}" in page.inner_text("#count")
        page.uncheck("input[name=type][value=Conference]")
        assert page.locator("ol.timeline li:visible").count() == expected - sum(
            1 for e in between(entries, 2011, 2018) if e.type == "Conference"
        )
        assert not errors
    finally:
        page.close()


def test_golden_fixture_timeline() -> None:
    quads = list(ox.parse(path=str(GOLDEN / "fixture.trig"), format=ox.RdfFormat.TRIG))
    (entry,) = timeline(quads)
    assert (entry.year, entry.when, entry.entity, entry.passage) == (
        752,
        "752",
        "ijr:Consecration",
        "article/L26S1",
    )
