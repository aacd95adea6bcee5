"""Pinned answers of the examples about several source documents (30 and after).

Expected values come from the documents' text (the fact sheets' lines, quoted below) or are
computed from the graph; none is a copy of what a query printed. ``test_examples`` collects
them into its ``EXPECTATIONS``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ijgraph.sparql.core import load_engine
from ijgraph.sparql.results import QueryResult
from tests.helpers import ROOT

__all__ = ["SOURCE_EXPECTATIONS"]

SOURCES = ROOT / "graph_data" / "sources"
FILES = {
    "article": "india-japan-ties-article.txt",
    "milestones": "india-japan-milestones.md",
    "nenpyo": "nichiin-kankei-nenpyo.md",
}
LINES = {doc: (SOURCES / name).read_text("utf-8").splitlines() for doc, name in FILES.items()}
IJR = "https://w3id.org/ijgraph/resource/"
PASSAGE = "https://w3id.org/ijgraph/passage/"


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def line(doc: str, number: int) -> str:
    return LINES[doc][number - 1]


def _facts_per_document() -> dict[str, int]:
    """Per document, the quads of its passage graphs, counted in Python (not by the example)."""
    store = load_engine("oxigraph").store
    query = (
        "SELECT DISTINCT ?doc ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
        "?g <http://purl.org/dc/terms/isPartOf> ?doc }"
    )
    counts: dict[str, int] = defaultdict(int)
    for row in store.query(query, use_default_graph_as_union=True):
        counts[local(row["doc"].value)] += 1
    return dict(counts)


def _lexical(value: Any) -> str:
    """A date as the data writes it: a gYear comes back as an int (752 is "0752")."""
    return f"{value:04d}" if isinstance(value, int) else str(value)


def facts_by_source(r: QueryResult) -> None:
    rows = {local(row["document"]): row for row in r}
    assert set(rows) == set(FILES)
    # Every sentence of every document states something: 66 article passages, 39 + 8 sheet ones.
    assert {doc: row["passages"] for doc, row in rows.items()} == {
        "article": 66,
        "milestones": 39,
        "nenpyo": 8,
    }
    assert {doc: row["facts"] for doc, row in rows.items()} == _facts_per_document()
    assert all(0 < row["subjects"] <= row["facts"] for row in rows.values())


def facts_several_sources(r: QueryResult) -> None:
    documents: dict[tuple[str, str, Any], set[str]] = defaultdict(set)
    for row in r:
        documents[row["subject"], row["predicate"], row["object"]].add(local(row["document"]))
        assert row["quote"] == re.sub(r"\[\^[^\]]*\]", "", row["quote"])
    for fact, docs in documents.items():
        assert len(docs) >= 2, fact
    counted = {(row["subject"], row["predicate"], row["object"]): row["documents"] for row in r}
    assert all(counted[fact] == len(docs) for fact, docs in documents.items())
    ij = "https://w3id.org/ijgraph/ontology/"
    # Bodhisena in 752: article L26, milestones L7, nenpyo L5.
    assert "752" in line("article", 26) and "752" in line("milestones", 7)
    assert "菩提僊那" in line("nenpyo", 5)
    consecration = IJR + "ConsecrationOfGreatBuddha"
    assert documents[consecration, ij + "performedBy", IJR + "Bodhisena"] == set(FILES)
    # USD 21.96 billion in 2022–23: article L30 ("$21.96 billion"), milestones L48.
    assert "21.96" in line("article", 30) and "21.96" in line("milestones", 48)
    trade = documents[IJR + "BilateralTrade2022-23", ij + "value", Decimal("21960000000")]
    assert trade == {"article", "milestones"}


def competing_claims(r: QueryResult) -> None:
    versions = {
        (local(row["subject"]), local(row["property"]), str(row["value"]), local(row["passage"]))
        for row in r
    }
    # milestones L16 and nenpyo L6 (MOFA): 28 April 1952; milestones L17 (MEA's text): 9 June 1952.
    assert "28 April 1952" in line("milestones", 16) and "1952年4月28日" in line("nenpyo", 6)
    assert "9 June 1952" in line("milestones", 17)
    # milestones L32: JIMEX 12 on 9 June 2012; L33: JIMEX began in January 2012.
    assert "9 June 2012" in line("milestones", 32) and "January 2012" in line("milestones", 33)
    # milestones L34 (Defense News): 2015; L35 (Financial Express): only in 2016.
    assert "October 2015" in line("milestones", 34) and "only in 2016" in line("milestones", 35)
    assert versions == {
        ("JapanIndiaPeaceTreaty", "date", "1952-04-28", "L16S1"),
        ("JapanIndiaPeaceTreaty", "date", "1952-04-28", "L6S1"),
        ("JapanIndiaPeaceTreaty", "date", "1952-06-09", "L17S1"),
        ("JIMEX12", "date", "2012-06-09", "L32S1"),
        ("JIMEX12", "date", "2012-01", "L33S1"),
        ("JapanPermanentParticipationInMalabar", "since", "2015", "L34S1"),
        ("JapanPermanentParticipationInMalabar", "since", "2016", "L35S1"),
    }
    authorities = {
        (str(row["value"]), local(row["document"])): local(row["authority"] or "") for row in r
    }
    assert authorities["1952-04-28", "milestones"] == "MOFAJapan"
    assert authorities["1952-04-28", "nenpyo"] == "MOFAJapan"
    assert authorities["1952-06-09", "milestones"] == "PeaceTreatyTextMEA"
    assert authorities["2015", "milestones"] == "DefenseNews"
    assert authorities["2016", "milestones"] == "FinancialExpress"
    for row in r:
        assert row["quote"] in line(local(row["document"]), row["line"])


def _cited(doc: str, number: int) -> set[str]:
    """The footnote identifiers that line ``number`` of a fact sheet cites."""
    return set(re.findall(r"\[\^([^\]]+)\]", line(doc, number)))


def _definition(doc: str, name: str) -> str:
    (found,) = [text for text in LINES[doc] if text.startswith(f"[^{name}]:")]
    return found


def fact_references(r: QueryResult) -> None:
    # The treaty is dated by milestones L16 (MOFA), L17 (MEA's text) and nenpyo L6 (MOFA).
    dated = {("milestones", 16), ("milestones", 17), ("nenpyo", 6)}
    expected = {(doc, f"L{n}S1", name) for doc, n in dated for name in _cited(doc, n)}
    assert {name for _, _, name in expected} == {"mofa-basic", "mea-treaty"}
    found = {(local(row["document"]), local(row["passage"]), local(row["reference"])) for row in r}
    assert found == expected
    dates = {(local(row["document"]), local(row["passage"])): str(row["date"]) for row in r}
    assert dates["milestones", "L16S1"] == dates["nenpyo", "L6S1"] == "1952-04-28"
    assert dates["milestones", "L17S1"] == "1952-06-09"
    for row in r:
        doc, name = local(row["document"]), local(row["reference"])
        definition = _definition(doc, name)
        assert row["url"] and row["url"] in definition
        assert row["citation"] in definition  # in the citing document's own words
        assert row["quote"] in line(doc, int(local(row["passage"])[1:].split("S")[0]))
    titles = {local(row["reference"]): row["title"] for row in r}
    assert titles["mea-treaty"] == "Treaty of Peace between Japan and India"


def chronology(r: QueryResult) -> None:
    when = [_lexical(row["when"]) for row in r]
    assert when == sorted(when)
    assert when[0] == "0752"  # Bodhisena, the earliest date of every source
    assert {local(row["document"]) for row in r} == set(FILES)
    precision = {"day": 10, "month": 7, "year": 4}
    for row in r:
        assert len(_lexical(row["when"])) == precision[row["precision"]], row
        year = str(int(_lexical(row["when"])[:4]))
        assert year in line(local(row["document"]), row["line"]), row
    treaty = {
        (_lexical(row["when"]), local(row["passage"]))
        for row in r
        if local(row["thing"]) == "JapanIndiaPeaceTreaty"
    }
    assert treaty == {("1952-04-28", "L16S1"), ("1952-04-28", "L6S1"), ("1952-06-09", "L17S1")}
    # milestones L27 / nenpyo L11: the 15th summit on 29–30 August 2025, dated by its first day.
    summit = {
        (_lexical(row["when"]), row["precision"], local(row["document"]))
        for row in r
        if local(row["thing"]) == "Summit15"
    }
    assert summit == {("2025-08-29", "day", "milestones"), ("2025-08-29", "day", "nenpyo")}
    # milestones L20: "in April 2005", a month.
    assert ("2005-04", "month") in {(_lexical(row["when"]), row["precision"]) for row in r}


SOURCE_EXPECTATIONS: dict[str, Callable[[QueryResult], None]] = {
    "30-facts-by-source": facts_by_source,
    "31-facts-several-sources": facts_several_sources,
    "32-competing-claims": competing_claims,
    "33-fact-references": fact_references,
    "34-chronology": chronology,
}
