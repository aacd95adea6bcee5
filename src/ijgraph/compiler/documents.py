"""Source documents: read each one described in ``sources/sources.ttl`` into passages.

A document is plain text or Markdown (``dcterms:format``), in any language. Its
content lines run from ``ij:firstContentLine`` to ``ij:lastContentLine`` (both
optional); in Markdown, headings and footnote definitions are never passages.
Every passage gets a document-scoped IRI (``passage/{name}/L{line}S{n}``, where
``{name}`` is the document's local name) and, in Markdown, links to the
references its footnote markers cite (``reference/{footnote-id}``), which the
build generates from the footnote definitions: curators never write them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from ijgraph.compiler.diagnostics import Problem
from ijgraph.compiler.passages import Passage, split_passages
from ijgraph.compiler.references import Reference, read_references
from ijgraph.vocab.namespaces import BASE, IJ, IJP, IJR

__all__ = [
    "DCT",
    "REFERENCE",
    "SourceText",
    "document_name",
    "document_quads",
    "passage_iri",
    "read_document",
    "reference_iri",
    "undefined_citations",
]

DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
#: Namespace of the references that documents cite (footnote definitions).
REFERENCE = BASE + "reference/"
MARKDOWN = "text/markdown"


@dataclass
class SourceText:
    """A source document's text, its passages (by local ID) and its references."""

    iri: URIRef
    path: Path
    text: str
    last_line: int | None
    passages: dict[str, Passage]
    first_line: int = 1
    markdown: bool = False
    language: str | None = None
    references: dict[str, Reference] = field(default_factory=dict)
    former_namespace: str | None = None

    @property
    def name(self) -> str:
        """The document's local name, which scopes its passage IRIs (``article``)."""
        return document_name(self.iri)

    def passage_iri(self, passage: Passage | str) -> URIRef:
        return passage_iri(self.name, passage if isinstance(passage, str) else passage.id)

    def line_count(self) -> int:
        return len(self.text.splitlines())


def document_name(iri: URIRef) -> str:
    """``article`` for ``ijr:article``: the part of a passage IRI that names its document."""
    text = str(iri)
    return text[len(str(IJR)) :] if text.startswith(str(IJR)) else text.rsplit("/", 1)[-1]


def passage_iri(document: str, passage: str) -> URIRef:
    """``https://w3id.org/ijgraph/passage/{document}/{passage}``."""
    return IJP[f"{document}/{passage}"]


def _int(value: Node | None) -> int | None:
    return int(value) if isinstance(value, Literal) else None


def read_document(
    doc: URIRef, values: dict[Node, Node], folder: Path, described_in: Path
) -> SourceText | Problem:
    """Read the document ``doc`` described by ``values`` (property -> value), or say why not."""
    name = values.get(IJ.fileName)
    if name is None:
        return Problem("sources", "needs ij:fileName", described_in, focus=doc)
    text_path = folder / str(name)
    try:
        text = text_path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return Problem("sources", f"cannot read {text_path}: {err}", described_in, focus=doc)
    markdown = str(values.get(URIRef(DCT + "format"), "")) == MARKDOWN
    first = _int(values.get(IJ.firstContentLine)) or 1
    last = _int(values.get(IJ.lastContentLine))
    passages = split_passages(text, last, first_line=first, markdown=markdown)
    references = {r.id: r for r in read_references(text)} if markdown else {}
    language = values.get(URIRef(DCT + "language"))
    former = values.get(IJ.formerPassageNamespace)
    return SourceText(
        doc,
        text_path,
        text,
        last,
        {p.id: p for p in passages},
        first,
        markdown,
        str(language) if language is not None else None,
        references,
        str(former) if former is not None else None,
    )


def _date(value: tuple[str, str]) -> Literal:
    return Literal(value[0], datatype=XSD[value[1]])


def reference_iri(name: str) -> URIRef:
    return URIRef(REFERENCE + name)


def _reference_quads(source: SourceText, ref: Reference) -> Iterator[tuple[Node, Node, Node]]:
    iri = reference_iri(ref.id)
    lang = source.language
    yield iri, RDF.type, URIRef(DCT + "BibliographicResource")
    yield iri, URIRef(DCT + "identifier"), Literal(ref.id)
    yield iri, URIRef(DCT + "bibliographicCitation"), Literal(ref.citation, lang=lang)
    label = ref.title or ref.description or ref.citation
    yield iri, RDFS.label, Literal(label) if ref.title else Literal(label, lang=lang)
    if ref.title:
        yield iri, URIRef(DCT + "title"), Literal(ref.title)
    if ref.description:
        yield iri, URIRef(DCT + "description"), Literal(ref.description, lang=lang)
    if ref.publisher:
        yield iri, URIRef(DCT + "publisher"), Literal(ref.publisher)
    if ref.date:
        yield iri, URIRef(DCT + "date"), _date(ref.date)
    if ref.url:
        yield iri, URIRef(SCHEMA + "url"), Literal(ref.url, datatype=XSD.anyURI)
    yield iri, URIRef(DCT + "isReferencedBy"), source.iri


def document_quads(source: SourceText, raw: bytes) -> Iterator[tuple[Node, Node, Node]]:
    """The triples the build adds for ``source``: checksum, passages, references."""
    yield source.iri, IJ.sha256, Literal(hashlib.sha256(raw).hexdigest())
    for passage in source.passages.values():
        iri = source.passage_iri(passage)
        yield iri, RDF.type, IJ.Passage
        yield iri, IJ.quote, Literal(passage.text)
        yield iri, IJ.lineNumber, Literal(passage.line, datatype=XSD.positiveInteger)
        yield iri, IJ.sentenceNumber, Literal(passage.sentence, datatype=XSD.positiveInteger)
        yield iri, URIRef(DCT + "isPartOf"), source.iri
        if source.former_namespace:
            yield iri, OWL.sameAs, URIRef(source.former_namespace + passage.id)
        for name in passage.cites:
            if name in source.references:
                yield iri, URIRef(DCT + "references"), reference_iri(name)
    for name in sorted(source.references):
        yield from _reference_quads(source, source.references[name])


def undefined_citations(source: SourceText) -> Iterator[tuple[Passage, str]]:
    """Footnote markers that no definition of the document explains."""
    for passage in source.passages.values():
        for name in passage.cites:
            if name not in source.references:
                yield passage, name
