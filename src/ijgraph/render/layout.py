"""Node positions computed in Python, so that the browser draws at once (no physics).

Two layouts, both deterministic (fixed seed, sorted input, integer output):

* :func:`spring_positions` for the overview and theme pages: networkx's
  ForceAtlas2 with hub dissuasion and strong gravity, then overlap removal. It
  is quadratic, so only the ``core`` most connected nodes are laid out by it;
  every other node is placed on a small sunflower spiral around its first
  placed neighbour (in breadth-first order), which is linear and keeps
  neighbours together.
* :func:`ego_positions` for entity pages: the entity in the centre and its
  neighbours on concentric rings (``nx.shell_layout``), grouped by family.

Coordinates are pixels at zoom 1, scaled with the node count so that labels
have room; the pages then fit the view to the drawing.

>>> G = nx.path_graph(["a", "b", "c"])
>>> spring_positions(G) == spring_positions(G)
True
>>> ego_positions("a", ["b", "c"])["a"]
(0, 0)
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence

import networkx as nx
import numpy as np

__all__ = ["SPACING", "ego_positions", "spring_positions"]

#: Roughly the distance between neighbouring nodes, in pixels at zoom 1.
SPACING = 110
#: Nodes laid out by the quadratic spring layout; the rest are placed around them.
CORE = 400
SEED = 7
#: Horizontal stretch of the force layout (labels run horizontally).
STRETCH = 1.5
#: Above this many nodes the overlap removal (quadratic memory) is skipped.
NOVERLAP_MAX = 1500
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
#: How much further each ring of an entity page is turned than the one inside it (radians).
_ROTATE = 0.35

Position = tuple[int, int]


def _simple(G: nx.Graph) -> nx.Graph:
    """An undirected simple graph with G's nodes and edges, in sorted order."""
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes))
    U.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in G.edges() if u != v))
    return U


def spring_positions(G: nx.Graph, *, core: int = CORE, seed: int = SEED) -> dict[str, Position]:
    """Positions for a whole graph or a theme: ForceAtlas2, hubs dissuaded, overlaps removed.

    The ``core`` best connected nodes are laid out together by ForceAtlas2 with
    *dissuade hubs* (``distributed_action``: a hub's attraction is shared among
    its edges, so India and Japan move to the edge of what hangs off them
    instead of sitting in a hairball's centre) and strong gravity (islands stay
    near the main component). Every other node is placed on a sunflower spiral
    around its first placed neighbour. Distances are then scaled so that the
    median nearest neighbour is ``SPACING`` apart, and overlapping nodes pushed
    apart (a small Noverlap pass).
    """
    U = _simple(G)
    n = U.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(U.nodes)): (0, 0)}
    ranked = sorted(U.nodes, key=lambda v: (-U.degree(v), v))
    # A graph of its own, not a view: a view of a small part iterates its node set,
    # whose order changes from one process to the next (string hashing).
    centre = _simple(U.subgraph(ranked[:core]))
    # Quadratic per iteration: large cores get fewer (they start from a seeded random
    # placement and settle in about a hundred).
    iterations = 300 if centre.number_of_nodes() <= 250 else 120
    laid = nx.forceatlas2_layout(
        centre, seed=seed, max_iter=iterations, distributed_action=True, strong_gravity=True
    )
    pos = {v: (float(x), float(y)) for v, (x, y) in sorted(laid.items())}
    # Labels are wide: an ellipse wider than tall fits more of them side by side
    # and matches the landscape graph box.
    pos = {v: (x * STRETCH, y) for v, (x, y) in _normalise(pos).items()}
    if len(pos) < n:
        _spread(U, pos, deque(v for v in ranked if v in pos))
        for v in ranked:  # nodes in components without a placed node
            if v not in pos:
                pos[v] = (0.0, 0.0)
                _spread(U, pos, deque([v]))
    if len(pos) <= NOVERLAP_MAX:
        pos = _noverlap(pos, SPACING * 0.35)
    return {v: (round(x), round(y)) for v, (x, y) in sorted(pos.items())}


