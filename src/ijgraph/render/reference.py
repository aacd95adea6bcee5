"""The timeline and ontology pages, in the same site shell as every other page.

The data comes from :func:`ijgraph.graph.timeline.timeline` and
:func:`ijgraph.render.ontology_docs.ontology_terms`; this module only turns it
into template context (``site_timeline.html``, ``site_ontology.html``), so the
pages share the navigation, the language switch, the search, the styles and
Jinja's escaping with the rest of the site.
"""

from __future__ import annotations

from typing import Any

from ijgraph.rdf.bulk import paused_gc
from ijgraph.render.model import Site
from ijgraph.render.ontology_docs import KINDS, PLURAL, Term, entity_href, ontology_terms
from ijgraph.render.pages import source_record
from ijgraph.render.templating import Nav, render_template

__all__ = ["ontology_page", "read_quads", "timeline_page"]

Pages = dict[str, str]


def _entry(site: Site, entry: Any) -> dict[str, Any]:
    node = entry.entity
    slug = site.slugs.get(node)
    data = site.G.nodes[node] if node in site.G else {}
    sources: list[dict[str, Any]] = []
    for passage, quote in entry.sources:
        if passage == "background":
            sources.append({"background": True})
        elif passage:
            record = source_record(site, passage, "")
            record["quote"] = record["quote"] or quote
            sources.append(record)
    return {
        "year": "" if entry.year is None else str(entry.year),
        "when": entry.when,
        "href": f"entity/{slug}.html" if slug else "",
        "en": entry.label,
        "ja": data.get("label_ja", ""),
        "type": entry.type,
        "type_en": site.vocab.class_label(entry.type),
        "type_ja": site.vocab.class_label(entry.type, "ja"),
        "kind": entry.kind,
        "what": entry.what,
        "stated_as": entry.stated_as,
        "sources": sources,
        "differs": list(entry.differs),
        "undated": entry.year is None,
    }


def _timeline(site: Site) -> list[Any]:
    from ijgraph.graph.timeline import timeline

    return site.memo("timeline", lambda: timeline(site.quads, site.G))


def _terms(site: Site) -> list[Term]:
    return site.memo("ontology-terms", lambda: ontology_terms(site.quads))


def read_quads(site: Site) -> None:
    """Read from the site's quads what the timeline and ontology pages need, so that the
    quads can go before the pages are made (:meth:`Site.release_quads`)."""
    with paused_gc():  # millions of objects made, none in cycles (see paused_gc)
        _timeline(site)
        _terms(site)


def timeline_page(site: Site, nav: Nav) -> Pages:
    """timeline.html: every dated fact, oldest first, with every source that states it."""
    entries = [_entry(site, e) for e in _timeline(site)]
    years = [int(e["year"]) for e in entries if e["year"]]
    types = sorted({(e["type"], e["type_en"], e["type_ja"]) for e in entries})
    html = render_template(
        "site_timeline.html",
        root="",
        kind="timeline",
        nav=nav,
        title_en="Timeline",
        title_ja="年表",
        entries=entries,
        low=min(years) if years else 0,
        high=max(years) if years else 0,
        types=types,
        differing=sum(1 for e in entries if e["differs"]),
        page_data={},
    )
    return {"timeline.html": html}


def _link(curie: str, label: str) -> dict[str, str]:
    return {"href": entity_href(curie), "label": label, "curie": curie}


def _term(term: Term, own: set[str]) -> dict[str, Any]:
    def refs(curies: list[str]) -> list[dict[str, str]]:
        return [{"curie": c, "anchor": c.split(":", 1)[1] if c in own else ""} for c in curies]

    examples: list[dict[str, Any]]
    if term.kind == "Class":
        examples = [{"subject": _link(c, label)} for c, label in term.examples]
    else:
        examples = [
            {
                "subject": _link(s, sl),
                "object": _link(o, ol) if o else None,
                "literal": "" if o else ol,
            }
            for s, sl, o, ol in term.examples
        ]
    return {
        "anchor": term.anchor,
        "iri": term.iri,
        "curie": term.curie,
        "en": term.labels.get("en", term.anchor),
        "ja": term.labels.get("ja", ""),
        "comment": term.comment,
        "is_class": term.kind == "Class",
        "parents": refs(term.parents),
        "children": refs(term.children),
        "domain": refs(term.domain),
        "range": refs(term.range),
        "uses": term.uses,
        "instances": term.instances,
        "examples": examples,
    }


def ontology_page(site: Site, nav: Nav) -> Pages:
    """ontology.html: every class and property, with labels, hierarchy, use and examples."""
    terms = _terms(site)
    own = {t.curie for t in terms}
    groups = [
        {
            "id": kind.lower().replace(" ", "-"),
            "title": PLURAL[kind],
            "terms": [_term(t, own) for t in terms if t.kind == kind],
        }
        for kind in KINDS.values()
    ]
    html = render_template(
        "site_ontology.html",
        root="",
        kind="ontology",
        nav=nav,
        title_en="Ontology",
        title_ja="オントロジー",
        groups=[g for g in groups if g["terms"]],
        namespace=terms[0].iri.rsplit("/", 1)[0] + "/" if terms else "",
        page_data={},
    )
    return {"ontology.html": html}
