"""An installed wheel carries the built graph: it works outside any checkout.

Builds the wheel (pip, isolated build), installs it with ``--no-deps`` in a fresh
virtual environment whose dependencies come from the test environment (a ``.pth``
file appended after the new environment's own site-packages, so the wheel's
``ijgraph`` and not the checkout's is imported), and runs the commands from an
empty temporary folder.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the fresh environment's bin folder, an empty working folder)."""
    base = tmp_path_factory.mktemp("wheel")
    wheels = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
        check=True,
        timeout=600,
    )
    (wheel,) = wheels.glob("ijgraph-*.whl")
    env_dir = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True, timeout=300)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
        check=True,
        timeout=300,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = sysconfig.get_paths()["purelib"]
    Path(purelib, "zz_test_dependencies.pth").write_text(ours + "\n", encoding="utf-8")
    empty = base / "empty"
    empty.mkdir()
    return env_dir / "bin", empty


def _run(installed: tuple[Path, Path], *args: str) -> subprocess.CompletedProcess[str]:
    bin_dir, cwd = installed
    env = {k: v for k, v in os.environ.items() if k not in {"IJGRAPH_ROOT", "PYTHONPATH"}}
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_wheel_imports_its_own_copy(installed: tuple[Path, Path]) -> None:
    code = "import ijgraph; print(ijgraph.__file__); print(len(ijgraph.load()))"
    result = _run(installed, "python", "-c", code)
    assert result.returncode == 0, result.stderr
    where, triples = result.stdout.split()
    assert str(ROOT) not in where and "site-packages" in where
    assert int(triples) > 1000


def test_query_anywhere(installed: tuple[Path, Path]) -> None:
    result = _run(installed, "ijgraph", "query", "01-naval-exercises", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert "JIMEX" in result.stdout and "Malabar" in result.stdout


def test_render_anywhere(installed: tuple[Path, Path]) -> None:
    out = installed[1] / "site"
    result = _run(installed, "ijgraph", "render", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file() and (out / "entity" / "Malabar.html").is_file()
    refused = _run(installed, "ijgraph", "render")
    assert refused.returncode == 2 and "read-only" in refused.stderr
    analytics = _run(installed, "ijgraph", "path", "Bodhisena", "FOIP")
    assert analytics.returncode == 0 and "hops" in analytics.stdout


def test_serve_anywhere(installed: tuple[Path, Path]) -> None:
    bin_dir, cwd = installed
    port = _free_port()
    server = subprocess.Popen(
        [str(bin_dir / "ijgraph"), "serve", "--port", str(port)],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        url = f"http://127.0.0.1:{port}/sparql?{query}"
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        for _ in range(300):
            try:
                with urllib.request.urlopen(request, timeout=5) as answer:
                    assert b'"boolean":true' in answer.read().replace(b" ", b"")
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                time.sleep(0.1)
        else:
            pytest.fail("the installed server never answered")
    finally:
        server.terminate()
        server.wait(30)
