"""Shared fixtures: the real project, its build, and copies to break safely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ijgraph.compiler.pipeline import Build, compile_graph
from tests.helpers import CHROMIUM, CHROMIUM_ARGS, ROOT


@pytest.fixture(scope="session")
def built() -> Build:
    """The real graph, built and validated from graph_data/ and ontology/."""
    return compile_graph(ROOT)


@pytest.fixture(scope="session")
def dataset(built: Build):  # type: ignore[no-untyped-def]
    return built.dataset()


@pytest.fixture(scope="session")
def store(built: Build):  # type: ignore[no-untyped-def]
    """A pyoxigraph store of the real graph (default graph = union of all graphs)."""
    import pyoxigraph as ox

    s = ox.Store()
    s.bulk_extend(built.quads)
    return s


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """One headless Chromium for the whole session (playwright's sync API allows one loop)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A throw-away copy of the project's inputs and committed exports."""
    for name in ("ontology", "graph_data", "exports"):
        src = ROOT / name
        if src.exists():
            shutil.copytree(src, tmp_path / name, ignore=shutil.ignore_patterns("html"))
    return tmp_path