def _normalise(pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Scale so that the median distance to the nearest neighbour is ``SPACING``."""
    names = sorted(pos)
    if len(names) < 2:
        return pos
    P = np.array([pos[v] for v in names], dtype=float)
    nearest = np.empty(len(P))
    for i in range(0, len(P), 512):  # in blocks: bounded memory for large cores
        block = P[i : i + 512]
        d = np.sqrt(((block[:, None, :] - P[None, :, :]) ** 2).sum(-1))
        d[np.arange(len(block)), np.arange(i, i + len(block))] = np.inf
        nearest[i : i + 512] = d.min(1)
    median = float(np.median(nearest)) or 1.0
    scale = SPACING / median
    return {v: (float(x) * scale, float(y) * scale) for v, (x, y) in zip(names, P, strict=True)}


def _noverlap(pos: dict[str, tuple[float, float]], radius: float) -> dict[str, tuple[float, float]]:
    """Push apart nodes closer than ``2 * radius`` (a few deterministic Noverlap rounds)."""
    names = sorted(pos)
    P = np.array([pos[v] for v in names], dtype=float)
    # Nodes at the very same point have no direction to part in: move each a hair's
    # breadth along its own angle first (deterministic, and only those nodes).
    _, inverse, counts = np.unique(P, axis=0, return_inverse=True, return_counts=True)
    shared = counts[inverse.reshape(-1)] > 1
    if shared.any():
        angle = np.arange(len(P))[shared] * _GOLDEN_ANGLE
        P[shared] += np.stack([np.cos(angle), np.sin(angle)], 1) * 1e-3
    eye = np.eye(len(P))
    for _ in range(40):
        d = P[:, None, :] - P[None, :, :]
        dist = np.sqrt((d**2).sum(-1)) + eye
        overlap = np.clip(2 * radius - dist, 0, None) * (1 - eye)
        if overlap.max() < 0.5:
            break
        P += (d / dist[..., None] * overlap[..., None] / 2).sum(1)
    return {v: (float(x), float(y)) for v, (x, y) in zip(names, P, strict=True)}


def _spread(C: nx.Graph, pos: dict[str, tuple[float, float]], queue: deque[str]) -> None:
    """Place every node not in ``pos`` on a sunflower spiral around its first placed neighbour."""
    children: dict[str, int] = {}
    while queue:
        u = queue.popleft()
        for v in sorted(C.neighbors(u)):
            if v not in pos:
                k = children.get(u, 0)
                children[u] = k + 1
                r = SPACING * 0.55 * math.sqrt(k + 1)
                a = k * _GOLDEN_ANGLE
                pos[v] = (pos[u][0] + r * math.cos(a), pos[u][1] + r * math.sin(a))
                queue.append(v)


def ego_positions(centre: str, neighbours: Sequence[str]) -> dict[str, Position]:
    """The entity at (0, 0) and its neighbours, in the given order, on concentric rings.

    Ring ``k`` holds up to about ``10 k`` nodes, evenly spaced, each ring turned a little
    further than the one inside it (as ``networkx.shell_layout`` with ``rotate``; plain
    arithmetic here: it runs once for each of tens of thousands of entity pages).
    """
    shells: list[list[str]] = [[centre]]
    rest = list(neighbours)
    ring = 1
    while rest:
        capacity = max(6, int(2 * math.pi * ring * SPACING * 1.6 / SPACING))
        shells.append(rest[:capacity])
        rest = rest[capacity:]
        ring += 1
    if len(shells) == 1:
        return {centre: (0, 0)}
    step = SPACING * 1.6
    pos: dict[str, Position] = {centre: (0, 0)}
    for k, shell in enumerate(shells[1:], start=1):
        turn = _ROTATE * (k + 1)
        for i, v in enumerate(shell):
            angle = 2 * math.pi * i / len(shell) + turn
            pos[v] = (round(step * k * math.cos(angle)), round(step * k * math.sin(angle)))
    return dict(sorted(pos.items()))
