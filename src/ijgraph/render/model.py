"""What the pages show, computed once per render: the graph, its vocabulary, quotes, slugs.

:class:`Site` wraps the networkx projection of the graph (``to_networkx``)
with what the pages need around it, and turns any subgraph into the node and
edge records that the browser draws (:meth:`Site.network`, a pyvis ``Network``).

>>> slug("FY2022-23"), slug("Tōdai-ji"), slug("a_b")
('FY2022-23', 'T_C5_8Ddai-ji', 'a_5Fb')
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol, TypeVar

import networkx as nx
import pyoxigraph as ox
from pyvis.network import Network

from ijgraph.graph.projection import forget_projection, projection
from ijgraph.rdf.bulk import paused_gc
from ijgraph.rdf.passages import forget_passages, passage_index, passage_key
from ijgraph.render.sources import Sources
from ijgraph.render.style import Vocabulary, vis_groups, vocabulary
from ijgraph.render.themes import Theme, stated_entities, theme_members
from ijgraph.vocab.slugs import slug

T = TypeVar("T")

__all__ = ["HasQuads", "Site", "induced_edges", "node_record", "slug"]

#: Node attributes that are not facts to list (they are shown elsewhere or internal).
_NOT_FACTS = frozenset(
    {
        "iri",
        "type",
        "types",
        "label",
        "label_ja",
        "label_hi",
        "aliases",
        "description",
        "sources",
    }
)


class HasQuads(Protocol):
    """Anything with the graph's quads: a ``Build`` or a stand-in."""

    quads: list[ox.Quad]


