"""Curation commands: sources, source add, passages --source --uncited, quote; broken pipes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from ijgraph.cli import main
from tests.helpers import DATA, ROOT

SHEET = DATA / "sources" / "tiny-sheet.md"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_sources_lists_every_document_with_its_counts() -> None:
    code, out = _run("sources", "--root", str(ROOT))
    assert code == 0, out
    cells = [re.split(r"\s{2,}", line.strip()) for line in out.splitlines()]
    assert cells[0] == ["document", "kind", "lang", "passages", "cited", "uncited", "refs", "file"]
    rows = {row[0]: row for row in cells[1:]}
    assert set(rows) >= {"article", "milestones", "nenpyo"}
    assert rows["article"][1:5] == ["article", "en", "66", "66"]  # kind, lang, passages, cited
    assert rows["milestones"][1] == "fact sheet" and rows["milestones"][6] == "41"
    assert rows["nenpyo"][2:4] == ["ja", "8"]


def test_passages_of_one_document() -> None:
    code, out = _run("passages", "--root", str(ROOT), "--source", "nenpyo")
    assert code == 0, out
    ids = [line[2:].split()[0] for line in out.splitlines()]
    assert ids[-2:] == ["nenpyo:L11S1", "nenpyo:L11S2"]
    assert "[^" not in out


def test_passages_uncited_lists_only_uncited() -> None:
    code, out = _run("passages", "--root", str(ROOT), "--source", "article", "--uncited")
    assert code == 0 and out == ""  # every sentence of the article is cited


def test_unknown_document_suggests_the_closest() -> None:
    code, out = _run("passages", "--root", str(ROOT), "--source", "milestone")
    assert code == 1
    assert "did you mean milestones?" in out and "Traceback" not in out


def test_quote_prints_the_exact_line_with_escaped_quotes() -> None:
    code, out = _run("quote", "--root", str(ROOT), "milestones:L19S1")
    assert code == 0
    assert out.startswith('milestones:L19S1 ij:quote "On 23 August 2000')
    assert '\\"Global Partnership between Japan and India in the 21st Century\\"' in out
    assert out.rstrip().endswith(" .")


def test_quote_accepts_former_and_full_ids() -> None:
    former = _run("quote", "--root", str(ROOT), "L35S1")[1]
    full = _run("quote", "--root", str(ROOT), "https://w3id.org/ijgraph/passage/article/L35S1")[1]
    assert former == full and former.startswith("article:L35S1 ij:quote")


def test_quote_of_a_missing_passage_is_a_clean_error() -> None:
    code, out = _run("quote", "--root", str(ROOT), "article:L63S1")
    assert code == 1 and "has no passage 'L63S1'" in out


def _copy_project(tmp_path: Path) -> Path:
    import shutil

    for name in ("ontology", "graph_data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def test_source_add_registers_and_writes_a_skeleton_that_builds(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    args = ["source", "add", "--root", str(project), str(SHEET), "--name", "tiny"]
    args += ["--title", "A tiny sheet", "--language", "en", "--kind", "fact-sheet"]
    code, out = _run(*args, "--first-line", "3", "--last-line", "4")
    assert code == 0, out
    skeleton = (project / "graph_data" / "tiny.trig").read_text(encoding="utf-8")
    assert 'tiny:L3S1 ij:quote "India and Japan met in Tokyo." .' in skeleton
    assert 'tiny:L4S2 ij:quote "次の会談はデリーで行われる。" .' in skeleton
    assert "[^" not in skeleton
    assert (project / "graph_data" / "sources" / "tiny-sheet.md").read_bytes() == SHEET.read_bytes()
    code, out = _run("sources", "--root", str(project))
    assert any(line.split()[:1] == ["tiny"] for line in out.splitlines()), out
    from ijgraph.compiler.pipeline import compile_graph

    build = compile_graph(project)
    tiny = next(d for d in build.summary.documents if d[0] == "tiny")
    assert tiny[2:] == (0, 4, 1)  # no facts yet, four passages, one reference
    # Registering twice is refused, and nothing is overwritten.
    code, out = _run(*args)
    assert code == 1 and "already registered" in out


def test_source_add_refuses_an_existing_data_file(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    before = (project / "graph_data" / "sources" / "sources.ttl").read_bytes()
    args = ["source", "add", "--root", str(project), str(SHEET), "--name", "summit"]
    code, out = _run(*args, "--title", "x", "--language", "en")
    assert code == 1 and "summit.trig exists" in out
    assert (project / "graph_data" / "sources" / "sources.ttl").read_bytes() == before


def test_build_into_a_closed_pipe_writes_everything_and_no_traceback(tmp_path: Path) -> None:
    import shutil

    for name in ("ontology", "graph_data", "exports"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("html"))
    (tmp_path / "exports" / "ijgraph.ttl").write_text("# stale\n", encoding="utf-8")
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line: like `| head -0`
    process = subprocess.run(
        [sys.executable, "-m", "ijgraph", "build", "--root", str(tmp_path), "--no-render"],
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
    )
    os.close(write)
    assert "Traceback" not in process.stderr
    assert process.returncode == 141
    assert (tmp_path / "exports" / "ijgraph.ttl").read_bytes() == (
        ROOT / "exports" / "ijgraph.ttl"
    ).read_bytes()
    assert not list((tmp_path / "exports").glob(".*.tmp"))


def test_failing_build_into_a_closed_pipe_still_fails(tmp_path: Path) -> None:
    import shutil

    for name in ("ontology", "graph_data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    core = tmp_path / "graph_data" / "core.trig"
    core.write_text(core.read_text(encoding="utf-8") + "\nijr:X a .\n", encoding="utf-8")
    read, write = os.pipe()
    os.close(read)
    process = subprocess.run(
        [sys.executable, "-m", "ijgraph", "build", "--root", str(tmp_path)],
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
    )
    os.close(write)
    assert process.returncode == 1
    assert "syntax error" in process.stderr and "nothing was written" in process.stderr
    assert not (tmp_path / "exports").exists()
