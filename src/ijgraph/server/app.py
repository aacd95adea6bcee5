"""The HTTP face of ijgraph: a read-only SPARQL endpoint, a query page and linked-data pages.

``create_app(quads_or_store, ...)`` returns a Starlette ASGI app (nothing starts
until the app's lifespan does, so it is easy to test); ``ijgraph serve`` runs it
with uvicorn.

Routes:

* ``/sparql`` -- SPARQL 1.1 Protocol: ``GET ?query=``, ``POST`` form-encoded or
  ``application/sparql-query``, ``default-graph-uri`` / ``named-graph-uri``;
  results negotiated by ``Accept`` (or ``?format=``). Updates (``LOAD`` too) get
  403; ``SERVICE`` and remote ``FROM`` get 400 (see :mod:`ijgraph.sparql.guard`).
  Without a query it returns the service description. Queries run in worker
  processes with a time limit and a row cap (see :mod:`ijgraph.server.pool`);
  a capped answer says so in ``X-Result-Truncated: true``.
* ``/`` -- the query page (the example catalog, an editor, a results table and
  downloads; assets from ``/assets``, nothing from any other host).
* ``/resource/<id>``, ``/passage/<id>``, ``/graph/<id>``, ``/ontology/<Term>`` --
  the graph's IRIs (``https://w3id.org/ijgraph/...``) as an HTML page or as RDF
  (see :mod:`ijgraph.server.linked_data`).
* ``/html/`` -- the rendered graph pages of ``exports/html/``, when they exist.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import jinja2
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from ijgraph.server.limits import Limits, LimitsMiddleware
from ijgraph.server.linked_data import KINDS, EntityView, LinkedData, local_path
from ijgraph.server.negotiation import (
    GRAPH_FORMATS,
    HTML,
    QUAD_FORMATS,
    SOLUTION_FORMATS,
    MediaFormat,
    choose,
)
from ijgraph.server.pool import (
    STORE_PREFIX,
    PoolBusy,
    PoolError,
    QueryJob,
    QueryPool,
    QueryTimeout,
)
from ijgraph.server.service_description import graph_sizes, service_description, store_graph_sizes
from ijgraph.server.workbench import workbench_routes
from ijgraph.sparql.catalog import RqQuery, read_catalog
from ijgraph.sparql.lexer import QueryRefused
from ijgraph.vocab.prefixes import BASE, PREFIXES

__all__ = ["DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT", "create_app"]

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000

PACKAGE = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = PACKAGE / "queries" / "examples"
_EXPOSED = ["X-Result-Rows", "X-Result-Truncated", "X-Row-Limit"]
_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
_LD_FORMATS = {HTML.key: HTML, **GRAPH_FORMATS, **QUAD_FORMATS}
_SD_FORMATS = {**GRAPH_FORMATS, HTML.key: HTML}
_DEFAULT_QUERY = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("ij", "ijr", "rdfs")) + (
    "\n# How many entities of each type?\n"
    "SELECT ?type (COUNT(?entity) AS ?entities) WHERE {\n  ?entity a ?type .\n"
    "  FILTER(STRSTARTS(STR(?type), STR(ij:)))\n}\nGROUP BY ?type\nORDER BY DESC(?entities)\n"
)


def _text(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


class _Endpoint:
    """The app's state and its route handlers."""

    def __init__(
        self,
        store: ox.Store,
        payload: bytes,
        sizes: Callable[[], tuple[dict[ox.NamedNode, int], int]],
        *,
        timeout: float,
        max_rows: int,
        workers: int,
        memory_limit_mb: int,
        examples_dir: Path,
        html_dir: Path | None,
        limits: Limits,
    ):
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows
        self.limits = limits
        self.pool = QueryPool(
            payload,
            size=workers,
            slow_size=limits.slow_workers,
            timeout=timeout,
            fast_budget=limits.fast_budget,
            memory_limit_mb=memory_limit_mb,
        )
        self.html_dir = html_dir if html_dir is not None and html_dir.is_dir() else None
        self.linked = LinkedData(store, self.html_dir)
        self._sizes = sizes
        self._sized: tuple[dict[ox.NamedNode, int], int] | None = None
        self.catalog: dict[str, RqQuery] = (
            read_catalog(examples_dir) if examples_dir.is_dir() else {}
        )
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(PACKAGE / "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    # --- SPARQL protocol ----------------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        fields: list[tuple[str, str]] = list(request.query_params.multi_items())
        if request.method == "POST":
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                body = (await request.body()).decode("utf-8")
            except UnicodeDecodeError:
                return _text(400, "the request body is not UTF-8")
            if media == "application/sparql-update":
                return _text(403, "updates are not allowed: the graph is read-only")
            if media == "application/x-www-form-urlencoded":
                fields += parse_qsl(body, keep_blank_values=True)
            elif media == "application/sparql-query":
                fields.append(("query", body))
            else:
                return _text(
                    415,
                    "POST a query as application/sparql-query or as the `query` "
                    "field of application/x-www-form-urlencoded",
                )
        values: dict[str, list[str]] = {}
        for key, value in fields:
            values.setdefault(key, []).append(value)
        if "update" in values:
            return _text(403, "updates are not allowed: the graph is read-only")
        queries = values.get("query", [])
        if not queries:
            if request.method in ("GET", "HEAD"):
                return self.description(request)
            return _text(400, "missing the `query` parameter")
        if len(queries) > 1:
            return _text(400, "give exactly one `query` parameter")
        return await self.answer(request, queries[0], values)

    async def answer(
        self, request: Request, text: str, values: Mapping[str, list[str]]
    ) -> Response:
        # Nothing of the query runs here: a worker checks, parses and runs it (see pool).
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > self.limits.max_query_bytes:
            return _text(
                413,
                f"query refused: the query is {size} bytes long; at most "
                f"{self.limits.max_query_bytes} bytes are accepted "
                "(set with `ijgraph serve --max-query-bytes`)",
            )
        values = _without_client_defaults(values)
        for field in ("default-graph-uri", "named-graph-uri"):
            unknown = [g for g in values.get(field, []) if not self.has_graph(g)]
            if unknown:
                return _text(
                    400,
                    f"{field}: <{unknown[0]}> is not a graph of this dataset "
                    "(nothing is fetched from elsewhere)",
                )
        solution_format = self._negotiate(request, SOLUTION_FORMATS)
        graph_format = self._negotiate(request, GRAPH_FORMATS)
        dataset = {}
        if "default-graph-uri" in values or "named-graph-uri" in values:
            dataset = {
                "default_graphs": tuple(values.get("default-graph-uri", [])),
                "named_graphs": tuple(values.get("named-graph-uri", [])),
            }
        job = QueryJob(
            text,
            solution_format.oxigraph if solution_format else None,
            graph_format.oxigraph if graph_format else None,
            self.max_rows,
            max_bytes=self.limits.max_query_bytes,
            max_depth=self.limits.max_depth,
            **dataset,
        )
        try:
            outcome = await self.pool.run(job)
        except QueryTimeout as err:
            return _text(503, f"{err.message} (set with `ijgraph serve --timeout`)")
        except PoolError as err:
            headers = {"Retry-After": "5"} if isinstance(err, PoolBusy) else None
            return _text(err.status, err.message, headers)
        if outcome.status == 406:
            offers = SOLUTION_FORMATS if outcome.form in ("SELECT", "ASK") else GRAPH_FORMATS
            accepted = ", ".join(f.media_type for f in offers.values())
            return _text(
                406,
                f"cannot answer a {outcome.form} query in the requested format; "
                f"acceptable: {accepted}",
            )
        if outcome.status != 200:
            refused = QueryRefused(
                outcome.status, outcome.error or "", outcome.line, outcome.column
            )
            lead = "query failed" if (outcome.error or "").startswith("query failed") else ""
            return _text(outcome.status, str(refused) if lead else f"query refused: {refused}")
        fmt = solution_format if outcome.form in ("SELECT", "ASK") else graph_format
        assert fmt is not None
        headers = {
            "Vary": "Accept",
            "X-Result-Rows": str(outcome.rows),
            "X-Row-Limit": str(self.max_rows),
            "X-Result-Truncated": "true" if outcome.truncated else "false",
        }
        return Response(outcome.body, media_type=fmt.content_type, headers=headers)

    @staticmethod
    def _negotiate(request: Request, offers: Mapping[str, MediaFormat]) -> MediaFormat | None:
        # ?format= names a format of ours; other values (SPARQLWrapper sends format=xml for
        # every query form) leave the choice to the Accept header.
        named = offers.get(request.query_params.get("format", ""))
        return named or choose(request.headers.get("accept"), offers)

    def description(self, request: Request) -> Response:
        fmt = self._negotiate(request, _SD_FORMATS)
        if fmt is HTML:
            return RedirectResponse("/", status_code=303)
        if fmt is None:
            return _text(
                406,
                "the service description is available as "
                + ", ".join(f.media_type for f in GRAPH_FORMATS.values()),
            )
        endpoint = str(request.url_for("sparql"))
        formats = [f.w3c for f in (*SOLUTION_FORMATS.values(), *GRAPH_FORMATS.values())]
        if self._sized is None:  # counted once, when first asked (a second on 1M triples)
            self._sized = self._sizes()
        triples = service_description(endpoint, *self._sized, formats)
        prefixes = {
            "sd": "http://www.w3.org/ns/sparql-service-description#",
            "void": "http://rdfs.org/ns/void#",
            "dcterms": PREFIXES["dcterms"],
        }
        return self._rdf(triples, fmt, prefixes)

    @staticmethod
    def _rdf(
        data: Sequence[ox.Triple] | Sequence[ox.Quad],
        fmt: MediaFormat,
        prefixes: Mapping[str, str] | None = None,
    ) -> Response:
        rdf_format = getattr(ox.RdfFormat, fmt.oxigraph)
        with_prefixes = rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
        body = ox.serialize(
            data, format=rdf_format, prefixes=dict(prefixes or PREFIXES) if with_prefixes else None
        )
        return Response(body or b"", media_type=fmt.content_type, headers={"Vary": "Accept"})

    # --- pages ----------------------------------------------------------------------

    def _page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.templates.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": _CSP})

    def index(self, request: Request) -> Response:
        return self._page(
            "endpoint_index.html",
            examples=list(self.catalog.values()),
            default_query=_DEFAULT_QUERY,
            timeout=f"{self.timeout:g}",
            max_rows=self.max_rows,
        )

    def example(self, request: Request) -> Response:
        query = self.catalog.get(request.path_params["name"])
        if query is None:
            return _text(404, f"no example query named {request.path_params['name']!r}")
        return Response(query.text, media_type="application/sparql-query; charset=utf-8")

    def examples(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        return JSONResponse(
            [
                {
                    "name": q.name,
                    "title": q.title,
                    "description": q.description,
                    "tags": list(q.tags),
                    "text": q.text,
                }
                for q in self.catalog.values()
            ]
        )

    def resource(self, request: Request) -> Response:
        kind = request.url.path.strip("/").split("/", 1)[0]
        name = request.path_params.get("name")
        iri = BASE + (f"{kind}/{name}" if name else kind)
        try:
            ox.NamedNode(iri)
        except ValueError:
            return _text(404, f"{request.url.path!r} names no resource: it is not a valid IRI")
        fmt = self._negotiate(request, _LD_FORMATS)
        if fmt is None:
            offered = ", ".join(f.media_type for f in _LD_FORMATS.values())
            return _text(406, f"available as {offered}")
        moved = self._moved_to(iri) if kind == "passage" and "/" not in (name or "") else None
        if moved is not None:  # a passage IRI published before IRIs named their document
            return RedirectResponse(moved, status_code=301)
        if not self.linked.known(iri):
            message = f"nothing is known about <{iri}>"
            if fmt is HTML:
                return self._page(
                    "endpoint_entity.html",
                    404,
                    v=_missing(iri, message),
                    request_path=request.url.path,
                )
            return _text(404, message)
        if fmt is HTML:
            view = self.linked.view(iri)
            view.formats = [(f.key, f.media_type) for f in _LD_FORMATS.values() if f is not HTML]
            return self._page("endpoint_entity.html", v=view, request_path=request.url.path)
        quads = self.linked.description(iri)
        keeps_graphs = fmt.key in QUAD_FORMATS or fmt.key == "jsonld"
        data = quads if keeps_graphs else list(dict.fromkeys(q.triple for q in quads))
        return self._rdf(data, fmt)

    # --- the app --------------------------------------------------------------------

    def _moved_to(self, iri: str) -> str | None:
        """The local path of the IRI that records ``iri`` as its former name (owl:sameAs)."""
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return None
        same_as = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
        for quad in self.store.quads_for_pattern(None, same_as, node, None):
            if isinstance(quad.subject, ox.NamedNode):
                path = local_path(quad.subject.value)
                if path is not None:
                    return path
        return None

    def has_graph(self, iri: str) -> bool:
        """Whether the dataset has a named graph ``iri`` (False for what is not an IRI)."""
        try:
            return bool(self.store.contains_named_graph(ox.NamedNode(iri)))
        except ValueError:
            return False

    def routes(self) -> list[BaseRoute]:
        routes: list[BaseRoute] = [
            Route("/", self.index, methods=["GET"]),
            Route("/sparql", self.sparql, methods=["GET", "POST"], name="sparql"),
            Route("/examples.json", self.examples, methods=["GET"]),
            Route("/examples/{name}.rq", self.example, methods=["GET"]),
            Route("/ontology", self.resource, methods=["GET"]),
            # Passages are /passage/{document}/L35S1: their name holds a slash.
            *(Route(f"/{kind}/{{name:path}}", self.resource, methods=["GET"]) for kind in KINDS),
            Mount("/assets", StaticFiles(directory=PACKAGE / "static" / "endpoint"), name="assets"),
            *workbench_routes(self.store, self.timeout, self.max_rows),  # search, /reconcile
        ]
        if self.html_dir is not None:
            routes.append(Mount("/html", StaticFiles(directory=self.html_dir, html=True)))
        return routes

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        await self.pool.start()
        try:
            yield
        finally:
            await self.pool.close()


#: rdflib's SPARQLStore names the service's own default graph so (for a Dataset).
_CLIENT_DEFAULT_GRAPHS = frozenset({"urn:x-rdflib:default"})


def _without_client_defaults(values: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """``values`` without default-graph-uri names that mean "your default graph"."""
    out = dict(values)
    graphs = [g for g in values.get("default-graph-uri", []) if g not in _CLIENT_DEFAULT_GRAPHS]
    out.pop("default-graph-uri", None)
    if graphs:
        out["default-graph-uri"] = graphs
    return out


def _missing(iri: str, message: str) -> EntityView:
    return EntityView(iri, iri, "Not found", [], [], [message], [], [], [], [], [])


def create_app(
    quads_or_store: Iterable[ox.Quad] | ox.Store | Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    cors_origins: Sequence[str] = (),
    workers: int = 2,
    memory_limit_mb: int = 2048,
    examples_dir: Path | None = None,
    html_dir: Path | None = None,
    limits: Limits | None = None,
) -> Starlette:
    """The endpoint's ASGI app for a graph: quads, a pyoxigraph store to copy, or the
    path of an on-disk store made by :func:`ijgraph.rdf.store.ensure_store_path` (nothing
    is copied or re-parsed: the server and every worker open it read-only).

    ``timeout`` (seconds) and ``max_rows`` bound every query; ``workers`` query
    processes answer in parallel; ``cors_origins`` lists the origins allowed to
    call the endpoint from a browser (``["*"]`` for all); ``examples_dir`` holds
    the ``.rq`` catalog of the query page; ``html_dir`` is served at ``/html/``;
    ``limits`` bound queries, requests and connections (see :mod:`ijgraph.server.limits`).
    """
    limits = limits or Limits()
    if isinstance(quads_or_store, Path):
        store = ox.Store.read_only(str(quads_or_store))
        payload = STORE_PREFIX + str(quads_or_store).encode("utf-8")

        def sizes() -> tuple[dict[ox.NamedNode, int], int]:
            return store_graph_sizes(store)
    else:
        quads = list(quads_or_store)
        if isinstance(quads_or_store, ox.Store):
            store = quads_or_store
        else:
            store = ox.Store()
            store.bulk_extend(quads)
        payload = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
        counted = graph_sizes(quads)

        def sizes() -> tuple[dict[ox.NamedNode, int], int]:
            return counted

    endpoint = _Endpoint(
        store,
        payload,
        sizes,
        timeout=timeout,
        max_rows=max_rows,
        workers=workers,
        memory_limit_mb=memory_limit_mb,
        examples_dir=examples_dir or EXAMPLES_DIR,
        html_dir=html_dir,
        limits=limits,
    )
    middleware = [Middleware(LimitsMiddleware, limits=limits)]
    if cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                expose_headers=_EXPOSED,
            )
        )
    app = Starlette(routes=endpoint.routes(), middleware=middleware, lifespan=endpoint.lifespan)
    app.state.endpoint = endpoint
    return app
