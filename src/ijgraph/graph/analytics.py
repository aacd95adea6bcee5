"""Graph analytics: pure functions on the networkx projection (a ``MultiDiGraph``).

Nodes are entities keyed ``ijr:Name`` with ``label``, ``label_ja``, ``aliases`` and
``type`` attributes; edges carry ``predicate``, ``label``, ``passages`` and
``quote`` (see :func:`ijgraph.graph.projection.to_networkx`). Nothing here reads files.

>>> G = nx.MultiDiGraph()
>>> G.add_edge("ijr:A", "ijr:B", key="ij:partOf", label="part of", passages=["L1S1"],
...            quote="A is part of B.")
'ij:partOf'
>>> G.add_edge("ijr:C", "ijr:B", key="ij:partOf", label="part of", passages=["L2S1"],
...            quote="C is part of B.")
'ij:partOf'
>>> [(h.subject, h.predicate, h.object, h.forward) for h in explain_path(G, "ijr:A", "ijr:C")]
[('ijr:A', 'ij:partOf', 'ijr:B', True), ('ijr:C', 'ij:partOf', 'ijr:B', False)]
>>> top(betweenness_centrality(G), 1)
[('ijr:B', 1.0)]
"""

from __future__ import annotations

import difflib
import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from ijgraph.errors import IjgraphError

__all__ = [
    "AmbiguousEntity",
    "GraphStats",
    "Hop",
    "UnknownEntity",
    "betweenness_centrality",
    "communities",
    "degree_centrality",
    "explain_path",
    "graph_stats",
    "labels",
    "neighbours",
    "pagerank",
    "resolve",
    "suggest",
    "top",
]

#: Finding a path, an edge stated only by background knowledge costs this many
#: sourced edges: explanations quote the article whenever the article connects them.
BACKGROUND_COST = 10.0
#: The seed for Louvain community detection (results must not change between runs).
SEED = 1958


def _undirected(G: nx.MultiDiGraph) -> nx.Graph:
    """One undirected, unweighted edge per linked pair of entities, in a fixed order."""
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes))
    U.add_edges_from(sorted({tuple(sorted((u, v))) for u, v in G.edges() if u != v}))
    return U


def degree_centrality(G: nx.MultiDiGraph) -> dict[str, float]:
    """The share of the other entities each entity is directly linked to (either way).

    >>> degree_centrality(nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")]))
    {'a': 0.5, 'b': 1.0, 'c': 0.5}
    """
    return dict(nx.degree_centrality(_undirected(G)))


def betweenness_centrality(G: nx.MultiDiGraph) -> dict[str, float]:
    """How often an entity lies on the shortest links between two others (normalised).

    >>> betweenness_centrality(nx.MultiDiGraph([("a", "b"), ("c", "b")]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    return dict(nx.betweenness_centrality(_undirected(G), normalized=True))


def pagerank(
    G: nx.MultiDiGraph, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 200
) -> dict[str, float]:
    """PageRank on the directed graph (parallel edges counted once), in pure Python.

    networkx's ``pagerank`` needs scipy; this power iteration does not. Entities
    that many others point to (countries, the relationship) rank highest.

    >>> ranks = pagerank(nx.MultiDiGraph([("a", "c"), ("b", "c")]))
    >>> max(ranks, key=ranks.get), round(sum(ranks.values()), 6)
    ('c', 1.0)
    """
    nodes = sorted(G.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    successors = {u: sorted(set(G.successors(u))) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if not successors[u]) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u in nodes:
            if successors[u]:
                share = alpha * rank[u] / len(successors[u])
                for v in successors[u]:
                    new[v] += share
        error = sum(abs(new[u] - rank[u]) for u in nodes)
        rank = new
        if error < n * tol:
            break
    return rank


def communities(G: nx.MultiDiGraph, seed: int = SEED) -> list[list[str]]:
    """Louvain communities of the undirected graph, largest first, members sorted.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"),
    ...                      ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
    >>> communities(G)
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    found = nx.community.louvain_communities(_undirected(G), seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))


def top(scores: Mapping[str, float], n: int = 10) -> list[tuple[str, float]]:
    """The ``n`` highest scores, ties broken by name.

    >>> top({"a": 0.5, "b": 0.9, "c": 0.5}, 2)
    [('b', 0.9), ('a', 0.5)]
    """
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


# --- naming entities ---------------------------------------------------------


class UnknownEntity(IjgraphError, LookupError):
    """No entity has this name; ``suggestions`` lists close ones (node IDs)."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        super().__init__(f"no entity named {name!r}")


class AmbiguousEntity(IjgraphError, LookupError):
    """Several entities have this name; ``candidates`` lists them (node IDs)."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name = name
        self.candidates = candidates
        super().__init__(f"{name!r} names {len(candidates)} entities")


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _names(G: nx.MultiDiGraph) -> list[dict[str, set[str]]]:
    """Name -> node IDs, in order of precedence: IDs, labels, then aliases."""
    ids: dict[str, set[str]] = {}
    labels: dict[str, set[str]] = {}
    aliases: dict[str, set[str]] = {}
    for node, data in G.nodes(data=True):
        for name in (node, node.split(":", 1)[-1]):
            ids.setdefault(_key(name), set()).add(node)
        for attr in ("label", "label_ja", "label_hi"):
            if data.get(attr):
                labels.setdefault(_key(data[attr]), set()).add(node)
        for alias in data.get("aliases") or []:
            aliases.setdefault(_key(alias), set()).add(node)
    return [ids, labels, aliases]


