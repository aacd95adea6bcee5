"""``ijgraph serve``: the read-only SPARQL endpoint, query page and linked-data pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ijgraph.cli import ROOT, UserError, main

__all__ = ["serve"]


def _positive(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if value <= 0:
        raise click.BadParameter("must be greater than 0")
    return value


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on (0.0.0.0 for every interface).",
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port."
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=float,
    callback=_positive,
    help="Seconds a query may run before it is stopped (HTTP 503).",
)
@click.option(
    "--max-rows",
    default=10_000,
    show_default=True,
    type=click.IntRange(1),
    help="Most rows (or triples) in an answer; longer answers are cut and "
    "flagged with the header X-Result-Truncated: true.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Query worker processes (queries answered in parallel).",
)
@click.option(
    "--memory-limit",
    default=2048,
    show_default=True,
    type=click.IntRange(0),
    help="Memory limit of each query worker in MB (0: none).",
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    metavar="ORIGIN",
    help="Allow browser pages from ORIGIN to query the endpoint (repeatable; '*' for any).",
)
@ROOT
@click.option(
    "--store",
    "store_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Serve from this on-disk store (rebuilt if the export changed). Default: the "
    "store in <root>/.store for exports over 16 MB, else the export parsed into memory.",
)
@click.option(
    "--in-memory",
    is_flag=True,
    help="Parse exports/ijgraph.trig into memory, however large it is.",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def serve(
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    memory_limit: int,
    cors: tuple[str, ...],
    root: Path | None,
    store_dir: Path | None,
    in_memory: bool,
    log_level: str,
) -> None:
    """Serve the graph over HTTP: SPARQL 1.1 endpoint at /sparql, query page at /.

    The graph is read from exports/ijgraph.trig (run `ijgraph build` first). The
    endpoint is read-only (updates, LOAD included, get 403) and makes no outgoing
    requests (SERVICE and FROM of remote graphs get 400). Entity IRIs dereference
    under /resource/, /passage/, /graph/ and /ontology/.
    """
    import uvicorn

    from ijgraph.compiler.pipeline import load_quads
    from ijgraph.rdf.store import ensure_store_path, wants_store
    from ijgraph.server.app import create_app
    from ijgraph.vocab.project import layout

    lay = layout(root)
    graph: list[Any] | Path
    try:
        if in_memory or (store_dir is None and not wants_store(lay.root)):
            graph = load_quads(lay.root)
            what = f"{len(graph)} quads in memory"
        else:
            graph = ensure_store_path(lay.root, store_dir)
            what = f"store {graph}"
    except (FileNotFoundError, SyntaxError) as err:
        raise UserError(str(err)) from err
    app = create_app(
        graph,
        timeout=timeout,
        max_rows=max_rows,
        cors_origins=cors,
        workers=workers,
        memory_limit_mb=memory_limit,
        html_dir=lay.exports / "html",
    )
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    click.echo(
        f"ijgraph: {what}; query page http://{shown}:{port}/ ; "
        f"SPARQL endpoint http://{shown}:{port}/sparql",
        err=True,
    )
    try:
        uvicorn.run(app, host=host, port=port, log_level=log_level)
    except OSError as err:  # e.g. the port is taken
        raise UserError(f"cannot listen on {host}:{port}: {err}") from err
