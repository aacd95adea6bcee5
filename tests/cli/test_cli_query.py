"""``ijgraph query`` and ``ijgraph examples``: output, formats, exit codes, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result

from ijgraph.cli import main
from ijgraph.sparql.core import examples, query

# rdflib's own SPARQL evaluator calls its deprecated Dataset.default_context/contexts.
from tests.helpers import ROOT

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.*is deprecated:DeprecationWarning")


ARTICLE = (ROOT / "graph_data" / "sources" / "india-japan-ties-article.txt").read_text("utf-8")
LINES = ARTICLE.splitlines()


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def ok(*args: str, stdin: str | None = None) -> str:
    result = run(*args, stdin=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(*args: str) -> str:
    """Run a command that must fail with exit code 2 and a message, never a traceback."""
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    return result.stderr


def test_query_an_example_by_name() -> None:
    out = ok("query", "naval-exercises")
    # L35: "Malabar (naval), Veer Guardian (air force), Dharma Guardian (army), and JIMEX (naval)"
    assert "Malabar" in out and "JIMEX" in out and "Dharma Guardian" not in out
    assert out.rstrip().endswith("rows)")


def test_query_text_and_files(tmp_path: Path) -> None:
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    expected = str(query(text).rows[0]["n"])
    assert ok("query", text, "--format", "csv").splitlines() == ["n", expected]
    path = tmp_path / "count.rq"
    path.write_text(text, encoding="utf-8")
    assert ok("query", "-f", str(path), "--format", "csv").splitlines() == ["n", expected]
    assert ok("query", "-f", "-", "--format", "csv", stdin=text).splitlines() == ["n", expected]
    assert ok("query", str(path), "--format", "csv").splitlines() == ["n", expected]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_formats_for_select(engine: str) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(ok("query", "trade-2022-23", "--engine", engine, "--format", "csv"))
        )
    )
    # article L30 "$21.96 billion"; L31 "$5.46 billion", "$16.49 billion";
    # milestones L48 "USD 21.96 billion"
    assert {r["statedAs"]: r["value"] for r in rows} == {
        "$21.96 billion": "21960000000",
        "USD 21.96 billion": "21960000000",
        "$5.46 billion": "5460000000",
        "$16.49 billion": "16490000000",
    }
    tsv = ok("query", "trade-2022-23", "--engine", engine, "--format", "tsv")
    assert tsv.splitlines()[0].split("\t")[0] == "?figure"
    data = json.loads(ok("query", "trade-2022-23", "--engine", engine, "--format", "json"))
    assert len(data["results"]["bindings"]) == 4
    assert "<sparql" in ok("query", "trade-2022-23", "--engine", engine, "--format", "xml")


def test_ask_and_graph_results() -> None:
    assert ok("query", "largest-oda-donor").strip() == "true"
    assert json.loads(ok("query", "largest-oda-donor", "--format", "json"))["boolean"] is True
    turtle = ok("query", "exercise-graph")  # CONSTRUCT defaults to Turtle
    triples = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    assert len(triples) == len(query("exercise-graph"))
    nt = ok("query", "describe-cepa", "--format", "nt")
    assert all(line.endswith(" .") for line in nt.splitlines())
    assert json.loads(ok("query", "describe-cepa", "--format", "jsonld"))


def test_lang_with_fallback() -> None:
    japanese = [
        r["label"]
        for r in query(
            "SELECT ?label WHERE { ?p a <https://w3id.org/ijgraph/ontology/Pillar> ;"
            ' <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(lang(?label) = "ja") }'
        )
    ]
    out = ok("query", "vision-pillars", "--lang", "ja")
    assert len(japanese) == 8 and all(label in out for label in japanese)
    assert "Defence and Security" not in out
    # No pillar has a Hindi label: every one falls back to its English name (L3-L10).
    out = ok("query", "vision-pillars", "--lang", "hi")
    assert all(LINES[n - 1] in out for n in range(3, 11))


def test_lang_on_a_query_without_the_clause_is_noted() -> None:
    result = run("query", "ASK { ?s ?p ?o }", "--lang", "ja")
    assert result.exit_code == 0 and "no effect" in result.stderr


def test_engines_print_the_same_table() -> None:
    assert ok("query", "summit-outcomes") == ok("query", "summit-outcomes", "--engine", "rdflib")


def test_syntax_error_shows_line_and_column() -> None:
    err = refused("query", "SELECT ?x WHERE {\n  ?x ?y ?z .\n  FILTER(?x = ) }")
    assert "line 3, column" in err and "syntax error" in err
    assert "3 |   FILTER(?x = ) }" in err and err.rstrip().endswith("^")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("INSERT DATA { <http://a/b> <http://a/c> <http://a/d> }", "read-only"),
        ("DROP ALL", "read-only"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <http://example.org/remote> WHERE { ?s ?p ?o }", "FROM"),
    ],
)
def test_refused_queries(text: str, reason: str) -> None:
    assert reason in refused("query", text)


def test_user_errors_exit_2() -> None:
    assert "did you mean" in refused("query", "navel-exercises")
    assert "does not fit" in refused("query", "naval-exercises", "--format", "turtle")
    assert "language tag" in refused("query", "naval-exercises", "--lang", 'ja" }')
    assert "cannot read" in refused("query", "-f", "/nonexistent/query.rq")
    assert run("query").exit_code == 2


def test_no_traceback_from_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ijgraph", "query", "SELECT ?x WHERE { ?x ?y }"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "line 1, column" in done.stderr and "Traceback" not in done.stderr


def test_examples_lists_the_catalog() -> None:
    out = ok("examples")
    assert [line.split()[0] for line in out.splitlines()] == list(examples())


def test_examples_by_tag_and_search() -> None:
    out = ok("examples", "--tag", "defence")
    names = [line.split()[0] for line in out.splitlines()]
    assert names and all("defence" in examples()[n].tags for n in names)
    assert "01-naval-exercises" in names
    out = ok("examples", "clean energy", "-l")
    assert out.splitlines()[0].startswith("11-clean-energy-partnership")
    result = run("examples", "no such words anywhere")
    assert result.exit_code == 1 and "no example matches" in result.stderr


def test_undeclared_prefix_gets_a_hint() -> None:
    err = refused("query", "SELECT ?b WHERE { ijr:Malabar ij:serviceBranch ?b }")
    assert "PREFIX ijr: <https://w3id.org/ijgraph/resource/>" in err
    assert "PREFIX ij: <https://w3id.org/ijgraph/ontology/>" in err
