"""The one index of passages: what the built graph says about each sentence of a source.

The build describes every passage in the ``ijg:sources`` graph (its verbatim quote,
its line, the document it is part of). Everything that shows a fact's sentence (the
networkx projection, the pages, the timeline) reads it through :func:`passage_index`.

>>> import pyoxigraph as ox
>>> src, ij = BASE + "graph/sources", BASE + "ontology/"
>>> p = ox.NamedNode(BASE + "passage/article/L3S1")
>>> quads = [
...     ox.Quad(p, ox.NamedNode(ij + "quote"), ox.Literal("Economy"), ox.NamedNode(src)),
...     ox.Quad(p, ox.NamedNode(ij + "lineNumber"), ox.Literal("3", datatype=ox.NamedNode(
...         "http://www.w3.org/2001/XMLSchema#positiveInteger")), ox.NamedNode(src)),
... ]
>>> passage_index(quads)[p.value]
Passage(iri='https://w3id.org/ijgraph/passage/article/L3S1', quote='Economy', line=3, document='')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from ijgraph.vocab.prefixes import BASE, PREFIXES, lexical

__all__ = ["SOURCES_GRAPH", "Passage", "passage_index"]

SOURCES_GRAPH = BASE + "graph/sources"
_QUOTE = PREFIXES["ij"] + "quote"
_LINE = PREFIXES["ij"] + "lineNumber"
_PART_OF = PREFIXES["dcterms"] + "isPartOf"


@dataclass(frozen=True)
class Passage:
    """One sentence of a source document, as the built graph describes it."""

    iri: str
    quote: str = ""
    line: int | None = None
    document: str = ""


def passage_index(quads: Iterable[Any]) -> dict[str, Passage]:
    """Passage IRI -> :class:`Passage`, from the ``ijg:sources`` graph (pyoxigraph or rdflib)."""
    found: dict[str, Passage] = {}
    for quad in quads:
        s, p, o, g = (
            (quad.subject, quad.predicate, quad.object, quad.graph_name)
            if hasattr(quad, "subject")
            else quad
        )
        if lexical(getattr(g, "identifier", g)) != SOURCES_GRAPH:
            continue
        predicate = lexical(p)
        if predicate not in (_QUOTE, _LINE, _PART_OF):
            continue
        iri = lexical(s)
        passage = found.get(iri) or Passage(iri)
        if predicate == _QUOTE:
            passage = replace(passage, quote=lexical(o))
        elif predicate == _LINE:
            passage = replace(passage, line=int(lexical(o)))
        else:
            passage = replace(passage, document=lexical(o))
        found[iri] = passage
    return found
