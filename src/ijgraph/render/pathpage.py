"""The offline "How are A and B linked?" page and the data its script searches.

``path.html`` holds two entity searches (English, Japanese or Hindi names, and
aliases, from the site's search index) and asks the browser for the shortest
chain of stated facts between them, as ``ijgraph path`` does
(:func:`ijgraph.graph.analytics.explain_path`): edges are walked in either
direction, and edges known only from background knowledge cost
``BACKGROUND_COST`` so that the sources' own sentences are preferred. The script
runs Dijkstra over ``assets/path-data.js``, written here: one row per edge with
its predicate labels and passages, and each passage's sentence and reader link.
"""

from __future__ import annotations

import json

from ijgraph.graph.analytics import BACKGROUND_COST
from ijgraph.render.model import Site
from ijgraph.render.templating import Nav, render_template

__all__ = ["path_data", "path_page"]

Pages = dict[str, str]


def path_data(site: Site) -> bytes:
    """``assets/path-data.js``: the graph's edges and sentences for the path page's script."""
    G = site.G
    nodes = sorted(G.nodes)
    position = {n: i for i, n in enumerate(nodes)}
    edges = []
    passages: dict[str, list[str]] = {}
    for u, v, data in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2]["predicate"])):
        if u == v:
            continue
        name = data["predicate"].split(":", 1)[-1]
        ps = list(data.get("passages", ()))
        edges.append(
            [
                position[u],
                position[v],
                data["predicate"],
                data["label"],
                site.vocab.property_label(name, "ja"),
                ps,
                1 if data.get("background") or not ps else 0,
            ]
        )
        for p in ps:
            passages[p] = [site.quotes.get(p, ""), site.sources.reader_href(p)]
    text = json.dumps(
        {
            "nodes": nodes,
            "edges": edges,
            "passages": dict(sorted(passages.items())),
            "backgroundCost": BACKGROUND_COST,
        },
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    return f"window.IJG_LINKS={text};\n".encode()


def path_page(site: Site, nav: Nav) -> Pages:
    """path.html: find how two entities are linked, offline."""
    html = render_template(
        "site_path.html",
        root="",
        kind="path",
        nav=nav,
        title_en="How are they linked?",
        title_ja="どうつながっている？",
        page_data={},
    )
    return {"path.html": html}
