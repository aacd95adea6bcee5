"""Query results: rows of plain Python values, and a registry of output formats.

A :class:`QueryResult` holds the answer of one query, whatever engine computed
it. Solutions (``SELECT``/``ASK``) are kept as SPARQL 1.1 Results JSON written
by the engine's own serializer; graphs (``CONSTRUCT``/``DESCRIBE``) as
pyoxigraph triples. Every output format is then written by pyoxigraph's
serializers (:data:`FORMATS`), so both engines give the same bytes for the same
answer; only ``table``, a readable aligned text table, is ours.

>>> import pyoxigraph as ox
>>> r = QueryResult.from_json(
...     b'{"head":{"vars":["x","n"]},"results":{"bindings":['
...     b'{"x":{"type":"uri","value":"https://w3id.org/ijgraph/resource/Malabar"},'
...     b'"n":{"type":"literal","value":"2","datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}',
...     engine="oxigraph")
>>> r.kind, r.vars, list(r)
('SELECT', ('x', 'n'), [{'x': 'https://w3id.org/ijgraph/resource/Malabar', 'n': 2}])
>>> print(r.serialize("table").decode(), end="")
x            n
───────────  ─
ijr:Malabar  2
(1 row)
"""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from ijgraph.errors import IjgraphError
from ijgraph.vocab.formats import family
from ijgraph.vocab.prefixes import compact as compact_iri

__all__ = [
    "FORMATS",
    "GRAPH_KINDS",
    "SOLUTION_KINDS",
    "FormatError",
    "QueryResult",
    "ResultFormat",
    "Term",
    "compact",
    "term_json",
    "to_python",
]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
SOLUTION_KINDS = frozenset({"SELECT", "ASK"})
GRAPH_KINDS = frozenset({"CONSTRUCT", "DESCRIBE"})
_TRIPLE_VARS = ("subject", "predicate", "object")
_XSD = "http://www.w3.org/2001/XMLSchema#"


class FormatError(IjgraphError, ValueError):
    """An unknown output format, or one that does not fit the query form."""


# --- Python values -------------------------------------------------------------


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _boolean(text: str) -> bool:
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValueError(text)


_INTEGERS = [
    "integer",
    "positiveInteger",
    "nonNegativeInteger",
    "negativeInteger",
    "nonPositiveInteger",
    "long",
    "int",
    "short",
    "byte",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
]

#: How a literal of each datatype becomes a Python value; other datatypes stay strings.
PYTHON_VALUES: dict[str, Callable[[str], Any]] = {
    **{_XSD + name: int for name in _INTEGERS},
    _XSD + "decimal": Decimal,
    _XSD + "double": float,
    _XSD + "float": float,
    _XSD + "boolean": _boolean,
    _XSD + "date": date.fromisoformat,
    _XSD + "dateTime": datetime.fromisoformat,
    _XSD + "gYear": int,
}


def to_python(term: Term | None) -> Any:
    """A plain Python value for an RDF term: IRIs and strings as ``str``, numbers,
    booleans and dates as such, ``None`` for an unbound variable.

    >>> to_python(ox.Literal("21960000000", datatype=ox.NamedNode(_XSD + "decimal")))
    Decimal('21960000000')
    >>> to_python(ox.Literal("0752", datatype=ox.NamedNode(_XSD + "gYear")))
    752
    >>> to_python(ox.Literal("日本", language="ja")), to_python(ox.NamedNode("https://x.org/a"))
    ('日本', 'https://x.org/a')
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        convert = PYTHON_VALUES.get(term.datatype.value)
        if convert is None:
            return term.value
        try:
            return convert(term.value)
        except (ValueError, InvalidOperation):
            return term.value  # an ill-typed literal keeps its lexical form
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def compact(term: Term | None, prefixes: dict[str, str]) -> str:
    """A short readable form of a term for tables: ``ijr:Malabar``, a literal's text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value, prefixes, brackets=True)
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())  # one line per row
    return str(term)


