"""Valid examples pass; each invalid example fails for its one stated reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from ijgraph.compiler.diagnostics import DataError
from ijgraph.compiler.inputs import data_files
from ijgraph.compiler.pipeline import compile_graph
from tests.helpers import DATA, ROOT

REAL_FILES = data_files(ROOT / "graph_data")


def _expectation(path: Path) -> tuple[str, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), (
        f"{path.name}: first line must be '# expect: check: text'"
    )
    check, _, text = first[len("# expect: ") :].partition(": ")
    return check, text


@pytest.mark.parametrize("path", sorted((DATA / "valid").glob("*.trig")), ids=lambda p: p.stem)
def test_valid_example_builds(path: Path) -> None:
    result = compile_graph(ROOT, files=[*REAL_FILES, path])
    assert result.summary.triples > 0


@pytest.mark.parametrize("path", sorted((DATA / "invalid").glob("*.trig")), ids=lambda p: p.stem)
def test_invalid_example_fails_for_its_reason(path: Path) -> None:
    check, text = _expectation(path)
    with pytest.raises(DataError) as caught:
        compile_graph(ROOT, files=[*REAL_FILES, path])
    problems = caught.value.problems
    # One stated reason: every problem is of the expected kind and in the broken file.
    assert problems, "no problem reported"
    assert {p.check for p in problems} == {check}, caught.value.report()
    assert any(text in p.message for p in problems), caught.value.report()
    assert all(p.path is not None and p.path.name == path.name for p in problems), (
        caught.value.report()
    )
    assert all(
        p.line is not None for p in problems if p.check != "literals" or "blank" not in p.message
    )


def test_real_data_validates(built) -> None:  # type: ignore[no-untyped-def]
    assert built.summary.passages_cited > 0
