"""Documentation of the ontology: every class and property, generated from the graph.

:func:`ontology_terms` reads the ``ijg:ontology`` graph and the data (for
instance counts and examples); :func:`render_ontology_html` writes the offline
page ``exports/html/ontology.html`` with one anchor per term (``#Summit``,
``#serviceBranch``) and links to the entity pages (``entity/<Id>.html``).

>>> import ijgraph
>>> terms = {t.curie: t for t in ontology_terms(ijgraph.load())}
>>> summit = terms["ij:Summit"]
>>> summit.labels["en"], "ij:Event" in summit.parents, summit.instances >= 1
('Summit', True, True)
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ijgraph.export.jsonld import compact_iri
from ijgraph.rdf.convert import as_quads
from ijgraph.vocab.namespaces import BASE, IJG, IJR
from ijgraph.vocab.slugs import slug

__all__ = ["Term", "ontology_terms", "render_ontology_html"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_DCT = "http://purl.org/dc/terms/"
_IJ = BASE + "ontology/"
#: The kinds of term documented, in page order.
KINDS = {
    _OWL + "Class": "Class",
    _OWL + "ObjectProperty": "Object property",
    _OWL + "DatatypeProperty": "Datatype property",
    _OWL + "AnnotationProperty": "Annotation property",
}
_PLURAL = {
    "Class": "Classes",
    "Object property": "Object properties",
    "Datatype property": "Datatype properties",
    "Annotation property": "Annotation properties",
}
_PARENT = {_RDFS + "subClassOf", _RDFS + "subPropertyOf"}
MAX_EXAMPLES = 5
_ENTITY = compact_iri(str(IJR) + "x")[:-1]  # "ijr:"


@dataclass
class Term:
    """A class or property of the ontology, with how the data uses it."""

    iri: str
    kind: str
    labels: dict[str, str] = field(default_factory=dict)
    comment: str = ""
    parents: list[str] = field(default_factory=list)
    children: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    #: Classes: entities typed with it directly; properties: statements using it.
    uses: int = 0
    #: Classes: entities typed with it or one of its sub-classes.
    instances: int = 0
    #: Classes: (node, label); properties: (subject, label, object, object label).
    examples: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def curie(self) -> str:
        return compact_iri(self.iri)

    @property
    def anchor(self) -> str:
        return self.iri[len(_IJ) :] if self.iri.startswith(_IJ) else self.curie


def _value(term: Any) -> str:
    return str(term.value)


def ontology_terms(graph: Any) -> list[Term]:
    """The ontology's own terms (``ij:``), classes first, each kind sorted by name."""
    quads = as_quads(graph)
    onto = str(IJG.ontology)
    terms: dict[str, Term] = {}
    facts: list[ox.Quad] = []
    data: list[ox.Quad] = []
    for q in quads:
        g = "" if isinstance(q.graph_name, ox.DefaultGraph) else _value(q.graph_name)
        if g == onto:
            facts.append(q)
        else:
            data.append(q)
    for q in facts:
        s, p, o = _value(q.subject), _value(q.predicate), q.object
        if p == _RDF + "type" and _value(o) in KINDS and s.startswith(_IJ):
            terms[s] = Term(s, KINDS[_value(o)])
    for q in facts:
        term = terms.get(_value(q.subject))
        if term is None:
            continue
        p, o = _value(q.predicate), q.object
        if p == _RDFS + "label" and isinstance(o, ox.Literal):
            term.labels[o.language or ""] = o.value
        elif p == _RDFS + "comment" and isinstance(o, ox.Literal):
            term.comment = o.value
        elif p in _PARENT:
            term.parents.append(_value(o))
        elif p == _RDFS + "domain":
            term.domain.append(_value(o))
        elif p == _RDFS + "range":
            term.range.append(_value(o))
    for term in terms.values():
        for parent in term.parents:
            if parent in terms:
                terms[parent].children.append(term.iri)
    _count(terms, data)
    ordered = sorted(
        terms.values(),
        key=lambda t: (list(KINDS.values()).index(t.kind), t.anchor.lower(), t.anchor),
    )
    for t in ordered:
        t.parents = sorted(t.parents, key=compact_iri)
        t.children = sorted(t.children, key=compact_iri)
        t.domain = sorted(t.domain, key=compact_iri)
        t.range = sorted(t.range, key=compact_iri)
    return [_curies(t) for t in ordered]


def _curies(term: Term) -> Term:
    for name in ("parents", "children", "domain", "range"):
        setattr(term, name, [compact_iri(i) for i in getattr(term, name)])
    return term


