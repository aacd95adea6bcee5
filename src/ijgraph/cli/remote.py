"""``ijgraph push`` and ``ijgraph remote-query``: the graph on an external SPARQL server.

Exit codes: 0 on success; 1 when the server cannot be reached, refuses a
request, or signals an incomplete answer (row limit, timeout); 2 for bad options.
"""

from __future__ import annotations

import click

from ijgraph.cli import SECONDS, UserError, main, write_stdout
from ijgraph.cli.graph_source import GraphSource, graph_options
from ijgraph.cli.progress import counter
from ijgraph.sparql.remote import (
    RemoteError,
    RemoteResult,
    TruncatedResult,
    parse_auth,
    push,
    run_remote,
)
from ijgraph.sparql.results import GRAPH_KINDS, FormatError, QueryResult

__all__ = ["push_command", "remote_query_command"]

AUTH = click.option(
    "--auth",
    metavar="USER:PASSWORD",
    default=None,
    help="Credentials, sent only when the server asks (Basic or Digest).",
)


def _auth(text: str | None) -> tuple[str, str] | None:
    try:
        return parse_auth(text)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--auth") from None


@main.command("push")
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store (oxigraph serve).",
)
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI",
    help="Push only this named graph (repeatable); default: every graph.",
)
@AUTH
@click.option(
    "--chunk-size",
    type=click.IntRange(min=1),
    default=50_000,
    show_default=True,
    help="At most this many triples per request (later chunks of a graph are POSTed).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 32),
    default=4,
    show_default=True,
    help="Graphs uploaded in parallel.",
)
@click.option(
    "--union-default",
    is_flag=True,
    help="Also put every triple in the default graph (for servers without a union default graph).",
)
@click.option(
    "--timeout",
    type=SECONDS,
    default=None,
    help="Seconds for the whole push (default: no limit; each request has 120 s).",
)
@graph_options
def push_command(
    endpoint: str,
    graphs: tuple[str, ...],
    auth: str | None,
    chunk_size: int,
    jobs: int,
    union_default: bool,
    timeout: float | None,
    graph: GraphSource,
) -> None:
    """Upload the graph, one named graph per passage and the provenance graphs, to a SPARQL server.

    Each graph is replaced (HTTP PUT, then POST for further chunks), so pushing
    again updates the server. The first failure stops the push and says which
    graphs were stored. Basic or Digest authentication, as the server asks
    (Virtuoso: --endpoint http://host:8890/sparql-graph-crud-auth). Example:

        ijgraph push --endpoint http://127.0.0.1:7878/store
    """
    credentials = _auth(auth)
    quads = graph.quads()  # the built graph, or --input FILE / --store DIR
    try:
        with counter(len(quads), label="pushing") as advance:
            report = push(
                endpoint,
                quads,
                graphs=graphs or None,
                auth=credentials,
                chunk_size=chunk_size,
                jobs=jobs,
                union_default=union_default,
                timeout=timeout,
                on_graph=advance,
            )
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--graph") from None
    except RemoteError as err:
        raise UserError(str(err)) from None
    click.echo(
        f"pushed {report.triples} triples in {report.graphs} graphs "
        f"({report.requests} requests) to {endpoint}"
    )


def _as_query_result(result: RemoteResult, kind: str) -> QueryResult:
    if kind in GRAPH_KINDS:
        return QueryResult.from_triples(kind, result.triples, engine="remote")
    return QueryResult.from_json(result.raw, engine="remote")


@main.command("remote-query")
@click.argument("query_arg", metavar="QUERY")
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="SPARQL query endpoint, e.g. http://127.0.0.1:7878/query (oxigraph serve).",
)
@AUTH
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    help="Output format, as for `ijgraph query` (table, csv, tsv, json, turtle, ...).",
)
@click.option(
    "--timeout",
    type=SECONDS,
    default=60.0,
    show_default=True,
    help="Seconds for the whole exchange, however slowly the server answers.",
)
@click.option(
    "--allow-partial",
    is_flag=True,
    help="Print an answer the server marked incomplete (with a warning) instead of failing.",
)
def remote_query_command(
    query_arg: str, endpoint: str, auth: str | None, fmt: str, timeout: float, allow_partial: bool
) -> None:
    """Run QUERY (an example name, a .rq file or SPARQL text) on a remote SPARQL server.

    The server's default graph should be the union of the named graphs
    (`oxigraph serve --union-default-graph`, or push with --union-default).
    Example:

        ijgraph remote-query --endpoint http://127.0.0.1:7878/query naval-exercises
    """
    from ijgraph.sparql.core import UnknownExample, resolve
    from ijgraph.sparql.guard import QueryRefused, check_query

    credentials = _auth(auth)
    try:
        text = resolve(query_arg).text
        kind = check_query(text)
    except (UnknownExample, QueryRefused) as err:
        raise click.UsageError(str(err)) from None
    try:
        result = run_remote(
            endpoint,
            text,
            auth=credentials,
            timeout=timeout,
            allow_partial=allow_partial,
            kind=kind,
        )
    except TruncatedResult as err:
        raise UserError(
            f"{err}\nthe rows would be incomplete: page with LIMIT/OFFSET, "
            "raise the server's limits, or pass --allow-partial"
        ) from None
    except RemoteError as err:
        raise UserError(str(err)) from None
    try:
        data = _as_query_result(result, kind).serialize(fmt)
    except FormatError as err:
        raise click.BadParameter(str(err), param_hint="--format") from None
    write_stdout(data)
    if result.truncated:
        click.echo(f"warning: incomplete answer: {result.truncated}", err=True)
