"""``ijgraph serve``: the read-only SPARQL endpoint, query page and linked-data pages."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ijgraph.cli import ROOT, UserError, main

__all__ = ["serve"]


def _positive(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if not math.isfinite(value) or value <= 0:  # nan and inf too: every query would fail
        raise click.BadParameter("must be a finite number greater than 0")
    return value


#: The numeric settings of the server: flag, default, type, help. Seconds (floats) must be
#: finite and positive; every one is a field of ``ijgraph.server.limits.Limits`` or the pool.
_SETTINGS: list[tuple[str, float | int, Any, str]] = [
    ("--timeout", 10.0, float, "Seconds a query may run before it is stopped (HTTP 503)."),
    (
        "--max-rows",
        10_000,
        click.IntRange(1),
        "Most rows (or triples) in an answer; longer answers are cut and "
        "flagged with the header X-Result-Truncated: true.",
    ),
    (
        "--workers",
        2,
        click.IntRange(1, 64),
        "Query workers of the trusted lane (queries answered quickly before) and as many "
        "of the fast lane (other queries): queries answered in parallel.",
    ),
    (
        "--memory-limit",
        2048,
        click.IntRange(0),
        "Memory limit of each query worker in MB (0: none).",
    ),
    (
        "--slow-workers",
        1,
        click.IntRange(1, 64),
        "Long queries (past --fast-lane-seconds) run at once, each in a worker of its own; "
        "more wait, then get 503, so that they never take the workers of short queries.",
    ),
    (
        "--fast-lane-seconds",
        0.25,
        float,
        "Seconds a query may run in the fast lane before it moves to the slow lane.",
    ),
    (
        "--max-query-bytes",
        100_000,
        click.IntRange(64, 10_000_000),
        "Longest query text accepted (HTTP 413); request bodies and URLs may be about "
        "three times as long (URL-encoding).",
    ),
    (
        "--max-depth",
        100,
        click.IntRange(1, 1000),
        "Deepest nesting of brackets and ! or ^ operators accepted in a query (HTTP 400).",
    ),
    (
        "--read-timeout",
        10.0,
        float,
        "Seconds a client has to send a request's headers and body; slower ones are cut off.",
    ),
    ("--keep-alive", 5.0, float, "Seconds an idle keep-alive connection stays open."),
    (
        "--max-connections",
        512,
        click.IntRange(1, 100_000),
        "Open connections at most; more are closed at once (503).",
    ),
]


def _settings(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the options of :data:`_SETTINGS`, in order."""
    for flag, default, kind, help_text in reversed(_SETTINGS):
        func = click.option(
            flag,
            default=default,
            show_default=True,
            type=kind,
            help=help_text,
            callback=_positive if kind is float else None,
        )(func)
    return func


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
@_settings
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
    slow_workers: int,
    fast_lane_seconds: float,
    max_query_bytes: int,
    max_depth: int,
    read_timeout: float,
    keep_alive: float,
    max_connections: int,
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
    under /resource/, /passage/, /graph/ and /ontology/. SECURITY.md describes
    the limits and how to expose the endpoint behind a reverse proxy.
    """
    from ijgraph.server.limits import Limits

    limits = Limits(
        max_query_bytes=max_query_bytes,
        max_depth=max_depth,
        read_timeout=read_timeout,
        keep_alive=keep_alive,
        max_connections=_connection_cap(max_connections),
        slow_workers=slow_workers,
        fast_budget=fast_lane_seconds,
    )

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
        limits=limits,
    )
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    click.echo(
        f"ijgraph: {what}; query page http://{shown}:{port}/ ; "
        f"SPARQL endpoint http://{shown}:{port}/sparql",
        err=True,
    )
    from ijgraph.server.limits import make_server

    server = make_server(app, limits, host=host, port=port, log_level=log_level)
    try:
        server.run()
    except OSError as err:  # e.g. the port is taken
        raise UserError(f"cannot listen on {host}:{port}: {err}") from err
    if not server.started:
        raise UserError(f"cannot listen on {host}:{port} (see the message above)")


def _connection_cap(wanted: int) -> int:
    """``wanted``, lowered to fit the open-file limit (raised to its maximum first), so that
    the server never runs out of file descriptors (each connection takes one)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    except (ValueError, OSError):
        pass
    room = soft - 128 if soft != resource.RLIM_INFINITY else wanted  # pipes, files, logs
    if room < wanted:
        click.echo(f"ijgraph: at most {max(1, room)} connections (open-file limit)", err=True)
    return max(1, min(wanted, room))
