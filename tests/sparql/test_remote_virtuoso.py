"""Push to and query a real Virtuoso Open Source (Debian's package, installed by .ci/run).

Virtuoso is the store behind DBpedia and differs from Oxigraph where it matters to a
client: Digest authentication on its Graph Store endpoint, queries accepted only
form-encoded, CONSTRUCT answered in SPARQL JSON unless asked otherwise, a row cap
and an "anytime" timeout signalled only in headers. Every example query must give
the local answer. Three differences of Virtuoso's data model are normalised, and
only these: its default graph is the bag of all graphs (duplicates across graphs
count twice, and its own system graphs are in it: answers compare as sets of rows
about our IRIs), it keeps derived integer types that Oxigraph reduces to
xsd:integer, and it stores xsd:boolean as an integer (terms compare by value).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from ijgraph.cli import main
from ijgraph.sparql.remote import PushError, TruncatedResult, push, run_remote
from tests.helpers import ROOT
from tests.sparql.test_remote import CATALOG, OWN, _free_port, _local_answer

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {
    XSD + t
    for t in [
        "integer",
        "positiveInteger",
        "nonNegativeInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
}
OURS = "https://w3id.org/ijgraph/"
#: The OWN queries that look at every graph or type, restricted to ours (Virtuoso has its own).
OWN_HERE = {
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
    f'FILTER(STRSTARTS(STR(?g), "{OURS}")) }} GROUP BY ?g',
    "types": "SELECT ?t (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s a ?t } "
    f'FILTER(STRSTARTS(STR(?g), "{OURS}")) }} GROUP BY ?t',
}
#: Examples on which Virtuoso 7.2 is known to answer differently from the standard.

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 0
"""


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Virtuoso on 127.0.0.1 with a fresh database (user dba, password dba); yields its URL."""
    assert Path(VIRTUOSO).exists(), "virtuoso-t is missing: run .ci/run (apt virtuoso-opensource)"
    folder = tmp_path_factory.mktemp("virtuoso")
    http = _free_port()
    (folder / "virtuoso.ini").write_text(INI.format(d=folder, sql=_free_port(), http=http))
    proc = subprocess.Popen(
        [VIRTUOSO, "-f", "-c", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).is_success:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log = (folder / "virtuoso.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"virtuoso did not start:\n{log}")
        time.sleep(0.2)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def v_pushed(virtuoso: str, quads: list[ox.Quad]) -> str:
    """The query endpoint after pushing the real graph with Digest auth, in small chunks."""
    report = push(virtuoso + "/sparql-graph-crud-auth", quads, auth=("dba", "dba"), chunk_size=100)
    assert report.graphs == len({q.graph_name for q in quads})
    assert report.triples_sent == len(quads)
    assert report.requests > report.graphs  # some graphs needed PUT then POSTs
    return virtuoso + "/sparql"


@pytest.fixture(scope="session")
def quads() -> list[ox.Quad]:
    from ijgraph.compiler.pipeline import load_quads

    return load_quads(ROOT)


@pytest.fixture(scope="session")
def local(quads: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(quads)
    return store


def _value(term: object) -> object:
    if isinstance(term, ox.Literal):
        kind = term.datatype.value
        if kind in INTEGERS:
            return ("number", Decimal(term.value))
        if kind == XSD + "boolean":
            return ("number", Decimal(term.value in ("true", "1")))
    return term


def _normal(answer: object) -> object:
    if isinstance(answer, bool):
        return answer
    rows = set()
    for row in answer:  # type: ignore[attr-defined]
        if isinstance(row, ox.Triple):
            row = (("s", row.subject), ("p", row.predicate), ("o", row.object))
        rows.add(tuple((name, _value(term)) for name, term in row))
    return rows


def _virtuoso_answer(endpoint: str, text: str) -> object:
    result = run_remote(endpoint, text)
    if result.boolean is not None:
        return result.boolean
    if result.triples:
        return _normal(result.triples)
    return _normal(tuple(sorted(row.items())) for row in result.rows)


def _params() -> list[object]:
    out = []
    for param in CATALOG:
        name = str(param.id)  # type: ignore[attr-defined]
        text = param.values[0]  # type: ignore[attr-defined]
        if name.startswith("own-") and name[4:] in OWN_HERE:
            text = OWN_HERE[name[4:]]
        if name == "28-describe-cepa":
            continue  # DESCRIBE's answer is up to each server: see the test below
        out.append(pytest.param(text, id=name))
    return out


@pytest.mark.parametrize("text", _params())
def test_virtuoso_answers_equal_local(v_pushed: str, local: ox.Store, text: str) -> None:
    expected = _local_answer(local, text)
    if not isinstance(expected, bool):
        expected = _normal(list(expected))  # type: ignore[call-overload]
    assert _virtuoso_answer(v_pushed, text) == expected


def test_describe_gives_true_triples_about_the_resource(
    v_pushed: str, quads: list[ox.Quad]
) -> None:
    """SPARQL 1.1 (16.4) leaves DESCRIBE's answer to the server: Virtuoso picks other triples."""
    text = next(p.values[0] for p in CATALOG if p.id == "28-describe-cepa")  # type: ignore[attr-defined]
    cepa = ox.NamedNode("https://w3id.org/ijgraph/resource/CEPA")
    answer = run_remote(v_pushed, text).triples
    ours = {q.triple for q in quads}
    assert answer and all(t in ours and cepa in (t.subject, t.object) for t in answer)


