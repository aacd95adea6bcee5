"""External SPARQL servers: push the graph (Graph Store Protocol) and query them.

:func:`push` uploads every named graph, provenance graphs included, with the
SPARQL 1.1 Graph Store HTTP Protocol: the first chunk of a graph is a ``PUT``
(replacing what the server held under that name, so pushing twice is harmless),
the following chunks ``POST`` (append), each an N-Triples body of at most
``chunk_size`` triples, so large graphs never need one huge request. Graphs go up
in parallel over a few keep-alive connections.

:func:`run_remote` runs one query with the SPARQL 1.1 Protocol (``POST``,
``application/sparql-query``) and returns typed rows (pyoxigraph terms, so they
compare equal to a local pyoxigraph answer). Some servers cut answers short and
say so only in headers: Virtuoso sends ``X-SPARQL-MaxRows`` when it returned
only its row limit, and ``X-SQL-State: S1TAT`` when an "anytime query" timed
out with partial results. Those answers raise :class:`TruncatedResult` instead of
passing as complete (or, with ``allow_partial=True``, come back marked).

Endpoints differ per server: the Graph Store endpoint of ``oxigraph serve`` is
``http://host:7878/store`` and its query endpoint ``http://host:7878/query``
(Fuseki: ``/ds/data`` and ``/ds/query``; GraphDB:
``/repositories/ID/rdf-graphs/service`` and ``/repositories/ID``; Virtuoso:
``/sparql-graph-crud-auth`` and ``/sparql``). Queries assume the server's
default graph is the union of the named graphs (``oxigraph serve
--union-default-graph``); for servers without that option push with
``union_default=True``, which also uploads every triple to the default graph.

>>> parse_auth("alice:s3cr:t")
('alice', 's3cr:t')
>>> "PREFIX ijr:" in with_prefixes("SELECT * { ijr:India ?p ?o }")
True
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import pyoxigraph as ox

from ijgraph.sparql.lexer import undeclared_prefixes
from ijgraph.vocab.prefixes import PREFIXES

__all__ = [
    "PushReport",
    "RemoteError",
    "RemoteResult",
    "TruncatedResult",
    "graph_batches",
    "parse_auth",
    "push",
    "run_remote",
    "truncation",
    "with_prefixes",
]

Term = ox.NamedNode | ox.Literal | ox.BlankNode
Row = dict[str, Term]
_DEFAULT = ox.DefaultGraph()
_RESULTS_JSON = "application/sparql-results+json"
_ACCEPT = f"{_RESULTS_JSON}, application/n-triples;q=0.9, text/turtle;q=0.8"


class RemoteError(Exception):
    """The server could not be reached or refused a request (message says which and why)."""


class TruncatedResult(RemoteError):
    """The server signalled that its answer is incomplete (row limit or timeout)."""

    def __init__(self, message: str, result: RemoteResult) -> None:
        super().__init__(message)
        self.result = result


@dataclass
class RemoteResult:
    """A remote answer: rows of a SELECT, the boolean of an ASK or the triples of a CONSTRUCT."""

    variables: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: str | None = None  # why the server's answer is incomplete, if it said so
    raw: bytes = field(default=b"", repr=False)  # the SPARQL JSON of a SELECT or ASK

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class PushReport:
    """What :func:`push` sent."""

    graphs: int = 0
    triples: int = 0
    requests: int = 0


def parse_auth(text: str | None) -> tuple[str, str] | None:
    """``user:password`` as a pair (the password may contain colons); ValueError if malformed."""
    if text is None:
        return None
    user, sep, password = text.partition(":")
    if not sep or not user:
        raise ValueError("--auth must be USER:PASSWORD")
    return user, password


def with_prefixes(query: str) -> str:
    """``query`` with a PREFIX line for each project prefix it uses but does not declare."""
    missing = undeclared_prefixes(query)  # the one SPARQL lexer: strings and IRIs skipped
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing if p in PREFIXES)
    return head + query


# --- push ---------------------------------------------------------------------------


def graph_batches(
    quads: Iterable[ox.Quad], chunk_size: int, *, union_default: bool = False
) -> dict[ox.NamedNode | ox.DefaultGraph, list[list[ox.Triple]]]:
    """The triples of each graph in chunks of at most ``chunk_size`` (graph order kept)."""
    if chunk_size < 1:
        raise ValueError("chunk size must be at least 1")
    by_graph: dict[Any, list[ox.Triple]] = {}
    union: dict[ox.Triple, None] = {}
    for q in quads:
        triple = ox.Triple(q.subject, q.predicate, q.object)
        by_graph.setdefault(q.graph_name, []).append(triple)
        if union_default:
            union[triple] = None
    if union_default:
        existing = set(by_graph.get(_DEFAULT, []))
        by_graph.setdefault(_DEFAULT, []).extend(t for t in union if t not in existing)
    return {
        g: [ts[i : i + chunk_size] for i in range(0, len(ts), chunk_size)]
        for g, ts in by_graph.items()
    }


def _graph_params(graph: ox.NamedNode | ox.DefaultGraph) -> dict[str, str]:
    return {"default": ""} if isinstance(graph, ox.DefaultGraph) else {"graph": graph.value}


def _check(response: httpx.Response, what: str) -> None:
    if response.status_code >= 400:
        body = response.text.strip().replace("\n", " ")[:300]
        raise RemoteError(f"{what}: HTTP {response.status_code} {response.reason_phrase}: {body}")


def _send_graph(
    client: httpx.Client, endpoint: str, graph: Any, chunks: list[list[ox.Triple]]
) -> int:
    for i, chunk in enumerate(chunks):
        method = "PUT" if i == 0 else "POST"
        body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES)
        response = client.request(
            method,
            endpoint,
            params=_graph_params(graph),
            content=body,
            headers={"Content-Type": "application/n-triples"},
        )
        _check(response, f"{method} {response.request.url}")
    return len(chunks)


def push(
    endpoint: str,
    quads: Iterable[ox.Quad],
    *,
    graphs: Sequence[str] | None = None,
    auth: tuple[str, str] | None = None,
    chunk_size: int = 50_000,
    jobs: int = 4,
    union_default: bool = False,
    timeout: float = 120.0,
    on_graph: Callable[[int], None] | None = None,
) -> PushReport:
    """Upload ``quads`` to the Graph Store endpoint ``endpoint``, one named graph at a time.

    ``graphs``: only these graph IRIs (ValueError naming any the data lacks).
    ``on_graph(triples)`` is called after each graph is stored (for progress bars).
    Raises :class:`RemoteError` on the first failed request.
    """
    batches = graph_batches(quads, chunk_size, union_default=union_default)
    if graphs:
        wanted = [ox.NamedNode(g) for g in graphs]
        missing = [g.value for g in wanted if g not in batches]
        if missing:
            raise ValueError(f"no such graph in the data: {', '.join(missing)}")
        batches = {g: batches[g] for g in wanted}
    report = PushReport(
        graphs=len(batches), triples=sum(len(c) for cs in batches.values() for c in cs)
    )
    limits = httpx.Limits(max_connections=jobs, max_keepalive_connections=jobs)
    try:
        with (
            httpx.Client(auth=auth, timeout=timeout, limits=limits) as client,
            ThreadPoolExecutor(max_workers=jobs) as pool,
        ):
            futures = {
                pool.submit(_send_graph, client, endpoint, g, cs): cs for g, cs in batches.items()
            }
            for future, chunks in futures.items():
                report.requests += future.result()
                if on_graph:
                    on_graph(sum(len(c) for c in chunks))
    except httpx.HTTPError as err:
        raise RemoteError(f"cannot push to {endpoint}: {err}") from err
    return report


# --- query --------------------------------------------------------------------------


def truncation(headers: httpx.Headers, rows: int) -> str | None:
    """Why the answer is incomplete, from the server's headers, or None.

    >>> truncation(httpx.Headers({"X-SPARQL-MaxRows": "10000"}), 10000)
    'the server returned only its row limit (X-SPARQL-MaxRows: 10000)'
    >>> truncation(httpx.Headers({"X-SPARQL-MaxRows": "10000"}), 12) is None
    True
    """
    state = headers.get("x-sql-state", "").strip().upper()
    if state == "S1TAT":
        message = headers.get("x-sql-message", "anytime query timeout")
        return f"the server timed out and returned partial results (X-SQL-State: S1TAT, {message})"
    max_rows = headers.get("x-sparql-maxrows", "").strip()
    if max_rows.isdigit() and rows >= int(max_rows):
        return f"the server returned only its row limit (X-SPARQL-MaxRows: {max_rows})"
    return None


def _term(binding: dict[str, str]) -> Term:
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind in ("literal", "typed-literal"):
        if binding.get("xml:lang"):
            return ox.Literal(value, language=binding["xml:lang"])
        if binding.get("datatype"):
            return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
        return ox.Literal(value)
    raise RemoteError(f"unknown term type in SPARQL JSON results: {kind!r}")


def _parse(response: httpx.Response) -> RemoteResult:
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if media in (_RESULTS_JSON, "application/json"):
        try:
            data = json.loads(response.content)
            if "boolean" in data:
                return RemoteResult(boolean=bool(data["boolean"]), raw=response.content)
            bindings = data["results"]["bindings"]
            variables = list(data.get("head", {}).get("vars", []))
        except (ValueError, KeyError, TypeError) as err:
            raise RemoteError(f"malformed SPARQL JSON results: {err}") from err
        rows = [{k: _term(v) for k, v in b.items()} for b in bindings]
        return RemoteResult(variables=variables, rows=rows, raw=response.content)
    rdf_format = ox.RdfFormat.from_media_type(media)
    if rdf_format is None:
        raise RemoteError(f"unexpected Content-Type {media!r} in the answer")
    return RemoteResult(triples=[q.triple for q in ox.parse(response.content, format=rdf_format)])


def run_remote(
    endpoint: str,
    query_text: str,
    *,
    auth: tuple[str, str] | None = None,
    timeout: float = 60.0,
    allow_partial: bool = False,
) -> RemoteResult:
    """Run ``query_text`` (project prefixes added as needed) at the SPARQL endpoint ``endpoint``.

    Raises :class:`RemoteError` when the server cannot be reached or answers with
    an error, and :class:`TruncatedResult` when it signals an incomplete answer
    (unless ``allow_partial``: then the result's ``truncated`` says why).
    """
    try:
        response = httpx.post(
            endpoint,
            content=with_prefixes(query_text).encode("utf-8"),
            auth=auth,
            timeout=timeout,
            headers={"Content-Type": "application/sparql-query", "Accept": _ACCEPT},
        )
    except httpx.TimeoutException as err:
        raise RemoteError(f"{endpoint} did not answer within {timeout:g} s") from err
    except httpx.HTTPError as err:
        raise RemoteError(f"cannot query {endpoint}: {err}") from err
    _check(response, f"query at {endpoint}")
    result = _parse(response)
    result.truncated = truncation(response.headers, len(result.rows) or len(result.triples))
    if result.truncated and not allow_partial:
        raise TruncatedResult(f"incomplete answer from {endpoint}: {result.truncated}", result)
    return result
