"""Where ijgraph finds its ontology, data and exports.

The project root is, in order: the ``IJGRAPH_ROOT`` environment variable, the
current directory (or a parent) if it holds ``ontology/`` and ``graph_data/``,
the checkout this package was installed from (``pip install -e .``), or else the
graph bundled inside an installed wheel (``ijgraph/_bundle/``: the ontology and
the built ``exports/ijgraph.trig``), which serves every command that reads the
built graph (``query``, ``serve``, ``render``, ``stats``…; not ``build``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BUNDLE_DIR", "EXPORT_NAME", "Layout", "find_root", "layout"]

PACKAGE_DIR = Path(__file__).resolve().parents[1]
QUERIES_DIR = PACKAGE_DIR / "queries"
#: The built graph shipped inside a wheel (made by setup.py's build step, never committed).
BUNDLE_DIR = PACKAGE_DIR / "_bundle"
#: The export every reader of the built graph uses.
EXPORT_NAME = "ijgraph.trig"


def _is_bundle(path: Path) -> bool:
    return (path / "ontology").is_dir() and (path / "exports" / EXPORT_NAME).is_file()


def _is_root(path: Path) -> bool:
    return (path / "ontology").is_dir() and (path / "graph_data").is_dir()


def find_root(start: Path | None = None) -> Path:
    """The project root; raises FileNotFoundError with a hint when there is none."""
    env = os.environ.get("IJGRAPH_ROOT")
    if env:
        root = Path(env)
        if _is_root(root):
            return root.resolve()
        raise FileNotFoundError(f"IJGRAPH_ROOT={env} has no ontology/ and graph_data/")
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if _is_root(candidate):
            return candidate
    checkout = PACKAGE_DIR.parents[1]
    if _is_root(checkout):
        return checkout
    if _is_bundle(BUNDLE_DIR):
        return BUNDLE_DIR
    raise FileNotFoundError(
        "no ijgraph project found: run inside a checkout (with ontology/ and graph_data/) "
        "or set IJGRAPH_ROOT"
    )


@dataclass(frozen=True)
class Layout:
    """The folders of a project checkout."""

    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "ijgraph.ttl"

    @property
    def shapes(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def data(self) -> Path:
        return self.root / "graph_data"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def export_file(self) -> Path:
        """The built graph (``exports/ijgraph.trig``) that queries, pages and analytics read."""
        return self.exports / EXPORT_NAME

    @property
    def bundled(self) -> bool:
        """True for the read-only graph inside an installed wheel (nothing to build)."""
        return self.root == BUNDLE_DIR


def layout(root: Path | str | None = None) -> Layout:
    """The layout of ``root``, or of the project found by :func:`find_root`."""
    if root is None:
        return Layout(find_root())
    path = Path(root).resolve()
    if not (_is_root(path) or _is_bundle(path)):
        raise FileNotFoundError(f"{root} is not an ijgraph project (no ontology/ and graph_data/)")
    return Layout(path)
