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
    from .namespaces import IJ, IJG, IJP, IJR
    from .nxgraph import to_networkx
    from .pipeline import build, compile_graph, load
    from .problems import DataError
    from .results import QueryResult
    from .sparql import query

__all__ = [
    "IJ",
    "IJG",
    "IJP",
    "IJR",
    "DataError",
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
    "IJ": "namespaces",
    "IJG": "namespaces",
    "IJP": "namespaces",
    "IJR": "namespaces",
    "DataError": "problems",
    "QueryResult": "results",
    "build": "pipeline",
    "compile_graph": "pipeline",
    "load": "pipeline",
    "query": "sparql",
    "to_networkx": "nxgraph",
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
