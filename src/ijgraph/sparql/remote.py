"""External SPARQL servers: push the graph (Graph Store Protocol) and query them.

:func:`push` uploads every named graph, provenance graphs included, with the
SPARQL 1.1 Graph Store HTTP Protocol: the first chunk of a graph is a ``PUT``
(replacing what the server held under that name, so pushing twice is harmless),
the following chunks ``POST`` (append), each an N-Triples body of at most
``chunk_size`` triples, so large graphs never need one huge request (Virtuoso
refuses very large bodies). Graphs go up in parallel over a few keep-alive
connections; the first failure stops the push, and the error says what was sent
and what was not (:class:`PushError`).

:func:`run_remote` runs one query with the SPARQL 1.1 Protocol (``POST``
form-encoded, which every server accepts: Virtuoso 7 never answers a direct
``application/sparql-query`` body) and returns typed rows (pyoxigraph terms, so they
compare equal to a local pyoxigraph answer). Some servers cut answers short and
say so only in headers: Virtuoso sends ``X-SPARQL-MaxRows`` when it returned
only its row limit, and ``X-SQL-State: S1TAT`` when an "anytime query" timed
out with partial results. Those answers raise :class:`TruncatedResult` instead of
passing as complete (or, with ``allow_partial=True``, come back marked).

Every call has a total deadline (``timeout``): a server that drips its answer a
byte at a time cannot hold the client past it. Redirects are not followed (a
query or an upload must not silently go elsewhere, credentials included): they
are reported with their target. Malformed answers (SPARQL JSON that is not
valid, RDF that does not parse) raise :class:`RemoteError` naming the problem.

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

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import httpx
import pyoxigraph as ox

from ijgraph.sparql.lexer import undeclared_prefixes
from ijgraph.sparql.transport import (
    ChallengeAuth,
    Deadline,
    RemoteError,
    RemoteTimeout,
    check,
    within,
)
from ijgraph.vocab.prefixes import PREFIXES

__all__ = [
    "PushError",
    "PushReport",
    "RemoteError",
    "RemoteResult",
    "RemoteTimeout",
    "TruncatedResult",
    "graph_batches",
    "parse_auth",
    "push",
    "query_form",
    "run_remote",
    "truncation",
    "with_prefixes",
]

Term = ox.NamedNode | ox.Literal | ox.BlankNode
Row = dict[str, Term]
_DEFAULT = ox.DefaultGraph()
_RESULTS_JSON = "application/sparql-results+json"
_ACCEPT_ROWS = f"{_RESULTS_JSON}, application/json;q=0.9"
#: For CONSTRUCT and DESCRIBE: some servers (Virtuoso) answer them in SPARQL JSON if asked.
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
_FORM = re.compile(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b")
_NOISE = re.compile(r"""<[^<>\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*""")


def query_form(text: str) -> str:
    """The query's form (SELECT, ASK, CONSTRUCT or DESCRIBE), from its first keyword.

    >>> query_form("PREFIX s: <http://x/select#> CONSTRUCT WHERE { ?s ?p 'ASK' }")
    'CONSTRUCT'
    """
    match = _FORM.search(_NOISE.sub(" ", text))
    return match.group(1).upper() if match else "SELECT"


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
    """What :func:`push` sent: graphs and triples planned, requests made, graphs completed."""

    graphs: int = 0
    triples: int = 0
    requests: int = 0
    done: list[str] = field(default_factory=list)  # graphs stored completely
    triples_sent: int = 0

    def summary(self) -> str:
        """What was sent and what was not, for an error message."""
        return (
            f"sent {self.requests} requests: {len(self.done)} of {self.graphs} graphs "
            f"({self.triples_sent} of {self.triples} triples) stored completely; "
            f"the other {self.graphs - len(self.done)} graphs were not (or only partly) sent"
        )


class PushError(RemoteError):
    """A push stopped at its first failure; ``report`` says what had been sent."""

    def __init__(self, message: str, report: PushReport) -> None:
        super().__init__(f"{message}\n{report.summary()}")
        self.report = report


def client_auth(auth: tuple[str, str] | None) -> httpx.Auth | None:
    """Basic or Digest, whichever the server asks for (see :class:`ChallengeAuth`)."""
    return ChallengeAuth(*auth) if auth else None


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


def _graph_name(graph: Any) -> str:
    return "the default graph" if isinstance(graph, ox.DefaultGraph) else f"<{graph.value}>"


@dataclass
class _Run:
    """Shared state of one push: the deadline, the first failure, what went up."""

    client: httpx.Client
    endpoint: str
    deadline: Deadline
    request_timeout: float
    report: PushReport
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send_graph(self, graph: Any, chunks: list[list[ox.Triple]]) -> None:
        try:
            for i, chunk in enumerate(chunks):
                if self.stop.is_set():
                    return  # another graph failed: send nothing more
                method = "PUT" if i == 0 else "POST"
                what = f"{method} {_graph_name(graph)} (chunk {i + 1} of {len(chunks)})"
                body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES) or b""
                for wait in (*_RETRY_WAITS, None):
                    response = self._send(method, graph, body, what)
                    if wait is None or not _transient(response) or self.stop.is_set():
                        break
                    time.sleep(min(wait, self.deadline.remaining(wait)))
                check(response, what)
        except BaseException:
            self.stop.set()  # the other workers send nothing more
            raise
        with self.lock:
            self.report.done.append(_graph_name(graph))
            self.report.triples_sent += sum(len(c) for c in chunks)

    def _send(self, method: str, graph: Any, body: bytes, what: str) -> httpx.Response:
        seconds = self.deadline.remaining(self.request_timeout)
        try:
            response = self.client.request(
                method,
                self.endpoint,
                params=_graph_params(graph),
                content=body,
                headers={"Content-Type": "application/n-triples"},
                timeout=seconds,
            )
        except httpx.TimeoutException as err:
            raise RemoteTimeout(f"{what}: no answer within {seconds:g} s") from err
        except (httpx.HTTPError, httpx.InvalidURL) as err:
            raise RemoteError(f"{what}: cannot reach {self.endpoint}: {err}") from err
        with self.lock:
            self.report.requests += 1
        return response


#: Seconds to wait before trying a request again after a transient failure.
_RETRY_WAITS = (0.2, 0.5, 1.0, 2.0)


def _transient(response: httpx.Response) -> bool:
    """A refusal worth another try: 503, or one of Virtuoso's races between parallel writes
    (a rolled-back transaction, "SR172: Transaction deadlocked", SQL state 40001; or two
    writers registering the same new language tag or datatype at once, "SR197: Non unique
    primary key on DB.DBA.RDF_LANGUAGE"). Writing a graph's triples again is harmless."""
    if response.status_code == 503:
        return True
    if response.status_code != 500:
        return False
    text = response.text
    return (
        "40001" in text
        or "deadlock" in text.lower()
        or ("SR197" in text and ("RDF_LANGUAGE" in text or "RDF_DATATYPE" in text))
    )


def _push_all(
    run: _Run,
    batches: dict[Any, list[list[ox.Triple]]],
    jobs: int,
    on_graph: Callable[[int], None] | None,
) -> None:
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(run.send_graph, g, cs): cs for g, cs in batches.items()}
        try:
            for future in as_completed(futures):
                future.result()  # the first failure to happen stops the run
                if on_graph:
                    on_graph(sum(len(c) for c in futures[future]))
        except BaseException:
            run.stop.set()
            for pending in futures:
                pending.cancel()
            raise


def push(
    endpoint: str,
    quads: Iterable[ox.Quad],
    *,
    graphs: Sequence[str] | None = None,
    auth: tuple[str, str] | None = None,
    chunk_size: int = 50_000,
    jobs: int = 4,
    union_default: bool = False,
    timeout: float | None = None,
    request_timeout: float = 120.0,
    on_graph: Callable[[int], None] | None = None,
) -> PushReport:
    """Upload ``quads`` to the Graph Store endpoint ``endpoint``, one named graph at a time.

    ``graphs``: only these graph IRIs (ValueError naming any the data lacks).
    ``timeout``: seconds for the whole push (None: no overall limit);
    ``request_timeout``: seconds for each request. ``on_graph(triples)`` is
    called after each graph is stored (for progress bars). Raises
    :class:`PushError` at the first failed request, after stopping the others.
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
    deadline = Deadline(timeout)
    with httpx.Client(auth=client_auth(auth), limits=limits, follow_redirects=False) as client:
        run = _Run(client, endpoint, deadline, request_timeout, report)
        try:
            if timeout is None:
                _push_all(run, batches, jobs, on_graph)
            else:
                within(
                    timeout, lambda: _push_all(run, batches, jobs, on_graph), f"push to {endpoint}"
                )
        except RemoteError as err:
            run.stop.set()
            raise PushError(f"push to {endpoint} stopped: {err}", report) from None
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


def _media(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _parse(media: str, content: bytes, endpoint: str) -> RemoteResult:
    """The answer's rows, boolean or triples; RemoteError if it is not what it claims."""
    if media in (_RESULTS_JSON, "application/json"):
        try:
            parsed = ox.parse_query_results(content, format=ox.QueryResultsFormat.JSON)
            if isinstance(parsed, ox.QueryBoolean):
                return RemoteResult(boolean=bool(parsed), raw=content)
            variables = [v.value for v in parsed.variables]
            rows = [
                {
                    name: term
                    for name, term in zip(variables, solution, strict=True)
                    if term is not None
                }
                for solution in parsed
            ]
        except (SyntaxError, ValueError, UnicodeDecodeError) as err:
            raise RemoteError(f"malformed SPARQL JSON results from {endpoint}: {err}") from None
        return RemoteResult(variables=variables, rows=rows, raw=content)
    rdf_format = ox.RdfFormat.from_media_type(media) if media else None
    if rdf_format is None:
        shown = media or "none"
        raise RemoteError(f"unexpected Content-Type ({shown}) in the answer from {endpoint}")
    try:
        triples = [q.triple for q in ox.parse(content, format=rdf_format)]
    except (SyntaxError, ValueError, UnicodeDecodeError) as err:
        raise RemoteError(f"malformed {media} answer from {endpoint}: {err}") from None
    return RemoteResult(triples=triples)


def _fetch(
    endpoint: str, text: str, auth: tuple[str, str] | None, timeout: float, accept: str
) -> tuple[httpx.Headers, str, bytes]:
    """POST the query and read the whole answer (the caller bounds the total time)."""
    try:
        with (
            httpx.Client(auth=client_auth(auth), timeout=timeout, follow_redirects=False) as client,
            client.stream(
                "POST",
                endpoint,
                data={"query": with_prefixes(text)},
                headers={"Accept": accept},
            ) as response,
        ):
            content = response.read()
            check(response, f"query at {endpoint}")
            return response.headers, _media(response), content
    except httpx.TimeoutException as err:
        raise RemoteTimeout(f"{endpoint} did not answer within {timeout:g} s") from err
    except (httpx.HTTPError, httpx.InvalidURL) as err:
        raise RemoteError(f"cannot query {endpoint}: {err}") from err


def run_remote(
    endpoint: str,
    query_text: str,
    *,
    auth: tuple[str, str] | None = None,
    timeout: float = 60.0,
    allow_partial: bool = False,
    kind: str | None = None,
) -> RemoteResult:
    """Run ``query_text`` (project prefixes added as needed) at the SPARQL endpoint ``endpoint``.

    ``timeout`` bounds the whole exchange, however slowly the server sends.
    Raises :class:`RemoteError` when the server cannot be reached, answers with
    an error, a redirect or a malformed answer, or takes longer than ``timeout``;
    :class:`TruncatedResult` when it signals an incomplete answer (unless
    ``allow_partial``: then the result's ``truncated`` says why). ``kind`` (the
    query form) chooses the answer formats asked for; by default it is read from the text.
    """
    form = (kind or query_form(query_text)).upper()
    accept = _ACCEPT_GRAPH if form in ("CONSTRUCT", "DESCRIBE") else _ACCEPT_ROWS
    headers, media, content = within(
        timeout,
        lambda: _fetch(endpoint, query_text, auth, timeout, accept),
        f"query at {endpoint}",
    )
    result = _parse(media, content, endpoint)
    result.truncated = truncation(headers, len(result.rows) or len(result.triples))
    if result.truncated and not allow_partial:
        raise TruncatedResult(f"incomplete answer from {endpoint}: {result.truncated}", result)
    return result
