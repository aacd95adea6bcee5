"""``ijgraph render``: write the interactive HTML pages (also run by ``ijgraph build``)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pyoxigraph as ox

from ijgraph.cli import ROOT, main
from ijgraph.compiler.pipeline import compile_graph
from ijgraph.render import MAX_OVERVIEW_NODES, iter_site, project_themes


@main.command()
@ROOT
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write (default: exports/html/ of the project).",
)
@click.option(
    "--input",
    "input_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Render this TriG or N-Quads file (e.g. from `ijgraph synth`) instead of the project.",
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
    root: Path | None,
    out: Path | None,
    input_file: Path | None,
    max_overview_nodes: int,
    check: bool,
) -> None:
    """Render the graph as HTML pages that work offline (open index.html in a browser).

    Writes index.html, theme/*.html, entity/*.html and assets/ to OUT; the folder
    can be copied anywhere and opened from file://. With --input, renders an
    already built graph file (such as one from `ijgraph synth`) instead.
    """
    if input_file is not None:
        if out is None:
            raise click.UsageError("--input needs --out")
        result: Any = _Loaded(_read_graph(input_file))
        target = out
    else:
        result = compile_graph(root)
        target = out if out is not None else result.layout.exports / "html"
    if target.exists() and not target.is_dir():
        raise click.UsageError(f"--out {target} is a file, not a folder")
    themes = project_themes(root.resolve() if root is not None else None)
    pages = iter_site(result, max_overview_nodes=max_overview_nodes, themes=themes)
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
    once every page is made; on any error the temporary files are removed.
    Returns every path made and the stale ones.
    """
    made: set[Path] = set()
    stale: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    try:
        with click.progressbar(
            pages, label="rendering pages", file=sys.stderr, show_pos=True
        ) as bar:
            for name, data in bar:
                path = target / name
                made.add(path)
                if path.exists() and path.read_bytes() == data:
                    continue
                stale.append(path)
                if write:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    fd, tmp = tempfile.mkstemp(
                        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
                    )
                    with os.fdopen(fd, "wb") as handle:
                        handle.write(data)
                    os.chmod(tmp, 0o644)
                    staged.append((Path(tmp), path))
        for tmp_path, path in staged:
            os.replace(tmp_path, path)
    finally:
        for tmp_path, _ in staged:
            if tmp_path.exists():
                tmp_path.unlink()
    return made, sorted(stale)


@dataclass
class _Loaded:
    """A graph read from a file, in the shape render_site expects."""

    quads: list[ox.Quad]


def _read_graph(path: Path) -> list[ox.Quad]:
    fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TRIG
    try:
        return list(ox.parse(path=str(path), format=fmt))
    except SyntaxError as err:
        raise click.ClickException(f"{path}: {err}") from None


def leftover_pages(target: Path, files: Collection[Path]) -> list[Path]:
    """Pages of entities that no longer exist: files under our own folders that we did not make."""
    old: list[Path] = []
    for folder in ("entity", "theme", "source", "assets"):
        path = target / folder
        if path.is_dir():
            old.extend(p for p in sorted(path.iterdir()) if p.is_file() and p not in files)
    return old


__all__ = ["leftover_pages", "render", "stage_pages"]
