"""Analytics on small named fixture graphs with known answers, then on the real graph."""

from __future__ import annotations

import networkx as nx
import pytest

from ijgraph.compiler.pipeline import Build
from ijgraph.graph.analytics import (
    AmbiguousEntity,
    UnknownEntity,
    betweenness_centrality,
    communities,
    degree_centrality,
    explain_path,
    graph_stats,
    neighbours,
    pagerank,
    resolve,
    suggest,
    top,
)
from ijgraph.graph.projection import projection
from ijgraph.vocab.namespaces import IJG, IJP


def _fact(G: nx.MultiDiGraph, s: str, p: str, o: str, passages: list[str] | None = None) -> None:
    G.add_edge(
        s,
        o,
        key=p,
        predicate=p,
        label=p.split(":")[1],
        passages=passages or [],
        quote=f"{s} {p} {o}." if passages else "",
        background=not passages,
    )


def star() -> nx.MultiDiGraph:
    """Four leaves each linked to a hub (twice for leaf a: parallel edges count once)."""
    G = nx.MultiDiGraph()
    for leaf in "abcd":
        _fact(G, leaf, "ij:partOf", "hub", ["L1S1"])
    _fact(G, "a", "ij:party", "hub", ["L1S1"])
    return G


def two_triangles() -> nx.MultiDiGraph:
    """Triangles a-b-c and x-y-z joined by one edge c-x."""
    G = nx.MultiDiGraph()
    for u, v in ["ab", "bc", "ca", "xy", "yz", "zx", "cx"]:
        _fact(G, u, "ij:involves", v, ["L1S1"])
    return G


def shortcut() -> nx.MultiDiGraph:
    """A sourced two-hop path A→B←C and a background-only shortcut A→C."""
    G = nx.MultiDiGraph()
    for node, label, alias in [
        ("ijr:A", "Alpha", "AL"),
        ("ijr:B", "Beta", "BE"),
        ("ijr:C", "Gamma", "GA"),
    ]:
        G.add_node(node, label=label, label_ja=f"{label}語", aliases=[alias], type="Thing")
    _fact(G, "ijr:A", "ij:partOf", "ijr:B", ["L1S1"])
    _fact(G, "ijr:C", "ij:partOf", "ijr:B", ["L2S1", "L3S1"])
    _fact(G, "ijr:A", "ij:locatedIn", "ijr:C")
    return G


def test_degree_centrality_of_a_star() -> None:
    assert degree_centrality(star()) == {"a": 0.25, "b": 0.25, "c": 0.25, "d": 0.25, "hub": 1.0}


def test_betweenness_of_bridged_triangles() -> None:
    scores = betweenness_centrality(two_triangles())
    # c lies on the 6 shortest paths from a or b to x, y or z, out of the
    # 10 pairs of the other five nodes: 6 / 10.
    assert scores["c"] == pytest.approx(0.6) and scores["x"] == pytest.approx(0.6)
    assert scores["a"] == scores["b"] == scores["y"] == scores["z"] == 0.0


def test_pagerank_known_values() -> None:
    # a → b, b dangling: r_a = 0.075 + 0.425 r_b and r_a + r_b = 1 give r_a = 0.5 / 1.425.
    G = nx.MultiDiGraph([("a", "b")])
    ranks = pagerank(G)
    assert ranks["a"] == pytest.approx(0.5 / 1.425, abs=1e-8)
    assert ranks["b"] == pytest.approx(1 - 0.5 / 1.425, abs=1e-8)
    cycle = pagerank(nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "a")]))
    assert cycle == pytest.approx({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})
    assert pagerank(nx.MultiDiGraph()) == {}
    hub = pagerank(star())
    assert max(hub, key=hub.__getitem__) == "hub" and sum(hub.values()) == pytest.approx(1.0)


def test_communities_are_the_triangles_and_stable() -> None:
    assert communities(two_triangles()) == [["a", "b", "c"], ["x", "y", "z"]]
    assert communities(two_triangles()) == communities(two_triangles())


def test_top_breaks_ties_by_name() -> None:
    assert top({"b": 1.0, "a": 1.0, "c": 2.0}, 2) == [("c", 2.0), ("a", 1.0)]


@pytest.mark.parametrize("name", ["ijr:A", "A", "a", "alpha", "  ALPHA ", "Alpha語", "al"])
def test_resolve_by_id_label_japanese_label_or_alias(name: str) -> None:
    assert resolve(shortcut(), name) == "ijr:A"


def test_resolve_unknown_suggests_close_names() -> None:
    with pytest.raises(UnknownEntity) as err:
        resolve(shortcut(), "Alpah")
    assert err.value.suggestions[0] == "ijr:A"
    assert suggest(shortcut(), "zzzz") == []


def test_resolve_ambiguous_lists_candidates() -> None:
    G = shortcut()
    G.nodes["ijr:C"]["aliases"] = ["Twin"]
    G.nodes["ijr:B"]["aliases"] = ["twin"]
    with pytest.raises(AmbiguousEntity) as err:
        resolve(G, "TWIN")
    assert err.value.candidates == ["ijr:B", "ijr:C"]


