"""SPARQL over the built graph: engines, the example catalog and :func:`query`.

Two engines answer queries, found by name in :data:`ENGINES`:

* ``oxigraph`` (the default): pyoxigraph, fast and light;
* ``rdflib``: rdflib's own SPARQL engine, slower, kept selectable to compare.

Both read ``exports/ijgraph.trig`` and see the same dataset: one named graph per
passage of the article plus ``ijg:lexicon``, ``ijg:background``, ``ijg:sources``
and ``ijg:ontology``, reachable with ``GRAPH ?g { … }``; the default graph is the
union of all of them. A process loads the graph once per engine and reloads it
only when the export file changes (its modification time or size).

Label language
    Example queries pick labels in a language set by one clause,
    ``VALUES ?lang { "en" }``, and use it with an English fallback::

        VALUES ?lang { "en" }
        OPTIONAL { ?x rdfs:label ?xLabel FILTER(langMatches(lang(?xLabel), ?lang)) }
        OPTIONAL { ?x rdfs:label ?xLabel FILTER(langMatches(lang(?xLabel), "en")) }

    The second ``OPTIONAL`` only binds ``?xLabel`` when the first did not. As
    written the query is plain SPARQL that runs anywhere (in English);
    ``lang="ja"`` (``--lang ja``) rewrites the clause to ``VALUES ?lang { "ja" }``.
    A query without the clause is not changed.

Every query is checked by :func:`ijgraph.sparql.guard.check_query` before it runs:
updates, ``SERVICE``, ``LOAD`` and remote ``FROM`` are refused and syntax errors
come back with their line and column, whichever engine is chosen.

>>> r = query("SELECT ?b WHERE { <https://w3id.org/ijgraph/resource/Malabar> "
...           "<https://w3id.org/ijgraph/ontology/serviceBranch> ?b }")
>>> r.kind, [row["b"] for row in r]
('SELECT', ['https://w3id.org/ijgraph/resource/Naval'])
"""

from __future__ import annotations

import difflib
import itertools
import os
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import pyoxigraph as ox

from ijgraph.errors import IjgraphError
from ijgraph.rdf.union import union_ready
from ijgraph.sparql.catalog import RqQuery, parse_query, read_catalog, read_query
from ijgraph.sparql.guard import check_query, syntax_refusal
from ijgraph.sparql.lexer import (
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_QUERY_BYTES,
    has_dataset_clause,
    undeclared_prefixes,
    without_dataset_clauses,
)
from ijgraph.sparql.results import GRAPH_KINDS, QueryResult
from ijgraph.vocab.project import QUERIES_DIR, layout

__all__ = [
    "ENGINES",
    "EXAMPLES_DIR",
    "Engine",
    "GraphNames",
    "OxigraphEngine",
    "RdflibEngine",
    "UnknownExample",
    "dataset",
    "deep_call",
    "example",
    "examples",
    "execute",
    "has_dataset_clause",
    "has_lang_clause",
    "load_engine",
    "query",
    "resolve",
    "undeclared_prefixes",
    "with_lang",
]

EXAMPLES_DIR = QUERIES_DIR / "examples"
T = TypeVar("T")
EXPORT_NAME = "ijgraph.trig"


class UnknownExample(IjgraphError, LookupError):
    """No example query has the given name."""

    def __str__(self) -> str:
        return str(self.args[0])


# --- the dataset -------------------------------------------------------------------

#: The default graphs and the named graphs of a query's dataset (IRIs).
GraphNames = tuple[tuple[str, ...], tuple[str, ...]]


def dataset(
    default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None
) -> GraphNames | None:
    """The dataset that the SPARQL 1.1 Protocol's ``default-graph-uri`` and
    ``named-graph-uri`` describe, or None when neither is given.

    As the protocol says, a request that gives either describes the *whole*
    dataset, and overrides the query's own ``FROM``/``FROM NAMED``: the default
    graph is the merge of the ``default_graphs`` (empty if none is given) and the
    named graphs are exactly the ``named_graphs`` (none if none is given), just as
    a query with ``FROM`` and no ``FROM NAMED`` has no named graphs. Without
    either, the dataset is the query's own ``FROM``/``FROM NAMED``, or ijgraph's:
    the union of all graphs as default graph, and every graph as a named graph.

    >>> dataset(["https://w3id.org/ijgraph/graph/lexicon"], None)
    (('https://w3id.org/ijgraph/graph/lexicon',), ())
    >>> dataset(None, None) is None
    True
    """
    if default_graphs is None and named_graphs is None:
        return None
    return tuple(default_graphs or ()), tuple(named_graphs or ())


