"""Refuse SPARQL that could write or reach the network, before any engine sees it.

ijgraph's engines are read-only and offline: updates are refused (403 over
HTTP), and so are ``SERVICE``, ``LOAD`` and ``FROM``/``FROM NAMED`` of graphs
that are not ijgraph's own (400), because pyoxigraph would otherwise fetch them.

The common case costs almost nothing: a tokenizer that skips strings, IRIs and
comments looks for the risky keywords, and only a query that has one is parsed
fully (with rdflib's SPARQL grammar) to find out what it really does.

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
from dataclasses import dataclass

import pyoxigraph as ox

from ijgraph.errors import IjgraphError

__all__ = ["LOCAL_GRAPH_PREFIX", "QueryRefused", "check_query", "query_form", "syntax_refusal"]

#: FROM / FROM NAMED may only name the graph's own graphs.
LOCAL_GRAPH_PREFIX = "https://w3id.org/ijgraph/"

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<var>[?$]\w+)
    | (?P<word>[A-Za-z_][\w-]*(?::[\w.-]*)?)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_EMPTY = ox.Store()


@dataclass
class QueryRefused(IjgraphError, ValueError):
    """A query that ijgraph will not run: HTTP ``status``, message and position (1-based)."""

    status: int
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}: " if self.line else ""
        return where + self.message


def _keywords(text: str) -> list[tuple[str, int, str]]:
    """Bare words of the query (upper-cased) with their offsets, and the IRIs after them."""
    words = []
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "word":
            words.append((match.group().upper(), match.start(), ""))
        elif match.lastgroup == "iri":
            words.append(("<IRI>", match.start(), match.group()[1:-1]))
    return words


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def syntax_refusal(err: SyntaxError, text: str = "") -> QueryRefused:
    """pyoxigraph's SyntaxError as a 400, with its line and column.

    A prefix used without a ``PREFIX`` declaration is named as such (pyoxigraph
    reports it vaguely, or as another error):

    >>> try:
    ...     _EMPTY.query("SELECT * WHERE { ?s ij:x ?o }")
    ... except SyntaxError as err:
    ...     print(syntax_refusal(err, "SELECT * WHERE { ?s ij:x ?o }"))
    line 1, column 21: unknown prefix 'ij:': declare it with PREFIX ij: <...>
    """
    from ijgraph.sparql.core import undeclared_prefixes  # the query module owns the prefix rules

    missing = undeclared_prefixes(text) if text else []
    if missing:
        name = f"{missing[0]}:"
        use = re.search(r"(?<![\w:?$<])" + re.escape(name), text)
        line, column = _position(text, use.start()) if use else (None, None)
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


def _syntax_error(text: str) -> QueryRefused | None:
    """Ask pyoxigraph to parse (not run) the query; a SyntaxError becomes a 400."""
    try:
        # An empty store has no data; the query is only parsed and planned.
        _EMPTY.query(text)
    except SyntaxError as err:
        return syntax_refusal(err, text)
    except (OSError, RuntimeError, ValueError):
        return None
    return None


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword of the query."""
    return _form(_keywords(text))


def _form(words: list[tuple[str, int, str]]) -> str | None:
    for word, _, _ in words:
        if word in _FORMS:
            return word
        if word in _UPDATES:
            return None
    return None


def check_query(text: str, *, parse: bool = True) -> str:
    """Return the query's form, or raise :class:`QueryRefused` (400 or 403).

    With ``parse=False`` the syntax is left to the engine that runs the query
    (pyoxigraph: turn its SyntaxError into a 400 with :func:`syntax_refusal`);
    what could write or reach the network is refused all the same.
    """
    words = _keywords(text)
    first = next(
        (w for w, _, _ in words if w not in ("PREFIX", "BASE", "<IRI>") and not w.endswith(":")), ""
    )
    if first == "LOAD":
        offset = next(o for w, o, _ in words if w == "LOAD")
        line, column = _position(text, offset)
        raise QueryRefused(
            400, "LOAD is not allowed: this endpoint never fetches anything", line, column
        )
    if first in _UPDATES or (first not in _FORMS and _is_update(text)):
        raise QueryRefused(403, "updates are not allowed: the graph is read-only")
    for index, (word, offset, _) in enumerate(words):
        if word == "SERVICE":
            line, column = _position(text, offset)
            raise QueryRefused(
                400,
                "SERVICE is not allowed: this endpoint never makes outgoing requests",
                line,
                column,
            )
        if word == "FROM":
            target = words[index + 1 : index + 3]
            iri = next((value for w, _, value in target if w == "<IRI>"), None)
            if iri is None or not iri.startswith(LOCAL_GRAPH_PREFIX):
                line, column = _position(text, offset)
                shown = f"<{iri}>" if iri else "a prefixed name"
                raise QueryRefused(
                    400,
                    f"FROM {shown} is not allowed: only ijgraph's own graphs "
                    f"({LOCAL_GRAPH_PREFIX}...) can be named, and written as full "
                    "IRIs; nothing is fetched",
                    line,
                    column,
                )
    form = _form(words)
    refused = _syntax_error(text) if parse or form is None else None
    if refused is not None:
        raise refused
    if form is None:
        raise QueryRefused(400, "not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return form


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:
        return False
    return True
