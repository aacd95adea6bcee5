"""Dereferenceable IRIs: what the server says about one entity, passage, graph or term.

:class:`LinkedData` indexes a pyoxigraph store once (labels, passage quotes) and
then answers, for an IRI under ``https://w3id.org/ijgraph/``:

* :meth:`LinkedData.description` -- the quads describing it (a concise bounded
  description: its own statements in every graph, the statements of the graph
  it names if it is a graph, and the passages those statements come from, with
  their verbatim quotes). Quad formats (TriG, N-Quads, JSON-LD) keep the graph
  of each statement, which is its provenance; triple formats flatten them.
* :meth:`LinkedData.view` -- an :class:`EntityView` for the HTML page: labels in
  every language, description, types, every statement with its source sentence,
  the statements that point at it, and local links to related IRIs.

Everything here is data for templates: the page template escapes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ijgraph.vocab.prefixes import BASE, PREFIXES, compact

__all__ = ["EntityView", "Link", "LinkedData", "Source", "Statement", "local_path"]

_RDF_TYPE = PREFIXES["rdf"] + "type"
_LABEL = PREFIXES["rdfs"] + "label"
_ALT = PREFIXES["skos"] + "altLabel"
_DESCRIPTION = PREFIXES["dcterms"] + "description"
_COMMENT = PREFIXES["rdfs"] + "comment"
_SOURCE = PREFIXES["dcterms"] + "source"
_ACRONYM = PREFIXES["ij"] + "acronym"
_QUOTE = PREFIXES["ij"] + "quote"
_LINE = PREFIXES["ij"] + "lineNumber"
_SOURCES_GRAPH = PREFIXES["ijg"] + "sources"
_XSD_STRING = PREFIXES["xsd"] + "string"

#: Shown in the page header rather than in the statement table.
_HEADER_PREDICATES = frozenset({_RDF_TYPE, _LABEL, _ALT, _DESCRIPTION, _COMMENT, _ACRONYM, _SOURCE})

#: The IRI kinds that the server dereferences (the first path segment after BASE).
KINDS = ("resource", "passage", "graph", "ontology", "reference")

_CURATED = {
    "lexicon": "lexicon (curated declaration)",
    "background": "background knowledge (not in the article)",
    "sources": "passage index",
    "ontology": "ontology",
}


def local_path(iri: str) -> str | None:
    """The server path of an ijgraph IRI (``/resource/Malabar``), or None for others."""
    if not iri.startswith(BASE):
        return None
    rest = iri[len(BASE) :]
    if rest == "ontology" or (rest.split("/", 1)[0] in KINDS and "/" in rest):
        return "/" + rest
    return None


def curie(iri: str) -> str:
    """``ijr:Malabar`` for a known namespace, else the IRI itself."""
    return compact(iri)


@dataclass(frozen=True)
class Link:
    """A term for display: its text, its local ``href`` (None: not linked) and IRI or datatype."""

    text: str
    href: str | None = None
    iri: str = ""
    lang: str = ""
    datatype: str = ""


@dataclass(frozen=True)
class Source:
    """Where a statement comes from: a passage (with its quote) or a curated graph."""

    name: str
    href: str | None
    quote: str = ""
    line: str = ""


@dataclass(frozen=True)
class Statement:
    subject: Link
    predicate: Link
    value: Link
    sources: tuple[Source, ...]


@dataclass
class EntityView:
    """Everything the entity page shows."""

    iri: str
    curie: str
    title: str
    labels: list[tuple[str, str]]
    alt_labels: list[str]
    descriptions: list[str]
    types: list[Link]
    statements: list[Statement]
    incoming: list[Statement]
    graph_statements: list[Statement]
    mentioned_in: list[Source]
    graph_page: str | None = None
    formats: list[tuple[str, str]] = field(default_factory=list)


def _lang_order(lang: str) -> tuple[int, str]:
    order = {"en": 0, "ja": 1, "hi": 2}
    return order.get(lang, 9), lang


def _named(store: ox.Store, s: Any, p: Any, o: Any, g: Any = None) -> Iterator[ox.Quad]:
    """Quads of the named graphs only: an on-disk store also holds their union as its
    default graph, which would repeat every statement."""
    return (
        q
        for q in store.quads_for_pattern(s, p, o, g)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    )


class LinkedData:
    """Descriptions and page views of the IRIs of one (read-only) store."""

    def __init__(self, store: ox.Store, html_dir: Path | None = None) -> None:
        # Labels and quotes are looked up when a page needs them (and remembered), so
        # that a server over a million-triple store starts at once.
        self.store = store
        self.html_dir = html_dir
        self._labels: dict[str, dict[str, str]] = {}
        self._quotes: dict[str, tuple[str, str] | None] = {}

    # --- lookups -------------------------------------------------------------------

    def is_graph(self, iri: str) -> bool:
        return bool(self.store.contains_named_graph(ox.NamedNode(iri)))

    def known(self, iri: str) -> bool:
        node = ox.NamedNode(iri)
        return (
            self.is_graph(iri)
            or next(_named(self.store, node, None, None, None), None) is not None
            or next(_named(self.store, None, None, node, None), None) is not None
        )

    def labels(self, iri: str) -> dict[str, str]:
        """The entity's labels by language tag."""
        if iri not in self._labels:
            found: dict[str, str] = {}
            for quad in _named(self.store, ox.NamedNode(iri), ox.NamedNode(_LABEL), None):
                if isinstance(quad.object, ox.Literal):
                    found[quad.object.language or ""] = quad.object.value
            self._labels[iri] = found
        return self._labels[iri]

    def quote(self, passage: str) -> tuple[str, str] | None:
        """The passage's verbatim sentence and line number, if ``passage`` is one."""
        if passage not in self._quotes:
            node, sources = ox.NamedNode(passage), ox.NamedNode(_SOURCES_GRAPH)
            text = next(
                self.store.quads_for_pattern(node, ox.NamedNode(_QUOTE), None, sources), None
            )
            line = next(
                self.store.quads_for_pattern(node, ox.NamedNode(_LINE), None, sources), None
            )
            found = None
            if text is not None and isinstance(text.object, ox.Literal):
                number = line.object if line is not None else None
                found = (text.object.value, number.value if isinstance(number, ox.Literal) else "")
            self._quotes[passage] = found
        return self._quotes[passage]

    def label(self, iri: str, lang: str = "en") -> str:
        labels = self.labels(iri)
        return labels.get(lang) or labels.get("en") or labels.get("") or curie(iri)

    def link(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Link:
        if isinstance(term, ox.NamedNode):
            return Link(self.label(term.value), local_path(term.value), term.value)
        if isinstance(term, ox.Literal):
            datatype = (
                ""
                if term.language or term.datatype.value == _XSD_STRING
                else curie(term.datatype.value)
            )
            return Link(term.value, None, "", term.language or "", datatype)
        return Link(str(term))

    def source(self, graph: str) -> Source:
        found = self.quote(graph)
        if found is not None:
            quote, line = found
            return Source(curie(graph), local_path(graph), quote, line)
        name = graph.rsplit("/", 1)[-1]
        return Source(_CURATED.get(name, curie(graph)), local_path(graph))

    def _statements(self, quads: list[ox.Quad]) -> list[Statement]:
        grouped: dict[tuple[str, str, str], list[ox.Quad]] = defaultdict(list)
        for quad in quads:
            grouped[(str(quad.subject), str(quad.predicate), str(quad.object))].append(quad)
        out = []
        for key in sorted(grouped, key=lambda k: (curie(k[1].strip("<>")), k[0], k[2])):
            group = grouped[key]
            first = group[0]
            graphs = sorted(
                {g.graph_name.value for g in group if isinstance(g.graph_name, ox.NamedNode)}
            )
            out.append(
                Statement(
                    self.link(first.subject),
                    self.link(first.predicate),
                    self.link(first.object),
                    tuple(self.source(g) for g in graphs),
                )
            )
        return out

    # --- the two answers -----------------------------------------------------------

    def description(self, iri: str) -> list[ox.Quad]:
        """The quads that describe ``iri``, with the passages they come from."""
        node = ox.NamedNode(iri)
        quads = list(_named(self.store, node, None, None, None))
        if self.is_graph(iri):
            quads.extend(_named(self.store, None, None, None, node))
        passages = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
        passages |= {
            q.object.value
            for q in quads
            if q.predicate.value == _SOURCE and isinstance(q.object, ox.NamedNode)
        }
        sources = ox.NamedNode(_SOURCES_GRAPH)
        for passage in sorted(p for p in passages if self.quote(p) is not None):
            if passage != iri:
                quads.extend(_named(self.store, ox.NamedNode(passage), None, None, sources))
        return list(dict.fromkeys(quads))

    def view(self, iri: str) -> EntityView:
        """The entity page's content (call :meth:`known` first)."""
        node = ox.NamedNode(iri)
        own = list(_named(self.store, node, None, None, None))

        def literals(predicate: str) -> list[ox.Literal]:
            found = {
                q.object
                for q in own
                if q.predicate.value == predicate and isinstance(q.object, ox.Literal)
            }
            return sorted(found, key=lambda lit: (_lang_order(lit.language or ""), lit.value))

        labels = [(lit.language or "", lit.value) for lit in literals(_LABEL)]
        types = sorted(
            {
                q.object.value
                for q in own
                if q.predicate.value == _RDF_TYPE and isinstance(q.object, ox.NamedNode)
            }
        )
        mentioned = sorted(
            {
                q.object.value
                for q in own
                if q.predicate.value == _SOURCE and isinstance(q.object, ox.NamedNode)
            }
        )
        incoming = [
            q for q in _named(self.store, None, None, node, None) if q.predicate.value != _SOURCE
        ]
        graph_quads = list(_named(self.store, None, None, None, node)) if self.is_graph(iri) else []
        name = iri.rsplit("/", 1)[-1]
        page = None
        if self.html_dir is not None and (self.html_dir / "entity" / f"{name}.html").is_file():
            page = f"/html/entity/{name}.html"
        return EntityView(
            iri=iri,
            curie=curie(iri),
            title=self.label(iri),
            labels=labels,
            alt_labels=[lit.value for lit in literals(_ALT) + literals(_ACRONYM)],
            descriptions=[
                lit.value
                for lit in literals(_DESCRIPTION) + literals(_COMMENT)
                if (lit.language or "en") == "en"
            ],
            types=[Link(self.label(t), local_path(t), t) for t in types],
            statements=self._statements(
                [q for q in own if q.predicate.value not in _HEADER_PREDICATES]
            ),
            incoming=self._statements(incoming),
            graph_statements=self._statements(graph_quads),
            mentioned_in=[self.source(p) for p in mentioned],
            graph_page=page,
        )
