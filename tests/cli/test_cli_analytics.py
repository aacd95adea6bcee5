"""``ijgraph export``, ``stats``, ``neighbours``, ``path`` and ``timeline``, and their bad input."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from ijgraph.cli import main
from ijgraph.compiler.pipeline import Build
from ijgraph.export.registry import EXPORTERS, export
from tests.helpers import ROOT


@pytest.fixture()
def run(built: Build, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Invoke the CLI; export on the session's build, analytics on the built graph (exports/)."""
    import ijgraph.cli.export as export_cli

    monkeypatch.setattr(export_cli, "compile_graph", lambda root=None: built)

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_export_every_format_from_the_sources(tmp_path: Path) -> None:
    """End to end, without the session build: compile, export all, read back."""
    result = CliRunner().invoke(
        main, ["export", "--root", str(ROOT), "--format", "all", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert names == {
        "ijgraph.ttl",
        "ijgraph.nt",
        "ijgraph.nq",
        "ijgraph.trig",
        "ijgraph.jsonld",
        "ijgraph.rdf",
        "ijgraph.graphml",
        "ijgraph.gexf",
        "nodes.csv",
        "edges.csv",
    }
    G = nx.read_graphml(tmp_path / "out" / "ijgraph.graphml")
    assert G.number_of_nodes() == len(
        list(
            csv.DictReader(
                io.StringIO((tmp_path / "out" / "nodes.csv").read_text(encoding="utf-8"))
            )
        )
    )


@pytest.mark.parametrize("fmt", list(EXPORTERS))
def test_export_one_format_writes_exactly_its_files(
    run,
    built: Build,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    fmt: str,
) -> None:
    result = run("export", "-f", fmt, "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    expected = export(built.quads, [fmt])
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == expected
    for name in expected:
        assert f"wrote {tmp_path / name}" in result.output


def test_export_unknown_format(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("export", "--format", "turtle", "--out", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "'turtle' is not one of" in result.output and "'ttl'" in result.output
    assert not (tmp_path / "x").exists()


def test_export_unwritable_output_dir(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run("export", "--out", str(blocker / "exports"))
    assert result.exit_code == 1
    assert f"cannot write to output directory {blocker / 'exports'}" in result.output
    assert "Traceback" not in result.output
    assert [p.name for p in tmp_path.iterdir()] == [
        "a-file"
    ] and blocker.read_text() == "not a folder"


def test_export_nothing_half_written_when_one_target_is_blocked(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "ijgraph.trig").mkdir()  # a folder where a file should go
    result = run("export", "--format", "all", "--out", str(tmp_path))
    assert result.exit_code == 1
    assert "ijgraph.trig" in result.output and "nothing was written" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["ijgraph.trig"]
    assert not any((tmp_path / "ijgraph.trig").iterdir())


def test_stats(run, built: Build) -> None:  # type: ignore[no-untyped-def]
    result = run("stats", "-n", "3")
    assert result.exit_code == 0, result.output
    G = nx.read_graphml(io.BytesIO(export(built.quads, ["graphml"])["ijgraph.graphml"]))
    assert result.output.startswith(
        f"{G.number_of_nodes()} entities, {G.number_of_edges()} relations"
    )
    for heading in (
        "Entities per class:",
        "Top 3 by degree centrality:",
        "Top 3 by betweenness centrality:",
        "Top 3 by pagerank centrality:",
        "communities (Louvain):",
    ):
        assert heading in result.output
    assert "India (ijr:India)" in result.output


def test_neighbours_by_japanese_label(run) -> None:  # type: ignore[no-untyped-def]
    result = run("neighbours", "マラバール")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Malabar (ijr:Malabar):")
    assert "→ service branch: Naval (ijr:Naval)" in result.output
    assert "article/L35S1: “Regular military exercises such as Malabar (naval)" in result.output


def test_path_explains_each_hop_with_its_sentence(run) -> None:  # type: ignore[no-untyped-def]
    result = run("path", "bodhisena", "Free and Open Indo-Pacific")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Bodhisena (ijr:Bodhisena) → Free and Open Indo-Pacific (ijr:FOIP)")
    hops = int(lines[0].rsplit(": ", 1)[1].split()[0])
    assert hops >= 1 and len(lines) == 1 + 3 * hops
    assert all("“" in line for line in lines[3::3])
    assert "752 AD" in result.output and "(FOIP)" in result.output


def test_path_unknown_entity_suggests_names(run) -> None:  # type: ignore[no-untyped-def]
    result = run("path", "Bodisena", "FOIP")
    assert result.exit_code == 1
    assert "no entity named 'Bodisena'; did you mean: Bodhisena (ijr:Bodhisena)" in result.output
    assert "Traceback" not in result.output


def test_path_without_any_link(run, built: Build, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lonely = ox.Quad(
        ox.NamedNode("https://w3id.org/ijgraph/resource/Lonely"),
        ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("https://w3id.org/ijgraph/ontology/Person"),
        ox.NamedNode("https://w3id.org/ijgraph/graph/lexicon"),
    )
    bigger = tmp_path / "bigger.nq"
    bigger.write_bytes(ox.serialize([*built.quads, lonely], format=ox.RdfFormat.N_QUADS))
    result = run("path", "--input", str(bigger), "Lonely", "India")
    assert result.exit_code == 1
    assert (
        "nothing in the graph links ijr:Lonely (ijr:Lonely) and India (ijr:India)" in result.output
    )


def test_timeline_range(run) -> None:  # type: ignore[no-untyped-def]
    result = run("timeline", "--from", "2011", "--to", "2015")
    assert result.exit_code == 0, result.output
    assert "since 2011" in result.output and "since 2015" in result.output
    assert "CEPA" in result.output and "Samvad" in result.output
    assert "752" not in result.output and "2018" not in result.output
    whole = run("timeline").output
    assert whole.index("752") < whole.index("since 1958") < whole.rindex("2025")


def test_timeline_bad_range(run) -> None:  # type: ignore[no-untyped-def]
    result = run("timeline", "--from", "2020", "--to", "2010")
    assert result.exit_code == 2 and "--from 2020 is after --to 2010" in result.output
    result = run("timeline", "--from", "soon")
    assert result.exit_code == 2 and "'soon' is not a valid integer" in result.output


def test_analytics_read_the_built_graph_not_the_sources(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """stats reads exports/ (or --input/--store), and never recompiles graph_data/."""
    broken = tmp_path / "broken.trig"
    broken.write_text("this is not TriG", encoding="utf-8")
    result = run("stats", "--input", str(broken))
    assert result.exit_code == 1 and str(broken) in result.output
    result = run("stats", "--input", str(tmp_path / "missing.trig"))
    assert result.exit_code == 1 and "no such file" in result.output
    result = run("stats", "--input", str(broken), "--store", str(tmp_path))
    assert result.exit_code == 2 and "not both" in result.output


def test_analytics_from_a_store(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--store reads an on-disk store: the same answer as the built graph."""
    store = ox.Store(str(tmp_path / "store"))
    store.bulk_load(path=str(ROOT / "exports" / "ijgraph.trig"), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    from_store = run("neighbours", "--store", str(tmp_path / "store"), "Malabar")
    assert from_store.exit_code == 0, from_store.output
    assert from_store.output == run("neighbours", "Malabar").output
