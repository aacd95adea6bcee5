"""The architecture holds: layering contracts, the public API, and no stray top-level modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import ijgraph
from tests.helpers import ROOT

#: The public API of ``import ijgraph``: changing it is a release note, not an accident.
PUBLIC_API = [
    "IJ",
    "IJG",
    "IJP",
    "IJR",
    "DataError",
    "IjgraphError",
    "QueryResult",
    "build",
    "compile_graph",
    "load",
    "query",
    "to_networkx",
]

#: The stages of the pipeline, lowest first (the layers of the import-linter contract).
STAGES = ["vocab", "rdf", "sparql", "compiler", "graph", "export", "render", "server", "cli"]


def test_public_api_is_pinned() -> None:
    assert ijgraph.__all__ == PUBLIC_API
    for name in PUBLIC_API:
        assert getattr(ijgraph, name) is not None, name


def test_every_error_derives_from_the_one_base() -> None:
    from ijgraph.compiler.diagnostics import DataError
    from ijgraph.graph.analytics import AmbiguousEntity, UnknownEntity
    from ijgraph.server.pool import PoolBusy, QueryTimeout, WorkerDied
    from ijgraph.sparql.core import UnknownExample
    from ijgraph.sparql.guard import QueryRefused
    from ijgraph.sparql.remote import RemoteError, TruncatedResult
    from ijgraph.sparql.results import FormatError

    errors = [DataError, AmbiguousEntity, UnknownEntity, PoolBusy, QueryTimeout, WorkerDied]
    errors += [UnknownExample, QueryRefused, RemoteError, TruncatedResult, FormatError]
    for error in errors:
        assert issubclass(error, ijgraph.IjgraphError), error


def test_the_tree_is_the_pipeline() -> None:
    """Only the stage packages, the public API and the error base sit at the top level."""
    package = ROOT / "src" / "ijgraph"
    modules = sorted(p.name for p in package.glob("*.py"))
    assert modules == ["__init__.py", "__main__.py", "errors.py"]
    packages = {p.name for p in package.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(STAGES)


def test_tests_mirror_the_package() -> None:
    tests = {p.name for p in (ROOT / "tests").iterdir() if (p / "__init__.py").exists()}
    assert set(STAGES) <= tests, set(STAGES) - tests
    assert (ROOT / "tests" / "browser").is_dir()


def test_import_contracts_hold() -> None:
    """import-linter checks the contracts in pyproject.toml (layers, forbidden imports)."""
    linter = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout
    assert "Contracts: 3 kept, 0 broken." in run.stdout
