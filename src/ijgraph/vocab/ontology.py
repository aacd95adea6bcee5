"""The one reader of the ontology: labels (en/ja), comments, the class and property trees.

Every part of ijgraph that names a class or a property (the build summary, the
networkx projection, the pages, the ontology documentation) reads it through
:func:`read_ontology`, from the ``ijg:ontology`` graph of the built quads, so that
the ontology file stays the single source of truth. Terms are keyed by full IRI.

>>> import pyoxigraph as ox
>>> ij = "https://w3id.org/ijgraph/ontology/"
>>> quads = ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
>>> onto = read_ontology(quads, graph=None)
>>> onto.label(ij + "MilitaryExercise"), onto.label(ij + "MilitaryExercise", "ja")
('Military exercise', '軍事演習')
>>> onto.most_specific([ij + "Event", ij + "MilitaryExercise"]) == ij + "MilitaryExercise"
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ijgraph.vocab.prefixes import BASE, PREFIXES, graph_triples, lexical
from ijgraph.vocab.project import PACKAGE_DIR

__all__ = ["ONTOLOGY_FILE", "ONTOLOGY_GRAPH", "Ontology", "local_name", "read_ontology"]

#: The named graph that holds the ontology in the built dataset.
ONTOLOGY_GRAPH = BASE + "graph/ontology"
#: The ontology of a checkout (``ontology/ijgraph.ttl``).
ONTOLOGY_FILE = PACKAGE_DIR.parents[1] / "ontology" / "ijgraph.ttl"

_RDF, _RDFS, _OWL = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"]
_TYPE, _LABEL, _COMMENT = _RDF + "type", _RDFS + "label", _RDFS + "comment"
_PARENT = {_RDFS + "subClassOf", _RDFS + "subPropertyOf"}
_CLASS = {_OWL + "Class", _RDFS + "Class"}
_PROPERTY = {
    _OWL + "ObjectProperty",
    _OWL + "DatatypeProperty",
    _OWL + "AnnotationProperty",
    _RDF + "Property",
}


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``/`` or ``#`` (``MilitaryExercise``)."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Ontology:
    """What the ontology says about its terms (classes and properties), keyed by IRI."""

    labels: Mapping[str, Mapping[str, str]]
    comments: Mapping[str, Mapping[str, str]]
    classes: frozenset[str]
    properties: frozenset[str]
    parents: Mapping[str, tuple[str, ...]]
    #: types -> most_specific(types), kept (tens of thousands of entities share a few)
    _specific: dict[frozenset[str], str] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def label(self, iri: str, lang: str = "en") -> str:
        """The label in ``lang``, else the English one, else the local name."""
        labels = self.labels.get(iri, {})
        return labels.get(lang) or labels.get("en") or local_name(iri)

    def comment(self, iri: str, lang: str = "en") -> str:
        comments = self.comments.get(iri, {})
        return comments.get(lang) or comments.get("en", "")

    def ancestors(self, iri: str) -> set[str]:
        """Every superclass (or superproperty) of a term, transitively; cycles are safe."""
        seen: set[str] = set()
        stack = list(self.parents.get(iri, ()))
        while stack:
            parent = stack.pop()
            if parent not in seen:
                seen.add(parent)
                stack.extend(self.parents.get(parent, ()))
        return seen

    def most_specific(self, types: Iterable[str]) -> str:
        """Of several classes, the first (by IRI) that is no other's superclass."""
        key = frozenset(types)
        if key not in self._specific:
            self._specific[key] = self._most_specific(key)
        return self._specific[key]

    def _most_specific(self, types: frozenset[str]) -> str:
        given = sorted(types)
        ancestors: set[str] = set()
        for cls in given:
            ancestors |= self.ancestors(cls)
        leaves = [cls for cls in given if cls not in ancestors]
        return (leaves or given)[0]


def read_ontology(quads: Iterable[Any], graph: str | None = ONTOLOGY_GRAPH) -> Ontology:
    """Read the ontology from quads (pyoxigraph or rdflib, ``(s, p, o, g)``).

    Only the quads of ``graph`` are read (``None``: every quad, for a parsed ontology file).
    """
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    comments: dict[str, dict[str, str]] = defaultdict(dict)
    parents: dict[str, set[str]] = defaultdict(set)
    classes: set[str] = set()
    properties: set[str] = set()
    for s, p, o in graph_triples(quads, graph):
        subject, predicate, obj = lexical(s), lexical(p), lexical(o)
        if predicate == _LABEL:
            labels[subject][getattr(o, "language", None) or ""] = obj
        elif predicate == _COMMENT:
            comments[subject][getattr(o, "language", None) or ""] = obj
        elif predicate in _PARENT:
            parents[subject].add(obj)
        elif predicate == _TYPE and obj in _CLASS:
            classes.add(subject)
        elif predicate == _TYPE and obj in _PROPERTY:
            properties.add(subject)
    return Ontology(
        labels={k: dict(v) for k, v in labels.items()},
        comments={k: dict(v) for k, v in comments.items()},
        classes=frozenset(classes),
        properties=frozenset(properties),
        parents={k: tuple(sorted(v)) for k, v in parents.items()},
    )
