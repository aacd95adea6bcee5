"""One way for every command to say which graph it reads.

By default a command reads the BUILT graph (``exports/ijgraph.trig`` of the project
found from the current directory, or the graph bundled in an installed wheel); it
never recompiles ``graph_data/`` (only ``ijgraph build`` does). The same options
choose another graph everywhere:

``--root DIR``      the built graph of another checkout
``--input FILE``    a graph file (TriG, N-Quads, Turtle, N-Triples; by extension)
``--store DIR``     an on-disk Oxigraph store made by ``ijgraph build --store``

(``ijgraph query`` also takes ``--endpoint URL``, an external SPARQL server.)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click
import pyoxigraph as ox

from ijgraph.rdf.bulk import paused_gc

__all__ = ["GRAPH_OPTIONS", "GraphSource", "graph_options"]

F = TypeVar("F", bound=Callable[..., Any])

#: File extension -> pyoxigraph format, for --input.
INPUT_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
}


@dataclass(frozen=True)
class GraphSource:
    """Where a command's graph comes from (at most one of ``input`` and ``store``)."""

    root: Path | None = None
    input: Path | None = None
    store: Path | None = None

    def describe(self) -> str:
        if self.input is not None:
            return str(self.input)
        if self.store is not None:
            return f"store {self.store}"
        return "the built graph"

    def quads(self) -> list[ox.Quad]:
        """Every quad of the chosen graph, or a ClickException that says what is wrong."""
        if self.input is not None:
            return _read_file(self.input)
        if self.store is not None:
            return _read_store(self.store)
        from ijgraph.vocab.project import layout

        path = layout(self.root).export_file
        if not path.is_file():
            raise click.ClickException(f"{path} does not exist: run `ijgraph build` first")
        return _read_file(path)


def _read_file(path: Path) -> list[ox.Quad]:
    fmt = INPUT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(INPUT_FORMATS))
        raise click.ClickException(f"{path}: unknown graph file extension (known: {known})")
    if not path.is_file():
        raise click.ClickException(f"{path}: no such file")
    try:
        with paused_gc():
            return list(ox.parse(path=str(path), format=fmt))
    except (SyntaxError, ValueError, OSError) as err:
        raise click.ClickException(f"{path}: {err}") from None


def _read_store(directory: Path) -> list[ox.Quad]:
    if not directory.is_dir():
        raise click.ClickException(f"{directory}: no such store folder")
    try:
        store = ox.Store.read_only(str(directory))
        quads = store.quads_for_pattern(None, None, None, None)
        # The store's default graph is a copy of the union: the named graphs are the data.
        return [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    except (OSError, ValueError) as err:
        raise click.ClickException(f"{directory}: not a readable Oxigraph store ({err})") from None


#: (flag, parameter name, is a folder, help): the options every graph-reading command takes.
_OPTIONS = [
    ("--root", "root", True, "Project checkout (default: found from the current directory)."),
    ("--input", "input_file", False, "Read this graph file (.trig, .nq, .ttl, .nt)."),
    ("--store", "store_dir", True, "Read this on-disk store (made by ijgraph build --store)."),
]

GRAPH_OPTIONS = [
    click.option(
        flag,
        name,
        type=click.Path(file_okay=not folder, dir_okay=folder, path_type=Path),
        default=None,
        help=help_text,
    )
    for flag, name, folder, help_text in _OPTIONS
]


def graph_options(func: F) -> F:
    """Add --root, --input and --store, passed to the command as one ``graph`` argument."""

    def wrapper(
        *args: Any,
        root: Path | None,
        input_file: Path | None,
        store_dir: Path | None,
        **kwargs: Any,
    ) -> Any:
        if input_file is not None and store_dir is not None:
            raise click.UsageError("give --input or --store, not both")
        return func(*args, graph=GraphSource(root, input_file, store_dir), **kwargs)

    functools.update_wrapper(wrapper, func)  # keeps the command's own options and arguments
    for option in reversed(GRAPH_OPTIONS):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]