# --- engines --------------------------------------------------------------------


class Engine(ABC):
    """A SPARQL engine holding one dataset (default graph = union of all graphs)."""

    name: ClassVar[str]

    @classmethod
    @abstractmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> Engine:
        """An engine over ``quads`` (pyoxigraph quads, as from ``load_quads``)."""

    @classmethod
    def from_file(cls, path: Path) -> Engine:
        """An engine over a TriG file."""
        return cls.from_quads(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))

    @classmethod
    def from_export(cls, path: Path) -> Engine:
        """An engine over the project's export (engines may keep a faster copy of it)."""
        return cls.from_file(path)

    @abstractmethod
    def run(
        self,
        text: str,
        *,
        kind: str | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Evaluate ``text`` (already checked); ``kind`` names a graph result's form.

        ``default_graphs``/``named_graphs`` (IRIs) set the dataset as the SPARQL
        protocol's ``default-graph-uri``/``named-graph-uri`` do (see :func:`dataset`);
        at most ``max_rows`` rows (triples) are read, and the result says if more were left.
        """


class OxigraphEngine(Engine):
    """pyoxigraph's store.

    The default graph is the union of the named graphs, as a set. Either the store
    holds that union as its default graph (``union_view=False``: on-disk stores, and
    graphs where a triple stands in two named graphs), or it holds named graphs only
    and queries read their union (``union_view=True``), which is then the same set.
    """

    name = "oxigraph"

    def __init__(self, store: ox.Store, *, union_view: bool = False) -> None:
        self.store = store
        self.union_view = union_view

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> OxigraphEngine:
        store = ox.Store()
        store.bulk_extend(quads)
        return cls(store, union_view=union_ready(store))

    @classmethod
    def from_file(cls, path: Path) -> OxigraphEngine:
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
        return cls(store, union_view=union_ready(store))

    @classmethod
    def from_export(cls, path: Path) -> OxigraphEngine:
        """The export in memory, or, for a large export or when ``IJGRAPH_STORE`` names
        one, the on-disk store (rebuilt when the export changed, so never stale: see
        :mod:`ijgraph.rdf.store`); the file itself where no store can be written."""
        from ijgraph.rdf.store import ensure_store, wants_store

        store_dir = os.environ.get("IJGRAPH_STORE")
        if store_dir or wants_store(path):
            try:
                return cls(ensure_store(path, store_dir))
            except OSError:
                pass
        return cls.from_file(path)

    def run(
        self,
        text: str,
        *,
        kind: str | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        # The default graph is the union of all graphs (see the class docstring);
        # a protocol dataset overrides it and the query's FROM clauses (see dataset()).
        options: dict[str, Any] = {}
        graphs = dataset(default_graphs, named_graphs)
        if graphs is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in graphs[0]]
            options["named_graphs"] = [ox.NamedNode(g) for g in graphs[1]]
        elif self.union_view and not has_dataset_clause(text):
            options["use_default_graph_as_union"] = True
        raw = self.store.query(text, **options)
        if isinstance(raw, ox.QueryTriples):
            triples = list(itertools.islice(raw, None if max_rows is None else max_rows + 1))
            return QueryResult.from_triples(
                kind or "CONSTRUCT", triples, engine=self.name, max_rows=max_rows
            )
        if isinstance(raw, ox.QueryBoolean):
            return QueryResult(kind="ASK", engine=self.name, boolean=bool(raw))
        return QueryResult.from_solutions(raw, engine=self.name, max_rows=max_rows)


class RdflibEngine(Engine):
    """rdflib's SPARQL engine over a ``Dataset`` with ``default_union=True``."""

    name = "rdflib"

    def __init__(self, dataset: Any) -> None:
        self.dataset = dataset

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> RdflibEngine:
        from ijgraph.rdf.convert import dataset_from_quads

        return cls(dataset_from_quads(quads))

    def _restricted(
        self, default_graphs: Sequence[str] | None, named_graphs: Sequence[str] | None
    ) -> Any:
        """A copy of the dataset holding only the requested default and named graphs."""
        from rdflib import Dataset, URIRef

        out = Dataset()
        source, default = self.dataset, out.default_graph
        defaults, names = dataset(default_graphs, named_graphs) or ((), ())
        for iri in defaults:
            default.addN((*t, default) for t in source.get_context(URIRef(iri)))
        for iri in names:
            target = out.graph(URIRef(iri))
            target.addN((*t, target) for t in source.get_context(URIRef(iri)))
        return out

    def run(
        self,
        text: str,
        *,
        kind: str | None = None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        import rdflib.plugins.sparql

        # FROM <iri> must select a graph of the dataset, never fetch one from the web.
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        data = self.dataset
        if default_graphs is not None or named_graphs is not None:
            data = self._restricted(default_graphs, named_graphs)
            text = without_dataset_clauses(text)  # the protocol's dataset overrides them
        raw = data.query(text)
        if raw.type in GRAPH_KINDS:
            assert raw.graph is not None
            nt = raw.graph.serialize(format="nt", encoding="utf-8")
            triples = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
            return QueryResult.from_triples(
                kind or raw.type, triples, engine=self.name, max_rows=max_rows
            )
        return self._read_back(raw.serialize(format="json"), max_rows)

    def _read_back(self, data: bytes, max_rows: int | None) -> QueryResult:
        """Read back by pyoxigraph, so that both engines give the same bytes for the same
        answer (in a frame of its own: rdflib's parser keeps the caller's frame alive in
        reference cycles, and pyoxigraph's solutions must die in the thread that made them)."""
        solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if isinstance(solutions, ox.QueryBoolean):
            return QueryResult(kind="ASK", engine=self.name, boolean=bool(solutions))
        return QueryResult.from_solutions(solutions, engine=self.name, max_rows=max_rows)


#: SPARQL engines by name; the CLI's ``--engine`` choices come from here.
ENGINES: dict[str, type[Engine]] = {"oxigraph": OxigraphEngine, "rdflib": RdflibEngine}

_LOADED: dict[tuple[str, Path], tuple[tuple[int, int], Engine]] = {}
_LOCK = threading.Lock()


def _engine_class(name: str) -> type[Engine]:
    try:
        return ENGINES[name]
    except KeyError:
        raise ValueError(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}") from None


def load_engine(name: str = "oxigraph", root: Path | str | None = None) -> Engine:
    """The engine ``name`` over the project's ``exports/ijgraph.trig``.

    Loaded once per process and reloaded when the file's modification time or
    size changes. Raises ``FileNotFoundError`` when the graph was never built.
    """
    cls = _engine_class(name)
    path = layout(root).exports / EXPORT_NAME
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise FileNotFoundError(f"{path} does not exist: run `ijgraph build` first") from None
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _LOCK:
        loaded = _LOADED.get((name, path))
        if loaded is None or loaded[0] != stamp:
            loaded = (stamp, cls.from_export(path))
            _LOADED[(name, path)] = loaded
        return loaded[1]


# --- the example catalog -----------------------------------------------------------


@cache
def _catalog(directory: Path) -> dict[str, RqQuery]:
    return read_catalog(directory)


def examples() -> dict[str, RqQuery]:
    """The example queries by name (``01-naval-exercises``), in catalog order."""
    return dict(_catalog(EXAMPLES_DIR))


def example(name: str) -> RqQuery:
    """An example by its full name (``01-naval-exercises``) or its topic (``naval-exercises``)."""
    catalog = examples()
    if name in catalog:
        return catalog[name]
    by_topic = {key.split("-", 1)[-1]: q for key, q in catalog.items()}
    if name in by_topic:
        return by_topic[name]
    close = difflib.get_close_matches(name, [*catalog, *by_topic], n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `ijgraph examples` lists them"
    raise UnknownExample(f"no example query named {name!r}{hint}")


def resolve(text_or_name: str) -> RqQuery:
    """The query meant by ``text_or_name``: SPARQL text, a ``.rq`` file or an example name."""
    stripped = text_or_name.strip()
    single_line = "\n" not in stripped
    if single_line and stripped.endswith(".rq"):
        return read_query(Path(stripped))
    if re.search(r"[\s{]", stripped):
        return parse_query(text_or_name, "query")
    if Path(stripped).is_file():
        return read_query(Path(stripped))
    return example(stripped)


# --- label language -------------------------------------------------------------------

_LANG_CLAUSE = re.compile(r'(VALUES\s+[?$]lang\s*\{\s*)"[^"\n]*"(\s*\})', re.IGNORECASE)
_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


def has_lang_clause(text: str) -> bool:
    """Whether ``text`` picks its label language with ``VALUES ?lang { "…" }``."""
    return _LANG_CLAUSE.search(text) is not None


def with_lang(text: str, lang: str) -> str:
    """``text`` with its ``VALUES ?lang { "…" }`` clause set to ``lang``.

    >>> with_lang('SELECT * WHERE { VALUES ?lang { "en" } }', "ja")
    'SELECT * WHERE { VALUES ?lang { "ja" } }'
    """
    if not _LANG_TAG.fullmatch(lang):
        raise ValueError(f"{lang!r} is not a language tag (like en, ja, hi)")
    return _LANG_CLAUSE.sub(lambda m: f'{m.group(1)}"{lang.lower()}"{m.group(2)}', text)


# --- the execution core ---------------------------------------------------------------

#: Stack of the thread that parses and evaluates a query: pyoxigraph's parser and
#: planner recurse once per level of nesting, and a query within the lexer's limits
#: (100 KB, 100 levels) needs far less than this; the pages are reserved, not used.
STACK_BYTES = 256 * 1024 * 1024
_STACK_LOCK = threading.Lock()


def deep_call(function: Callable[[], T], stack_bytes: int = STACK_BYTES) -> T:
    """``function()`` run in a thread with a ``stack_bytes`` stack, its result or exception.

    A deeply nested query overflows the 8 MB main-thread stack inside Rust, which
    kills the process (SIGSEGV) instead of raising; on this stack the lexer's limits
    keep every query far from the edge.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = function()
        except BaseException as err:
            outcome["error"] = err

    with _STACK_LOCK:  # the stack size is process-wide: set it only for this thread
        previous = threading.stack_size(stack_bytes)
        try:
            thread = threading.Thread(target=target, name="ijgraph-query", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value


def execute(
    runner: Engine,
    text: str,
    *,
    kind: str | None = None,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    max_rows: int | None = None,
    max_bytes: int = DEFAULT_MAX_QUERY_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> QueryResult:
    """Check and run ``text`` on ``runner``: the one execution core.

    Used by :func:`query` (the library and the CLI) and by the endpoint's worker
    processes, so both apply the same checks (:func:`ijgraph.sparql.guard.check_query`)
    and the same dataset rules (:func:`dataset`). ``kind`` is the query's form when
    the caller checked it already. Raises
    :class:`~ijgraph.sparql.guard.QueryRefused`, syntax errors included (with
    their line and column). Call it on a deep stack (:func:`deep_call`).
    """
    form = kind or check_query(text, max_bytes=max_bytes, max_depth=max_depth)
    native = isinstance(runner, OxigraphEngine)
    if not native:  # pyoxigraph reports syntax errors with their position; rdflib does not
        try:
            ox.Store().query(text)
        except SyntaxError as err:
            raise syntax_refusal(err, text) from None
        except (OSError, RuntimeError, ValueError):
            pass
    try:
        return runner.run(
            text,
            kind=form,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            max_rows=max_rows,
        )
    except SyntaxError as err:
        raise syntax_refusal(err, text) from None


# --- the public entry point ----------------------------------------------------------


def query(
    text_or_name: str,
    *,
    engine: str | Engine = "oxigraph",
    root: Path | str | None = None,
    lang: str | None = None,
    quads: Iterable[ox.Quad] | None = None,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
) -> QueryResult:
    """Run a SPARQL query on the graph and return its :class:`~ijgraph.sparql.results.QueryResult`.

    ``text_or_name`` is SPARQL text, a path to a ``.rq`` file or the name of an
    example (see :func:`examples`). ``engine`` is a name from :data:`ENGINES` or
    an :class:`Engine` already loaded. The data is the project's built graph
    (``root`` or the project found from the current directory), or ``quads``
    when given. ``lang`` sets the label language of queries that have a
    ``VALUES ?lang`` clause. ``default_graphs``/``named_graphs`` give the dataset
    as the SPARQL protocol's ``default-graph-uri``/``named-graph-uri`` do (see
    :func:`dataset`: giving either describes the whole dataset).

    Raises :class:`ijgraph.sparql.guard.QueryRefused` for queries that are malformed,
    too large or deep, updates, or would reach outside the graph;
    :class:`UnknownExample` for an unknown example name.
    """
    text = resolve(text_or_name).text
    if lang:
        text = with_lang(text, lang)
    kind = check_query(text)  # before loading anything: a refusal is immediate
    if isinstance(engine, Engine):
        runner = engine
    elif quads is not None:
        runner = _engine_class(engine).from_quads(quads)
    else:
        runner = load_engine(engine, root)
    return deep_call(
        lambda: execute(
            runner, text, kind=kind, default_graphs=default_graphs, named_graphs=named_graphs
        )
    )
