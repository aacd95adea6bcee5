"""``ijgraph build``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ijgraph.cli import ROOT, main
from ijgraph.cli.render import leftover_pages
from ijgraph.compiler.pipeline import Build, compile_graph, stale_files
from ijgraph.export.registry import CORE_EXPORTS, export


@main.command()
@ROOT
@click.option(
    "--check", is_flag=True, help="Validate and verify that exports/ is up to date; write nothing."
)
@click.option("--no-write", is_flag=True, help="Validate only; write nothing.")
@click.option("--no-render", is_flag=True, help="Do not render the HTML pages.")
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also (re)build the on-disk query store here (done by default in <root>/.store "
    "for exports over 16 MB, which `ijgraph query` and `serve` then open).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but problems.")
def build(
    root: Path | None,
    check: bool,
    no_write: bool,
    no_render: bool,
    store_dir: Path | None,
    quiet: bool,
) -> None:
    """Validate graph_data/ and ontology/, then write exports/.

    Writes every export format (exports/ijgraph.ttl with all triples,
    exports/ijgraph.trig with one named graph per source passage, N-Triples,
    N-Quads, JSON-LD, RDF/XML, GraphML, GEXF, CSV) and the HTML pages under
    exports/html/, atomically: on any problem nothing is written and the exit
    code is 1.
    """
    result = compile_graph(root)
    out = result.layout.exports
    files = {out / name: data for name, data in export(result.quads, CORE_EXPORTS).items()}
    if not no_render and not no_write:
        files.update(_pages(result, out))
    leftovers = leftover_pages(out / "html", files) if not no_render else []
    if not quiet and (check or no_write):
        _summary(result)
    if check:
        stale = [*stale_files(files), *leftovers]
        interrupted = _interrupted(out)
        if stale or interrupted:
            for path in stale:
                click.echo(f"out of date: {path.relative_to(result.layout.root)}", err=True)
            for path in interrupted:
                click.echo(f"left by an interrupted build: {path}", err=True)
            click.echo("run `ijgraph build` and commit exports/", err=True)
            sys.exit(1)
        if not quiet:
            click.echo("exports are up to date")
        return
    if no_write:
        return
    # Write before printing: a reader that stops early (`ijgraph build | head`) must not
    # stop the build half-way; the new exports replace the old ones all at once.
    _write_exports(out, files, rendered=not no_render)
    if not quiet:
        _summary(result)
        click.echo(f"wrote {len(files)} files to {out}")
    _refresh_store(result.layout.root, store_dir, quiet)


def _summary(result: Build) -> None:
    for line in result.summary.lines():
        click.echo(line)


def _interrupted(out: Path) -> list[Path]:
    from ijgraph.rdf.files import leftovers

    return leftovers(out)


def _write_exports(out: Path, files: dict[Path, bytes], rendered: bool) -> None:
    """Swap in the new exports/ all at once (pages kept from the last build with --no-render)."""
    from ijgraph.rdf.files import replace_tree

    replace_tree(out, files, keep=None if rendered else lambda rel: rel.startswith("html/"))


def _refresh_store(root: Path, store_dir: Path | None, quiet: bool) -> None:
    """Bring the on-disk store up to date, so `ijgraph query`/`serve` start without parsing."""
    from ijgraph.rdf.store import ensure_store_path, wants_store

    if store_dir is None and not wants_store(root):
        return  # small exports are parsed in milliseconds: no store needed
    try:
        path = ensure_store_path(root, store_dir)
    except OSError as err:
        if store_dir is not None:
            raise click.ClickException(f"cannot write the store in {store_dir}: {err}") from err
        return  # the default store is an optimisation: queries fall back to the export
    if not quiet:
        click.echo(f"query store up to date: {path.parent}")


def _pages(result: Build, out: Path) -> dict[Path, bytes]:
    """The HTML pages under exports/html/."""
    from ijgraph.render import project_themes, render_site

    files = render_site(result, themes=project_themes(result.layout.root))
    return {out / "html" / name: data for name, data in files.items()}
