"""Shared fixtures: the real project, its build, and copies to break safely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import ijgraph
from ijgraph.compiler.pipeline import Build, compile_graph

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


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


#: Debian's Chromium (installed by .ci/run), started with no background networking.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


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


def ask(store, query: str) -> bool:  # type: ignore[no-untyped-def]
    """Run an ASK query with the project's prefixes on a pyoxigraph store."""
    from ijgraph.vocab.namespaces import PREFIXES

    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    return bool(store.query(head + query, use_default_graph_as_union=True))


__all__ = ["DATA", "ROOT", "ask", "ijgraph"]
