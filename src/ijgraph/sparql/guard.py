"""Refuse SPARQL that could write, reach the network or crash a parser, before any engine sees it.

ijgraph's engines are read-only and offline: updates are refused (403 over
HTTP), and so are ``SERVICE``, ``LOAD`` and ``FROM``/``FROM NAMED`` of graphs
that are not ijgraph's own (400), because pyoxigraph would otherwise fetch them.
Queries too large (413) or nested too deep (400) are refused before they reach
a parser (see :func:`ijgraph.sparql.lexer.check_limits`).

Everything here works on the tokens of :mod:`ijgraph.sparql.lexer` only: no
parser runs, so the check costs time linear in the text and cannot crash.
Syntax errors are found by the engine that runs the query; :func:`syntax_refusal`
turns pyoxigraph's into a 400 with a line and column.

>>> check_query("SELECT * WHERE { ?s ?p ?o }")
'SELECT'
>>> check_query('ASK { ?s ?p "SERVICE" }')  # a keyword inside a string is harmless
'ASK'
>>> try:
...     check_query("SELECT * WHERE {\\n  SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
... except QueryRefused as err:
...     print(err.status, err.line, err.column, err.message)
400 2 3 SERVICE is not allowed: this endpoint never makes outgoing requests
>>> try:
...     check_query("INSERT DATA { <a:b> <a:c> <a:d> }")
... except QueryRefused as err:
...     print(err.status, err.message)
403 updates are not allowed: the graph is read-only
"""

from __future__ import annotations

import re

from ijgraph.sparql.lexer import (
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_QUERY_BYTES,
    FORMS,
    UPDATES,
    QueryRefused,
    check_limits,
    keywords,
    position,
    undeclared_prefixes,
)
from ijgraph.sparql.lexer import query_form as query_form

__all__ = ["LOCAL_GRAPH_PREFIX", "QueryRefused", "check_query", "query_form", "syntax_refusal"]

#: FROM / FROM NAMED may only name the graph's own graphs.
LOCAL_GRAPH_PREFIX = "https://w3id.org/ijgraph/"


def syntax_refusal(err: SyntaxError, text: str = "") -> QueryRefused:
    """pyoxigraph's SyntaxError as a 400, with its line and column.

    A prefix used without a ``PREFIX`` declaration is named as such (pyoxigraph
    reports it vaguely, or as another error):

    >>> import pyoxigraph as ox
    >>> try:
    ...     ox.Store().query("SELECT * WHERE { ?s ij:x ?o }")
    ... except SyntaxError as err:
    ...     print(syntax_refusal(err, "SELECT * WHERE { ?s ij:x ?o }"))
    line 1, column 21: unknown prefix 'ij:': declare it with PREFIX ij: <...>
    """
    missing = undeclared_prefixes(text) if text else []
    if missing:
        name = f"{missing[0]}:"
        use = re.search(r"(?<![\w:?$<])" + re.escape(name), text)
        line, column = position(text, use.start()) if use else (None, None)
        return QueryRefused(
            400, f"unknown prefix '{name}': declare it with PREFIX {name} <...>", line, column
        )
    message = str(err)
    match = re.match(r"error at (\d+):(\d+): (.*)", message, re.DOTALL)
    if not match:
        return QueryRefused(400, f"syntax error: {message}")
    return QueryRefused(
        400, f"syntax error: {match.group(3)}", int(match.group(1)), int(match.group(2))
    )


def check_query(
    text: str,
    *,
    max_bytes: int = DEFAULT_MAX_QUERY_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> str:
    """Return the query's form, or raise :class:`QueryRefused` (400, 403 or 413).

    The syntax is left to the engine that runs the query (pyoxigraph: turn its
    SyntaxError into a 400 with :func:`syntax_refusal`); what is too big, could
    write or could reach the network is refused here.
    """
    check_limits(text, max_bytes=max_bytes, max_depth=max_depth)
    words = keywords(text)
    first = next((t for t in words if t.kind == "name" and t.text not in ("PREFIX", "BASE")), None)
    if first is not None and first.text == "LOAD":
        line, column = position(text, first.offset)
        raise QueryRefused(
            400, "LOAD is not allowed: this endpoint never fetches anything", line, column
        )
    if first is not None and first.text in UPDATES:
        raise QueryRefused(403, "updates are not allowed: the graph is read-only")
    for index, token in enumerate(words):
        if token.text == "SERVICE" and token.kind == "name":
            line, column = position(text, token.offset)
            raise QueryRefused(
                400,
                "SERVICE is not allowed: this endpoint never makes outgoing requests",
                line,
                column,
            )
        if token.text == "FROM" and token.kind == "name":
            target = words[index + 1 : index + 3]
            iri = next((t.text for t in target if t.kind == "iri"), None)
            if iri is None or not iri.startswith(LOCAL_GRAPH_PREFIX):
                line, column = position(text, token.offset)
                shown = f"<{iri}>" if iri else "a prefixed name"
                raise QueryRefused(
                    400,
                    f"FROM {shown} is not allowed: only ijgraph's own graphs "
                    f"({LOCAL_GRAPH_PREFIX}...) can be named, and written as full "
                    "IRIs; nothing is fetched",
                    line,
                    column,
                )
    form = next((t.text for t in words if t.kind == "name" and t.text in FORMS), None)
    if form is None:
        raise QueryRefused(400, "not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return form
