"""D5: exports are all-or-nothing: a kill at any moment leaves the old set or the new one."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ijgraph.rdf import files as files_mod
from ijgraph.rdf.files import leftovers, read_consistent, recover, replace_tree, write_files
from tests.compiler.test_build import run_cli


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _set(target: Path, tag: str, n: int = 20) -> dict[Path, bytes]:
    return {target / f"f{i}.txt": f"{tag}\n".encode() for i in range(n)} | {
        target / "sub" / "page.html": tag.encode()
    }


def test_replace_tree_makes_the_folder_hold_exactly_the_new_set(tmp_path: Path) -> None:
    target = tmp_path / "exports"
    replace_tree(target, _set(target, "old", 30))
    (target / "gone.txt").write_text("from an older build")
    replace_tree(target, _set(target, "new", 3))
    assert _snapshot(target) == {
        k: hashlib.sha256(b"new" + (b"\n" if k != "sub/page.html" else b"")).hexdigest()
        for k in [f"f{i}.txt" for i in range(3)] + ["sub/page.html"]
    }
    assert leftovers(target) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports"]


def test_keep_carries_old_files_over(tmp_path: Path) -> None:
    target = tmp_path / "exports"
    replace_tree(target, _set(target, "old"))
    replace_tree(target, {target / "f0.txt": b"new"}, keep=lambda rel: rel.startswith("sub/"))
    assert (target / "sub" / "page.html").read_bytes() == b"old"
    assert not (target / "f1.txt").exists()


def test_a_file_in_place_of_the_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "exports"
    target.write_text("not a folder")
    with pytest.raises(NotADirectoryError, match="is not a directory"):
        replace_tree(target, _set(target, "new"))
    assert target.read_text() == "not a folder"


def test_without_exchange_the_journalled_swap_gives_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files_mod, "_exchange", lambda a, b: False)
    target = tmp_path / "exports"
    replace_tree(target, _set(target, "old"))
    replace_tree(target, _set(target, "new"))
    assert (target / "f3.txt").read_text() == "new\n"
    assert leftovers(target) == []


# --- every state a kill can leave, recovered by the next run --------------------------


def _states(tmp_path: Path) -> dict[str, Path]:
    """Folders left as a kill at each step of replace_tree would leave them."""
    out = {}
    for state in ("staging", "exchanged", "journal-before-renames", "between-renames", "done"):
        root = tmp_path / state
        target = root / "exports"
        stage, old, journal = files_mod._names(target)
        replace_tree(target, _set(target, "old"))
        replace_tree(stage, _set(stage, "new"))
        if state == "exchanged":
            assert files_mod._exchange(stage, target)
        elif state == "journal-before-renames":
            journal.write_bytes(b"")
        elif state == "between-renames":
            journal.write_bytes(b"")
            os.rename(target, old)
        elif state == "done":
            journal.write_bytes(b"")
            os.rename(target, old)
            os.rename(stage, target)
        else:
            (target / ".f1.txt.abcd.tmp").write_bytes(b"half")  # an older writer's leftover
        out[state] = target
    return out


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("staging", "old"),
        ("exchanged", "new"),
        ("journal-before-renames", "old"),
        ("between-renames", "new"),
        ("done", "new"),
    ],
)
def test_recover_completes_or_rolls_back_every_interrupted_state(
    tmp_path: Path, state: str, expected: str
) -> None:
    target = _states(tmp_path)[state]
    assert leftovers(target)
    recover(target)
    assert leftovers(target) == []
    assert {(target / f"f{i}.txt").read_text() for i in range(20)} == {f"{expected}\n"}
    assert sorted(p.name for p in target.parent.iterdir()) == ["exports"]


def test_readers_see_one_generation_while_builds_swap(tmp_path: Path) -> None:
    target = tmp_path / "exports"
    replace_tree(target, _set(target, "gen0"))
    stop = threading.Event()
    mixes: list[tuple[bytes, ...]] = []
    reads = [0]

    def reader() -> None:
        while not stop.is_set():
            got = read_consistent(target, [f"f{i}.txt" for i in range(20)])
            reads[0] += 1
            if len(set(got)) != 1:
                mixes.append(tuple(got))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for gen in range(1, 40):
            replace_tree(target, _set(target, f"gen{gen}"))
    finally:
        stop.set()
        thread.join()
    assert reads[0] > 0
    assert mixes == []


def test_write_files_replaces_stale_temporaries_and_leaves_none(tmp_path: Path) -> None:
    (tmp_path / ".a.ttl.zz.tmp").write_bytes(b"left by a kill")
    write_files({tmp_path / "a.ttl": b"a", tmp_path / "b.ttl": b"b"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ttl", "b.ttl"]


# --- a real build killed at several moments ---------------------------------------------


def _change_a_label(project: Path) -> None:
    core = project / "graph_data" / "core.trig"
    text = core.read_text(encoding="utf-8")
    assert '"India"@en' in text
    core.write_text(text.replace('"India"@en', '"India (Bharat)"@en', 1), encoding="utf-8")


def test_a_build_killed_at_any_moment_leaves_old_or_new_exports(project: Path) -> None:
    exports = project / "exports"
    result = run_cli("build", "--root", str(project), "-q", cwd=project)
    assert result.returncode == 0, result.stderr
    old = _snapshot(exports)
    _change_a_label(project)
    cmd = [sys.executable, "-m", "ijgraph", "build", "--root", str(project), "-q"]
    stage = project / ".exports.new"
    seen = []
    for delay in (0.0, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1):
        proc = subprocess.Popen(cmd, cwd=project, stderr=subprocess.PIPE)
        while proc.poll() is None and not stage.exists():
            time.sleep(0.001)
        time.sleep(delay)  # into the writing, the swap or the clean-up
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen.append(_snapshot(exports))
        check = run_cli("build", "--root", str(project), "--check", "-q", cwd=project)
        if seen[-1] == old:
            assert check.returncode == 1 and "out of date" in check.stderr
        if leftovers(exports):
            assert check.returncode == 1 and "left by an interrupted build" in check.stderr
    finished = run_cli("build", "--root", str(project), "-q", cwd=project)
    assert finished.returncode == 0, finished.stderr
    assert leftovers(exports) == []
    check = run_cli("build", "--root", str(project), "--check", "-q", cwd=project)
    assert check.returncode == 0, check.stderr
    assert "India (Bharat)" in (exports / "ijgraph.ttl").read_text(encoding="utf-8")
    new = _snapshot(exports)
    assert new != old
    assert all(state in (old, new) for state in seen)
