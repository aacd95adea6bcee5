"""The example catalog: well-formed headers, the same answers on both engines, and
answers pinned to what the article says.

Expected values come from the article's text (quoted by line number below) or are
computed from the graph; none is a copy of what a query printed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import pytest

from ijgraph.sparql.core import examples, load_engine, query
from ijgraph.sparql.results import QueryResult

# rdflib's own SPARQL evaluator calls its deprecated Dataset.default_context/contexts.
from tests.helpers import ROOT
from tests.sparql.expectations_sources import SOURCE_EXPECTATIONS

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*is deprecated:DeprecationWarning")


ARTICLE = (ROOT / "graph_data" / "sources" / "india-japan-ties-article.txt").read_text("utf-8")
LINES = ARTICLE.splitlines()
IJR = "https://w3id.org/ijgraph/resource/"
IJP = "https://w3id.org/ijgraph/passage/"
IJ = "https://w3id.org/ijgraph/ontology/"
CATALOG = examples()


class ArticleRows(list):  # type: ignore[type-arg]
    """The rows of an answer that come from the article (the pinned answers below quote it)."""

    @property
    def rows(self) -> list[Any]:
        return self


def _from_article(row: Any) -> bool:
    if "document" in row:
        return bool(row["document"] == IJR + "article")
    source = row.get("source") or ""
    return not source.startswith(IJP) or source.startswith(IJP + "article/")


def on_article(check: Callable[[Any], None]) -> Callable[[QueryResult], None]:
    """Pin ``check`` to the article's rows: the fact sheets add rows of their own."""

    def run(r: QueryResult) -> None:
        check(ArticleRows(row for row in r if _from_article(row)))

    run.__name__ = check.__name__
    return run


def line(number: int) -> str:
    """Line ``number`` (1-based) of the article."""
    return LINES[number - 1]


@pytest.fixture(scope="session")
def answers() -> dict[tuple[str, str], QueryResult]:
    """Every example's answer on every engine, computed once."""
    engines = {name: load_engine(name) for name in ("oxigraph", "rdflib")}
    return {(name, e): query(name, engine=eng) for name in CATALOG for e, eng in engines.items()}


def _rows(result: QueryResult) -> list[tuple[tuple[str, Any], ...]]:
    return [tuple(row.items()) for row in result]


def col(result: QueryResult, var: str) -> list[Any]:
    return [row[var] for row in result]


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


# --- the catalog ---------------------------------------------------------------------


def test_catalog_is_large_enough_and_numbered() -> None:
    assert len(CATALOG) >= 24
    numbers = [name.split("-", 1)[0] for name in CATALOG]
    assert all(re.fullmatch(r"\d\d", n) for n in numbers), numbers
    assert len(set(numbers)) == len(numbers)
    topics = [name.split("-", 1)[1] for name in CATALOG]
    assert len(set(topics)) == len(topics), "topic names must be unique (they are shortcuts)"


@pytest.mark.parametrize("name", list(CATALOG))
def test_example_has_a_header(name: str) -> None:
    q = CATALOG[name]
    assert q.title and q.title != name
    assert len(q.description) > 20
    assert q.tags


def test_every_example_has_a_pinned_answer() -> None:
    assert set(CATALOG) == set(EXPECTATIONS), "add an expectation for each new example"


@pytest.mark.parametrize("name", list(CATALOG))
def test_engines_agree(name: str, answers: dict[tuple[str, str], QueryResult]) -> None:
    ox_result, rdflib_result = answers[name, "oxigraph"], answers[name, "rdflib"]
    assert ox_result.kind == rdflib_result.kind
    assert ox_result.vars == rdflib_result.vars
    assert ox_result.boolean == rdflib_result.boolean
    if "ORDER BY" in CATALOG[name].text.upper():
        assert _rows(ox_result) == _rows(rdflib_result)
    else:
        assert Counter(_rows(ox_result)) == Counter(_rows(rdflib_result))


@pytest.mark.parametrize("name", list(CATALOG))
def test_answer(name: str, answers: dict[tuple[str, str], QueryResult]) -> None:
    EXPECTATIONS[name](answers[name, "oxigraph"])


# --- pinned answers ----------------------------------------------------------------------


