"""``ijgraph render``: write the interactive HTML pages (also run by ``ijgraph build``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from ijgraph.cli import main
from ijgraph.cli.graph_source import GraphSource, graph_options
from ijgraph.compiler.pipeline import stale_files, write_files
from ijgraph.render import MAX_OVERVIEW_NODES, render_site


@main.command()
@graph_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write (default: exports/html/ of the project).",
)
@click.option(
    "--max-overview-nodes",
    type=click.IntRange(min=1),
    default=MAX_OVERVIEW_NODES,
    show_default=True,
    help="Most connected entities the overview draws.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the pages are out of date.")
def render(
    graph: GraphSource,
    out: Path | None,
    max_overview_nodes: int,
    check: bool,
) -> None:
    """Render the graph as HTML pages that work offline (open index.html in a browser).

    Writes index.html, theme/*.html, entity/*.html and assets/ to OUT; the folder
    can be copied anywhere and opened from file://. Renders the built graph
    (exports/ijgraph.trig), or any graph file (--input, such as one from
    `ijgraph synth`) or store (--store).
    """
    if out is not None:
        target = out
    elif graph.input is None and graph.store is None:
        from ijgraph.vocab.project import layout

        lay = layout(graph.root)
        if lay.bundled:
            raise click.UsageError("the installed graph is read-only: give --out DIR")
        target = lay.exports / "html"
    else:
        raise click.UsageError(f"{'--input' if graph.input else '--store'} needs --out")
    result: Any = _Loaded(graph.quads())
    if target.exists() and not target.is_dir():
        raise click.UsageError(f"--out {target} is a file, not a folder")
    files = {
        target / name: data
        for name, data in render_site(result, max_overview_nodes=max_overview_nodes).items()
    }
    stale = stale_files(files)
    leftovers = leftover_pages(target, files)
    if check:
        for path in [*stale, *leftovers]:
            click.echo(f"out of date: {path}", err=True)
        if stale or leftovers:
            raise SystemExit(1)
        click.echo(f"{len(files)} files in {target} are up to date")
        return
    write_files(files)
    for path in leftovers:
        path.unlink()
    click.echo(
        f"wrote {len(stale)} of {len(files)} files to {target} (open {target / 'index.html'})"
    )


@dataclass
class _Loaded:
    """A graph read from a file, in the shape render_site expects."""

    quads: list[ox.Quad]


def leftover_pages(target: Path, files: dict[Path, bytes]) -> list[Path]:
    """Pages of entities that no longer exist: files under our own folders that we did not make."""
    old: list[Path] = []
    for folder in ("entity", "theme", "assets"):
        path = target / folder
        if path.is_dir():
            old.extend(p for p in sorted(path.iterdir()) if p.is_file() and p not in files)
    return old


__all__ = ["leftover_pages", "render"]
