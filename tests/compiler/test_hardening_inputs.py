"""D6-D8: no traceback for any bad input to the build; limits with clear messages; fuzzing."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ijgraph.compiler.diagnostics import DataError
from ijgraph.compiler.pipeline import compile_graph
from ijgraph.compiler.preflight import MAX_LITERAL, MAX_NESTING
from tests.compiler.test_build import run_cli
from tests.helpers import ROOT


def _append(rel: str, data: bytes) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        with (project / rel).open("ab") as handle:
            handle.write(data)

    return mutate


def _replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        path = project / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def _call(func: Callable[[Path], object]) -> Callable[[Path], None]:
    def mutate(project: Path) -> None:
        func(project)

    return mutate


CORE = "graph_data/core.trig"
SHAPES = "ontology/shapes.ttl"
#: Each bad input, how to make it, and what the message must say (file, line, reason).
CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "shapes-syntax": (_append(SHAPES, b"\nsh:foo sh:bar .\n"), "shapes.ttl:"),
    "shapes-not-utf8": (_append(SHAPES, b"\n# caf\xe9\n"), "not UTF-8: byte 0xe9"),
    "shapes-empty": (
        _call(lambda p: (p / SHAPES).write_bytes(b"")),
        "defines no SHACL shape",
    ),
    "source-not-utf8": (
        _append("graph_data/sources/india-japan-ties-article.txt", b"caf\xe9\n"),
        "india-japan-ties-article.txt:",
    ),
    "last-line-not-a-number": (
        _call(
            lambda p: (p / "graph_data/sources/sources.ttl").write_text(
                __import__("re").sub(
                    r"ij:lastContentLine [^;.\n]*",
                    'ij:lastContentLine "sixty"^^xsd:positiveInteger ',
                    (p / "graph_data/sources/sources.ttl").read_text(encoding="utf-8"),
                ),
                encoding="utf-8",
            )
        ),
        "'sixty' is not a positive integer",
    ),
    "decimal-not-a-number": (
        _append(CORE, b'\nijg:lexicon { ijr:India ij:shareOfTrade "twenty"^^xsd:decimal . }\n'),
        "'twenty' is not a valid xsd:decimal",
    ),
    "symlink-loop": (
        _call(lambda p: os.symlink("loop.trig", p / "graph_data/loop.trig")),
        "symbolic links",
    ),
    "fifo": (_call(lambda p: os.mkfifo(p / "graph_data/x.trig")), "not a regular file"),
    "folder-named-trig": (_call(lambda p: (p / "graph_data/x.trig").mkdir()), "not a regular file"),
    "deep-nesting": (
        _append(
            CORE, b"\nijg:lexicon { ijr:India ij:x " + b"(" * 20_000 + b")" * 20_000 + b" . }\n"
        ),
        f"nested more than {MAX_NESTING} levels deep",
    ),
    "long-literal": (
        _append(CORE, b'\nijg:lexicon { ijr:India rdfs:comment "' + b"a" * 200_000 + b'"@en . }\n'),
        f"(limit {MAX_LITERAL})",
    ),
    "cyclic-subclass": (
        _append(
            "ontology/ijgraph.ttl",
            b"\nij:Country rdfs:subClassOf ij:Summit .\nij:Summit rdfs:subClassOf ij:Country .\n",
        ),
        "a cycle of rdfs:subClassOf",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_a_located_problem(project: Path, case: str) -> None:
    mutate, expected = CASES[case]
    mutate(project)
    with pytest.raises(DataError) as info:
        compile_graph(project)
    assert expected in info.value.report()


@pytest.mark.parametrize("case", ["shapes-syntax", "fifo", "deep-nesting", "long-literal"])
def test_the_cli_says_it_in_one_message(project: Path, case: str) -> None:
    CASES[case][0](project)
    result = run_cli("build", "--root", str(project), "-q", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr
    assert CASES[case][1] in result.stderr and "nothing was written" in result.stderr


def test_exports_being_a_file_is_refused(project: Path) -> None:
    shutil.rmtree(project / "exports")
    (project / "exports").write_text("a file")
    result = run_cli("build", "--root", str(project), "-q", "--no-render", cwd=project)
    assert result.returncode == 1 and "is not a directory" in result.stderr
    assert (project / "exports").read_text() == "a file"


def test_cli_output_errors_are_messages(tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        import subprocess
        import sys

        out = subprocess.run(
            [sys.executable, "-m", "ijgraph", "query", "ASK { ?s ?p ?o }"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    assert out.returncode == 1 and "No space left on device" in out.stderr
    assert "Traceback" not in out.stderr and "Exception ignored" not in out.stderr
    for args in (
        ["synth", "-n", "10", "--out", "/dev/null"],
        ["export", "-f", "ttl", "--out", "/dev/null"],
    ):
        out = run_cli(*args, cwd=tmp_path)
        assert out.returncode != 0 and "Traceback" not in out.stderr, out.stderr
        assert "/dev/null" in out.stderr


# --- fuzzing: random damage to a data file gives a located error or a build -----------

_TOKENS = [
    b"{",
    b"}",
    b"(",
    b")",
    b"[",
    b"]",
    b".",
    b";",
    b",",
    b'"',
    b"'",
    b"<",
    b">",
    b"@",
    b"^^",
    b"\\",
    b"#",
    b"\n",
    b"\xff",
    b"\xe9",
    b"\x00",
    b"ij:",
    b"ijr:India",
    b"a",
    b'"x"^^xsd:integer',
    b'"y"@zz-',
    b"_:b",
    b"GRAPH",
    b"\xe3\x81\x82",
    b"<>",
    b"1e9",
]
_BASE = (ROOT / CORE).read_bytes()
_WORK = Path(tempfile.mkdtemp(prefix="ijgraph-fuzz-"))
for _name in ("ontology", "graph_data"):
    shutil.copytree(ROOT / _name, _WORK / _name, dirs_exist_ok=True)

mutation = st.tuples(
    st.sampled_from(["insert", "delete", "replace", "duplicate"]),
    st.integers(0, len(_BASE)),
    st.integers(1, 40),
    st.lists(st.sampled_from(_TOKENS) | st.binary(min_size=1, max_size=4), min_size=1, max_size=4),
)


def _apply(data: bytes, edits: list[tuple[str, int, int, list[bytes]]]) -> bytes:
    for op, at, size, payload in edits:
        at = min(at, len(data))
        blob = b"".join(payload)
        if op == "insert":
            data = data[:at] + blob + data[at:]
        elif op == "delete":
            data = data[:at] + data[at + size :]
        elif op == "replace":
            data = data[:at] + blob + data[at + len(blob) :]
        else:
            data = data[:at] + data[at : at + size] * 2 + data[at + size :]
    return data


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=3))
def test_fuzzed_data_gives_a_located_error_or_a_build(edits: list) -> None:  # type: ignore[type-arg]
    (_WORK / CORE).write_bytes(_apply(_BASE, edits))
    try:
        compile_graph(_WORK)
    except DataError as err:
        report = err.report()  # formatting must not fail either
        assert err.problems and "nothing was written" in report
        assert any(p.path is not None for p in err.problems)


def test_an_unusable_store_folder_is_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for args in (
        ["serve", "--store", str(blocker / "store")],
        ["build", "--store", str(blocker / "s")],
    ):
        out = run_cli(*args, "--root", str(ROOT), cwd=tmp_path)
        assert out.returncode == 1, out.stderr
        assert "store" in out.stderr and "Traceback" not in out.stderr


_CLI_WORK = Path(tempfile.mkdtemp(prefix="ijgraph-fuzz-cli-"))
for _name in ("ontology", "graph_data", "exports"):
    shutil.copytree(ROOT / _name, _CLI_WORK / _name, dirs_exist_ok=True)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=2))
def test_fuzzed_data_through_the_cli_never_half_writes(edits: list) -> None:  # type: ignore[type-arg]
    """`ijgraph build` on damaged data: a message and untouched exports, or a full build."""
    exports = _CLI_WORK / "exports"
    before = {p.relative_to(exports): p.read_bytes() for p in exports.rglob("*") if p.is_file()}
    (_CLI_WORK / CORE).write_bytes(_apply(_BASE, edits))
    out = run_cli("build", "--root", str(_CLI_WORK), "-q", "--no-render", cwd=_CLI_WORK)
    assert "Traceback" not in out.stderr and out.returncode in (0, 1), out.stderr
    after = {p.relative_to(exports): p.read_bytes() for p in exports.rglob("*") if p.is_file()}
    if out.returncode == 1:
        assert after == before and "nothing was written" in out.stderr
    else:
        check = run_cli(
            "build", "--root", str(_CLI_WORK), "--check", "-q", "--no-render", cwd=_CLI_WORK
        )
        assert check.returncode == 0, check.stderr