def naval_exercises(r: QueryResult) -> None:
    # L35: "Malabar (naval), ..., and JIMEX (naval)"
    assert "Malabar (naval)" in line(35) and "JIMEX (naval)" in line(35)
    from_article = {row["exerciseLabel"] for row in r if row["line"] == 35}
    assert from_article == {"Malabar", "JIMEX"}
    assert {row["partyLabel"] for row in r} == {"India", "Japan"}
    # Anything else is flagged as background knowledge, never as an article line.
    assert all(row["line"] == 35 or row["source"].endswith("/background") for row in r)


def military_exercises(r: QueryResult) -> None:
    # L12 names Veer Guardian, MILAN, Tarang Shakti (highlighted); L35 adds Malabar, Dharma Guardian, JIMEX.
    labels = set(col(r, "exerciseLabel"))
    assert labels == {
        "Veer Guardian",
        "MILAN",
        "Tarang Shakti",
        "Malabar",
        "Dharma Guardian",
        "JIMEX",
    }
    highlighted = {row["exerciseLabel"] for row in r if row["highlightedAtSummit"]}
    assert highlighted == {"Veer Guardian", "MILAN", "Tarang Shakti"}
    stated = {
        (row["exerciseLabel"], row["branchLabel"])
        for row in r
        if "/passage/" in (row["source"] or "")
    }
    assert stated == {
        ("Malabar", "Naval"),
        ("Veer Guardian", "Air force"),
        ("Dharma Guardian", "Army"),
        ("JIMEX", "Naval"),
    }


def summit_outcomes(r: QueryResult) -> None:
    by_relation: dict[str, set[str]] = {}
    for row in r:
        by_relation.setdefault(row["relationLabel"], set()).add(local(row["outcome"]))
    assert "launched" in line(13) and "launched" in line(25)
    assert by_relation["launched"] == {
        "EconomicSecurityInitiative",
        "HumanResourceExchangeInitiative",
    }
    assert by_relation["adopted"] == {"JointVision"}  # L2 "A comprehensive vision was adopted"
    assert by_relation["unveiled"] == {"DigitalPartnership2"}  # L15
    assert by_relation["expanded"] == {"CleanEnergyPartnership"}  # L20
    assert "JointDeclarationDefenceSecurityCooperation" in by_relation["established"]  # L11
    assert by_relation["highlighted"] == {"VeerGuardian", "MILAN", "TarangShakti"}  # L12
    assert {row["line"] for row in r} <= set(range(1, 26))  # the summit section of the article


def vision_pillars(r: QueryResult) -> None:
    # L2 "focusing on eight pillars:" followed by one pillar per line, L3-L10.
    assert "eight pillars" in line(2)
    assert col(r, "pillarLabel") == [line(n) for n in range(3, 11)]
    assert col(r, "line") == list(range(3, 11))


def foip_alignment(r: QueryResult) -> None:
    # L28: "India’s Act East Policy, SAGAR (...), and Indo-Pacific Oceans Initiative align with Japan’s FOIP"
    assert set(col(r, "policyLabel")) == {
        "Act East Policy",
        "Security and Growth for All in the Region",
        "Indo-Pacific Oceans Initiative",
    }
    assert {row["quote"] for row in r if row["line"] == 28} == {line(28)}


def trade_2022_23(r: QueryResult) -> None:
    # L30 "$21.96 billion in 2022–23"; L31 "exports standing at $5.46 billion ... imports ... $16.49 billion"
    values = {row["typeLabel"]: row["value"] for row in r}
    assert values == {
        "Bilateral trade": Decimal("21960000000"),
        "Exports": Decimal("5460000000"),
        "Imports": Decimal("16490000000"),
    }
    assert all(row["statedAs"] in line(row["line"]) for row in r)
    assert set(col(r, "currency")) == {"USD"}


def trade_imbalance(r: QueryResult) -> None:
    (row,) = r.rows
    assert row["deficit"] == Decimal("16490000000") - Decimal("5460000000")  # L31
    assert row["exportsPlusImports"] == Decimal("21950000000")
    assert row["statedTotal"] == Decimal("21960000000")  # L30


