"""The query workbench's server side: search, completion data, labels, reconciliation.

:func:`workbench_routes` returns Starlette routes that :mod:`ijgraph.server.app`
adds to the endpoint:

* ``GET /search?q=&limit=&kind=`` -- ranked hits from the search index
  (:mod:`ijgraph.graph.search`) as JSON, or as an HTML page for a browser;
* ``GET /search/vocabulary.json`` -- prefixes, classes and properties, for the
  editor's completion (entities come from ``/search`` as the user types);
* ``POST /search/labels`` -- a JSON list of IRIs -> their display labels, so
  result tables show names instead of IRIs;
* ``/reconcile...`` -- the W3C Reconciliation Service API
  (:mod:`ijgraph.server.reconcile`);
* ``/vis/`` -- the vendored vis-network that draws the graph view.

The index is built from the store once, in a background thread started with the
routes (a request that comes earlier waits for it, outside its time limit), and only
ever read. Every route is read-only, capped and bounded in time; bad input gets a
4xx whose message names the field.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import anyio
import jinja2
import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ijgraph.graph.search import INDEXED, KINDS, Index, build_index, fold, search
from ijgraph.server.negotiation import HTML, MediaFormat, choose
from ijgraph.server.reconcile import LIMITS, BadInput, Reconciler, TooSlow
from ijgraph.vocab.prefixes import PREFIXES, compact

__all__ = ["MAX_LABELS", "MAX_SEARCH", "Workbench", "workbench_routes"]

PACKAGE = Path(__file__).resolve().parents[1]
MAX_SEARCH = 100  # hits of one search
MAX_LABELS = 5000  # IRIs of one label lookup
MAX_BODY = 2_000_000  # bytes of one request body
_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
#: Previews are shown by reconciliation clients in their own frames: no frame-ancestors
#: limit, but nothing to load or run either.
_PREVIEW_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'"
_JSON = MediaFormat("json", "application/json", "", "json")
T = TypeVar("T")


def _text(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)


class Workbench:
    """The shared state of the workbench routes: the store and its lazily built index."""

    def __init__(self, store: ox.Store, timeout: float, max_rows: int):
        self.store, self.timeout, self.max_rows = store, timeout, max_rows
        self._index: Index | None = None
        self._lock = threading.Lock()
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(PACKAGE / "templates"), autoescape=True
        )

    def index(self) -> Index:
        with self._lock:
            if self._index is None:
                self._index = build_index(
                    q
                    for p in INDEXED
                    for q in self.store.quads_for_pattern(None, ox.NamedNode(p), None, None)
                )
            return self._index

    def reconciler(self) -> Reconciler:
        return Reconciler(self.index(), self.store, self.timeout)

    async def call(self, work: Callable[[], T]) -> T:
        """Run ``work`` off the event loop (index lookups are CPU-bound), within the
        time limit: past it the answer is a 503 (the thread finishes on its own)."""
        if self._index is None:  # the one-time build is the server's start, not the request
            await anyio.to_thread.run_sync(self.index)
        with anyio.fail_after(self.timeout):
            return await anyio.to_thread.run_sync(work, abandon_on_cancel=True)

    async def guarded(self, work: Callable[[], Response]) -> Response:
        try:
            return await self.call(work)
        except BadInput as err:
            return _text(400, str(err))
        except TooSlow as err:
            return _text(503, str(err))
        except TimeoutError:
            return _text(503, f"the request ran longer than the time limit of {self.timeout:g} s")

    # --- search -------------------------------------------------------------------

    async def search(self, request: Request) -> Response:
        params = request.query_params
        fmt = (
            _JSON
            if params.get("format") == "json"
            else choose(request.headers.get("accept"), {"json": _JSON, "html": HTML})
        )
        text = params.get("q", "")

        def work() -> Response:
            limit = _limit(params.get("limit"), "limit", MAX_SEARCH, 20)
            kinds = params.getlist("kind") or None
            for kind in kinds or ():
                if kind not in KINDS:
                    raise BadInput("kind", f"must be one of {', '.join(KINDS)}, not {kind!r}")
            if fmt is HTML:
                wanted = fold(text[: LIMITS.text])
                hits = search(self.index(), wanted, limit, kinds=kinds) if wanted else []
                page = self.templates.get_template("endpoint_search.html")
                body = page.render(q=text, hits=hits, curie=compact)
                return HTMLResponse(body, headers={"Content-Security-Policy": _CSP})
            if not fold(text):
                raise BadInput("q", "give a word or a name to search for")
            if len(text) > LIMITS.text:
                raise BadInput("q", f"at most {LIMITS.text} characters")
            hits = search(self.index(), text, limit, kinds=kinds)
            return JSONResponse({"query": text, "hits": [h.as_json() for h in hits]})

        if fmt is None:
            return _text(406, "search results are available as application/json or text/html")
        return await self.guarded(work)

    async def vocabulary(self, request: Request) -> Response:
        def work() -> Response:
            index = self.index()
            terms: dict[str, list[dict[str, Any]]] = {"class": [], "property": []}
            for entry in index.entries:
                if entry.kind in terms:
                    terms[entry.kind].append(
                        {"curie": compact(entry.iri), "iri": entry.iri, "label": entry.label,
                         "labels": [t for _, t in entry.labels]}
                    )  # fmt: skip
            cap = self.max_rows  # the endpoint's row cap holds here too
            return JSONResponse(
                {
                    "prefixes": PREFIXES,
                    "classes": terms["class"][:cap],
                    "properties": terms["property"][:cap],
                }
            )

        return await self.guarded(work)

    async def labels(self, request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY:
            return _text(413, f"the body is larger than {MAX_BODY} bytes")
        try:
            iris = json.loads(body or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _text(400, "body: give a JSON list of IRIs")
        if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
            return _text(400, "body: give a JSON list of IRIs")
        if len(iris) > MAX_LABELS:
            return _text(400, f"body: at most {MAX_LABELS} IRIs in one request")

        def work() -> Response:
            index = self.index()
            found = {iri: index.label(iri) for iri in iris}
            return JSONResponse({iri: label for iri, label in found.items() if label})

        return await self.guarded(work)

    # --- reconciliation -----------------------------------------------------------

    async def _fields(self, request: Request) -> dict[str, str] | Response:
        fields = dict(request.query_params)
        if request.method != "POST":
            return fields
        body = await request.body()
        if len(body) > MAX_BODY:
            return _text(413, f"the body is larger than {MAX_BODY} bytes")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _text(400, "the request body is not UTF-8")
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            fields.update(parse_qsl(text, keep_blank_values=True))
        elif media == "application/json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as err:
                return _text(400, f"body: not valid JSON ({err.msg} at line {err.lineno})")
            if isinstance(data, dict) and ({"queries", "extend"} & set(data)):
                for key in ("queries", "extend"):
                    if key in data:
                        value = data[key]
                        fields[key] = value if isinstance(value, str) else json.dumps(value)
            else:
                fields["queries"] = text
        elif text:
            return _text(415, "POST `queries` or `extend` as a form field or in a JSON body")
        return fields

    async def reconcile(self, request: Request) -> Response:
        fields = await self._fields(request)
        if isinstance(fields, Response):
            return fields
        base = str(request.base_url).rstrip("/")

        def work() -> Response:
            from ijgraph.server.reconcile import parse_json_field

            if "queries" in fields:
                queries = parse_json_field(fields, "queries")
                return JSONResponse(self.reconciler().reconcile(queries))
            if "extend" in fields:
                spec = parse_json_field(fields, "extend")
                return JSONResponse(self.reconciler().extend(spec))
            if request.method == "POST":
                raise BadInput("queries", "give `queries` (or `extend`)")
            return JSONResponse(self.reconciler().manifest(base))

        return await self.guarded(work)

    async def suggest(self, request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in ("entity", "type", "property"):
            return _text(404, f"no suggest service for {kind!r}: entity, type or property")
        params = request.query_params

        def work() -> Response:
            cursor = _limit(params.get("cursor"), "cursor", 10_000, 0, zero=True)
            limit = _limit(params.get("limit"), "limit", MAX_SEARCH, 10)
            found = self.reconciler().suggest(
                kind, params.get("prefix", ""), cursor, limit, params.get("type", "")
            )
            return JSONResponse(found)

        return await self.guarded(work)

    async def preview(self, request: Request) -> Response:
        ident = request.query_params.get("id", "")
        if not ident:
            return _text(400, "id: give the id of the entity to preview")

        def work() -> Response:
            page = self.reconciler().preview(ident)
            if page is None:
                return _text(404, f"id: no entity {ident!r}")
            return HTMLResponse(page, headers={"Content-Security-Policy": _PREVIEW_CSP})

        return await self.guarded(work)

    async def properties(self, request: Request) -> Response:
        params = request.query_params

        def work() -> Response:
            limit = _limit(params.get("limit"), "limit", MAX_SEARCH, 20)
            return JSONResponse(self.reconciler().propose(params.get("type", ""), limit))

        return await self.guarded(work)


def _limit(value: str | None, field: str, cap: int, default: int, *, zero: bool = False) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadInput(field, f"must be a whole number, not {value!r}") from None
    if not (0 if zero else 1) <= number <= cap:
        raise BadInput(field, f"must be between {0 if zero else 1} and {cap}")
    return number


def _open(handler: Callable[[Request], Awaitable[Response]]) -> Callable[..., Any]:
    """``handler`` callable from any web page, as the reconciliation API asks (CORS,
    not JSONP): the answers are public, read-only and sent without credentials.
    An app started with ``--cors`` origins has its own middleware, which takes over."""

    async def opened(request: Request) -> Response:
        if request.method == "OPTIONS":
            response: Response = Response(status_code=204)
            response.headers["Access-Control-Allow-Methods"] = "GET, POST"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
            response.headers["Access-Control-Max-Age"] = "600"
        else:
            response = await handler(request)
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    return opened


def workbench_routes(store: ox.Store, timeout: float, max_rows: int) -> list[BaseRoute]:
    """The workbench's routes over ``store`` (see the module docstring)."""
    bench = Workbench(store, timeout, max_rows)
    # Built in the background from the start, so that the first search need not wait
    # (about 60 ms for the real graph, 20 s for a million synthetic triples).
    threading.Thread(target=bench.index, name="ijgraph-search-index", daemon=True).start()
    return [
        Route("/search", bench.search, methods=["GET"]),
        Route("/search/vocabulary.json", bench.vocabulary, methods=["GET"]),
        Route("/search/labels", bench.labels, methods=["POST"]),
        Route("/reconcile", _open(bench.reconcile), methods=["GET", "POST", "OPTIONS"]),
        Route("/reconcile/suggest/{kind}", _open(bench.suggest), methods=["GET", "OPTIONS"]),
        Route("/reconcile/preview", _open(bench.preview), methods=["GET", "OPTIONS"]),
        Route("/reconcile/properties", _open(bench.properties), methods=["GET", "OPTIONS"]),
        Mount("/vis", StaticFiles(directory=PACKAGE / "static" / "vis"), name="vis"),
    ]