def _triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


# --- the result ---------------------------------------------------------------


@dataclass
class QueryResult:
    """The answer to one query.

    Iterating gives one ``dict`` per row, mapping every variable to a Python
    value (``None`` when unbound); a ``CONSTRUCT``/``DESCRIBE`` result gives one
    row per triple with the variables ``subject``, ``predicate``, ``object``.
    """

    kind: str
    engine: str
    vars: tuple[str, ...] = ()
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False  # rows were left out (over the ``max_rows`` asked for)
    _json: bytes = b""
    _terms: list[tuple[Term | None, ...]] | None = field(default=None, repr=False)

    @classmethod
    def from_json(cls, data: bytes, *, engine: str) -> QueryResult:
        """A ``SELECT``/``ASK`` result from SPARQL 1.1 Results JSON."""
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return cls(kind="ASK", engine=engine, boolean=bool(parsed))
        return cls.from_solutions(parsed, engine=engine)

    @classmethod
    def from_solutions(
        cls, solutions: ox.QuerySolutions, *, engine: str, max_rows: int | None = None
    ) -> QueryResult:
        """A ``SELECT`` result straight from pyoxigraph's solutions (no serialization);
        with ``max_rows``, only that many are read and :attr:`truncated` tells if more
        were left."""
        names = tuple(v.value for v in solutions.variables)
        limit = None if max_rows is None else max_rows + 1
        terms = [tuple(s) for s in itertools.islice(solutions, limit)]  # in variable order
        truncated = max_rows is not None and len(terms) > max_rows
        if truncated:
            del terms[max_rows:]
        return cls(kind="SELECT", engine=engine, vars=names, _terms=terms, truncated=truncated)

    @classmethod
    def from_triples(
        cls, kind: str, triples: list[ox.Triple], *, engine: str, max_rows: int | None = None
    ) -> QueryResult:
        """A ``CONSTRUCT``/``DESCRIBE`` result, its triples in a stable order (the first
        ``max_rows`` read, when given)."""
        truncated = max_rows is not None and len(triples) > max_rows
        unique = sorted(set(triples[:max_rows] if truncated else triples), key=_triple_key)
        return cls(kind=kind, engine=engine, vars=_TRIPLE_VARS, triples=unique, truncated=truncated)

    def terms(self) -> list[tuple[Term | None, ...]]:
        """The rows as RDF terms (pyoxigraph), in the order of :attr:`vars`."""
        if self.kind in GRAPH_KINDS:
            return [(t.subject, t.predicate, t.object) for t in self.triples]
        return list(self._terms or [])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for row in self.terms():
            yield {name: to_python(term) for name, term in zip(self.vars, row, strict=True)}

    def __len__(self) -> int:
        if self.kind == "ASK":
            return 0
        return len(self.triples) if self.kind in GRAPH_KINDS else len(self._terms or [])

    def __bool__(self) -> bool:
        """An ASK result is its boolean; other results are true when not empty."""
        return bool(self.boolean) if self.kind == "ASK" else len(self) > 0

    @property
    def rows(self) -> list[dict[str, Any]]:
        return list(self)

    def solutions_json(self) -> bytes:
        """The SPARQL 1.1 Results JSON of a ``SELECT``/``ASK`` result (made once, on demand).

        The other result formats are pyoxigraph's serializations of this document.
        """
        if not self._json:
            if self.kind == "ASK":
                document: dict[str, Any] = {"head": {}, "boolean": bool(self.boolean)}
            else:
                bindings = [
                    {
                        name: term_json(term)
                        for name, term in zip(self.vars, row, strict=True)
                        if term is not None
                    }
                    for row in self._terms or []
                ]
                document = {"head": {"vars": list(self.vars)}, "results": {"bindings": bindings}}
            self._json = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        return self._json

    def write(self, oxigraph_format: str) -> bytes:
        """The result in a pyoxigraph format named by its member name (``JSON``,
        ``TURTLE``...), as the HTTP endpoint negotiates them: the same writers as
        :meth:`serialize`."""
        if self.kind in GRAPH_KINDS:
            rdf = getattr(ox.RdfFormat, oxigraph_format)
            return _graph(rdf, prefixed=rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG))(self)
        return _solutions(getattr(ox.QueryResultsFormat, oxigraph_format))(self)

    def serialize(self, fmt: str = "table") -> bytes:
        """The result in the format named ``fmt`` (a key of :data:`FORMATS`)."""
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise FormatError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
        spec = FORMATS[fmt]
        if self.kind not in spec.kinds:
            fits = ", ".join(name for name, f in FORMATS.items() if self.kind in f.kinds)
            raise FormatError(f"format {fmt!r} does not fit a {self.kind} result: use {fits}")
        return spec.write(self)