def oda_fdi(r: QueryResult) -> None:
    # L32: largest ODA donor since 1958, JPY 580 billion (approx. USD 4.5 billion) for 2023–24
    # L33: cumulative FDI of $40 billion till 2023, 5th-largest FDI source
    rows = {local(row["figure"]): row for row in r}
    assert rows["JapanODAToIndia2023-24"]["value"] == Decimal("580000000000")
    assert rows["JapanODAToIndia2023-24"]["currency"] == "JPY"
    assert rows["JapanODAToIndia2023-24USD"]["value"] == Decimal("4500000000")
    assert rows["JapanODAToIndia2023-24USD"]["approximate"] is True
    assert rows["JapanODADonorRank"]["rank"] == 1 and rows["JapanODADonorRank"]["since"] == 1958
    assert rows["JapanFDIInIndiaCumulative2023"]["value"] == Decimal("40000000000")
    assert rows["JapanFDISourceRank"]["rank"] == 5
    assert all(row["statedAs"] in line(row["line"]) for row in r)


def agreements_timeline(r: QueryResult) -> None:
    # L34 Joint Declaration (2008), the logistics agreement (2020: the other agreements of the
    # sentence are undated); L30 CEPA 2011; L37 Digital Partnership (2018); L41 Samvad (since 2015).
    years = col(r, "year")
    assert years == sorted(years)
    by_year = Counter(years)
    assert by_year == Counter({2008: 1, 2011: 1, 2015: 1, 2018: 1, 2020: 1})
    for row in r:
        assert str(row["year"]) in line(row["line"])


def cultural_figures(r: QueryResult) -> None:
    # L26 Bodhisena's consecration of the Great Buddha at Todaiji; L27 three figures fostering goodwill.
    people = {row["personLabel"]: row for row in r}
    assert set(people) == {
        "Bodhisena",
        "Swami Vivekananda",
        "Rabindranath Tagore",
        "Netaji Subhash Chandra Bose",
    }
    assert people["Bodhisena"]["line"] == 26 and "Todaiji" in people["Bodhisena"]["linkLabel"]
    for name in ("Swami Vivekananda", "Rabindranath Tagore", "Netaji Subhash Chandra Bose"):
        assert name in line(27) and people[name]["line"] == 27
        assert "goodwill" in people[name]["linkLabel"].lower()


def clean_energy_partnership(r: QueryResult) -> None:
    # L20 "expanded with MoUs focused on:" L21 Hydrogen, L22 Ammonia, L23 Joint Crediting Mechanism;
    # L24 "aim to advance net-zero pathways"
    foci = {row["focusLabel"] for row in r if row["relationLabel"] == "includes"}
    assert foci == {line(21), line(22), line(23)}
    assert "net-zero" in line(24)
    assert {row["itemLabel"] for row in r if row["relationLabel"] == "aims at"} == {"Net zero"}


def digital_partnership(r: QueryResult) -> None:
    # L15 "The Digital Partnership 2.0 was unveiled, covering:" then L16-L19.
    assert col(r, "line") == [16, 17, 18, 19]
    for row in r:
        assert row["fieldLabel"].split()[0].lower() in line(row["line"]).lower()


def china_challenges(r: QueryResult) -> None:
    # China is named by lines 43, 44, 46 (and 51) of the challenges and ways forward.
    assert {row["line"] for row in r} == {n for n in range(43, 62) if "China" in line(n)}
    assert all(row["quote"] in line(row["line"]) for row in r)
    assert len({row["challenge"] for row in r}) >= 4


def ways_forward(r: QueryResult) -> None:
    headings = [n for n in range(47, 62) if line(n).endswith(":")]
    assert len(headings) == 5  # the five ways forward
    assert len({row["wayForwardLabel"] for row in r}) == 5
    mentions = {(row["line"], row["mentionedLabel"]) for row in r if row["mentioned"]}
    # L49 "supporting initiatives like Make in India and Atmanirbhar Bharat Abhiyan"
    assert {(49, "Make in India"), (49, "Atmanirbhar Bharat Abhiyan")} <= mentions
    # L61 "synergies between the Free and Open Indo-Pacific (FOIP) and Indo-Pacific Oceans Initiative"
    assert {(61, "Free and Open Indo-Pacific"), (61, "Indo-Pacific Oceans Initiative")} <= mentions
    assert all(n not in headings for n in col(r, "line"))  # actions are the bullets, not headings


def source_sentence(r: QueryResult) -> None:
    (row,) = r.rows
    assert "$21.96 billion" in line(30)
    assert row["line"] == 30 and row["quote"] == line(30)
    assert row["passage"] == IJP + "article/L30S1"


