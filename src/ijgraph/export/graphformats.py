"""Graph (not RDF) exports of the networkx projection: GraphML, GEXF and CSV.

Gephi, yEd, networkx and spreadsheets read attribute values, not Python lists:
:func:`flat_graph` turns the projection of :func:`ijgraph.graph.projection.to_networkx`
into one whose attributes are strings (lists joined with ``"; "``), booleans or
integers, with one type per attribute name, ``source`` (the passage IDs) on
nodes and edges, and edges keyed ``e0``, ``e1``... in canonical order (GraphML
and GEXF want unique edge IDs). Every writer here returns bytes and is
deterministic: no timestamps, no tool versions.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("ijr:A", label="A", type="Person", sources=["L1S1", "L2S1"], aliases=[])
>>> G.add_node("ijr:B", label="B", type="Place", sources=["L1S1"], aliases=["Bee"])
>>> G.add_edge("ijr:A", "ijr:B", key="ij:location", predicate="ij:location",
...            label="location", passages=["L1S1"], quote="A at B.", background=False)
'ij:location'
>>> F = flat_graph(G)
>>> F.nodes["ijr:A"]["source"], F.nodes["ijr:B"]["aliases"]
('L1S1; L2S1', 'Bee')
>>> list(F.edges(keys=True, data="source"))
[('ijr:A', 'ijr:B', 'e0', 'L1S1')]
>>> print(to_csv(G)["edges.csv"].decode().splitlines()[1])
ijr:A,ij:location,ijr:B,L1S1,A,location,B,A at B.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

__all__ = ["SEPARATOR", "flat_graph", "to_csv", "to_gexf", "to_graphml"]

#: How list attributes (aliases, passages) are joined into one string.
SEPARATOR = "; "
#: Projection attributes renamed for export (``source`` is what users look for).
_RENAMED = {"sources": "source", "passages": "source"}
NODE_COLUMNS = ("id", "label", "type", "label_ja", "label_hi", "aliases", "description", "source")
EDGE_COLUMNS = (
    "subject",
    "predicate",
    "object",
    "source",
    "subject_label",
    "predicate_label",
    "object_label",
    "quote",
)


def _flatten(value: Any) -> Any:
    if isinstance(value, bool | int):
        return value
    if isinstance(value, list | tuple | set):
        return SEPARATOR.join(str(v) for v in value)
    return str(value)


def _unify(items: Iterable[dict[str, Any]]) -> None:
    """Give every attribute one type across all items (GraphML declares one per key)."""
    rows = list(items)
    types: dict[str, set[type]] = {}
    for attrs in rows:
        for key, value in attrs.items():
            types.setdefault(key, set()).add(type(value))
    mixed = {key for key, found in types.items() if len(found) > 1}
    for attrs in rows:
        for key in mixed & attrs.keys():
            attrs[key] = str(attrs[key])


def flat_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the projection with flat, typed attributes and unique edge keys."""
    F = nx.MultiDiGraph()
    nodes = []
    for node, data in sorted(G.nodes(data=True)):
        attrs = {_RENAMED.get(k, k): _flatten(v) for k, v in sorted(data.items()) if v is not None}
        nodes.append((node, attrs))
    edges = []
    ordered = sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], str(e[2]), e[1]))
    for index, (u, v, _, data) in enumerate(ordered):
        attrs = {
            _RENAMED.get(k, k): _flatten(val) for k, val in sorted(data.items()) if val is not None
        }
        if not attrs.get("source"):
            # Not stated by a passage: background knowledge, or the curated lexicon.
            attrs["source"] = "background" if data.get("background") else "lexicon"
        edges.append((u, v, f"e{index}", attrs))
    _unify(attrs for _, attrs in nodes)
    _unify(attrs for *_, attrs in edges)
    F.add_nodes_from(nodes)
    F.add_edges_from(edges)
    return F


def to_graphml(G: nx.MultiDiGraph) -> bytes:
    """GraphML (UTF-8) with typed ``<key>`` declarations, read by Gephi and networkx."""
    buffer = io.BytesIO()
    nx.write_graphml(flat_graph(G), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


_META = re.compile(r"<meta\b.*?</meta>", re.DOTALL)


def to_gexf(G: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 (Gephi's own format); the node label is the English label."""
    buffer = io.BytesIO()
    nx.write_gexf(flat_graph(G), buffer, encoding="utf-8", prettyprint=True)
    text = buffer.getvalue().decode("utf-8")
    # networkx stamps today's date and its version: replace them for byte-stable files.
    text = _META.sub("<meta>\n    <creator>ijgraph</creator>\n  </meta>", text, count=1)
    return text.encode("utf-8")


def _csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _cell(attrs: Mapping[str, Any], key: str) -> str:
    value = attrs.get(key, "")
    return str(value).lower() if isinstance(value, bool) else str(value)


def to_csv(G: nx.MultiDiGraph) -> dict[str, bytes]:
    """``nodes.csv`` (id, label, type, ... then every literal attribute) and ``edges.csv``
    (subject, predicate, object, source passages, labels and the source sentence)."""
    F = flat_graph(G)
    extra = sorted({k for _, d in F.nodes(data=True) for k in d} - set(NODE_COLUMNS))
    node_rows = (
        [node, *(_cell(d, c) for c in (*NODE_COLUMNS[1:], *extra))]
        for node, d in F.nodes(data=True)
    )
    labels = dict(F.nodes(data="label", default=""))
    edge_rows = (
        [
            u,
            d.get("predicate", ""),
            v,
            d.get("source", ""),
            labels[u],
            d.get("label", ""),
            labels[v],
            d.get("quote", ""),
        ]
        for u, v, d in F.edges(data=True)
    )
    return {
        "nodes.csv": _csv((*NODE_COLUMNS, *extra), node_rows),
        "edges.csv": _csv(EDGE_COLUMNS, edge_rows),
    }
