"""The build: byte-stable exports, committed exports up to date, clean failures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import ijgraph
from ijgraph.compiler.pipeline import compile_graph
from ijgraph.export.registry import CORE_EXPORTS, export
from tests.helpers import ROOT


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ijgraph", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_exports_are_byte_identical_across_builds(built) -> None:  # type: ignore[no-untyped-def]
    again = compile_graph(ROOT)
    assert export(again.quads, CORE_EXPORTS) == export(built.quads, CORE_EXPORTS)


def test_exports_are_byte_identical_across_processes(tmp_path: Path) -> None:
    code = (
        "import sys; from ijgraph.compiler.pipeline import compile_graph; import ijgraph.export.registry as e;"
        "r = compile_graph(sys.argv[1]);"
        "sys.stdout.buffer.write(e.export(r.quads, e.CORE_EXPORTS)['ijgraph.trig'])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, str(ROOT)],
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


@pytest.mark.parametrize("name", CORE_EXPORTS)
def test_committed_exports_are_up_to_date(built, name: str) -> None:  # type: ignore[no-untyped-def]
    for filename, data in export(built.quads, [name]).items():
        committed = ROOT / "exports" / filename
        assert committed.exists(), f"exports/{filename} is not committed: run `ijgraph build`"
        assert committed.read_bytes() == data, f"exports/{filename} is stale: run `ijgraph build`"


def test_build_check_passes_on_the_checkout() -> None:
    result = run_cli("build", "--check", "--quiet")
    assert result.returncode == 0, result.stderr


def test_turtle_export_parses_with_raptor_and_pyoxigraph(built) -> None:  # type: ignore[no-untyped-def]
    ttl = ROOT / "exports" / "ijgraph.ttl"
    rapper = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(ttl)], capture_output=True, text=True, check=False
    )
    assert rapper.returncode == 0, rapper.stderr
    assert f"returned {built.summary.triples} triples" in rapper.stderr
    triples = list(ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))
    assert len(triples) == built.summary.triples


def test_trig_export_parses_with_raptor_and_round_trips(built, dataset) -> None:  # type: ignore[no-untyped-def]
    trig = ROOT / "exports" / "ijgraph.trig"
    rapper = subprocess.run(
        ["rapper", "-i", "trig", "-c", str(trig)], capture_output=True, text=True, check=False
    )
    assert rapper.returncode == 0, rapper.stderr
    loaded = ijgraph.load(ROOT)
    assert set(loaded.quads()) == set(dataset.quads())
    union = Graph()
    union.parse(ROOT / "exports" / "ijgraph.ttl", format="turtle")
    expected = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        expected.add((s, p, o))
    assert isomorphic(union, expected)


def test_no_blank_nodes_in_exports() -> None:
    for quad in ox.parse(path=str(ROOT / "exports" / "ijgraph.trig"), format=ox.RdfFormat.TRIG):
        assert not any(isinstance(t, ox.BlankNode) for t in (quad.subject, quad.object))


def test_build_api_returns_a_dataset_with_passage_graphs(dataset) -> None:  # type: ignore[no-untyped-def]
    names = {str(g.identifier) for g in dataset.graphs()}
    assert "https://w3id.org/ijgraph/graph/lexicon" in names
    assert "https://w3id.org/ijgraph/passage/article/L35S1" in names


# --- bad input: message with file and line, exit 1, exports untouched --------

BROKEN = {
    "syntax": ("ijr:Malabar a ij:MilitaryExercise ijr:Naval .\n", "syntax error"),
    "unknown-class": ("ijg:lexicon { ijr:India a ij:Kingdom . }\n", "unknown class ij:Kingdom"),
    "bad-quote": (
        'article:L35S1 ij:quote "Zebras swim." .\n',
        "quote differs from the passage at character 1",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_data_fails_cleanly_and_writes_nothing(project: Path, case: str) -> None:
    text, expected = BROKEN[case]
    core = project / "graph_data" / "core.trig"
    lines = core.read_text(encoding="utf-8").splitlines(keepends=True)
    # Insert after the prefixes so the reported line is known.
    insert_at = max(i for i, line in enumerate(lines) if line.startswith("@prefix")) + 1
    lines.insert(insert_at, text)
    core.write_text("".join(lines), encoding="utf-8")
    before = {p: p.read_bytes() for p in (project / "exports").glob("ijgraph.*")}
    result = run_cli("build", "--root", str(project), cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    assert f"graph_data/core.trig:{insert_at + 1}:" in result.stderr
    assert "nothing was written" in result.stderr
    after = {p: p.read_bytes() for p in (project / "exports").glob("ijgraph.*")}
    assert after == before
    assert not list((project / "exports").glob(".*.tmp"))


def test_build_check_reports_stale_exports(project: Path) -> None:
    (project / "exports" / "ijgraph.ttl").write_text("# stale\n", encoding="utf-8")
    result = run_cli("build", "--root", str(project), "--check", "--quiet", cwd=project)
    assert result.returncode == 1
    assert "out of date: exports/ijgraph.ttl" in result.stderr


def test_build_writes_exports_into_a_fresh_checkout(project: Path) -> None:
    shutil.rmtree(project / "exports")
    result = run_cli("build", "--root", str(project), "--no-render", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "article: 66 of 66 passages cited" in result.stdout
    assert (project / "exports" / "ijgraph.ttl").read_bytes() == (
        ROOT / "exports" / "ijgraph.ttl"
    ).read_bytes()


def test_unknown_root_is_a_clean_error(tmp_path: Path) -> None:
    result = run_cli("build", "--root", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
