"""The timeline data: dated facts against their sources (the pages are tested in tests/render)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ijgraph.compiler.pipeline import Build
from ijgraph.graph.timeline import Entry, between, timeline
from ijgraph.render.ontology_docs import ontology_terms
from ijgraph.vocab.namespaces import IJG, IJP, IJR
from tests.helpers import GOLDEN

IJ = "https://w3id.org/ijgraph/ontology/"


@pytest.fixture(scope="module")
def entries(built: Build) -> list[Entry]:
    return timeline(built)


def _quotes(built: Build) -> dict[str, str]:
    return {
        q.subject.value.rsplit("/", 1)[-1]: q.object.value
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


def test_summit_is_dated_by_the_fact_sheets_not_by_the_article(entries: list[Entry]) -> None:
    # The article never dates the 15th summit ("The recent summit"); milestones L27 and
    # nenpyo L11 do: 29–30 August 2025. No year is invented for the article's mention.
    summit = [e for e in entries if e.entity == "ijr:Summit15"]
    assert summit and all(e.year == 2025 for e in summit)
    assert all("2025" in e.quote for e in summit)
    assert entries[-1].year == 2025


def test_between_filters_by_year(entries: list[Entry]) -> None:
    window = between(entries, 2011, 2018)
    assert window and all(2011 <= e.year <= 2018 for e in window if e.year is not None)
    assert all(e.year is not None for e in window)
    assert len(between(entries)) == len(entries)


def _dated(event: str, year: str, passage: str, quote: str) -> list[ox.Quad]:
    subject, passage_iri = ox.NamedNode(IJR + event), ox.NamedNode(IJP + passage)
    gyear = ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")
    return [
        ox.Quad(
            subject,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(IJ + "HistoricalEvent"),
            ox.NamedNode(str(IJG.lexicon)),
        ),
        ox.Quad(subject, ox.NamedNode(IJ + "date"), ox.Literal(year, datatype=gyear), passage_iri),
        ox.Quad(
            passage_iri,
            ox.NamedNode(IJ + "quote"),
            ox.Literal(quote),
            ox.NamedNode(str(IJG.sources)),
        ),
    ]


def test_every_source_of_a_date_and_dates_on_which_sources_differ() -> None:
    quads = (
        _dated("Treaty", "1952", "docA/L3S1", "The treaty was signed in 1952.")
        + _dated("Treaty", "1952", "docB/L7S2", "In 1952 both signed the treaty.")
        + _dated("Treaty", "1953", "docC/L1S1", "The 1953 treaty ...")
        + _dated("Visit", "2001", "docA/L4S1", "A visit in 2001.")
    )
    entries = {(e.entity, e.when): e for e in timeline(quads)}
    agreed = entries[("ijr:Treaty", "1952")]
    assert [p for p, _ in agreed.sources] == ["docA/L3S1", "docB/L7S2"]
    assert agreed.sources[1][1] == "In 1952 both signed the treaty."
    assert agreed.differs == ("1953",)
    assert entries[("ijr:Treaty", "1953")].differs == ("1952",)
    assert entries[("ijr:Visit", "2001")].differs == ()
    assert len(entries[("ijr:Visit", "2001")].sources) == 1


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


def test_golden_fixture_timeline() -> None:
    quads = list(ox.parse(path=str(GOLDEN / "fixture.trig"), format=ox.RdfFormat.TRIG))
    (entry,) = timeline(quads)
    assert (entry.year, entry.when, entry.entity, entry.passage) == (
        752,
        "752",
        "ijr:Consecration",
        "L26S1",
    )
