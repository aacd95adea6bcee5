"""Each claim validated on its own; problems located at file:line and sorted."""

from __future__ import annotations

from pathlib import Path

import pytest

from ijgraph.compiler.diagnostics import DataError
from ijgraph.compiler.inputs import data_files
from ijgraph.compiler.pipeline import compile_graph
from tests.helpers import DATA, ROOT, ask

REAL_FILES = data_files(ROOT / "graph_data")


def _problems(*paths: Path) -> DataError:
    with pytest.raises(DataError) as caught:
        compile_graph(ROOT, files=[*REAL_FILES, *paths])
    return caught.value


def test_competing_values_in_two_passage_graphs_are_both_kept() -> None:
    build = compile_graph(ROOT, files=[*REAL_FILES, DATA / "valid" / "competing-claims.trig"])
    dates = {
        (q.object.value, q.graph_name.value.rsplit("/", 1)[-1])  # type: ignore[union-attr]
        for q in build.quads
        if q.subject.value.endswith("/TestTreaty")  # type: ignore[union-attr]
        and q.predicate.value.endswith("/date")
    }
    assert dates == {("1952-04-28", "L16S1"), ("1952-06-09", "L17S1")}


def test_a_shacl_problem_of_a_claim_is_at_its_triple() -> None:
    path = DATA / "invalid" / "two-values-in-one-claim.trig"
    (problem,) = _problems(path).problems
    lines = path.read_text(encoding="utf-8").splitlines()
    assert problem.line is not None
    assert "ij:value" in lines[problem.line - 1] and "(in milestones:L48S1)" in problem.message


def test_problems_are_sorted_by_file_and_line(tmp_path: Path) -> None:
    text = (DATA / "invalid" / "unknown-class.trig").read_text(encoding="utf-8")
    broken = tmp_path / "a.trig"
    broken.write_text(
        text
        + "\nijg:lexicon { ijr:Y a ij:Kingdom . }\n"
        + 'article:L31S1 ij:quote "Wrong." .\narticle:L31S1 { ijr:Y ij:party ijr:India . }\n',
        encoding="utf-8",
    )
    problems = _problems(broken).problems
    keys = [(str(p.path), p.line or 0) for p in problems]
    assert keys == sorted(keys) and len(problems) >= 3


def test_required_facts_may_come_from_any_passage(store) -> None:  # type: ignore[no-untyped-def]
    # An exercise needs a service branch (a SHACL shape). Line 12 states a fact about
    # Veer Guardian without its branch, which line 35 states: the build still validates.
    assert ask(store, "ASK { GRAPH article:L12S1 { ijr:VeerGuardian ?p ?o } }")
    assert not ask(store, "ASK { GRAPH article:L12S1 { ijr:VeerGuardian ij:serviceBranch ?b } }")
    assert ask(store, "ASK { GRAPH article:L35S1 { ijr:VeerGuardian ij:serviceBranch ?b } }")


def test_the_disagreement_query_returns_both_versions_with_their_sources() -> None:
    import pyoxigraph as ox

    from ijgraph.vocab.project import QUERIES_DIR

    build = compile_graph(ROOT, files=[*REAL_FILES, DATA / "valid" / "competing-claims.trig"])
    store = ox.Store()
    store.bulk_extend(build.quads)
    text = (QUERIES_DIR / "examples" / "35-disagreement-references.rq").read_text(encoding="utf-8")
    rows = {
        (row["value"].value, row["reference"].value.rsplit("/", 1)[-1])  # type: ignore[union-attr]
        for row in store.query(text, use_default_graph_as_union=True)  # type: ignore[union-attr]
        if row["subject"].value.endswith("/TestTreaty")  # type: ignore[union-attr]
    }
    assert rows == {("1952-04-28", "mofa-basic"), ("1952-06-09", "mea-treaty")}
