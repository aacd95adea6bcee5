"""``ijgraph query`` and ``ijgraph examples``: SPARQL from the command line.

Exit codes: 0 on success; 2 for a query that cannot run (syntax error, with its
line and column; a refused update, ``SERVICE``, ``LOAD`` or remote ``FROM``; an
unknown example; a format that does not fit the query); 1 when the engine fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ijgraph.cli import ROOT, SECONDS, UserError, main, write_stdout
from ijgraph.sparql.catalog import RqQuery, parse_query, read_query
from ijgraph.sparql.core import (
    ENGINES,
    UnknownExample,
    examples,
    has_lang_clause,
    query,
    resolve,
    undeclared_prefixes,
    with_lang,
)
from ijgraph.sparql.guard import QueryRefused
from ijgraph.sparql.results import FORMATS, GRAPH_KINDS, FormatError, QueryResult

__all__ = ["examples_command", "query_command"]


class QueryProblem(UserError):
    """A query that cannot run as given: message, no traceback, exit code 2."""

    exit_code = 2


def _source(query_arg: str | None, file: str | None) -> RqQuery:
    if query_arg and file:
        raise click.UsageError("give either QUERY or --file, not both")
    if file == "-":
        return parse_query(sys.stdin.read(), "stdin")
    if file:
        return read_query(Path(file))
    if not query_arg:
        raise click.UsageError(
            "give a SPARQL query, --file FILE or an example name (`ijgraph examples` lists them)"
        )
    return resolve(query_arg)


def _refusal(err: QueryRefused, text: str) -> str:
    """The refusal, with the offending line and a caret under its column."""
    if not err.line:
        return f"query refused: {err.message}"
    lines = text.splitlines() or [""]
    source = lines[err.line - 1] if 0 < err.line <= len(lines) else ""
    column = min(err.column or 1, len(source) + 1)
    if len(source) > 100:  # a window around the column, not a 100 KB line
        start = max(0, column - 60)
        source = ("…" if start else "") + source[start : start + 100]
        column -= start - (1 if start else 0)
    gutter = f"{err.line} | "
    caret = " " * (len(gutter) + column - 1) + "^"
    return f"{err}\n  {gutter}{source}\n  {caret}"


def _prefix_hint(text: str) -> str:
    """A hint to declare the project's prefixes that the query uses but does not declare."""
    from ijgraph.vocab.prefixes import PREFIXES

    missing = [p for p in undeclared_prefixes(text) if p in PREFIXES]
    if not missing:
        return ""
    lines = "".join(f"\n  PREFIX {p}: <{PREFIXES[p]}>" for p in missing)
    return f"\nhint: the query uses undeclared prefixes; add{lines}"


def _write(data: bytes) -> None:
    write_stdout(data)  # a closed pipe is not an error; a full disk is a message


@main.command("query")
@click.argument("query_arg", metavar="[QUERY]", required=False)
@click.option("-f", "--file", metavar="FILE", help="Read the query from FILE ('-' for stdin).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default=None,
    help="Output format (default: table; turtle for CONSTRUCT and DESCRIBE).",
)
@click.option(
    "--engine",
    type=click.Choice(list(ENGINES)),
    default="oxigraph",
    show_default=True,
    help="SPARQL engine.",
)
@click.option(
    "--lang",
    metavar="TAG",
    default=None,
    help="Label language (ja, hi, ...) with English fallback, for queries with "
    'a VALUES ?lang { "en" } clause (all examples).',
)
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Run the query on a remote SPARQL 1.1 server instead (as `ijgraph remote-query`).",
)
@click.option("--auth", metavar="USER:PASSWORD", default=None, help="With --endpoint: credentials.")
@click.option(
    "--timeout", type=SECONDS, default=60.0, show_default=True, help="With --endpoint: seconds."
)
@ROOT
@click.pass_context
def query_command(
    ctx: click.Context,
    query_arg: str | None,
    file: str | None,
    fmt: str | None,
    engine: str,
    lang: str | None,
    endpoint: str | None,
    auth: str | None,
    timeout: float,
    root: Path | None,
) -> None:
    """Run a SPARQL query on the graph and print the answer.

    QUERY is SPARQL text, a .rq file or the name of an example query
    (`ijgraph examples`). The default graph is the union of all named graphs;
    GRAPH ?g { ... } reaches the passage graphs (the provenance of each fact).

    \b
    Examples:
      ijgraph query naval-exercises
      ijgraph query vision-pillars --lang ja
      ijgraph query -f my-query.rq --format csv
      ijgraph query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      ijgraph query --endpoint http://127.0.0.1:7878/query naval-exercises
    """
    try:
        rq = _source(query_arg, file)
    except UnknownExample as err:
        raise QueryProblem(str(err)) from None
    except (OSError, UnicodeDecodeError) as err:
        raise QueryProblem(f"cannot read the query: {err}") from None
    if endpoint is not None:
        from ijgraph.cli.remote import remote_query_command

        text = with_lang(rq.text, lang) if lang else rq.text
        ctx.invoke(
            remote_query_command,
            query_arg=text,
            endpoint=endpoint,
            auth=auth,
            fmt=fmt or "table",
            timeout=timeout,
            allow_partial=False,
        )
        return
    if lang and not has_lang_clause(rq.text):
        click.echo(
            f'note: {rq.name} has no VALUES ?lang {{ "…" }} clause: --lang has no effect', err=True
        )
    try:
        result = query(rq.text, engine=engine, root=root, lang=lang)
    except QueryRefused as err:
        hint = _prefix_hint(rq.text) if err.line else ""
        raise QueryProblem(_refusal(err, rq.text) + hint) from None
    except ValueError as err:  # a malformed --lang
        raise QueryProblem(str(err)) from None
    except FileNotFoundError:
        raise
    except Exception as err:  # an engine failure is reported, never a traceback
        raise UserError(f"the {engine} engine failed: {err}") from None
    _write(_serialize(result, fmt))


def _serialize(result: QueryResult, fmt: str | None) -> bytes:
    chosen = fmt or ("turtle" if result.kind in GRAPH_KINDS else "table")
    try:
        return result.serialize(chosen)
    except FormatError as err:
        raise QueryProblem(str(err)) from None


def _matches(q: RqQuery, tag: str | None, search: str | None) -> bool:
    if tag and tag.lower() not in (t.lower() for t in q.tags):
        return False
    if search:
        haystack = " ".join((q.name, q.title, q.description, *q.tags)).lower()
        return all(word in haystack for word in search.lower().split())
    return True


@main.command("examples")
@click.argument("search", required=False)
@click.option("--tag", "-t", metavar="TAG", help="Only examples with this tag.")
@click.option("--long", "-l", "long_", is_flag=True, help="Show each example's description.")
def examples_command(search: str | None, tag: str | None, long_: bool) -> None:
    """List the example queries (run one with `ijgraph query NAME`).

    SEARCH keeps the examples whose name, title, description or tags contain
    every word of it.
    """
    chosen = [q for q in examples().values() if _matches(q, tag, search)]
    if not chosen:
        raise UserError(
            "no example matches"
            + (f" tag {tag!r}" if tag else "")
            + (f" {search!r}" if search else "")
        )
    width = max(len(q.name) for q in chosen)
    for q in chosen:
        click.echo(f"{q.name:<{width}}  {q.title}  [{', '.join(q.tags)}]")
        if long_ and q.description:
            click.echo(f"{'':<{width}}  {q.description}")