def resolve(G: nx.MultiDiGraph, name: str) -> str:
    """The node ID of the entity called ``name``: its ID (``ijr:FOIP`` or ``FOIP``), its
    English, Japanese or Hindi label, or an alias or acronym, ignoring case.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("ijr:FOIP", label="Free and Open Indo-Pacific",
    ...            label_ja="自由で開かれたインド太平洋", aliases=["FOIP"])
    >>> resolve(G, "foip"), resolve(G, "free and open indo-pacific")
    ('ijr:FOIP', 'ijr:FOIP')
    >>> resolve(G, "自由で開かれたインド太平洋")
    'ijr:FOIP'
    >>> resolve(G, "Free and Open Indo Pacific")
    Traceback (most recent call last):
    ...
    ijgraph.graph.analytics.UnknownEntity: no entity named 'Free and Open Indo Pacific'
    """
    key = _key(name)
    for table in _names(G):
        found = sorted(table.get(key, ()))
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousEntity(name, found)
    raise UnknownEntity(name, suggest(G, name))


def suggest(G: nx.MultiDiGraph, name: str, n: int = 5) -> list[str]:
    """Node IDs of entities whose names are close to ``name`` (difflib), or contain it."""
    key = _key(name)
    table: dict[str, set[str]] = {}
    for names in _names(G):
        for text, nodes in names.items():
            table.setdefault(text, set()).update(nodes)
    out: list[str] = []
    close = difflib.get_close_matches(key, sorted(table), n=n, cutoff=0.6)
    containing = sorted(t for t in table if key and len(key) >= 3 and key in t)
    for text in [*close, *containing]:
        for node in sorted(table[text]):
            if node not in out:
                out.append(node)
    return out[:n]


# --- explaining links --------------------------------------------------------


@dataclass(frozen=True)
class Hop:
    """One edge of an explanation, in the direction the graph states it."""

    subject: str
    predicate: str
    object: str
    label: str
    subject_label: str
    object_label: str
    passages: tuple[str, ...] = ()
    quote: str = ""
    #: True when the walk goes from subject to object, False when it goes against the edge.
    forward: bool = True
    background: bool = False

    def sentence(self) -> str:
        """``Malabar —service branch→ Naval``."""
        return f"{self.subject_label} —{self.label}→ {self.object_label}"


def _hop(G: nx.MultiDiGraph, u: str, v: str, key: str, forward: bool) -> Hop:
    data = G.edges[u, v, key]
    passages = tuple(data.get("passages") or ())
    return Hop(
        subject=u,
        predicate=str(data.get("predicate", key)),
        object=v,
        label=str(data.get("label", key)),
        subject_label=str(G.nodes[u].get("label", u)),
        object_label=str(G.nodes[v].get("label", v)),
        passages=passages,
        quote=str(data.get("quote", "")),
        forward=forward,
        background=bool(data.get("background", False)) or not passages,
    )


def _edges_between(G: nx.MultiDiGraph, a: str, b: str) -> list[Hop]:
    hops = [_hop(G, a, b, k, True) for k in G.get_edge_data(a, b, default={})]
    hops += [_hop(G, b, a, k, False) for k in G.get_edge_data(b, a, default={})]
    # Sourced edges first, then edges in the walking direction, then by predicate.
    return sorted(hops, key=lambda h: (h.background, not h.forward, h.predicate))


def neighbours(G: nx.MultiDiGraph, node: str) -> list[Hop]:
    """Every edge from or to ``node``: outgoing first, then incoming, by predicate."""
    hops = [_hop(G, node, v, k, True) for _, v, k in G.out_edges(node, keys=True)]
    hops += [_hop(G, u, node, k, False) for u, _, k in G.in_edges(node, keys=True)]
    return sorted(hops, key=lambda h: (not h.forward, h.predicate, h.subject, h.object))


def explain_path(G: nx.MultiDiGraph, source: str, target: str) -> list[Hop]:
    """The shortest chain of stated facts linking two entities, one :class:`Hop` per edge.

    Edges are walked in either direction (each hop says which); edges known only
    from background knowledge are avoided when the article's sentences connect the
    two entities. Raises ``networkx.NetworkXNoPath`` when nothing links them.
    """
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes))
    for u, v, data in sorted(G.edges(data=True), key=lambda e: (e[0], e[1])):
        if u == v:
            continue
        cost = 1.0 if data.get("passages") else BACKGROUND_COST
        if not U.has_edge(u, v) or U.edges[u, v]["weight"] > cost:
            U.add_edge(u, v, weight=cost)
    if source == target:
        return []
    path = nx.shortest_path(U, source, target, weight="weight")
    return [_edges_between(G, a, b)[0] for a, b in itertools.pairwise(path)]


# --- summary ----------------------------------------------------------------


@dataclass
class GraphStats:
    """What ``ijgraph stats`` reports."""

    nodes: int
    edges: int
    per_class: dict[str, int]
    centrality: dict[str, list[tuple[str, float]]]
    communities: list[list[str]]


#: The centrality measures that ``stats`` reports, by name.
CENTRALITY = {
    "degree": degree_centrality,
    "betweenness": betweenness_centrality,
    "pagerank": pagerank,
}


def graph_stats(G: nx.MultiDiGraph, n: int = 10, seed: int = SEED) -> GraphStats:
    """Counts per class, the ``n`` most central entities per measure, and communities."""
    per_class = Counter(str(d.get("type", "?")) for _, d in G.nodes(data=True))
    return GraphStats(
        nodes=G.number_of_nodes(),
        edges=G.number_of_edges(),
        per_class=dict(sorted(per_class.items(), key=lambda kv: (-kv[1], kv[0]))),
        centrality={name: top(measure(G), n) for name, measure in CENTRALITY.items()},
        communities=communities(G, seed),
    )


def labels(G: nx.MultiDiGraph, nodes: Iterable[str]) -> list[str]:
    """The English labels of ``nodes`` (their IDs when unlabelled)."""
    return [str(G.nodes[n].get("label", n)) for n in nodes]