def entity_statements(r: QueryResult) -> None:
    cepa = IJR + "CEPA"
    assert all(cepa in (row["subject"], row["object"]) for row in r)
    assert {(local(row["predicate"]), row["object"]) for row in r if row["line"] == 30} >= {
        ("since", 2011)
    }
    assert {row["line"] for row in r} == {n for n in range(1, 62) if "CEPA" in line(n)}


def labels_ja(r: QueryResult) -> None:
    labels = {local(row["entity"]): row["label"] for row in r}
    assert labels["Japan"] == "日本" and labels["India"] == "インド"
    assert all(row["english"] for row in r)


def entities_per_class(r: QueryResult) -> None:
    counts = {local(row["class"]): row["entities"] for row in r}
    # L12 + L35 name six distinct exercises; the milestones sheet four editions (L32 JIMEX 12,
    # L34 Malabar of October 2015, L36 the first Dharma Guardian, L40 the first Veer Guardian).
    assert counts["MilitaryExercise"] == 6 + 4
    assert counts["Pillar"] == 8  # L2 "eight pillars"
    # L26 Bodhisena, L27 three figures; the milestones sheet adds Radhabinod Pal (L11) and ten
    # prime ministers (Kishi, Mori, Vajpayee, Koizumi, Singh, Abe, Modi, Kishida, Ishiba, Asō).
    assert counts["Person"] == 4 + 11
    assert col(r, "entities") == sorted(col(r, "entities"), reverse=True)


def passage_statements(r: QueryResult) -> None:
    first = r.rows[0]
    assert local(first["predicate"]) == "quote" and first["object"] == line(30)
    facts = {(local(row["subject"]), local(row["predicate"]), row["object"]) for row in r}
    assert ("CEPA", "since", 2011) in facts  # "Since its establishment in 2011"
    assert ("BilateralTrade2022-23", "value", Decimal("21960000000")) in facts
    assert ("CEPATariffEliminationShare", "value", Decimal("94")) in facts  # "tariffs on 94%"


def background_facts(r: QueryResult) -> None:
    engine = load_engine("oxigraph")
    assert isinstance(engine.store, ox.Store)
    graph = ox.NamedNode("https://w3id.org/ijgraph/graph/background")
    assert len(r) == len(list(engine.store.quads_for_pattern(None, None, None, graph)))
    # Australia is never named by the article: it can only come from background knowledge.
    assert "Australia" not in ARTICLE
    assert (IJR + "Quad", IJ + "member", IJR + "Australia") in {
        (row["subject"], row["predicate"], row["object"]) for row in r
    }


def quad_scri_members(r: QueryResult) -> None:
    # L29 "Both countries are key players in the Quad (...) and the (SCRI)"
    stated = {(row["groupLabel"], row["countryLabel"]) for row in r if row["line"] == 29}
    assert stated == {
        ("Quad", "India"),
        ("Quad", "Japan"),
        ("Supply Chain Resilience Initiative", "India"),
        ("Supply Chain Resilience Initiative", "Japan"),
    }
    others = {row["countryLabel"] for row in r if row["line"] is None}
    assert {"United States", "Australia"} <= others


def summit_targets(r: QueryResult) -> None:
    # L14 "10 trillion Yen"; L25 "500,000 exchanges ... 50,000 skilled Indian professionals"
    values = {row["statedAs"]: (row["value"], row["line"]) for row in r}
    assert values["10 trillion Yen"] == (Decimal(10) ** 13, 14)
    assert values["500,000 exchanges"] == (Decimal(500_000), 25)
    assert values["50,000 skilled Indian professionals"] == (Decimal(50_000), 25)
    assert all(s in line(n) for s, (_, n) in values.items())


def space_cooperation(r: QueryResult) -> None:
    # L39 "between ISRO and JAXA spans areas like lunar exploration, satellite navigation, and SSA"
    partners = {row["itemLabel"] for row in r if row["relationLabel"] == "partner"}
    assert partners == {"Indian Space Research Organisation", "Japan Aerospace Exploration Agency"}
    areas = {row["itemLabel"].lower() for row in r if row["relationLabel"] == "covers"}
    assert areas == {"lunar exploration", "satellite navigation", "space situational awareness"}
    assert all(area in line(39) for area in areas)


def figures_as_stated(r: QueryResult) -> None:
    for row in r:
        assert row["statedAs"] in row["quote"], row  # the article's own wording
        assert row["quote"] in line(row["line"])
    lower = {row["statedAs"] for row in r if row["lowerBound"]}
    assert lower == {"Over 665", "over 40,000 people"}  # L40, L42
    assert {row["statedAs"] for row in r if row["approximate"]} == {
        "approx. USD 4.5 billion"
    }  # L32


