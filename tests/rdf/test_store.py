"""The persistent store: built once, reopened read-only, rebuilt when the export changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from ijgraph.rdf.store import MANIFEST, ensure_store, export_path, store_info, store_is_current
from tests.helpers import ROOT

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _count(store: ox.Store) -> int:
    return int(next(iter(store.query(COUNT)))["n"].value)


@pytest.fixture()
def trig(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "ijgraph.trig"
    path.parent.mkdir()
    shutil.copy(ROOT / "exports" / "ijgraph.trig", path)
    return path


def test_store_holds_the_export(trig: Path, tmp_path: Path) -> None:
    expected = list(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    store = ensure_store(trig, tmp_path / "store")
    assert _count(store) == len(expected)
    in_memory = ox.Store()  # Oxigraph normalises some datatypes: compare store with store
    in_memory.bulk_extend(expected)
    named = {q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert named == set(in_memory)
    # The default graph is the union of the named graphs, as a set (no repeated triples).
    default = {q.triple for q in store if isinstance(q.graph_name, ox.DefaultGraph)}
    assert default == {q.triple for q in in_memory}
    total = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(next(iter(total))["n"].value) == len(default)


def test_reopen_reuses_the_store(trig: Path, tmp_path: Path) -> None:
    ensure_store(trig, tmp_path / "store")
    info = store_info(tmp_path / "store")
    assert info is not None and store_is_current(trig, tmp_path / "store")
    ensure_store(trig, tmp_path / "store")
    assert store_info(tmp_path / "store") == info


def test_changed_export_is_never_served_stale(trig: Path, tmp_path: Path) -> None:
    before = _count(ensure_store(trig, tmp_path / "store"))
    with trig.open("a", encoding="utf-8") as handle:
        handle.write('\n<urn:x:a> { <urn:x:s> <urn:x:p> "new" . }\n')
    assert not store_is_current(trig, tmp_path / "store")
    store = ensure_store(trig, tmp_path / "store")
    assert _count(store) == before + 1
    data_dirs = [p.name for p in (tmp_path / "store").iterdir() if p.name.startswith("data-")]
    assert len(data_dirs) == 1  # the old database was removed


def test_broken_manifest_means_rebuild(trig: Path, tmp_path: Path) -> None:
    expected = _count(ensure_store(trig, tmp_path / "store"))
    (tmp_path / "store" / MANIFEST).write_text("{not json", encoding="utf-8")
    assert store_info(tmp_path / "store") is None
    assert _count(ensure_store(trig, tmp_path / "store")) == expected


def test_store_is_read_only(trig: Path, tmp_path: Path) -> None:
    store = ensure_store(trig, tmp_path / "store")
    with pytest.raises(RuntimeError, match="read-write"):
        store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o")))


def test_export_path_finds_project_folder_and_file(trig: Path) -> None:
    assert export_path(ROOT) == ROOT / "exports" / "ijgraph.trig"
    assert export_path(trig.parent) == trig
    assert export_path(trig) == trig
    with pytest.raises(FileNotFoundError, match="ijgraph build"):
        export_path(trig.parent.parent)


def test_default_store_dir_of_a_file_is_beside_it(trig: Path) -> None:
    ensure_store(trig)
    assert (trig.parent / ".store" / MANIFEST).is_file()


def test_server_answers_from_the_on_disk_store(trig: Path, tmp_path: Path) -> None:
    import httpx

    from ijgraph.rdf.store import ensure_store_path
    from ijgraph.server.app import create_app
    from tests.endpoint_server import serving

    path = ensure_store_path(trig, tmp_path / "store")
    distinct = {q.triple for q in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)}
    with serving(create_app(path, workers=1)) as url:
        answer = httpx.post(
            url + "/sparql",
            data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert answer.status_code == 200
        assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) == len(distinct)
        page = httpx.get(url + "/resource/Malabar", headers={"Accept": "text/turtle"}, timeout=30)
        assert page.status_code == 200
        described = list(ox.parse(page.content, format=ox.RdfFormat.TURTLE))
        assert len(described) == len({t for t in described})  # nothing twice from the union


def test_build_store_option_writes_a_current_store(project: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    store_dir = tmp_path / "store"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ijgraph",
            "build",
            "--root",
            str(project),
            "--no-render",
            "--store",
            str(store_dir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"query store up to date: {store_dir}" in result.stdout
    assert store_is_current(project / "exports" / "ijgraph.trig", store_dir)


def test_serve_command_answers_from_a_store(project: Path, tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ijgraph",
            "serve",
            "--root",
            str(project),
            "--port",
            str(port),
            "--workers",
            "1",
            "--store",
            str(tmp_path / "store"),
            "--log-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.get(
                    f"http://127.0.0.1:{port}/sparql",
                    params={
                        "query": "ASK { ?s <https://w3id.org/ijgraph/ontology/serviceBranch> ?b }"
                    },
                    headers={"Accept": "application/sparql-results+json"},
                    timeout=5,
                )
                break
            except httpx.TransportError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "ijgraph serve did not start"
                time.sleep(0.2)
        assert answer.status_code == 200 and answer.json()["boolean"] is True
        assert store_is_current(project / "exports" / "ijgraph.trig", tmp_path / "store")
    finally:
        server.terminate()
        server.wait(30)


def test_small_exports_need_no_store(
    trig: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ijgraph.rdf import store as store_module

    assert not store_module.wants_store(trig)  # the real export is far below the threshold
    monkeypatch.setattr(store_module, "STORE_THRESHOLD_BYTES", 0)
    assert store_module.wants_store(trig)


# --- D10: a damaged store is detected and rebuilt from the export ----------------------


def _data_dir(store_dir: Path) -> Path:
    info = store_info(store_dir)
    assert info is not None
    return store_dir / info.data


def _truncate_an_sst(data: Path) -> None:
    sst = sorted(data.glob("*.sst"), key=lambda p: p.stat().st_size)[-1]
    with sst.open("r+b") as handle:
        handle.truncate(100)


def _delete_an_sst(data: Path) -> None:
    sorted(data.glob("*.sst"))[0].unlink()


def _truncate_the_manifest(data: Path) -> None:
    manifest = next(data.glob("MANIFEST-*"))
    with manifest.open("r+b") as handle:
        handle.truncate(manifest.stat().st_size // 2)


DAMAGE = {
    "truncated-sst": _truncate_an_sst,
    "deleted-sst": _delete_an_sst,
    "truncated-manifest": _truncate_the_manifest,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_store_is_rebuilt_from_the_export(
    trig: Path, tmp_path: Path, damage: str
) -> None:
    store_dir = tmp_path / "store"
    expected = _count(ensure_store(trig, store_dir))
    DAMAGE[damage](_data_dir(store_dir))
    assert not store_is_current(trig, store_dir)
    assert _count(ensure_store(trig, store_dir)) == expected
    assert store_is_current(trig, store_dir)


def test_query_and_serve_survive_a_damaged_store(trig: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    store_dir = tmp_path / "store"
    ensure_store(trig, store_dir)
    _truncate_an_sst(_data_dir(store_dir))
    out = subprocess.run(
        [sys.executable, "-m", "ijgraph", "query", "--format", "csv", COUNT],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "IJGRAPH_STORE": str(store_dir)},
        cwd=ROOT,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr and "Corruption" not in out.stderr


def test_killed_rebuilds_leave_no_staging_directories(trig: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    ensure_store(trig, store_dir)
    for i in range(3):  # as three rebuilds killed half-way would leave them
        (store_dir / f".loading-{i}").mkdir()
        (store_dir / f".loading-{i}" / "000001.sst").write_bytes(b"x" * 1000)
    ensure_store(trig, store_dir)
    assert not list(store_dir.glob(".loading-*"))
    (store_dir / ".loading-x").mkdir()
    with trig.open("a", encoding="utf-8") as handle:  # a rebuild cleans them too
        handle.write('\n<urn:x:a> { <urn:x:s> <urn:x:p> "new" . }\n')
    ensure_store(trig, store_dir)
    assert not list(store_dir.glob(".loading-*"))


def test_a_manifest_cannot_point_outside_the_store(trig: Path, tmp_path: Path) -> None:
    import json

    store_dir = tmp_path / "store"
    ensure_store(trig, store_dir)
    raw = json.loads((store_dir / MANIFEST).read_text())
    raw["data"] = "../../elsewhere"
    (store_dir / MANIFEST).write_text(json.dumps(raw))
    assert store_info(store_dir) is None
    assert _count(ensure_store(trig, store_dir)) > 0