def test_path_prefers_sentences_over_background_and_reports_direction() -> None:
    hops = explain_path(shortcut(), "ijr:A", "ijr:C")
    assert [(h.subject, h.predicate, h.object, h.forward) for h in hops] == [
        ("ijr:A", "ij:partOf", "ijr:B", True),
        ("ijr:C", "ij:partOf", "ijr:B", False),
    ]
    assert hops[1].passages == ("L2S1", "L3S1") and hops[1].quote == "ijr:C ij:partOf ijr:B."
    assert hops[0].sentence() == "Alpha —partOf→ Beta"


def test_path_falls_back_to_background_and_fails_cleanly() -> None:
    G = shortcut()
    G.remove_edge("ijr:C", "ijr:B")
    (hop,) = explain_path(G, "ijr:C", "ijr:A")
    assert (hop.subject, hop.object, hop.forward, hop.background) == ("ijr:A", "ijr:C", False, True)
    G.add_node("ijr:Island", label="Island")
    with pytest.raises(nx.NetworkXNoPath):
        explain_path(G, "ijr:A", "ijr:Island")
    assert explain_path(G, "ijr:A", "ijr:A") == []


def test_neighbours_outgoing_then_incoming() -> None:
    hops = neighbours(shortcut(), "ijr:B")
    assert [(h.subject, h.forward) for h in hops] == [("ijr:A", False), ("ijr:C", False)]
    out = neighbours(shortcut(), "ijr:A")
    assert [(h.predicate, h.forward) for h in out] == [("ij:locatedIn", True), ("ij:partOf", True)]


def test_graph_stats_on_a_fixture() -> None:
    stats = graph_stats(shortcut(), n=1)
    assert (stats.nodes, stats.edges, stats.per_class) == (3, 3, {"Thing": 3})
    assert set(stats.centrality) == {"degree", "betweenness", "pagerank"}
    assert all(len(ranked) == 1 for ranked in stats.centrality.values())
    assert sorted(n for c in stats.communities for n in c) == ["ijr:A", "ijr:B", "ijr:C"]


# --- the real graph -------------------------------------------------------------


@pytest.fixture(scope="module")
def real(built: Build) -> nx.MultiDiGraph:
    return projection(built.quads)


def _stated(built: Build, hop: object) -> bool:
    """The hop's triple is in the named graph of its first passage (or in background)."""
    import pyoxigraph as ox

    s, p, o = (ox.NamedNode(_expand(getattr(hop, k))) for k in ("subject", "predicate", "object"))
    graph = IJP[hop.passages[0]] if hop.passages else IJG.background  # type: ignore[attr-defined]
    return ox.Quad(s, p, o, ox.NamedNode(str(graph))) in set(built.quads)


def _expand(curie: str) -> str:
    from ijgraph.vocab.namespaces import PREFIXES

    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix] + local


def _quotes(built: Build) -> dict[str, str]:
    return {
        q.subject.value.split("/passage/", 1)[-1]: q.object.value
        for q in built.quads
        if q.predicate.value.endswith("/quote") and q.graph_name.value == str(IJG.sources)
    }


@pytest.mark.parametrize("a, b", [("Bodhisena", "FOIP"), ("JAXA", "Quad")])
def test_real_paths_exist_with_every_hop_sourced(
    real: nx.MultiDiGraph, built: Build, a: str, b: str
) -> None:
    hops = explain_path(real, resolve(real, a), resolve(real, b))
    assert hops, f"no path from {a} to {b}"
    assert hops[0].subject == resolve(real, a) or hops[0].object == resolve(real, a)
    assert resolve(real, b) in (hops[-1].subject, hops[-1].object)
    quotes = _quotes(built)
    for hop in hops:
        assert _stated(built, hop), hop
        if hop.passages:
            assert hop.quote == quotes[hop.passages[0]]


def test_bodhisena_to_foip_is_told_by_the_article_alone(real: nx.MultiDiGraph) -> None:
    hops = explain_path(real, "ijr:Bodhisena", "ijr:FOIP")
    assert all(h.passages and not h.background for h in hops)
    assert "Bodhisena" in hops[0].quote and "FOIP" in hops[-1].quote


def test_real_names_in_english_japanese_and_acronyms(real: nx.MultiDiGraph) -> None:
    assert resolve(real, "東大寺") == resolve(real, "todaiji temple") == "ijr:Todaiji"
    assert resolve(real, "Free and Open Indo-Pacific") == resolve(real, "foip") == "ijr:FOIP"
    with pytest.raises(UnknownEntity) as err:
        resolve(real, "Bodisena")
    assert "ijr:Bodhisena" in err.value.suggestions


def test_real_stats_put_the_two_countries_on_top(real: nx.MultiDiGraph) -> None:
    stats = graph_stats(real, n=2)
    assert sum(stats.per_class.values()) == real.number_of_nodes()
    for ranked in stats.centrality.values():
        assert {node for node, _ in ranked} == {"ijr:India", "ijr:Japan"}
    assert sorted(n for c in stats.communities for n in c) == sorted(real.nodes)
