"""``ijgraph synth``: write a synthetic graph of bilateral ties for benchmarks."""

from __future__ import annotations

from pathlib import Path

import click
import pyoxigraph as ox

from ijgraph.cli import UserError, main
from ijgraph.cli.export import ensure_writable
from ijgraph.cli.progress import counter
from ijgraph.compiler.pipeline import write_files
from ijgraph.compiler.synth import synthesize
from ijgraph.rdf.canonical import serialize_quads

#: Files written, with the serialization of each.
SYNTH_FILES = {"ijgraph.trig": ox.RdfFormat.TRIG, "ijgraph.nq": ox.RdfFormat.N_QUADS}


@main.command()
@click.option(
    "--triples",
    "-n",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="About how many triples to generate (rounded up to a whole summit).",
)
@click.option(
    "--seed",
    "-s",
    type=int,
    default=0,
    show_default=True,
    help="Random seed: the same seed always gives the same bytes.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write ijgraph.trig and ijgraph.nq to (created if needed).",
)
def synth(triples: int, seed: int, out: Path) -> None:
    """Write a synthetic graph (same ontology, shapes and provenance design) to OUT.

    Synthetic resources live under https://w3id.org/ijgraph/resource/synth/ and
    never mix with the curated data. Example:

        ijgraph synth --triples 100000 --seed 1 --out /tmp/ijgraph-100k
    """
    ensure_writable(out)
    quads: list[ox.Quad] = []
    with counter(triples, label="generating") as advance:
        for quad in synthesize(triples, seed):
            quads.append(quad)
            if len(quads) % 10_000 == 0:
                advance(10_000)
    files = {out / name: serialize_quads(quads, fmt) for name, fmt in SYNTH_FILES.items()}
    try:
        write_files(files)
    except OSError as err:
        raise UserError(
            f"cannot write to {out}: {err.strerror or err}; nothing was written"
        ) from None
    graphs = len({q.graph_name for q in quads})
    click.echo(f"{len(quads)} triples in {graphs} graphs (seed {seed})")
    for path, data in files.items():
        click.echo(f"wrote {path} ({len(data) / 1e6:.1f} MB)")
