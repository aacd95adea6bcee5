"""The search index: folding, ranking, typos, scripts without spaces; and `ijgraph search`."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from ijgraph.cli import main
from ijgraph.compiler.pipeline import Build
from ijgraph.graph.search import Index, build_index, fold, search
from tests.helpers import ROOT

R = "https://w3id.org/ijgraph/resource/"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
QUOTE = ox.NamedNode("https://w3id.org/ijgraph/ontology/quote")
DESCRIPTION = ox.NamedNode("http://purl.org/dc/terms/description")


def _quad(s: str, p: ox.NamedNode, text: str, lang: str | None = None) -> ox.Quad:
    return ox.Quad(ox.NamedNode(s), p, ox.Literal(text, language=lang))


@pytest.fixture(scope="module")
def small() -> Index:
    """Three entities and a passage, named in three scripts."""
    return build_index(
        [
            _quad(R + "Malabar", LABEL, "Malabar", "en"),
            _quad(R + "Malabar", LABEL, "マラバール", "ja"),
            _quad(R + "Malabar", LABEL, "मालाबार", "hi"),
            _quad(R + "Malabar", DESCRIPTION, "A regular naval exercise.", "en"),
            _quad(R + "Quad", LABEL, "Quad", "en"),
            _quad(R + "Quad", ALT, "Quadrilateral Security Dialogue", "en"),
            _quad(R + "QuadTensions", LABEL, "Tensions in Quad coordination", "en"),
            _quad(R + "Todaiji", LABEL, "Tōdai-ji", "en"),
            _quad("https://w3id.org/ijgraph/passage/L1S1", QUOTE, "Operational synergy grew."),
        ]
    )


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Tōdai-ji", "todai ji"),
        ("  MALABAR  ", "malabar"),
        ("まらばーる", "マラバール"),
        ("ＪＩＭＥＸ", "jimex"),
        ("मालाबार", "मालाबार"),  # Devanagari vowel signs are kept, not taken for accents
        ("ダルマ・ガーディアン", "ダルマ ガーディアン"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("query", "iri", "field"),
    [
        ("Malabar", "Malabar", "label@en"),
        ("malabr", "Malabar", "label@en"),  # a typo
        ("マラバール", "Malabar", "label@ja"),
        ("まらばーる", "Malabar", "label@ja"),  # hiragana for katakana
        ("マラバール演習", "Malabar", "label@ja"),  # Japanese without spaces, an extra word
        ("मालाबार", "Malabar", "label@hi"),
        ("quadrilateral security dialog", "Quad", "alias"),
        ("Quad", "Quad", "label@en"),  # the whole name ranks above a name containing it
        ("Todai-ji", "Todaiji", "label@en"),
        ("naval exercize", "Malabar", "description"),
    ],
)
def test_ranked_first(small: Index, query: str, iri: str, field: str) -> None:
    hits = search(small, query)
    assert hits, query
    assert (hits[0].iri, hits[0].field) == (R + iri, field)
    assert 0 < hits[0].score <= 100


def test_passage_quotes_are_searchable_and_kinds_filter(small: Index) -> None:
    hits = search(small, "operational synergy")
    assert [h.kind for h in hits] == ["passage"]
    assert hits[0].matched == "Operational synergy grew."
    assert search(small, "operational synergy", kinds=["entity"]) == []


def test_scores_descend_and_limit_holds(small: Index) -> None:
    hits = search(small, "quad", limit=2)
    assert len(hits) == 2
    assert hits[0].score >= hits[1].score
    assert [h.iri for h in hits] == [R + "Quad", R + "QuadTensions"]
    assert search(small, "quad", limit=0) == []


@pytest.mark.parametrize("text", ["", "   ", "!!", "・"])
def test_nothing_to_search_for(small: Index, text: str) -> None:
    assert search(small, text) == []


def test_unrelated_text_finds_nothing(small: Index) -> None:
    assert search(small, "zzzzqqq") == []


def test_same_quads_same_index(built: Build) -> None:
    one, two = build_index(built.quads), build_index(reversed(built.quads))
    assert one.entries == two.entries
    assert [h.as_json() for h in search(one, "india japan")] == [
        h.as_json() for h in search(two, "india japan")
    ]


@pytest.mark.parametrize(
    ("query", "local"),
    [
        ("Bodhisena", "Bodhisena"),
        ("菩提僊那", "Bodhisena"),
        ("Vivekanada", "SwamiVivekananda"),
        ("JIMEX", "JIMEX"),
        ("アクトイースト政策", "ActEastPolicy"),
        ("subhas chandra bose", "NetajiSubhashChandraBose"),
    ],
)
def test_real_graph(built: Build, query: str, local: str) -> None:
    index = build_index(built.quads)
    assert search(index, query, 1)[0].iri == R + local


def test_real_graph_has_classes_properties_and_passages(built: Build) -> None:
    index = build_index(built.quads)
    kinds = {e.kind for e in index.entries}
    assert kinds == {"entity", "class", "property", "passage", "reference"}
    exercise = index.entry("https://w3id.org/ijgraph/ontology/MilitaryExercise")
    assert exercise is not None and exercise.kind == "class"
    assert index.label(R + "Malabar") == "Malabar"


# --- the command line ---------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["search", *args, "--root", str(ROOT)])
    return result.exit_code, result.stdout, result.stderr


def test_cli_search() -> None:
    code, out, _ = run("malabr")
    assert code == 0
    assert out.splitlines()[0].split()[1:] == ["entity", "Malabar", f"<{R}Malabar>"]


def test_cli_search_json_and_kind() -> None:
    code, out, _ = run("マラバール演習", "--json", "--kind", "entity", "-n", "3")
    assert code == 0
    hits = json.loads(out)
    assert hits[0]["iri"] == R + "Malabar" and hits[0]["field"] == "label@ja"
    assert len(hits) <= 3 and {h["kind"] for h in hits} == {"entity"}


def test_cli_search_no_match_and_bad_input() -> None:
    code, _, err = run("zzzzqqqxx")
    assert code == 1 and "no match" in err
    code, _, err = run("!!")
    assert code == 2 and "TEXT:" in err


def test_large_index_path_finds_the_same_first_hits(
    built: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above FULL_SCAN names, whole names are compared only for entries sharing a word
    or bigram with the query: the fixture's names still come out on top."""
    import csv

    from ijgraph.graph import search as module

    index = build_index(built.quads)
    with open(ROOT / "tests/data/reconcile/names.csv", encoding="utf-8") as handle:
        names = [row["name"] for row in csv.DictReader(handle)]
    full = [search(index, n, 1, kinds=["entity"]) for n in names]
    monkeypatch.setattr(module, "FULL_SCAN", 0)
    restricted = [search(index, n, 1, kinds=["entity"]) for n in names]
    same = sum(a[:1] == b[:1] for a, b in zip(full, restricted, strict=True))
    assert same >= len(names) - 2, (same, len(names))


def test_cli_offers_every_kind() -> None:
    from ijgraph.cli.search import KINDS as CLI_KINDS
    from ijgraph.graph.search import KINDS

    assert CLI_KINDS == KINDS
