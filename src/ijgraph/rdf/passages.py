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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ijgraph.vocab.prefixes import BASE, PREFIXES, graph_triples, lexical

__all__ = [
    "PASSAGE_NS",
    "SOURCES_GRAPH",
    "Passage",
    "forget_passages",
    "passage_index",
    "passage_key",
]

SOURCES_GRAPH = BASE + "graph/sources"
PASSAGE_NS = BASE + "passage/"
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


_LAST: list[tuple[Sequence[Any], int, dict[str, Passage]]] = []


def passage_index(quads: Iterable[Any]) -> dict[str, Passage]:
    """Passage IRI -> :class:`Passage`, from the ``ijg:sources`` graph (pyoxigraph or rdflib).

    The index of the last list of quads is kept (for the same, unchanged list): the
    projection, the pages and the timeline of one build read it from one pass.
    Callers must not modify the index it returns.
    """
    if isinstance(quads, list | tuple):
        if _LAST and _LAST[0][0] is quads and _LAST[0][1] == len(quads):
            return _LAST[0][2]
        index = _index(quads)
        _LAST[:] = [(quads, len(quads), index)]
        return index
    return _index(quads)


def forget_passages() -> None:
    """Drop the kept passage index (and with it its quads: see :func:`passage_index`)."""
    _LAST.clear()


def _index(quads: Iterable[Any]) -> dict[str, Passage]:
    fields: dict[str, dict[str, Any]] = {}
    for s, p, o in graph_triples(quads, SOURCES_GRAPH):
        predicate = lexical(p)
        if predicate == _QUOTE:
            fields.setdefault(lexical(s), {})["quote"] = lexical(o)
        elif predicate == _LINE:
            fields.setdefault(lexical(s), {})["line"] = int(lexical(o))
        elif predicate == _PART_OF:
            fields.setdefault(lexical(s), {})["document"] = lexical(o)
    return {iri: Passage(iri, **found) for iri, found in fields.items()}


def passage_key(iri: str) -> str:
    """The passage ID used as a string everywhere (projection, CSV, pages): ``article/L35S1``.

    >>> passage_key("https://w3id.org/ijgraph/passage/article/L35S1")
    'article/L35S1'
    """
    return iri[len(PASSAGE_NS) :] if iri.startswith(PASSAGE_NS) else iri.rsplit("/", 1)[-1]
