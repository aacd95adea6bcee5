"""``ijgraph render``: write the interactive HTML pages (also run by ``ijgraph build``)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import click
import pyoxigraph as ox

from ijgraph.cli import main
from ijgraph.cli.graph_source import GraphSource, graph_options
from ijgraph.render import MAX_OVERVIEW_NODES, iter_site, project_themes


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
    help="Most connected entities the overview and each theme page draw.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that make the pages (default: one per CPU for large graphs, "
    "else one). The pages are the same for any number.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the pages are out of date.")
def render(
    graph: GraphSource,
    out: Path | None,
    max_overview_nodes: int,
    workers: int | None,
    check: bool,
) -> None:
    """Render the graph as HTML pages that work offline (open index.html in a browser).

    Writes index.html, theme/*.html, entity/*.html, source/*.html and assets/ to OUT;
    the folder can be copied anywhere and opened from file://. Renders the built
    graph (exports/ijgraph.trig), or any graph file (--input, such as one from
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
    if target.exists() and not target.is_dir():
        raise click.UsageError(f"--out {target} is a file, not a folder")
    themes = project_themes(graph.root.resolve() if graph.root is not None else None)
    # Handed over, not kept here: iter_site lets the quads go once it has read them.
    pages = iter_site(
        _Loaded(graph.quads()),
        max_overview_nodes=max_overview_nodes,
        themes=themes,
        workers=workers,
    )
    made, stale = stage_pages(target, pages, write=not check)
    leftovers = leftover_pages(target, made)
    if check:
        for path in [*stale, *leftovers]:
            click.echo(f"out of date: {path}", err=True)
        if stale or leftovers:
            raise SystemExit(1)
        click.echo(f"{len(made)} files in {target} are up to date")
        return
    for path in leftovers:
        path.unlink()
    click.echo(
        f"wrote {len(stale)} of {len(made)} files to {target} (open {target / 'index.html'})"
    )


def stage_pages(
    target: Path, pages: Iterable[tuple[str, bytes]], *, write: bool
) -> tuple[set[Path], list[Path]]:
    """Compare each page with the disk as it is made; write the changed ones all or none.

    Changed pages go to temporary files beside their target as they come (so memory
    stays bounded at tens of thousands of pages), and are renamed into place only
    once every page is made; on any error the temporary files are removed. Into a
    new (or empty) folder, pages are written straight into a hidden sibling folder
    renamed into place at the end: one rename instead of one per page.
    Returns every path made and the stale ones.
    """
    fresh = write and (not target.exists() or not any(target.iterdir()))
    if fresh:
        return _stage_fresh(target, pages)
    made: set[Path] = set()
    stale: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    folders: set[Path] = set()
    try:
        for name, data in _progress(pages):
            path = target / name
            made.add(path)
            try:
                if path.read_bytes() == data:
                    continue
            except FileNotFoundError:
                pass
            stale.append(path)
            if write:
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                staged.append((tmp, path))
                _write(tmp, data, folders)
        for tmp_path, path in staged:
            os.replace(tmp_path, path)
        staged.clear()
    finally:
        for tmp_path, _ in staged:
            tmp_path.unlink(missing_ok=True)
    return made, sorted(stale)


def _stage_fresh(target: Path, pages: Iterable[tuple[str, bytes]]) -> tuple[set[Path], list[Path]]:
    staging = target.with_name(f".{target.name}.{os.getpid()}.staging")
    made: set[Path] = set()
    folders: set[Path] = set()
    try:
        for name, data in _progress(pages):
            made.add(target / name)
            _write(staging / name, data, folders)
        if target.exists():
            target.rmdir()  # empty: checked before
        os.rename(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return made, sorted(made)


def _progress(pages: Iterable[tuple[str, bytes]]) -> Iterator[tuple[str, bytes]]:
    with click.progressbar(pages, label="rendering pages", file=sys.stderr, show_pos=True) as bar:
        yield from bar


def _write(path: Path, data: bytes, folders: set[Path]) -> None:
    if path.parent not in folders:
        path.parent.mkdir(parents=True, exist_ok=True)
        folders.add(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(fd, 0o644)
        handle.write(data)


@dataclass
class _Loaded:
    """A graph read from a file, in the shape render_site expects."""

    quads: list[ox.Quad]


def leftover_pages(target: Path, files: Collection[Path]) -> list[Path]:
    """Pages of entities that no longer exist: files under our own folders that we did not make."""
    old: list[Path] = []
    for folder in ("entity", "theme", "source", "assets"):
        path = target / folder
        if path.is_dir():
            old.extend(p for p in sorted(path.iterdir()) if p.is_file() and p not in files)
    return old


__all__ = ["leftover_pages", "render", "stage_pages"]
