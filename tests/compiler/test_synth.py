"""The synthetic graph: valid under the project's shapes, deterministic, the size asked for."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from click.testing import CliRunner
from rdflib import Graph

from ijgraph.cli import main
from ijgraph.compiler.synth import SYNTH_PASSAGE, SYNTH_RESOURCE, synthesize
from ijgraph.rdf.convert import quads_to_rdflib
from ijgraph.vocab.namespaces import IJ, IJG
from tests.helpers import ROOT

SIZE = 3000


@pytest.fixture(scope="session")
def synthetic() -> list[ox.Quad]:
    return list(synthesize(SIZE, seed=11))


def _union(quads: list[ox.Quad]) -> Graph:
    graph = Graph()
    for s, p, o, _ in quads_to_rdflib(quads):
        graph.add((s, p, o))
    return graph


def test_conforms_to_the_shapes(synthetic: list[ox.Quad]) -> None:
    # The ontology is part of the synthetic graph (ijg:ontology), as in the real build.
    conforms, _, text = pyshacl.validate(
        _union(synthetic),
        shacl_graph=str(ROOT / "ontology" / "shapes.ttl"),
        shacl_graph_format="turtle",
    )
    assert conforms, text


def test_shapes_catch_a_broken_synthetic_graph(synthetic: list[ox.Quad]) -> None:
    """Control: without the Japanese labels the same validation fails."""
    broken = [
        q for q in synthetic if not (isinstance(q.object, ox.Literal) and q.object.language == "ja")
    ]
    conforms, _, _ = pyshacl.validate(
        _union(broken),
        shacl_graph=str(ROOT / "ontology" / "shapes.ttl"),
        shacl_graph_format="turtle",
    )
    assert not conforms


def test_deterministic_per_seed(synthetic: list[ox.Quad]) -> None:
    assert list(synthesize(SIZE, seed=11)) == synthetic
    assert set(synthesize(SIZE, seed=12)) != set(synthetic)


@pytest.mark.parametrize("size", [1000, SIZE, 20_000])
def test_size_is_close_to_the_request(size: int) -> None:
    quads = list(synthesize(size, seed=3))
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    assert len(triples) == len(quads)  # no triple stated twice
    assert size <= len(triples) <= size * 1.05 + 100


def test_provenance_design(synthetic: list[ox.Quad]) -> None:
    by_graph = Counter(
        q.graph_name.value for q in synthetic if isinstance(q.graph_name, ox.NamedNode)
    )
    passages = {q.subject for q in synthetic if q.predicate.value == str(IJ.quote)}
    assert passages and all(p.value.startswith(SYNTH_PASSAGE) for p in passages)
    assert all(
        q.graph_name.value == str(IJG.sources)
        for q in synthetic
        if q.predicate.value == str(IJ.quote)
    )
    # every fact graph is a passage with a quote
    fact_graphs = {g for g in by_graph if g.startswith(SYNTH_PASSAGE)}
    assert fact_graphs and fact_graphs <= {p.value for p in passages}
    entities = {q.subject.value for q in synthetic if q.graph_name.value == str(IJG.lexicon)}
    assert entities and all(e.startswith(SYNTH_RESOURCE) for e in entities)


def test_has_the_kinds_of_things_the_issue_asks_for(synthetic: list[ox.Quad]) -> None:
    types = Counter(
        q.object.value.rsplit("/", 1)[-1]
        for q in synthetic
        if q.predicate.value.endswith("#type") and q.graph_name.value == str(IJG.lexicon)
    )
    for kind in (
        "Country",
        "Summit",
        "MilitaryExercise",
        "EconomicIndicator",
        "Person",
        "Period",
        "BilateralRelationship",
    ):
        assert types[kind] > 0, kind
    assert types["Country"] > 2  # many pairs, not one


def test_cli_writes_canonical_files(tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(
        main, ["synth", "--triples", "1500", "--seed", "5", "--out", str(tmp_path / "a")]
    )
    assert first.exit_code == 0, first.output
    runner.invoke(main, ["synth", "--triples", "1500", "--seed", "5", "--out", str(tmp_path / "b")])
    for name in ("ijgraph.trig", "ijgraph.nq"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    parsed = list(ox.parse(path=str(tmp_path / "a" / "ijgraph.trig"), format=ox.RdfFormat.TRIG))
    assert set(parsed) == set(synthesize(1500, seed=5))
