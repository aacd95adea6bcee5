"""Bundle the built graph into the wheel, so that an installed ijgraph works anywhere.

The build step copies the ontology and the committed export (``exports/ijgraph.trig``)
into ``ijgraph/_bundle/`` of the wheel; :mod:`ijgraph.vocab.project` falls back to it
when no checkout is found. Everything else is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = [
    "ontology/ijgraph.ttl",
    "ontology/shapes.ttl",
    "graph_data/themes.ttl",
    "exports/ijgraph.trig",
]


class BuildWithGraph(build_py):
    """``build_py`` plus the built graph, copied into the package's ``_bundle/`` folder."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout itself
            return
        target = Path(self.build_lib) / "ijgraph" / "_bundle"
        for name in BUNDLED:
            source = HERE / name
            if not source.is_file():
                raise SystemExit(f"{source} is missing: run `ijgraph build` before building a wheel")
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / name)


setup(cmdclass={"build_py": BuildWithGraph})
