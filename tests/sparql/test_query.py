"""The Python query API: engines, datasets, results, formats, label language, safety."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from ijgraph.sparql.core import (
    ENGINES,
    Engine,
    UnknownExample,
    example,
    has_lang_clause,
    load_engine,
    query,
    resolve,
    with_lang,
)
from ijgraph.sparql.guard import QueryRefused
from ijgraph.sparql.results import FORMATS, GRAPH_KINDS, SOLUTION_KINDS, FormatError, QueryResult

# rdflib's own SPARQL evaluator calls its deprecated Dataset.default_context/contexts.
from tests.helpers import ROOT

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*is deprecated:DeprecationWarning")


EX = "http://example.org/"
IJR = "https://w3id.org/ijgraph/resource/"
PREFIXES = f"PREFIX ex: <{EX}>\nPREFIX ij: <https://w3id.org/ijgraph/ontology/>\n"
ENGINE_NAMES = list(ENGINES)


def _n(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


#: Two named graphs and one default-graph triple: enough to tell a union from a single graph.
TINY = [
    ox.Quad(_n("a"), _n("p"), _n("b"), _n("g1")),
    ox.Quad(_n("b"), _n("p"), _n("c"), _n("g2")),
    ox.Quad(_n("a"), _n("label"), ox.Literal("A", language="en"), _n("g1")),
    ox.Quad(_n("a"), _n("label"), ox.Literal("エー", language="ja"), _n("g1")),
    ox.Quad(_n("c"), _n("label"), ox.Literal("C", language="en"), _n("g2")),
    ox.Quad(
        _n("a"),
        _n("n"),
        ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ),
]


@pytest.fixture(scope="module", params=ENGINE_NAMES)
def tiny(request: pytest.FixtureRequest) -> Engine:
    return ENGINES[request.param].from_quads(TINY)


# --- dataset semantics, on both engines -----------------------------------------------------


def test_default_graph_is_the_union_of_all_graphs(tiny: Engine) -> None:
    # The two-hop path crosses graphs g1 and g2: only a union default graph joins them.
    r = query(PREFIXES + "SELECT ?end WHERE { ex:a ex:p/ex:p ?end }", engine=tiny)
    assert [row["end"] for row in r] == [EX + "c"]
    r = query(PREFIXES + "SELECT ?n WHERE { ex:a ex:n ?n }", engine=tiny)
    assert [row["n"] for row in r] == [7]


def test_named_graphs_are_queryable(tiny: Engine) -> None:
    r = query(PREFIXES + "SELECT ?g WHERE { GRAPH ?g { ?s ex:p ?o } } ORDER BY ?g", engine=tiny)
    assert [row["g"] for row in r] == [EX + "g1", EX + "g2"]


def test_protocol_graph_restrictions(tiny: Engine) -> None:
    text = PREFIXES + "SELECT ?s WHERE { ?s ex:p ?o }"
    assert [row["s"] for row in tiny.run(text, default_graphs=[EX + "g2"])] == [EX + "b"]
    text = PREFIXES + "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert {row["g"] for row in tiny.run(text, named_graphs=[EX + "g1"])} == {EX + "g1"}


def test_from_picks_a_graph_of_the_dataset_on_both_engines() -> None:
    lexicon = "https://w3id.org/ijgraph/graph/lexicon"
    counts = set()
    for name in ENGINE_NAMES:
        with_from = query(
            f"SELECT (COUNT(*) AS ?n) FROM <{lexicon}> WHERE {{ ?s ?p ?o }}", engine=name
        )
        in_graph = query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{lexicon}> {{ ?s ?p ?o }} }}", engine=name
        )
        assert with_from.rows == in_graph.rows
        counts.add(with_from.rows[0]["n"])
    everything = query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
    assert len(counts) == 1 and counts.pop() < everything


def test_provenance_query_from_the_brief() -> None:
    text = (
        PREFIXES + "PREFIX ijr: <https://w3id.org/ijgraph/resource/>\n"
        "SELECT ?quote WHERE { GRAPH ?g { ijr:Malabar ij:serviceBranch ?b } ?g ij:quote ?quote }"
    )
    for name in ENGINE_NAMES:
        quotes = [row["quote"] for row in query(text, engine=name)]
        assert len(quotes) == 1 and "Malabar (naval)" in quotes[0]


# --- results -------------------------------------------------------------------------------------


def test_rows_are_plain_python_values() -> None:
    text = (
        PREFIXES + "PREFIX ijr: <https://w3id.org/ijgraph/resource/>\n"
        "SELECT ?figure ?value ?line ?flag ?day ?year ?missing WHERE {\n"
        "  GRAPH ?g { ijr:BilateralTrade2022-23 ij:value ?value } ?g ij:lineNumber ?line ;\n"
        "     <http://purl.org/dc/terms/isPartOf> ijr:article .\n"
        "  BIND(ijr:BilateralTrade2022-23 AS ?figure) BIND(true AS ?flag)\n"
        '  BIND("2022-04-01"^^<http://www.w3.org/2001/XMLSchema#date> AS ?day)\n'
        "  ijr:CEPA ij:since ?year }"
    )
    for name in ENGINE_NAMES:
        (row,) = query(text, engine=name).rows
        assert row == {
            "figure": IJR + "BilateralTrade2022-23",
            "value": Decimal("21960000000"),
            "line": 30,
            "flag": True,
            "day": date(2022, 4, 1),
            "year": 2011,
            "missing": None,
        }
        assert type(row["figure"]) is str and type(row["line"]) is int


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "SELECT"),
        ("ASK { ?s ?p ?o }", "ASK"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "CONSTRUCT"),
        (f"DESCRIBE <{IJR}Malabar>", "DESCRIBE"),
    ],
)
@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_kinds(text: str, kind: str, engine: str) -> None:
    r = query(text, engine=engine)
    assert r.kind == kind and r.engine == engine
    if kind == "ASK":
        assert r.boolean is True and bool(r)
    else:
        assert r.boolean is None and len(r) > 0
    if kind in GRAPH_KINDS:
        assert r.vars == ("subject", "predicate", "object")


def _check_format(fmt: str, data: bytes, result: QueryResult) -> None:
    """Parse ``data`` with an independent reader and compare with ``result``."""
    if fmt == "json":
        parsed = json.loads(data)
        assert ("boolean" in parsed) == (result.kind == "ASK")
    elif fmt == "xml":
        assert ET.fromstring(data).tag.endswith("sparql")
    elif fmt in ("csv", "tsv") and result.kind == "SELECT":
        rows = list(csv.reader(io.StringIO(data.decode()), delimiter="," if fmt == "csv" else "\t"))
        assert [h.lstrip("?") for h in rows[0]] == list(result.vars) and len(rows) == len(
            result
        ) + 1
    elif fmt == "table" and result.kind != "ASK":
        lines = data.decode().splitlines()
        assert lines[0].split() == list(result.vars) and lines[-1] == f"({len(result)} rows)"
    elif fmt in ("turtle", "nt"):
        rdf = ox.RdfFormat.TURTLE if fmt == "turtle" else ox.RdfFormat.N_TRIPLES
        assert _triples(data, rdf) == set(result.triples)
    elif fmt == "jsonld":
        assert _triples(data, ox.RdfFormat.JSON_LD) == set(result.triples)


def _triples(data: bytes, fmt: ox.RdfFormat) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=fmt)}


SAMPLES = {
    "SELECT": f"SELECT ?s ?o WHERE {{ ?s <{IJR.replace('resource', 'ontology')}serviceBranch> ?o }}",
    "ASK": "ASK { ?s ?p ?o }",
    "CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5",
    "DESCRIBE": f"DESCRIBE <{IJR}JIMEX>",
}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("kind", list(SAMPLES))
def test_every_format(fmt: str, kind: str) -> None:
    result = query(SAMPLES[kind])
    if kind not in FORMATS[fmt].kinds:
        with pytest.raises(FormatError, match="does not fit"):
            result.serialize(fmt)
        return
    _check_format(fmt, result.serialize(fmt), result)


def test_format_registry_covers_the_issue() -> None:
    assert {"table", "csv", "tsv", "json", "xml"} <= {
        f for f, s in FORMATS.items() if s.kinds >= SOLUTION_KINDS
    }
    assert {"turtle", "nt", "jsonld"} <= {f for f, s in FORMATS.items() if s.kinds >= GRAPH_KINDS}
    with pytest.raises(FormatError, match="unknown format"):
        query("ASK { ?s ?p ?o }").serialize("yaml")


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml", "table"])
def test_engines_write_the_same_bytes(fmt: str) -> None:
    # No xsd:positiveInteger here: pyoxigraph's store keeps numbers in canonical form
    # (xsd:integer), rdflib keeps the derived type; the Python values are equal either way.
    text = (
        PREFIXES + "PREFIX ijr: <https://w3id.org/ijgraph/resource/>\n"
        "SELECT ?figure ?value ?statedAs ?label WHERE {\n"
        "  ?figure ij:period ijr:FY2022-23 ; ij:value ?value ; ij:statedAs ?statedAs .\n"
        "  OPTIONAL { ?figure <http://www.w3.org/2000/01/rdf-schema#label> ?label } }\n"
        "ORDER BY ?figure ?label"
    )
    ox_bytes = query(text, engine="oxigraph").serialize(fmt)
    assert ox_bytes == query(text, engine="rdflib").serialize(fmt)
    assert "21960000000" in ox_bytes.decode() and "日印二国間貿易額" in ox_bytes.decode()


def test_table_aligns_wide_characters() -> None:
    lines = query("vision-pillars", lang="ja").serialize("table").decode().splitlines()
    # The "line" column starts at the same display column on every row, Japanese or not.
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)

    starts = {width(row[: row.rstrip().rfind(" ") + 1]) for row in lines[2:-1]}
    assert len(starts) == 1


# --- resolving queries ------------------------------------------------------------------------


def test_resolve_text_file_and_example(tmp_path: Path) -> None:
    assert resolve("ASK { ?s ?p ?o }").text == "ASK { ?s ?p ?o }"
    path = tmp_path / "mine.rq"
    path.write_text("#+ title: Mine\nASK { ?s ?p ?o }\n", encoding="utf-8")
    assert resolve(str(path)).title == "Mine"
    assert query(str(path)).boolean is True
    assert resolve("01-naval-exercises") == resolve("naval-exercises") == example("naval-exercises")


def test_unknown_example_suggests_names() -> None:
    with pytest.raises(UnknownExample, match="naval-exercises"):
        query("navel-exercises")
    with pytest.raises(FileNotFoundError):
        query("missing-file.rq")


# --- label language ----------------------------------------------------------------------------


def test_with_lang_rewrites_only_the_clause() -> None:
    text = 'SELECT * WHERE { VALUES ?lang { "en" } ?s ?p "en" }'
    assert with_lang(text, "JA") == 'SELECT * WHERE { VALUES ?lang { "ja" } ?s ?p "en" }'
    assert has_lang_clause(text) and not has_lang_clause("ASK { ?s ?p ?o }")
    assert with_lang("ASK { ?s ?p ?o }", "ja") == "ASK { ?s ?p ?o }"
    for bad in ('ja" } }', "", "ja en", "*"):
        with pytest.raises(ValueError, match="language tag"):
            with_lang(text, bad)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_lang_picks_labels_with_english_fallback(engine: str) -> None:
    text = (
        PREFIXES + 'SELECT ?x ?label WHERE { VALUES ?lang { "en" } ?x ex:label ?any\n'
        "  OPTIONAL { ?x ex:label ?label FILTER(langMatches(lang(?label), ?lang)) }\n"
        '  OPTIONAL { ?x ex:label ?label FILTER(langMatches(lang(?label), "en")) }\n'
        "} GROUP BY ?x ?label ORDER BY ?x"
    )
    eng = ENGINES[engine].from_quads(TINY)
    assert [r["label"] for r in query(text, engine=eng)] == ["A", "C"]
    assert [r["label"] for r in query(text, engine=eng, lang="ja")] == ["エー", "C"]


# --- safety ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_refusals_come_before_any_engine(engine: str) -> None:
    with pytest.raises(QueryRefused) as update:
        query("INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }", engine=engine)
    assert update.value.status == 403
    with pytest.raises(QueryRefused) as service:
        query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", engine=engine)
    assert service.value.status == 400
    with pytest.raises(QueryRefused) as syntax:
        query("SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER(?x = ) }", engine=engine)
    assert (syntax.value.status, syntax.value.line) == (400, 3) and syntax.value.column


def test_unknown_engine() -> None:
    with pytest.raises(ValueError, match="oxigraph"):
        query("ASK { ?s ?p ?o }", engine="virtuoso")


# --- loading and caching --------------------------------------------------------------------------


def test_engine_is_loaded_once_and_reloaded_when_the_export_changes(tmp_path: Path) -> None:
    for name in ("ontology", "graph_data"):
        (tmp_path / name).mkdir()
    (tmp_path / "exports").mkdir()
    export = tmp_path / "exports" / "ijgraph.trig"
    shutil.copy(ROOT / "exports" / "ijgraph.trig", export)
    first = load_engine("oxigraph", tmp_path)
    assert load_engine("oxigraph", tmp_path) is first
    stat = export.stat()
    os.utime(export, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = load_engine("oxigraph", tmp_path)
    assert second is not first
    assert query("ASK { ?s ?p ?o }", root=tmp_path).boolean is True


def test_missing_export_says_how_to_build_it(tmp_path: Path) -> None:
    for name in ("ontology", "graph_data"):
        (tmp_path / name).mkdir()
    with pytest.raises(FileNotFoundError, match="ijgraph build"):
        query("ASK { ?s ?p ?o }", root=tmp_path)


def test_public_api_is_reachable_from_the_package() -> None:
    import ijgraph

    assert callable(getattr(ijgraph, "query", None)), "ijgraph/__init__.py should export query"


UNION_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _quads(*graphs: str) -> list:  # type: ignore[type-arg]
    import pyoxigraph as ox

    s, p, o = (ox.NamedNode(f"http://example.org/{x}") for x in "spo")
    other = ox.NamedNode("http://example.org/other")
    quads = [ox.Quad(s, p, o, ox.NamedNode(f"https://w3id.org/ijgraph/graph/{g}")) for g in graphs]
    return [*quads, ox.Quad(s, p, other, ox.NamedNode("https://w3id.org/ijgraph/graph/b"))]


@pytest.mark.parametrize(
    ("graphs", "union_view"), [(("a",), True), (("a", "b"), False)], ids=["disjoint", "shared"]
)
def test_union_default_graph_is_a_set(graphs: tuple[str, ...], union_view: bool) -> None:
    from ijgraph.sparql.core import OxigraphEngine

    engine = OxigraphEngine.from_quads(_quads(*graphs))
    assert engine.union_view is union_view  # nothing is copied unless a triple is shared
    assert engine.run(UNION_COUNT).rows == [{"n": 2}]
    only_a = "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/ijgraph/graph/a> WHERE { ?s ?p ?o }"
    assert engine.run(only_a).rows == [{"n": 1}]
