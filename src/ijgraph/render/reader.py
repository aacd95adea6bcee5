"""A reader page per source document: its text, sentence by sentence, linked to the graph.

``source/<document>.html`` shows every passage of the document (read from the
graph, see :mod:`.sources`) in reading order, one paragraph per line. Each
sentence carries an anchor (``#L35S1``) that entity pages link to, the facts its
named graph states (each end linked to its entity page), the entities that cite
it, the references it cites (as links, where the graph has them), and a visible
"uncited" mark when nothing in the graph comes from it. Lines after the
document's last content line (an advertisement) are not passages, so they are
not shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from ijgraph.render.model import Site
from ijgraph.render.pages import fragments
from ijgraph.render.parallel import Sharded
from ijgraph.render.templating import Nav, render_template

__all__ = ["MAX_MENU_SOURCES", "reader_pages", "source_menu", "sources_page"]

Pages = dict[str, str]
#: The navigation's Sources menu lists this many documents, then "All sources".
MAX_MENU_SOURCES = 10


def source_menu(site: Site) -> tuple[tuple[str, str, str], ...]:
    """The Sources menu of every page: the first documents and the list of all of them."""
    docs = list(site.sources.documents.values())
    menu = [(d.href, d.label_en, d.label_ja or d.label_en) for d in docs[:MAX_MENU_SOURCES]]
    if docs:
        n = len(docs)
        menu.append(("source/index.html", f"All sources ({n})", f"すべての出典（{n} 件）"))
    return tuple(menu)


def _index(site: Site) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[str]]]:
    """passage key -> the facts it states; passage key -> the entities that cite it."""
    facts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    cited_by: dict[str, list[str]] = defaultdict(list)
    parts = fragments(site)
    for u, v, data in sorted(
        site.G.edges(data=True), key=lambda e: (e[0], e[2]["predicate"], e[1])
    ):
        for passage in data.get("passages", ()):
            info = site.sources.find(passage)
            if info is None:
                continue
            name = data["predicate"].split(":", 1)[-1]
            facts[info.key].append(
                {
                    "subject": parts.link(u),
                    "object": parts.link(v),
                    "predicate": data["predicate"],
                    "name": parts.name(data["label"], site.vocab.property_label(name, "ja")),
                }
            )
    for node, data in sorted(site.G.nodes(data=True)):
        for passage in data.get("sources", ()):
            info = site.sources.find(passage)
            if info is not None:
                cited_by[info.key].append(node)
    return facts, cited_by


def _documents(site: Site) -> list[str]:
    return list(site.sources.documents)


def _reader_index(site: Site) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[str]]]:
    return site.memo("reader-index", lambda: _index(site))


def _cited(site: Site, key: str) -> bool:
    facts, cited_by = _reader_index(site)
    return bool(facts.get(key) or cited_by.get(key))


def _reader_pages(site: Site, nav: Nav, documents: Sequence[str]) -> Iterator[tuple[str, str]]:
    """source/<slug>.html for each of ``documents`` (their IRIs)."""
    facts, cited_by = _reader_index(site)
    parts = fragments(site)
    for iri in documents:
        doc = site.sources.documents[iri]
        paragraphs: list[dict[str, Any]] = []
        cited = 0
        # References are numbered in order of first citation and listed at the end of the
        # page: a marker links to its entry there (the page works offline, so a cited
        # work's address is shown as text, never fetched or linked).
        numbers: dict[str, int] = {}
        for p in doc.passages:
            for r in p.references:
                numbers.setdefault(r, len(numbers) + 1)
        for p in doc.passages:
            mentions = sorted(cited_by.get(p.key, []), key=lambda n: site.G.nodes[n]["label"])
            row: dict[str, Any] = {
                "anchor": p.anchor,
                "key": p.key,
                "quote": p.quote,
                "references": [
                    {"n": numbers[r], "anchor": site.sources.references[r].anchor}
                    for r in p.references
                ],
                "facts": facts.get(p.key, []),
                "mentions": [parts.link(n) for n in mentions],
                "cited": _cited(site, p.key),
            }
            cited += row["cited"]
            if not paragraphs or paragraphs[-1]["line"] != p.line:
                paragraphs.append({"line": p.line, "sentences": []})
            paragraphs[-1]["sentences"].append(row)
        yield (
            doc.href,
            render_template(
                "site_reader.html",
                root="../",
                kind="reader",
                nav=nav,
                title_en=doc.label_en,
                title_ja=doc.label_ja or doc.label_en,
                doc=doc,
                paragraphs=paragraphs,
                references=[
                    {"n": n, "ref": site.sources.references[r]}
                    for r, n in sorted(numbers.items(), key=lambda kv: kv[1])
                ],
                counts={"sentences": len(doc.passages), "cited": cited},
                page_data={},
            ),
        )


#: A reader page per source document; made in parts at scale.
reader_pages = Sharded(_documents, _reader_pages)


def sources_page(site: Site, nav: Nav) -> Pages:
    """source/index.html: every source document, with how many of its sentences are cited."""
    listing = [
        {
            "href": doc.href.split("/", 1)[1],
            "doc": doc,
            "sentences": len(doc.passages),
            "cited": sum(1 for p in doc.passages if _cited(site, p.key)),
        }
        for doc in site.sources.documents.values()
    ]
    if not listing:
        return {}
    html = render_template(
        "site_sources.html",
        root="../",
        kind="sources",
        nav=nav,
        title_en="Sources",
        title_ja="出典",
        documents=listing,
        page_data={},
    )
    return {"source/index.html": html}
