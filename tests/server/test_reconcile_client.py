"""/reconcile driven by a real client of the protocol: py-reconciliation-service-api.

The client pins httpx<0.27, which the project cannot share, so `.ci/run` installs it
in an environment of its own, `.venv-reconcile-client/`; the test runs it there, in a
separate process, against a local test server (nothing else is contacted).
"""

from __future__ import annotations

import json
import subprocess

import pyoxigraph as ox
from starlette.applications import Starlette

from ijgraph.compiler.pipeline import Build
from ijgraph.server.workbench import workbench_routes
from tests.endpoint_server import serving
from tests.helpers import ROOT

CLIENT_PYTHON = ROOT / ".venv-reconcile-client" / "bin" / "python"
NAMES = ROOT / "tests" / "data" / "reconcile" / "names.csv"
MIN_CORRECT = 27

SCRIPT = """
import csv, json, sys
from py_reconciliation_service_api import build_reconciliation_service
from py_reconciliation_service_api.models.reconciliation import ReconciliationQuery

service = build_reconciliation_service(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as handle:
    rows = list(csv.DictReader(handle))
found = service.reconcile_batch([ReconciliationQuery(query=r["name"], limit=3) for r in rows])
typed = service.reconcile(ReconciliationQuery(
    query="Guardian", type="ij:MilitaryExercise",
    properties=[{"pid": "ij:serviceBranch", "v": {"id": "Army"}}]))
print(json.dumps({
    "versions": service._manifest.versions,
    "suggest": service._manifest.suggest.entity.service_path,
    "tops": [(r["expected"], f.result[0].id if f.result else None) for r, f in zip(rows, found)],
    "typed": [typed.result[0].id, [(x.id, x.value) for x in typed.result[0].features or []]],
}))
"""


def test_a_protocol_client_reconciles_the_fixture(built: Build) -> None:
    assert CLIENT_PYTHON.exists(), (
        f"{CLIENT_PYTHON} is missing: `bash .ci/run` installs the protocol client there"
    )
    store = ox.Store()
    store.bulk_extend(built.quads)
    # The workbench routes alone, with a time limit a busy machine can meet.
    app = Starlette(routes=workbench_routes(store, timeout=60.0, max_rows=10_000))
    with serving(app) as url:
        done = subprocess.run(
            [str(CLIENT_PYTHON), "-c", SCRIPT, url + "/reconcile", str(NAMES)],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["versions"] == ["0.2"]
    assert answer["suggest"] == "/suggest/entity"
    correct = sum(1 for expected, top in answer["tops"] if expected == top)
    print(f"\nprotocol client: {correct} of {len(answer['tops'])} names matched at the top")
    assert correct >= MIN_CORRECT
    assert answer["typed"][0] == "DharmaGuardian"
    assert ["property:ij:serviceBranch", True] in answer["typed"][1]
