"""Documentation of the ontology: every class and property, generated from the graph.

:func:`ontology_terms` reads the ``ijg:ontology`` graph and the data (for
instance counts and examples); the page ``ontology.html`` is drawn from them by
:mod:`ijgraph.render.reference` with the site's template (one anchor per term,
``#Summit``, ``#serviceBranch``, and links to the entity pages).

>>> import ijgraph
>>> terms = {t.curie: t for t in ontology_terms(ijgraph.load())}
>>> summit = terms["ij:Summit"]
>>> summit.labels["en"], "ij:Event" in summit.parents, summit.instances >= 1
('Summit', True, True)
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ijgraph.rdf.convert import as_quads
from ijgraph.vocab.namespaces import BASE, IJG, IJR
from ijgraph.vocab.prefixes import compact as compact_iri
from ijgraph.vocab.slugs import slug

__all__ = ["KINDS", "PLURAL", "Term", "entity_href", "ontology_terms"]

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
PLURAL = {
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
    onto = ox.NamedNode(str(IJG.ontology))
    terms: dict[str, Term] = {}
    facts = [q for q in quads if q.graph_name == onto]
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
    _count(terms, (q for q in quads if q.graph_name != onto))
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


def _count(terms: dict[str, Term], data: Iterable[Any]) -> None:
    """Instance counts and examples from the data graphs (one pass over their quads)."""
    labels: dict[str, str] = {}
    typed: dict[str, set[str]] = defaultdict(set)
    used: dict[str, set[tuple[str, str]]] = defaultdict(set)
    label, rdf_type = _RDFS + "label", _RDF + "type"
    for q in data:
        p, o = q.predicate.value, q.object
        if p == label:
            if isinstance(o, ox.Literal) and o.language == "en":
                labels[q.subject.value] = o.value
        elif p == rdf_type:
            if o.value in terms:
                typed[o.value].add(q.subject.value)
        elif p in terms:
            kind = "literal" if isinstance(o, ox.Literal) else "iri"
            used[p].add((q.subject.value, f"{kind}\t{o.value}"))

    def with_children(iri: str, seen: set[str]) -> set[str]:
        members = set(typed.get(iri, ()))
        for child in terms[iri].children:
            if child not in seen:
                seen.add(child)
                members |= with_children(child, seen)
        return members

    names: dict[str, str] = {}

    def name(node: str) -> str:
        if node not in names:
            label = labels.get(node)
            names[node] = compact_iri(node) if label is None else label
        return names[node]

    for iri, term in terms.items():
        if term.kind == "Class":
            members = with_children(iri, {iri})
            term.uses, term.instances = len(typed.get(iri, ())), len(members)
            chosen = heapq.nsmallest(MAX_EXAMPLES, members, key=lambda n: (name(n).lower(), n))
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


def entity_href(curie: str) -> str:
    """The entity page of a ``ijr:`` CURIE, relative to the site root ('' for other terms)."""
    if curie.startswith(_ENTITY):
        return f"entity/{slug(curie[len(_ENTITY) :])}.html"
    return ""
