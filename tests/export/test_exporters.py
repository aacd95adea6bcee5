"""Every exporter: golden files, round trips through independent parsers, byte stability.

Golden files live in tests/data/golden/ (made from fixture.trig there). After a
deliberate change of an export format, regenerate them with
``IJGRAPH_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_exporters.py`` and review the diff.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import random
import subprocess
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib

from ijgraph.compiler.pipeline import Build
from ijgraph.export.jsonld import CONTEXT_FILE, context
from ijgraph.export.registry import ALL, EXPORTERS, as_quads, choices, expand, export, projection
from ijgraph.vocab.namespaces import PREFIXES
from tests.helpers import GOLDEN

UPDATE = os.environ.get("IJGRAPH_UPDATE_GOLDEN") == "1"

#: RDF exporters: file, pyoxigraph format, rapper's input syntax (None: raptor cannot
#: read it), and whether the format keeps named graphs.
RDF = {
    "ttl": ("ijgraph.ttl", ox.RdfFormat.TURTLE, "turtle", False),
    "nt": ("ijgraph.nt", ox.RdfFormat.N_TRIPLES, "ntriples", False),
    "nq": ("ijgraph.nq", ox.RdfFormat.N_QUADS, "nquads", True),
    "trig": ("ijgraph.trig", ox.RdfFormat.TRIG, "trig", True),
    "rdfxml": ("ijgraph.rdf", ox.RdfFormat.RDF_XML, "rdfxml", False),
    "jsonld": ("ijgraph.jsonld", ox.RdfFormat.JSON_LD, None, True),
}
RAPPER = [name for name, spec in RDF.items() if spec[2]]


@pytest.fixture(scope="session")
def fixture_quads() -> list[ox.Quad]:
    return list(ox.parse(path=str(GOLDEN / "fixture.trig"), format=ox.RdfFormat.TRIG))


@pytest.fixture(scope="session")
def exported(built: Build) -> dict[str, bytes]:
    """Every export of the real graph, made once."""
    return export(built.quads, [ALL])


def _expected(quads: list[ox.Quad], keeps_graphs: bool) -> set[tuple[str, ...]]:
    if keeps_graphs:
        return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in quads}
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in quads}


def _parsed(data: bytes, fmt: ox.RdfFormat, keeps_graphs: bool) -> set[tuple[str, ...]]:
    if keeps_graphs:
        return _expected(list(ox.parse(data, format=fmt)), True)
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(data, format=fmt)}


def _diff(expected: bytes, actual: bytes, name: str) -> str:
    lines = difflib.unified_diff(
        expected.decode().splitlines(),
        actual.decode().splitlines(),
        f"golden/{name}",
        f"exported {name}",
        lineterm="",
        n=2,
    )
    return "\n".join(list(lines)[:80])


def test_registry_is_the_cli_choice_list() -> None:
    assert choices() == [*EXPORTERS, "all"]
    assert set(EXPORTERS) == {
        "ttl",
        "nt",
        "nq",
        "trig",
        "jsonld",
        "rdfxml",
        "graphml",
        "gexf",
        "csv",
    }
    assert expand(["csv", "all", "ttl"])[0] == "csv"
    assert sorted(expand([ALL])) == sorted(EXPORTERS)
    with pytest.raises(KeyError):
        expand(["turtle"])


@pytest.mark.parametrize("name", list(EXPORTERS))
def test_golden_files(name: str, fixture_quads: list[ox.Quad]) -> None:
    files = export(fixture_quads, [name])
    assert files
    for filename, data in files.items():
        path = GOLDEN / filename
        if UPDATE:
            path.write_bytes(data)
        assert path.exists(), f"no golden file {path}: run with IJGRAPH_UPDATE_GOLDEN=1"
        expected = path.read_bytes()
        assert data == expected, _diff(expected, data, filename)


@pytest.mark.parametrize("name", list(EXPORTERS))
def test_byte_identical_across_runs_and_input_order(
    name: str, built: Build, exported: dict[str, bytes]
) -> None:
    shuffled = list(built.quads)
    random.Random(7).shuffle(shuffled)
    again = export(shuffled, [name])
    for filename, data in again.items():
        assert data == exported[filename], f"{filename} changed between runs"


@pytest.mark.parametrize("name", list(RDF))
def test_rdf_round_trip_with_pyoxigraph(
    name: str, built: Build, exported: dict[str, bytes]
) -> None:
    filename, fmt, _, keeps_graphs = RDF[name]
    assert _parsed(exported[filename], fmt, keeps_graphs) == _expected(built.quads, keeps_graphs)


@pytest.mark.parametrize("name", RAPPER)
@pytest.mark.parametrize("which", ["real", "fixture"])
def test_rdf_parsed_by_rapper(
    name: str,
    which: str,
    built: Build,
    exported: dict[str, bytes],
    fixture_quads: list[ox.Quad],
    tmp_path: Path,
) -> None:
    """Debian's raptor reads every RDF export and finds the same statements."""
    filename, _, syntax, keeps_graphs = RDF[name]
    quads = built.quads if which == "real" else fixture_quads
    data = exported[filename] if which == "real" else export(quads, [name])[filename]
    path = tmp_path / filename
    path.write_bytes(data)
    run = subprocess.run(
        ["rapper", "-q", "-i", syntax, "-o", "nquads", str(path), "http://example.org/base"],
        capture_output=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr.decode()
    assert run.stderr == b"", run.stderr.decode()
    back = _parsed(run.stdout, ox.RdfFormat.N_QUADS, keeps_graphs)
    assert back == _expected(quads, keeps_graphs)


def test_jsonld_read_by_rdflib_as_a_dataset(built: Build, exported: dict[str, bytes]) -> None:
    ds = rdflib.Dataset()
    ds.parse(data=exported["ijgraph.jsonld"], format="json-ld")
    assert set(as_quads(ds)) == set(built.quads)


def test_jsonld_is_compact_with_the_shipped_context(exported: dict[str, bytes]) -> None:
    assert context() == PREFIXES
    assert json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"] == PREFIXES
    doc = json.loads(exported["ijgraph.jsonld"])
    assert doc["@context"] == PREFIXES
    graphs = {g["@id"]: g["@graph"] for g in doc["@graph"]}
    assert {"ijg:lexicon", "ijg:sources", "ijg:ontology", "article:L35S1"} <= graphs.keys()
    malabar = next(n for n in graphs["article:L35S1"] if n["@id"] == "ijr:Malabar")
    assert malabar["ij:serviceBranch"] == {"@id": "ijr:Naval"}
    assert "https://w3id.org/" not in json.dumps(malabar)


def _projection_counts(built: Build) -> tuple[int, int]:
    G = projection(built.quads)
    return G.number_of_nodes(), G.number_of_edges()


@pytest.mark.parametrize(
    "filename, reader",
    [
        ("ijgraph.graphml", nx.read_graphml),
        ("ijgraph.gexf", nx.read_gexf),
    ],
)
def test_graph_formats_read_back_by_networkx(
    filename: str, reader: object, built: Build, exported: dict[str, bytes]
) -> None:
    G = reader(io.BytesIO(exported[filename]))  # type: ignore[operator]
    assert (G.number_of_nodes(), G.number_of_edges()) == _projection_counts(built)
    assert G.is_directed() and G.is_multigraph()
    malabar = G.nodes["ijr:Malabar"]
    assert malabar["label"] == "Malabar"
    assert malabar["type"] == "MilitaryExercise"
    assert "article/L35S1" in malabar["source"].split("; ")
    for _, _, data in G.edges(data=True):
        assert data["label"] and ":" in data["predicate"]
        assert data["source"], data
    branches = {d["predicate"]: v for _, v, d in G.out_edges("ijr:Malabar", data=True)}
    assert branches["ij:serviceBranch"] == "ijr:Naval"


def test_csv_nodes_and_edges(built: Build, exported: dict[str, bytes]) -> None:
    nodes = list(csv.DictReader(io.StringIO(exported["nodes.csv"].decode())))
    edges = list(csv.DictReader(io.StringIO(exported["edges.csv"].decode())))
    assert (len(nodes), len(edges)) == _projection_counts(built)
    assert list(nodes[0])[:3] == ["id", "label", "type"]
    assert list(edges[0])[:4] == ["subject", "predicate", "object", "source"]
    ids = {row["id"] for row in nodes}
    assert all(row["subject"] in ids and row["object"] in ids for row in edges)
    quotes = {
        str(q.subject).strip("<>").split("/passage/", 1)[-1]: q.object.value
        for q in built.quads
        if q.predicate.value.endswith("/quote")
    }
    for row in edges:
        first = row["source"].split("; ")[0]
        assert first in ("background", "lexicon") or row["quote"] == quotes[first], row
    naval = [
        r for r in edges if (r["subject"], r["predicate"]) == ("ijr:Malabar", "ij:serviceBranch")
    ]
    assert [(r["object"], r["source"]) for r in naval] == [("ijr:Naval", "article/L35S1")]
