"""The one SPARQL lexer: tokens, positions, and the cheap checks made before any parser runs.

Every piece of ijgraph that looks inside SPARQL text without parsing it uses
this module: the guard (risky keywords), the execution core (does the query
name its own dataset?), error messages (undeclared prefixes, line and column),
the remote client (which prefixes to declare) and the endpoint's workers (the
query's form, to pick the negotiated format; its size and nesting, bounded
*before* a parser sees it, because pyoxigraph's recursive parser overflows its
stack on a query nested a few thousand levels deep and takes the process down).

The lexer is a single regular expression that never backtracks across tokens,
so it runs in time linear in the text: safe to run on untrusted input in the
server process.

>>> [t.text for t in tokens('SELECT ?x { ?x <a:b> "}" } # }')]
['SELECT', '?x', '{', '?x', '<a:b>', '"}"', '}']
>>> query_form("PREFIX ij: <x:> ASK { ?s ?p ?o }")
'ASK'
>>> try:
...     check_limits("SELECT * " + "{" * 200 + "}" * 200, max_depth=100)
... except LimitExceeded as err:
...     print(err.status, err)
400 line 1, column 110: the query is nested more than 100 levels deep
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from ijgraph.errors import IjgraphError

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_QUERY_BYTES",
    "FORMS",
    "UPDATES",
    "LimitExceeded",
    "QueryRefused",
    "Token",
    "check_limits",
    "has_dataset_clause",
    "keywords",
    "position",
    "query_form",
    "tokens",
    "undeclared_prefixes",
    "without_dataset_clauses",
]

#: Bytes of query text accepted (UTF-8); longer queries are refused (HTTP 413).
DEFAULT_MAX_QUERY_BYTES = 100_000
#: Brackets (``{``, ``(``, ``[``) and prefix operators (``!``, ``^``) nested at most this deep.
DEFAULT_MAX_DEPTH = 100

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\n]*)
    | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<var>[?$]\w+)
    | (?P<name>(?:[A-Za-z_][\w.-]{0,127}+)?:(?:[\w%-]|\.(?=[\w%-])|\\.)*|[A-Za-z_][\w-]*)
    | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
    | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)
_OPEN, _CLOSE, _PREFIX_OPS = "{([", "})]", ("!", "^", "^^")


class Token(NamedTuple):
    """One token: its kind (``string``, ``iri``, ``var``, ``name``, ``number``, ``punct``),
    text and offset in the query (a tuple: the endpoint's workers lex every query)."""

    kind: str
    text: str
    offset: int


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


class LimitExceeded(QueryRefused):
    """A query too large or too deeply nested to be given to a parser."""


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of ``text`` (no white space, no comments)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind != "space" and kind != "comment":
            yield Token(kind or "punct", match.group(), match.start())


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def keywords(text: str) -> list[Token]:
    """Bare words (upper-cased) and IRIs (without ``<>``), in order: what the guard
    looks at."""
    out = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "name":
            word = match.group()
            if ":" not in word:
                out.append(Token("name", word.upper(), match.start()))
        elif kind == "iri":
            out.append(Token("iri", match.group()[1:-1], match.start()))
    return out


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword (None for an update)."""
    for token in keywords(text):
        if token.text in FORMS:
            return token.text
        if token.text in UPDATES:
            return None
    return None


def has_dataset_clause(text: str) -> bool:
    """Whether the query names its own dataset with ``FROM`` or ``FROM NAMED``.

    >>> has_dataset_clause('SELECT * FROM <https://w3id.org/ijgraph/graph/lexicon> { ?s ?p ?o }')
    True
    >>> has_dataset_clause('SELECT * { ?s ?p "FROM" } # FROM nowhere')
    False
    """
    return any(t.kind == "name" and t.text == "FROM" for t in keywords(text))


def without_dataset_clauses(text: str) -> str:
    """``text`` with its ``FROM``/``FROM NAMED`` clauses blanked out (same offsets), for
    engines that would let them override a dataset given by the protocol.

    >>> without_dataset_clauses("SELECT * FROM <a:g> FROM NAMED <a:h> WHERE { ?s ?p ?o }")
    'SELECT *                             WHERE { ?s ?p ?o }'
    """
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for token in tokens(text):
        word = token.text.upper() if token.kind == "name" else ""
        if word == "FROM":
            start = token.offset
        elif start is not None and token.kind == "iri":
            spans.append((start, token.offset + len(token.text)))
            start = None
        elif word != "NAMED":
            start = None
    for begin, end in reversed(spans):
        text = text[:begin] + " " * (end - begin) + text[end:]
    return text


def undeclared_prefixes(text: str) -> list[str]:
    """Prefixes the query uses without a ``PREFIX`` declaration, in order of use.

    >>> undeclared_prefixes('PREFIX ij: <x:> SELECT * { ?s ij:p ijr:Malabar ; rdfs:label "a:b" }')
    ['ijr', 'rdfs']
    """
    declared: set[str] = set()
    used: list[str] = []
    previous = ""
    for token in tokens(text):
        if token.kind == "name" and ":" in token.text:
            prefix = token.text.split(":", 1)[0]
            if previous == "PREFIX":
                declared.add(prefix)
            else:
                used.append(prefix)
        previous = token.text.upper() if token.kind == "name" else ""
    return list(dict.fromkeys(p for p in used if p not in declared))


def check_limits(
    text: str,
    *,
    max_bytes: int = DEFAULT_MAX_QUERY_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> None:
    """Refuse (:class:`LimitExceeded`) a query that is empty, too long or nested too deep.

    Runs before any parser, in time linear in the text: 413 for a query over
    ``max_bytes`` bytes, 400 for brackets or ``!``/``^`` prefix operators
    nested more than ``max_depth`` levels, or for a query with no tokens.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise LimitExceeded(
            413, f"the query is {size} bytes long; at most {max_bytes} bytes are accepted"
        )
    depth = run = 0
    significant = False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "space" or kind == "comment":
            continue
        significant = True
        if kind == "iri":  # `?a<((1))>0` is an IRI here but nesting to a parser
            iri = match.group()
            hidden = iri.count("(") + iri.count("[") + iri.count("!")
            if depth + hidden > max_depth:
                line, column = position(text, match.start())
                raise LimitExceeded(
                    400, f"the query is nested more than {max_depth} levels deep", line, column
                )
        if kind != "punct":
            run = 0
            continue
        char = match.group()
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        run = run + len(char) if char in _PREFIX_OPS else 0  # `^^` is two inverses to a parser
        if depth + run > max_depth:
            line, column = position(text, match.start())
            raise LimitExceeded(
                400, f"the query is nested more than {max_depth} levels deep", line, column
            )
    if not significant:
        raise LimitExceeded(400, "the query is empty")
