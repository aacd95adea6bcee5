"""Property-based tests (hypothesis) over SPARQL text: the lexer, the guard and the
execution core never raise anything but a refusal, and never crash the process.

Bounded (``max_examples``, no deadline) so that the whole file takes a few seconds.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ijgraph.compiler.pipeline import Build
from ijgraph.sparql.core import Engine, OxigraphEngine, deep_call, execute
from ijgraph.sparql.guard import check_query
from ijgraph.sparql.lexer import (
    _TOKEN,
    FORMS,
    QueryRefused,
    check_limits,
    query_form,
    undeclared_prefixes,
)

PIECES = [
    *FORMS,
    *"{}()[]!^/|*+.;,<>=#\\'\"\n?$:",
    "WHERE",
    "FILTER",
    "OPTIONAL",
    "UNION",
    "MINUS",
    "GRAPH",
    "SERVICE",
    "FROM",
    "NAMED",
    "PREFIX",
    "BASE",
    "VALUES",
    "BIND",
    "AS",
    "CONCAT",
    "COUNT",
    "DISTINCT",
    "LIMIT",
    "INSERT",
    "DELETE",
    "DATA",
    "LOAD",
    "a",
    "true",
    "1",
    "2.5e3",
    "?s",
    "?p",
    "?o",
    "$x",
    "<urn:a>",
    "<https://w3id.org/ijgraph/graph/lexicon>",
    "ex:",
    "ex:a",
    "rdfs:label",
    '"x"',
    "'y'",
    "'''",
    '"""',
    '"日本"@ja',
    "^^",
    "&&",
    "||",
    "# c\n",
    "\x00",
]
SOUP = st.lists(st.sampled_from(PIECES) | st.text(max_size=4), max_size=60).map(" ".join)
FUZZ = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


def nested(depth: int, opener: str, closer: str, core: str) -> str:
    return opener * depth + core + closer * depth


@FUZZ
@given(st.text(max_size=300) | SOUP)
def test_the_lexer_covers_every_character(text: str) -> None:
    assert "".join(m.group() for m in _TOKEN.finditer(text)) == text
    query_form(text)
    undeclared_prefixes(text)


@FUZZ
@given(st.text(max_size=300) | SOUP)
def test_the_guard_returns_a_form_or_refuses(text: str) -> None:
    try:
        assert check_query(text) in FORMS
    except QueryRefused as refused:
        assert refused.status in (400, 403, 413)
        assert refused.message


@FUZZ
@given(st.integers(0, 400), st.sampled_from(["{}", "()", "[]", "!", "^"]))
def test_nesting_is_bounded_before_parsing(depth: int, brackets: str) -> None:
    opener, closer = brackets[0], brackets[1:]
    text = "ASK " + nested(depth, opener, closer, " ?s ")
    try:
        check_limits(text, max_depth=100)
    except QueryRefused as refused:
        assert depth > 100 - 1 and refused.status == 400
    else:
        assert depth <= 100


@pytest.fixture(scope="module")
def engine(built: Build) -> Iterator[Engine]:
    yield OxigraphEngine.from_quads(built.quads[:2000])


@FUZZ
@given(
    SOUP
    | st.builds(
        lambda d, core: "SELECT * WHERE " + nested(d, "{", "}", core),
        st.integers(0, 150),
        st.sampled_from([" ?s ?p ?o ", " OPTIONAL { ?s ?p ?o } ", ""]),
    )
    | st.builds(
        lambda d: "ASK { FILTER(" + "!" * d + nested(d, "(", ")", "true") + ") }",
        st.integers(0, 120),
    )
)
def test_the_core_answers_or_refuses(engine: Engine, text: str) -> None:
    try:
        result = deep_call(lambda: execute(engine, text))
    except QueryRefused as refused:
        assert refused.status in (400, 403, 413)
    else:
        assert result.kind in FORMS
