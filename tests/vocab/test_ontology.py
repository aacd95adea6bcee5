"""The ontology is the single source of truth: complete labels, and the Python names match it."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, SH

from ijgraph.vocab.namespaces import IJ
from tests.helpers import ROOT

ONTOLOGY = Graph().parse(ROOT / "ontology" / "ijgraph.ttl")
SHAPES = Graph().parse(ROOT / "ontology" / "shapes.ttl")
NS = str(IJ._NS)
TERMS = sorted(s for s in ONTOLOGY.subjects(RDF.type, None) if str(s).startswith(NS))


def test_python_namespace_lists_exactly_the_ontology_terms() -> None:
    declared = {str(t)[len(NS) :] for t in TERMS}
    in_python = set(IJ.__annotations__) | set(IJ._extras)
    assert in_python == declared


@pytest.mark.parametrize("term", TERMS, ids=lambda t: str(t)[len(NS) :])
def test_every_term_has_english_and_japanese_labels_and_a_comment(term) -> None:  # type: ignore[no-untyped-def]
    labels = {o.language for o in ONTOLOGY.objects(term, RDFS.label) if isinstance(o, Literal)}
    assert {"en", "ja"} <= labels
    assert any(
        o.language == "en" for o in ONTOLOGY.objects(term, RDFS.comment) if isinstance(o, Literal)
    )


def test_domain_classes_are_entities_or_sources() -> None:
    roots = {IJ.Entity, IJ.Source, IJ.SourceDocument, IJ.CuratedGraph}
    for cls in ONTOLOGY.subjects(RDF.type, OWL.Class):
        ancestors = set(ONTOLOGY.transitive_objects(cls, RDFS.subClassOf))
        assert ancestors & roots, cls


def test_properties_reuse_or_are_typed() -> None:
    for prop in ONTOLOGY.subjects(RDF.type, OWL.ObjectProperty):
        for rng in ONTOLOGY.objects(prop, RDFS.range):
            assert (rng, RDF.type, OWL.Class) in ONTOLOGY, (prop, rng)


def test_shapes_only_mention_ontology_terms() -> None:
    for obj in set(SHAPES.objects(None, SH.targetClass)) | set(SHAPES.objects(None, SH["class"])):
        if str(obj).startswith(NS):
            assert (obj, RDF.type, OWL.Class) in ONTOLOGY, obj
    for path in SHAPES.objects(None, SH.path):
        if str(path).startswith(NS):
            assert (path, None, None) in ONTOLOGY, path


def test_misspelt_term_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        _ = IJ.MilitaryExcercise