# --- formats ------------------------------------------------------------------


@dataclass(frozen=True)
class ResultFormat:
    """An output format: its media type, the query forms it fits, and its writer."""

    name: str
    media_type: str
    extension: str
    kinds: frozenset[str]
    write: Callable[[QueryResult], bytes]


def term_json(term: Term) -> dict[str, Any]:
    """One RDF term in SPARQL 1.1 Query Results JSON."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def _prefixes() -> dict[str, str]:
    from ijgraph.vocab.prefixes import PREFIXES

    return PREFIXES


def _solutions(fmt: ox.QueryResultsFormat) -> Callable[[QueryResult], bytes]:
    def write(result: QueryResult) -> bytes:
        if fmt == ox.QueryResultsFormat.JSON:
            return result.solutions_json()
        parsed = ox.parse_query_results(result.solutions_json(), format=ox.QueryResultsFormat.JSON)
        data = parsed.serialize(format=fmt)
        assert data is not None
        return data

    return write


def _graph(fmt: ox.RdfFormat, *, prefixed: bool) -> Callable[[QueryResult], bytes]:
    def write(result: QueryResult) -> bytes:
        prefixes = _prefixes() if prefixed else None
        data = ox.serialize(result.triples, format=fmt, prefixes=prefixes)
        return data or b""

    return write


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _table(result: QueryResult) -> bytes:
    if result.kind == "ASK":
        return b"true\n" if result.boolean else b"false\n"
    prefixes = _prefixes()
    cells = [[compact(term, prefixes) for term in row] for row in result.terms()]
    widths = [
        max([_width(v), *(_width(row[i]) for row in cells)]) for i, v in enumerate(result.vars)
    ]
    lines = ["  ".join(_pad(v, w) for v, w in zip(result.vars, widths, strict=True))]
    lines.append("  ".join("─" * w for w in widths))
    lines += ["  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)) for row in cells]
    lines.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
    return ("\n".join(line.rstrip() for line in lines) + "\n").encode()


def _registry() -> dict[str, ResultFormat]:
    """The CLI's formats: a table for people, then the one format registry's formats."""
    everything = SOLUTION_KINDS | GRAPH_KINDS
    formats = {"table": ResultFormat("table", "text/plain", "txt", everything, _table)}
    for name, f in family("solutions").items():
        write = _solutions(getattr(ox.QueryResultsFormat, f.oxigraph))
        formats[name] = ResultFormat(name, f.media_type, f.extension, SOLUTION_KINDS, write)
    for name, f in family("triples").items():
        rdf = getattr(ox.RdfFormat, f.oxigraph)
        write = _graph(rdf, prefixed=rdf == ox.RdfFormat.TURTLE)
        formats[name] = ResultFormat(name, f.media_type, f.extension, GRAPH_KINDS, write)
    return formats


#: Output formats by name; the CLI's ``--format`` choices come from here.
FORMATS: dict[str, ResultFormat] = _registry()
