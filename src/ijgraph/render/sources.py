"""The source documents and their passages, read from the graph (``ijg:sources``).

A document is an ``ij:SourceDocument``; its passages are the ``ij:Passage``
resources with ``dcterms:isPartOf`` the document, ``ij:lineNumber``,
``ij:sentenceNumber`` and ``ij:quote``. Passage IRIs are never parsed for line
numbers: the graph says where a passage stands. Only lines up to the document's
``ij:lastContentLine`` become passages, so an advertisement after the content is
never shown.

A passage's *key* is its IRI after ``https://w3id.org/ijgraph/passage/``
(``L35S1`` or ``article/L35S1``); :meth:`Sources.find` also accepts the last
segment alone, as the networkx projection names passages, when it is unambiguous.

>>> from ijgraph.vocab.namespaces import IJP
>>> Sources.from_quads([]).find("L1S1") is None
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ijgraph.vocab.namespaces import BASE, IJG, IJP
from ijgraph.vocab.slugs import slug

_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

__all__ = ["Document", "PassageInfo", "Reference", "Sources"]

_IJ = BASE + "ontology/"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_DCT = "http://purl.org/dc/terms/"
#: Properties of a passage that name what it cites (a link when the object is an IRI).
CITATION_PROPERTIES = (_DCT + "references", _IJ + "cites", _DCT + "source")


@dataclass
class PassageInfo:
    """One sentence of a document."""

    iri: str
    key: str
    document: str  # the document's IRI
    line: int
    sentence: int
    quote: str
    references: list[str] = field(default_factory=list)  # IRIs the passage cites

    @property
    def anchor(self) -> str:
        """The fragment of the passage on its reader page."""
        return f"L{self.line}S{self.sentence}"


@dataclass(frozen=True)
class Reference:
    """A work a passage cites, as the pages show it: offline, its address is text, not a link."""

    iri: str
    key: str  # the last segment of its IRI: the anchor ``ref-<key>`` on a reader page
    citation_en: str  # dcterms:bibliographicCitation (or title, or the IRI itself)
    citation_ja: str

    @property
    def anchor(self) -> str:
        return f"ref-{slug(self.key)}"


@dataclass
class Document:
    """A source document and its passages in reading order."""

    iri: str
    slug: str
    label_en: str
    label_ja: str
    description: str
    file_name: str
    url: str
    passages: list[PassageInfo] = field(default_factory=list)

    @property
    def href(self) -> str:
        return f"source/{self.slug}.html"


@dataclass
class Sources:
    """Every document and passage of a graph."""

    documents: dict[str, Document]  # by IRI, sorted
    passages: dict[str, PassageInfo]  # by key, sorted
    _short: dict[str, str] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)  # by IRI

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> Sources:
        graph = ox.NamedNode(str(IJG.sources))
        props: dict[str, dict[str, list[_Term]]] = defaultdict(lambda: defaultdict(list))
        for q in quads:
            if q.graph_name == graph and isinstance(q.subject, ox.NamedNode):
                props[q.subject.value][q.predicate.value].append(q.object)

        def text(iri: str, prop: str, lang: str | None = None) -> str:
            values = [
                o.value
                for o in props[iri].get(prop, [])
                if isinstance(o, ox.Literal) and (lang is None or o.language == lang)
            ]
            return sorted(values)[0] if values else ""

        documents: dict[str, Document] = {}
        for iri in sorted(props):
            if ox.NamedNode(_IJ + "SourceDocument") in props[iri].get(_RDF_TYPE, []):
                name = iri.rstrip("/").rsplit("/", 1)[-1]
                urls = [
                    o.value
                    for o in props[iri].get(_IJ + "url", [])
                    if isinstance(o, ox.NamedNode | ox.Literal)
                ]
                documents[iri] = Document(
                    iri,
                    slug(name),
                    text(iri, _LABEL, "en") or name,
                    text(iri, _LABEL, "ja"),
                    text(iri, _DCT + "description", "en"),
                    text(iri, _IJ + "fileName"),
                    sorted(urls)[0] if urls else "",
                )
        passages: dict[str, PassageInfo] = {}
        for iri in sorted(props):
            if not iri.startswith(str(IJP)):
                continue
            parts = props[iri].get(_DCT + "isPartOf", [])
            doc = next(
                (p.value for p in parts if isinstance(p, ox.NamedNode) and p.value in documents),
                None,
            )
            line, sentence = text(iri, _IJ + "lineNumber"), text(iri, _IJ + "sentenceNumber")
            if doc is None or not line:
                continue
            refs = sorted(
                o.value
                for prop in CITATION_PROPERTIES
                for o in props[iri].get(prop, [])
                if isinstance(o, ox.NamedNode)
            )
            info = PassageInfo(
                iri,
                iri[len(str(IJP)) :],
                doc,
                int(line),
                int(sentence or 1),
                text(iri, _IJ + "quote"),
                refs,
            )
            passages[info.key] = info
        by_document: dict[str, list[PassageInfo]] = defaultdict(list)
        for info in passages.values():
            by_document[info.document].append(info)
        for document in documents.values():
            document.passages = sorted(
                by_document[document.iri], key=lambda p: (p.line, p.sentence, p.key)
            )
        short: dict[str, list[str]] = defaultdict(list)
        for key in passages:
            short[key.rsplit("/", 1)[-1]].append(key)
        unique = {s: keys[0] for s, keys in short.items() if len(keys) == 1}
        references: dict[str, Reference] = {}
        for iri in sorted({r for p in passages.values() for r in p.references}):
            citation = _DCT + "bibliographicCitation"
            en = text(iri, citation, "en") or text(iri, _DCT + "title") or iri
            references[iri] = Reference(
                iri, iri.rstrip("/").rsplit("/", 1)[-1], en, text(iri, citation, "ja") or en
            )
        return cls(documents, passages, unique, references)

    def find(self, passage: str) -> PassageInfo | None:
        """The passage named ``passage`` (a key, or its last segment when unambiguous)."""
        found = self.passages.get(passage)
        if found is None and passage in self._short:
            found = self.passages[self._short[passage]]
        return found

    def reader_href(self, passage: str, root: str = "") -> str:
        """The link to a passage's sentence in its document's reader page ('' if unknown)."""
        info = self.find(passage)
        if info is None:
            return ""
        return f"{root}{self.documents[info.document].href}#{info.anchor}"