def test_every_own_query_is_compared() -> None:
    assert set(OWN) >= set(OWN_HERE)


def test_the_update_endpoint_needs_digest_credentials(virtuoso: str, quads: list[ox.Quad]) -> None:
    with pytest.raises(PushError, match="HTTP 401"):
        push(virtuoso + "/sparql-graph-crud-auth", quads[:5], auth=("dba", "wrong"))
    with pytest.raises(PushError, match="HTTP 401"):
        push(virtuoso + "/sparql-graph-crud-auth", quads[:5])


def test_the_row_cap_signalled_in_headers_is_refused(v_pushed: str) -> None:
    everything = "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"  # over the 1000-row cap
    with pytest.raises(TruncatedResult, match="X-SPARQL-MaxRows: 1000"):
        run_remote(v_pushed, everything)
    partial = run_remote(v_pushed, everything, allow_partial=True)
    assert len(partial.rows) == 1000 and partial.truncated
    out = CliRunner().invoke(main, ["query", "--endpoint", v_pushed, everything])
    assert out.exit_code == 1 and "incomplete" in out.output


def test_the_anytime_timeout_signalled_in_headers_is_refused(v_pushed: str) -> None:
    slow = (
        "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
        "FILTER(STRLEN(STR(?c)) > STRLEN(STR(?f)) + STRLEN(STR(?i))) } GROUP BY ?a"
    )
    # Virtuoso's own parameter: stop after 100 ms and return what was found so far.
    with pytest.raises(TruncatedResult, match="S1TAT"):
        run_remote(v_pushed + "?timeout=100", slow, timeout=120)


def test_cli_push_and_query_against_virtuoso(virtuoso: str, v_pushed: str) -> None:
    runner = CliRunner()
    store = virtuoso + "/sparql-graph-crud-auth"
    out = runner.invoke(
        main,
        ["push", "--endpoint", store, "--auth", "dba:dba", "--root", str(ROOT), "--timeout", "300"],
    )
    assert out.exit_code == 0, out.output
    remote = runner.invoke(
        main, ["query", "--endpoint", v_pushed, "--format", "csv", "vision-pillars"]
    )
    local = runner.invoke(main, ["query", "--format", "csv", "vision-pillars"])
    assert remote.exit_code == 0 and local.exit_code == 0, remote.output
    assert len(remote.output.splitlines()) == len(local.output.splitlines()) > 1
