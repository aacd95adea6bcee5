"""The interactive HTML pages of the graph, generated with pyvis, fully offline.

:func:`render_site` is pure: it takes a build (anything with ``.quads``) and
returns ``{relative path: bytes}`` for ``exports/html/``:

* ``index.html``: the whole graph (at most ``max_overview_nodes`` of its most
  connected entities; the page says what it leaves out), the theme pages and
  every entity;
* ``theme/<slug>.html``: one page per theme (declared in ``graph_data/themes.ttl``,
  rule in :mod:`.themes`);
* ``entity/<slug>.html``: one page per entity with its neighbourhood, facts,
  statements and their source sentences;
* ``assets/``: one shared copy of vis-network, the site's scripts
  (:data:`SITE_SCRIPTS`) and style, and the search index, loaded by relative
  paths (the folder works from ``file://``);
* ``source/<document>.html``: a reader page per source document (:mod:`.reader`);
* ``timeline.html``, ``path.html`` and ``ontology.html`` (:mod:`.reference`,
  :mod:`.pathpage`), in the same shell as every other page;
* any page registered in :data:`EXTRA_PAGES`, linked from every page's navigation.

Every page kind is a function ``(site, nav) -> {path: html}`` in :data:`PAGE_KINDS`.

The same data always gives the same bytes: no timestamps, no random ids,
sorted iteration, seeded layouts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from importlib import resources
from typing import Any

from ijgraph.render.model import HasQuads, Site, slug
from ijgraph.render.ontology_docs import ontology_terms
from ijgraph.render.pages import PAGE_KINDS as _SITE_KINDS
from ijgraph.render.pages import PageKind
from ijgraph.render.parallel import auto_workers, can_fork, in_background, make_pages, page_count
from ijgraph.render.pathpage import path_data, path_page
from ijgraph.render.reader import reader_pages, source_menu, sources_page
from ijgraph.render.reference import ontology_page, read_quads, timeline_page
from ijgraph.render.templating import Nav
from ijgraph.render.themes import Theme, load_themes, project_themes, theme_members

__all__ = [
    "ASSETS",
    "EXTRA_PAGES",
    "MAX_OVERVIEW_NODES",
    "PAGE_KINDS",
    "SITE_SCRIPTS",
    "TOP_PAGES",
    "ExtraPage",
    "Site",
    "Theme",
    "iter_site",
    "load_themes",
    "project_themes",
    "register_page",
    "render_site",
    "search_index",
    "slug",
    "theme_members",
]

#: From this many quads on, the ontology page's data is read in the background.
BACKGROUND_FROM = 200_000

#: The overview draws at most this many entities (the most connected ones).
MAX_OVERVIEW_NODES = 5000

#: The page scripts (``static/vis/site-<name>.js``), one job each, in the order a page loads
#: them: ``core`` first; ``lang``, ``search`` and ``menus`` on every page; the graph's
#: files (``templates/site_macros.html`` ``graph_scripts``) and the ``path``, ``timeline``
#: and ``reader`` pages' own; ``start`` last (``templates/site_base.html``).
SITE_SCRIPTS: tuple[str, ...] = (
    "core",
    "lang",
    "search",
    "menus",
    "graph",
    "tooltip",
    "labels",
    "backdrop",
    "focus",
    "filter",
    "path",
    "timeline",
    "reader",
    "start",
)

#: Files copied verbatim into ``assets/``: vis-network 9.1.2 as vendored by pyvis
#: (dual Apache-2.0/MIT licence, see LICENSE-vis-network.txt), our scripts and style.
ASSETS: dict[str, str] = {
    "assets/vis-network.min.js": "vis-network.min.js",
    "assets/vis-network.min.css": "vis-network.min.css",
    "assets/LICENSE-vis-network.txt": "LICENSE-vis-network.txt",
    **{f"assets/site-{name}.js": f"site-{name}.js" for name in SITE_SCRIPTS},
    "assets/site.css": "site.css",
}
_STATIC = resources.files("ijgraph") / "static" / "vis"


#: The data files every page loads, made like pages (``(site, nav) -> {path: bytes}``).
DATA_FILES: dict[str, Callable[[Site, Nav], Mapping[str, bytes]]] = {
    "search-index": lambda site, nav: {"assets/search-index.js": search_index(site)},
    "path-data": lambda site, nav: {"assets/path-data.js": path_data(site)},
}

#: Every page kind, in the order render_site writes them.
PAGE_KINDS: dict[str, PageKind] = {
    **_SITE_KINDS,
    "source": reader_pages,
    "sources": sources_page,
    "timeline": timeline_page,
    "path": path_page,
    "ontology": ontology_page,
}

#: The top-level pages every page's navigation links to: (path, English, Japanese).
TOP_PAGES: tuple[tuple[str, str, str], ...] = (
    ("timeline.html", "Timeline", "年表"),
    ("path.html", "How are they linked?", "つながり"),
    ("ontology.html", "Ontology", "オントロジー"),
)


@dataclass(frozen=True)
class ExtraPage:
    """A page made elsewhere (timeline, ontology documentation) and linked from the navigation.

    ``render`` takes the build and returns the page's HTML; the page is written at
    ``path`` (relative to exports/html/, at the top level so its links to
    ``assets/`` and ``index.html`` need no ``../``).
    """

    path: str
    title_en: str
    title_ja: str
    render: Callable[[HasQuads], str | bytes]


#: Extra pages by path, e.g. ``"timeline.html"`` and ``"ontology.html"``: add
#: one with :func:`register_page` and every page's navigation links to it.
EXTRA_PAGES: dict[str, ExtraPage] = {}


def register_page(
    path: str, title_en: str, title_ja: str, render: Callable[[HasQuads], str | bytes]
) -> None:
    """Add a page to every rendered site (call at import time of the module that makes it)."""
    taken = {"index.html", *(p for p, _, _ in TOP_PAGES)}
    if "/" in path or not path.endswith(".html") or path in taken:
        raise ValueError(f"extra pages live at the top level and end in .html, not {path!r}")
    EXTRA_PAGES[path] = ExtraPage(path, title_en, title_ja, render)


def _folded_names(attrs: dict[str, Any], fold: Callable[[str], str]) -> list[str]:
    names = [attrs.get("label", ""), attrs.get("label_ja", ""), attrs.get("label_hi", "")]
    return sorted({fold(name) for name in [*names, *attrs.get("aliases", [])] if name})


def search_index(site: Site) -> bytes:
    """``assets/search-index.js``: every entity's labels, for the search box of every page."""
    from ijgraph.graph.search import fold

    G = site.G
    rows = [
        [
            n,
            site.slugs[n],
            G.nodes[n]["label"],
            G.nodes[n].get("label_ja", ""),
            G.nodes[n].get("label_hi", ""),
            " ".join(G.nodes[n].get("aliases", [])),
            site.families[n],
            G.nodes[n]["type"],
            # Folded as /search and `ijgraph search` compare names (graph/search.py fold()).
            _folded_names(G.nodes[n], fold),
        ]
        for n in sorted(G.nodes)
    ]
    classes = {
        t: [site.vocab.class_label(t), site.vocab.class_label(t, "ja")]
        for t in sorted({G.nodes[n]["type"] for n in G.nodes})
    }
    text = json.dumps(
        {"entities": rows, "classes": classes},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    return f"window.IJG_INDEX={text};\n".encode()


def render_site(
    build: HasQuads,
    *,
    max_overview_nodes: int = MAX_OVERVIEW_NODES,
    extra_pages: Mapping[str, ExtraPage] | None = None,
    themes: Mapping[str, Theme] | None = None,
    workers: int | None = None,
) -> dict[str, bytes]:
    """Every file of ``exports/html/``, by relative path, for the graph of ``build``.

    ``themes`` defaults to the project's ``graph_data/themes.ttl`` (none outside a checkout).
    """
    pages = iter_site(
        build,
        max_overview_nodes=max_overview_nodes,
        extra_pages=extra_pages,
        themes=themes,
        workers=workers,
    )
    return dict(sorted(pages))


def iter_site(
    build: HasQuads,
    *,
    max_overview_nodes: int = MAX_OVERVIEW_NODES,
    extra_pages: Mapping[str, ExtraPage] | None = None,
    themes: Mapping[str, Theme] | None = None,
    workers: int | None = None,
) -> Iterator[tuple[str, bytes]]:
    """The files of :func:`render_site` one by one, as they are made (bounded memory at scale).

    Each path comes once, in no fixed order (``render_site`` sorts them). ``workers``
    processes make the pages (``None``: one per CPU for large sites, see
    :mod:`.parallel`); the files and bytes are the same for any number.
    """
    extras = dict(EXTRA_PAGES if extra_pages is None else extra_pages)
    quads = build.quads
    # A large graph's ontology page data is read by a forked process while this one
    # builds the site (it is read from the quads, which go before the pages are made).
    terms = (
        in_background(partial(ontology_terms, quads))
        if workers != 1 and not extras and len(quads) >= BACKGROUND_FROM and can_fork()
        else None
    )
    site = Site.from_quads(quads, dict(project_themes() if themes is None else themes))
    if terms is not None:
        site.memo("ontology-terms", terms)
    del quads, terms
    nav = Nav(
        themes=tuple(
            (f"theme/{t.slug}.html", t.title_en, t.title_ja) for t in site.theme_defs.values()
        ),
        extras=TOP_PAGES
        + tuple((p.path, p.title_en, p.title_ja) for _, p in sorted(extras.items())),
        sources=source_menu(site),
        max_overview_nodes=max_overview_nodes,
    )
    kinds: dict[str, Callable[..., Any]] = {**DATA_FILES, **PAGE_KINDS}
    if workers is None:
        workers = auto_workers(page_count(kinds, site))
    if workers > 1 and not extras:
        # The pages need nothing more from the quads: let them go before the workers
        # fork (they are a third of the memory at a million triples).
        read_quads(site)
        site.release_quads()
        del build
    for path, name in ASSETS.items():
        yield path, (_STATIC / name).read_bytes()
    made: set[str] = set()
    for path, data in make_pages(kinds, site, nav, workers=workers):
        made.add(path)
        yield path, data
    for path, page in sorted(extras.items()):
        if path in made:
            continue
        body = page.render(build)
        yield path, body if isinstance(body, bytes) else body.encode("utf-8")