def _fact_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_fact_text(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@dataclass
class Site:
    """The graph and everything around it that the pages need."""

    G: nx.MultiDiGraph
    vocab: Vocabulary
    quotes: dict[str, str]  # passage ID -> verbatim sentence
    slugs: dict[str, str] = field(default_factory=dict)
    families: dict[str, str] = field(default_factory=dict)
    themes: dict[str, set[str]] = field(default_factory=dict)
    theme_defs: dict[str, Theme] = field(default_factory=dict)
    sources: Sources = field(default_factory=lambda: Sources({}, {}))
    quads: Sequence[ox.Quad] = ()
    degree: dict[str, int] = field(default_factory=dict)  # number of relations, computed once
    stated: dict[str, set[str]] = field(default_factory=dict)  # passage -> entities it states
    #: node -> its record for the browser without position and size (node_record), made once
    records: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def release_quads(self) -> None:
        """Let go of the quads (what the pages read from them must be in :meth:`memo`
        already): a large site's forked workers then do not share a copy of them."""
        self.quads = ()
        forget_projection()
        forget_passages()

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """``make()``, made once per site (indexes and fragments that several pages share)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    @classmethod
    def from_quads(cls, quads: Sequence[ox.Quad], themes: dict[str, Theme] | None = None) -> Site:
        with paused_gc():
            return cls._from_quads(quads, themes)

    @classmethod
    def _from_quads(cls, quads: Sequence[ox.Quad], themes: dict[str, Theme] | None) -> Site:
        G = projection(quads)
        vocab = vocabulary(quads)
        quotes = {passage_key(p.iri): p.quote for p in passage_index(quads).values() if p.quote}
        site = cls(G, vocab, dict(sorted(quotes.items())))
        site.slugs = {n: slug(n.split(":", 1)[-1]) for n in sorted(G.nodes)}
        site.degree = {n: int(d) for n, d in G.degree()}
        site.families = {n: vocab.family(G.nodes[n]["type"]) for n in sorted(G.nodes)}
        site.theme_defs = dict(themes or {})
        site.stated = stated_entities(G) if site.theme_defs else {}
        site.themes = {
            key: theme_members(G, theme, site.stated) for key, theme in site.theme_defs.items()
        }
        site.sources = Sources.from_quads(quads)
        site.quads = quads
        return site

    # --- records for the browser --------------------------------------------------

    def facts(self, node: str) -> list[tuple[str, str, str]]:
        """The node's literal facts as (English label, Japanese label, text), sorted by name."""
        data = self.G.nodes[node]
        return [
            (self.vocab.property_label(k), self.vocab.property_label(k, "ja"), _fact_text(v))
            for k, v in sorted(data.items())
            if k not in _NOT_FACTS
        ]

    def node_themes(self, node: str) -> list[Theme]:
        return [self.theme_defs[k] for k, members in self.themes.items() if node in members]

    def network(
        self,
        nodes: Iterable[str],
        positions: dict[str, tuple[int, int]],
        *,
        centre: str | None = None,
        edges: list[tuple[str, str, Any]] | None = None,
    ) -> Network:
        """A pyvis Network of the subgraph induced by ``nodes``, placed at ``positions``.

        Node sizes follow the number of relations, or, with a ``centre``, single
        out that node. ``edges`` are :func:`induced_edges` of ``nodes`` when the caller has
        them. The node and edge lists are filled directly (pyvis's ``add_edge`` checks
        every earlier edge, which is quadratic) and sorted, so the same graph
        always gives the same page.
        """
        keep = sorted(set(nodes))
        sub_edges = induced_edges(self.G, keep) if edges is None else edges
        if centre is None:
            size = node_sizes({n: self.degree[n] for n in keep}, 10, 40)
        else:
            # One entity in the middle: a modest size cue.
            size = node_sizes({n: 4 if n == centre else 1 for n in keep}, 12, 28)
        net = copy.copy(_empty_network())
        # Label priority: the label grid of the page shows labels in this order.
        ranked = sorted(keep, key=lambda n: (n != centre, -self.degree[n], n))
        rank = {n: i for i, n in enumerate(ranked)}
        net.nodes = [node_record(self, n, positions[n], size[n]) | {"r": rank[n]} for n in keep]
        net.node_ids = list(keep)
        net.node_map = {record["id"]: record for record in net.nodes}
        pairs: dict[frozenset[str], int] = {}
        for u, v, _ in sub_edges:
            key = frozenset((u, v))
            pairs[key] = pairs.get(key, 0) + 1
        seen: dict[frozenset[str], int] = {}
        records = []
        # Edges of hubs are drawn lighter, so that the structure around them shows.
        degrees = sorted((self.degree[n] for n in keep), reverse=True)
        hub_degree = max(12, degrees[max(0, len(degrees) // 50)] if degrees else 0)
        hubs = {n for n in keep if self.degree[n] >= hub_degree and n != centre}
        for i, (u, v, data) in enumerate(sorted(sub_edges, key=_edge_order)):
            key = frozenset((u, v))
            record: dict[str, Any] = {
                "id": f"e{i}",
                "from": u,
                "to": v,
                "label": data["label"],
                "lj": self.vocab.property_label(data["predicate"].split(":", 1)[-1], "ja"),
                "p": data["predicate"],
                "ps": list(data.get("passages", [])),
                "bg": bool(data.get("background")),
            }
            if u in hubs or v in hubs:
                record["color"] = {"opacity": 0.3}
            if pairs[key] > 1 or u == v:
                # Parallel edges (and both directions) bend apart instead of overlapping.
                k = seen.get(key, 0)
                seen[key] = k + 1
                record["smooth"] = {
                    "enabled": True,
                    "type": "curvedCW",
                    "roundness": 0.15 + 0.2 * k,
                }
            records.append(record)
        net.edges = records
        net.options = self.options(self.families[n] for n in keep)
        net.options["interaction"]["hideEdgesOnDrag"] = len(records) > 2000
        return net

    def options(self, families: Iterable[str]) -> dict[str, Any]:
        """vis-network options: physics off, positions as given, styles per family."""
        font = "system-ui, 'Noto Sans', 'Noto Sans CJK JP', 'Noto Sans Devanagari', sans-serif"
        return {
            "autoResize": True,
            "physics": {"enabled": False},
            "layout": {"improvedLayout": False, "randomSeed": 1},
            "interaction": {
                "hover": True,
                "tooltipDelay": 120,
                "hideEdgesOnDrag": False,
                "keyboard": False,
                "multiselect": False,
            },
            "nodes": {
                "borderWidth": 1,
                "font": {
                    "face": font,
                    "size": 14,
                    "color": "#1b1f24",
                    "strokeWidth": 3,
                    "strokeColor": "#ffffff",
                },
                # Sizes come precomputed (node_sizes); labels keep one screen size at
                # every zoom: the page's label grid (assets/site-labels.js) shows only those
                # that fit, most important first.
                "scaling": {"label": {"enabled": False}},
            },
            "edges": {
                "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                "color": {
                    "color": "#9aa5b1",
                    "highlight": "#1f4e79",
                    "hover": "#1f4e79",
                    "inherit": False,
                },
                "width": 1,
                "hoverWidth": 0.5,
                "selectionWidth": 1.5,
                "smooth": False,
                "font": {
                    "face": font,
                    "size": 10,
                    "color": "#4a5560",
                    "strokeWidth": 3,
                    "strokeColor": "#ffffff",
                    "align": "middle",
                },
                "scaling": {"label": {"enabled": True, "drawThreshold": 10}},
            },
            "groups": vis_groups(families),
        }


@cache
def _empty_network() -> Network:
    """The Network every page's graph starts from (copied: pyvis builds a large options
    object in its constructor, which the page replaces anyway)."""
    return Network(height="100%", width="100%", directed=True, cdn_resources="remote")


def induced_edges(G: nx.MultiDiGraph, nodes: Iterable[str]) -> list[tuple[str, str, Any]]:
    """The edges (u, v, data) among ``nodes``: faster than a subgraph view for small sets."""
    keep = set(nodes)
    return [(u, v, d) for u, v, d in G.out_edges(sorted(keep), data=True) if v in keep]


def _edge_order(edge: tuple[str, str, dict[str, Any]]) -> tuple[str, str, str]:
    u, v, data = edge
    return (u, v, data["predicate"])


def node_sizes(values: dict[str, int], low: float, high: float) -> dict[str, float]:
    """Node radii from ``low`` to ``high`` in proportion to ``values``: vis-network's own
    ``value`` scaling, done here once (in the browser it costs a pass over every node)."""
    least, most = min(values.values(), default=0), max(values.values(), default=0)
    if most == least:
        return {n: round((low + high) / 2, 2) for n in values}
    return {
        n: round(low + (v - least) / (most - least) * (high - low), 2) for n, v in values.items()
    }


def node_record(site: Site, node: str, position: tuple[int, int], size: float) -> dict[str, Any]:
    """What the browser knows about one node (labels, type, description, facts, page)."""
    base = site.records.get(node)
    if base is None:
        data = site.G.nodes[node]
        base = site.records[node] = {
            "id": node,
            "label": data["label"],
            "group": site.families[node],
            "t": data["type"],
            "en": data["label"],
            "ja": data.get("label_ja", ""),
            "hi": data.get("label_hi", ""),
            "al": list(data.get("aliases", [])),
            "d": data.get("description", ""),
            "f": [[en, ja, text] for en, ja, text in site.facts(node)],
            "s": site.slugs[node],
        }
    return base | {"x": position[0], "y": position[1], "size": size}
