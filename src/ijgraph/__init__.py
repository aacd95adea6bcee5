"""ijgraph: a sourced RDF knowledge graph of India-Japan ties.

The public API, imported lazily so that ``ijgraph query`` starts fast:

* :func:`build` validates ``graph_data/`` and returns an rdflib ``Dataset``;
  :func:`load` reads the built graph from ``exports/ijgraph.trig``.
* :func:`query` runs SPARQL (text, a ``.rq`` file or an example name) and
  returns a :class:`QueryResult`.
* :func:`to_networkx` projects the graph onto a networkx ``MultiDiGraph``.

>>> import ijgraph
>>> ds = ijgraph.load()
>>> len(ds) > 0
True
>>> [row["label"] for row in ijgraph.query(
...     "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
...     "SELECT ?label WHERE { <https://w3id.org/ijgraph/resource/Malabar> rdfs:label ?label "
...     "FILTER(lang(?label) = 'ja') }")]
['マラバール']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ijgraph.compiler.diagnostics import DataError
    from ijgraph.compiler.pipeline import build, compile_graph, load
    from ijgraph.errors import IjgraphError
    from ijgraph.graph.projection import to_networkx
    from ijgraph.sparql.core import query
    from ijgraph.sparql.results import QueryResult
    from ijgraph.vocab.namespaces import IJ, IJG, IJP, IJR

__all__ = [
    "IJ",
    "IJG",
    "IJP",
    "IJR",
    "DataError",
    "IjgraphError",
    "QueryResult",
    "build",
    "compile_graph",
    "load",
    "query",
    "to_networkx",
]
__version__ = "0.1.0"

#: Where each public name lives.
_API = {
    "IJ": "vocab.namespaces",
    "IJG": "vocab.namespaces",
    "IJP": "vocab.namespaces",
    "IJR": "vocab.namespaces",
    "DataError": "compiler.diagnostics",
    "IjgraphError": "errors",
    "QueryResult": "sparql.results",
    "build": "compiler.pipeline",
    "compile_graph": "compiler.pipeline",
    "load": "compiler.pipeline",
    "query": "sparql.core",
    "to_networkx": "graph.projection",
}


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'ijgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
