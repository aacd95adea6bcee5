"""ijgraph: a sourced RDF knowledge graph of India-Japan ties.

>>> import ijgraph
>>> ds = ijgraph.load()                      # the built graph (rdflib Dataset)
>>> len(ds) > 0
True
"""

from __future__ import annotations

from .build import build, compile_graph, load
from .namespaces import IJ, IJG, IJP, IJR
from .nxgraph import to_networkx
from .problems import DataError
from .query import query
from .results import QueryResult

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
