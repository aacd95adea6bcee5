"""``ijgraph export``: write the graph in any registered format."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from ijgraph.cli import ROOT, UserError, main
from ijgraph.compiler.pipeline import compile_graph, write_files
from ijgraph.export.registry import EXPORTERS, choices, export
from ijgraph.rdf.files import replace_tree

FORMATS_HELP = "; ".join(f"{name}: {e.description}" for name, e in EXPORTERS.items())


def ensure_writable(out: Path) -> None:
    """Create ``out`` if needed and prove that a file can be written there, or raise UserError."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=out, prefix=".ijgraph-probe.")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        reason = err.strerror or str(err)
        raise UserError(
            f"cannot write to output directory {out}: {reason}; nothing was written"
        ) from None


def _size(n: int) -> str:
    return f"{n / 1024:.0f} kB" if n >= 1024 else f"{n} B"


@main.command("export")
@ROOT
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    default=("all",),
    show_default=True,
    type=click.Choice(choices(), case_sensitive=False),
    help=f"Format to write (repeatable). {FORMATS_HELP}; all: every format.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="Output directory (default: exports/ of the project).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def export_command(
    root: Path | None, formats: tuple[str, ...], out: Path | None, quiet: bool
) -> None:
    """Build the graph and export it: RDF (ttl, nt, nq, trig, jsonld, rdfxml),
    GraphML and GEXF for Gephi, or CSV (nodes.csv, edges.csv).

    Files are written atomically: if any cannot be written, none is. Into the
    project's exports/, the folder is swapped whole, so readers never see a mix.
    """
    result = compile_graph(root)
    target = out if out is not None else result.layout.exports
    ensure_writable(target)
    names = [f.lower() for f in formats]
    files = {target / name: data for name, data in export(result.quads, names).items()}
    blocked = [path for path in files if path.is_dir()]
    if blocked:
        raise UserError(f"cannot write {blocked[0]}: it is a directory; nothing was written")
    try:
        if target.resolve() == result.layout.exports.resolve():
            # exports/ is read by query, serve and the pages: swap it whole, other files kept.
            replace_tree(result.layout.exports, files, keep=lambda rel: True)
        else:
            write_files(files)
    except OSError as err:
        raise UserError(
            f"cannot write to {target}: {err.strerror or err}; nothing was written"
        ) from None
    if not quiet:
        for path, data in files.items():
            click.echo(f"wrote {path} ({_size(len(data))})")
