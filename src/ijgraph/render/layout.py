"""Node positions computed in Python, so that the browser draws at once (no physics).

Two layouts, both deterministic (fixed seed, sorted input, integer output):

* :func:`spring_positions` for the overview and theme pages: networkx's
  Fruchterman-Reingold ``spring_layout`` per connected component, the
  components then packed in rows. It is quadratic, so in a large component only
  the ``core`` most connected nodes are laid out by it; every other node is
  placed on a small sunflower spiral around its first placed neighbour (in
  breadth-first order), which is linear and keeps neighbours together.
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

__all__ = ["SPACING", "ego_positions", "spring_positions"]

#: Roughly the distance between neighbouring nodes, in pixels at zoom 1.
SPACING = 110
#: Nodes laid out by the quadratic spring layout; the rest are placed around them.
CORE = 400
SEED = 7
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

Position = tuple[int, int]


def _simple(G: nx.Graph) -> nx.Graph:
    """An undirected simple graph with G's nodes and edges, in sorted order."""
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes))
    U.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in G.edges() if u != v))
    return U


def spring_positions(G: nx.Graph, *, core: int = CORE, seed: int = SEED) -> dict[str, Position]:
    """Positions for a whole graph or a theme: each connected component laid out, then packed.

    The largest component sits at the centre; the others follow in rows below it,
    largest first, so that small islands do not push the view apart.
    """
    U = _simple(G)
    components = sorted(
        (sorted(c) for c in nx.connected_components(U)), key=lambda c: (-len(c), c[0])
    )
    boxes = [_component(U.subgraph(nodes), core, seed) for nodes in components]
    return {v: (round(x), round(y)) for v, (x, y) in sorted(_pack(boxes).items())}


def _component(C: nx.Graph, core: int, seed: int) -> dict[str, tuple[float, float]]:
    """Spring layout of one connected component (its ``core`` best connected nodes, if large)."""
    n = C.number_of_nodes()
    if n == 1:
        return {next(iter(C.nodes)): (0.0, 0.0)}
    ranked = sorted(C.nodes, key=lambda v: (-C.degree(v), v))
    centre = sorted(ranked[:core])
    # A longer ideal edge length (k) than the default spreads the leaves of hubs apart.
    # Edges to hubs pull weakly, so that what hangs off India and Japan spreads out
    # by its other ties instead of piling up around them.
    S = nx.Graph()
    S.add_nodes_from(centre)
    S.add_edges_from(
        (u, v, {"weight": 1 / math.sqrt(max(C.degree(u), C.degree(v)))})
        for u, v in sorted(C.subgraph(centre).edges())
    )
    laid = nx.spring_layout(S, seed=seed, iterations=100, k=2 / math.sqrt(len(centre)))
    # Small islands stay compact; large ones get room for their labels.
    scale = SPACING * math.sqrt(len(centre)) * min(0.65, 0.3 + len(centre) / 60)
    pos = {v: (float(x) * scale, float(y) * scale) for v, (x, y) in sorted(laid.items())}
    if len(pos) < n:
        _spread(C, pos, deque(v for v in ranked if v in pos))
    return pos


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


def _pack(boxes: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Shelf packing: the first box centred at (0, 0), the others in rows below it."""
    out: dict[str, tuple[float, float]] = {}
    if not boxes:
        return out

    def bounds(box: dict[str, tuple[float, float]]) -> tuple[float, float, float, float]:
        xs = [x for x, _ in box.values()]
        ys = [y for _, y in box.values()]
        return min(xs), min(ys), max(xs), max(ys)

    x0, _, x1, y1 = bounds(boxes[0])
    out.update(boxes[0])
    row_width = max(x1 - x0, SPACING * 8)
    left, top = x0, y1 + SPACING * 1.5
    cursor, row_height = left, 0.0
    for box in boxes[1:]:
        bx0, by0, bx1, by1 = bounds(box)
        width, height = bx1 - bx0, by1 - by0
        if cursor > left and cursor + width > left + row_width:
            cursor, top, row_height = left, top + row_height + SPACING, 0.0
        for v, (x, y) in box.items():
            out[v] = (cursor + x - bx0, top + y - by0)
        cursor += width + SPACING
        row_height = max(row_height, height)
    return out


def ego_positions(centre: str, neighbours: Sequence[str]) -> dict[str, Position]:
    """The entity at (0, 0) and its neighbours, in the given order, on concentric rings."""
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
    G = nx.Graph()
    G.add_nodes_from(n for shell in shells for n in shell)
    scale = SPACING * 1.6 * len(shells)
    laid = nx.shell_layout(G, nlist=shells, scale=scale, rotate=0.35)
    return {v: (round(float(x)), round(float(y))) for v, (x, y) in sorted(laid.items())}