def entity_mentions(r: QueryResult) -> None:
    expected = [n for n in range(1, 63) if re.search(r"Mumbai.Ahmedabad High-Speed Rail", line(n))]
    assert col(r, "line") == expected == [33, 54]
    assert all(row["quote"] in line(row["line"]) for row in r)


def india_china_trade(r: QueryResult) -> None:
    (row,) = r.rows
    # L46 "India-China trade, which stood at USD 136 billion in 2022"
    assert row["otherValue"] == Decimal("136000000000")
    assert row["indiaJapanValue"] == Decimal("21960000000")
    assert row["timesLarger"] == Decimal("6.19")  # 136 / 21.96


def exercise_graph(r: QueryResult) -> None:
    assert r.kind == "CONSTRUCT"
    branches = {
        (local(t.subject.value), local(t.object.value))
        for t in r.triples
        if t.predicate.value == IJ + "serviceBranch"
    }
    # L35 "Malabar (naval), Veer Guardian (air force), Dharma Guardian (army), and JIMEX (naval)"
    assert {
        ("Malabar", "Naval"),
        ("VeerGuardian", "AirForce"),
        ("DharmaGuardian", "Army"),
        ("JIMEX", "Naval"),
    } <= branches
    parsed = list(ox.parse(r.serialize("turtle"), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == len(r.triples)


def describe_cepa(r: QueryResult) -> None:
    assert r.kind == "DESCRIBE"
    facts = {(local(row["predicate"]), row["object"]) for row in r}
    assert ("since", 2011) in facts  # L30 "Since its establishment in 2011"
    assert ("acronym", "CEPA") in facts
    assert all(row["subject"] == IJR + "CEPA" for row in r)


def largest_oda_donor(r: QueryResult) -> None:
    assert "Japan remains India’s largest ODA donor" in line(32)
    assert r.kind == "ASK" and r.boolean is True


def sources_disagree(r: QueryResult) -> None:
    # Every version comes with its passage and document; a subject and property listed
    # here has at least two values, each stated by a passage that does not state the other.
    versions: dict[tuple[str, str], set[str]] = {}
    for row in r:
        versions.setdefault((row["subject"], row["property"]), set()).add(row["value"])
        assert row["passage"].startswith("https://w3id.org/ijgraph/passage/"), row
        assert row["document"].startswith("https://w3id.org/ijgraph/resource/"), row
    assert all(len(values) >= 2 for values in versions.values()), versions


EXPECTATIONS: dict[str, Callable[[QueryResult], None]] = {
    "01-naval-exercises": on_article(naval_exercises),
    "02-military-exercises": on_article(military_exercises),
    "03-summit-outcomes": on_article(summit_outcomes),
    "04-vision-pillars": vision_pillars,
    "05-foip-alignment": foip_alignment,
    "06-trade-2022-23": on_article(trade_2022_23),
    "07-trade-imbalance": trade_imbalance,
    "08-oda-fdi": on_article(oda_fdi),
    "09-agreements-timeline": on_article(agreements_timeline),
    "10-cultural-figures": on_article(cultural_figures),
    "11-clean-energy-partnership": clean_energy_partnership,
    "12-digital-partnership": digital_partnership,
    "13-china-challenges": china_challenges,
    "14-ways-forward": ways_forward,
    "15-source-sentence": on_article(source_sentence),
    "16-entity-statements": entity_statements,
    "17-labels-ja": labels_ja,
    "18-entities-per-class": entities_per_class,
    "19-passage-statements": passage_statements,
    "20-background-facts": background_facts,
    "21-quad-scri-members": quad_scri_members,
    "22-summit-targets": on_article(summit_targets),
    "23-space-cooperation": space_cooperation,
    "24-figures-as-stated": on_article(figures_as_stated),
    "25-entity-mentions": on_article(entity_mentions),
    "26-india-china-trade": india_china_trade,
    "27-exercise-graph": exercise_graph,
    "28-describe-cepa": describe_cepa,
    "29-largest-oda-donor": largest_oda_donor,
    "35-disagreement-references": sources_disagree,
}
EXPECTATIONS.update(SOURCE_EXPECTATIONS)  # examples about several source documents