def _count(terms: dict[str, Term], data: list[ox.Quad]) -> None:
    """Instance counts and examples from the data graphs."""
    labels: dict[str, str] = {}
    typed: dict[str, set[str]] = defaultdict(set)
    used: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for q in data:
        s, p, o = _value(q.subject), _value(q.predicate), q.object
        if p == _RDFS + "label" and isinstance(o, ox.Literal) and o.language == "en":
            labels[s] = o.value
        if p == _RDF + "type" and _value(o) in terms:
            typed[_value(o)].add(s)
        if p in terms:
            shown = o.value if isinstance(o, ox.Literal) else _value(o)
            kind = "literal" if isinstance(o, ox.Literal) else "iri"
            used[p].add((s, f"{kind}\t{shown}"))

    def with_children(iri: str, seen: set[str]) -> set[str]:
        members = set(typed.get(iri, ()))
        for child in terms[iri].children:
            if child not in seen:
                seen.add(child)
                members |= with_children(child, seen)
        return members

    def name(node: str) -> str:
        return labels.get(node, compact_iri(node))

    for iri, term in terms.items():
        if term.kind == "Class":
            members = with_children(iri, {iri})
            term.uses, term.instances = len(typed.get(iri, ())), len(members)
            chosen = sorted(members, key=lambda n: (name(n).lower(), n))[:MAX_EXAMPLES]
            term.examples = [(compact_iri(n), name(n)) for n in chosen]
        else:
            pairs = sorted(used.get(iri, ()))
            term.uses = term.instances = len(pairs)
            picked = pairs[:: max(1, len(pairs) // MAX_EXAMPLES)][:MAX_EXAMPLES]
            term.examples = [
                (compact_iri(s), name(s), *_object(value, name)) for s, value in picked
            ]


def _object(value: str, name: Any) -> tuple[str, str]:
    kind, text = value.split("\t", 1)
    return (compact_iri(text), name(text)) if kind == "iri" else ("", text)


# --- the page -----------------------------------------------------------------

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d2430;background:#f7f7f4}
header,main{max-width:62rem;margin:0 auto;padding:1rem 1.5rem}
nav a{margin-right:1rem}
section.term{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;
margin:1rem 0}
section.term:target{outline:3px solid #b33}
h3 code{font-size:.9rem;color:#555;margin-left:.5rem}
dl{display:grid;grid-template-columns:9rem 1fr;gap:.2rem .75rem;margin:.5rem 0}
dt{color:#666}
dd{margin:0}
.toc{columns:3 14rem}
.ja{color:#555}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _term_link(curie: str, own: set[str]) -> str:
    if curie in own:
        return f'<a href="#{_e(curie.split(":", 1)[1])}"><code>{_e(curie)}</code></a>'
    return f"<code>{_e(curie)}</code>"


def _entity_link(curie: str, label: str) -> str:
    if curie.startswith(_ENTITY):
        href = f"entity/{slug(curie[len(_ENTITY) :])}.html"
        return f'<a href="{_e(href)}">{_e(label)}</a>'
    return f"<code>{_e(label)}</code>"


def _section(term: Term, own: set[str]) -> str:
    links = ", ".join
    rows = [("IRI", f"<code>{_e(term.iri)}</code>")]
    if term.labels.get("ja"):
        rows.append(("Japanese", f'<span class="ja" lang="ja">{_e(term.labels["ja"])}</span>'))
    parent = "Super-classes" if term.kind == "Class" else "Super-properties"
    child = "Sub-classes" if term.kind == "Class" else "Sub-properties"
    if term.parents:
        rows.append((parent, links(_term_link(c, own) for c in term.parents)))
    if term.children:
        rows.append((child, links(_term_link(c, own) for c in term.children)))
    if term.domain:
        rows.append(("Domain", links(_term_link(c, own) for c in term.domain)))
    if term.range:
        rows.append(("Range", links(_term_link(c, own) for c in term.range)))
    if term.kind == "Class":
        rows.append(("Instances", f"{term.uses} direct, {term.instances} with sub-classes"))
        examples = [_entity_link(c, label) for c, label in term.examples]
    else:
        rows.append(("Statements", str(term.uses)))
        examples = [
            f"{_entity_link(s, sl)} → {_entity_link(o, ol) if o else _e(repr(ol))}"
            for s, sl, o, ol in term.examples
        ]
    if examples:
        rows.append(("Examples", "<br>".join(examples)))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    label = term.labels.get("en", term.anchor)
    return (
        f'<section class="term" id="{_e(term.anchor)}">'
        f"<h3>{_e(label)}<code>{_e(term.curie)}</code></h3>"
        f"<p>{_e(term.comment)}</p><dl>{body}</dl></section>"
    )


def render_ontology_html(graph: Any) -> str:
    """A self-contained page documenting the ontology, for ``exports/html/ontology.html``."""
    terms = ontology_terms(graph)
    own = {t.curie for t in terms}
    parts = []
    for kind in KINDS.values():
        group = [t for t in terms if t.kind == kind]
        if not group:
            continue
        toc = "".join(
            f'<li><a href="#{_e(t.anchor)}">{_e(t.labels.get("en", t.anchor))}</a></li>'
            for t in group
        )
        sections = "\n".join(_section(t, own) for t in group)
        slug = kind.lower().replace(" ", "-")
        parts.append(
            f'<h2 id="{slug}">{_PLURAL[kind]} ({len(group)})</h2>'
            f'<ul class="toc">{toc}</ul>\n{sections}'
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ontology · India-Japan ties</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<nav><a href="index.html">Index</a><a href="timeline.html">Timeline</a></nav>
<h1>The ijgraph ontology</h1>
<p>Namespace <code>{_e(_IJ)}</code> (prefix <code>ij:</code>). Every class and property with
its English and Japanese labels, its definition, where it sits in the hierarchy and how
often the graph uses it, with examples linking to the entity pages.</p>
</header>
<main>
{chr(10).join(parts)}
</main>
</body>
</html>
"""
