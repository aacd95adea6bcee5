"""The theme pages: which entities belong to economy, defence, culture...

Themes are data, declared in ``graph_data/themes.ttl`` (SKOS collections, see
the comment at the top of that file); this module only reads them and applies
the membership rule, in one sentence: *a theme's members are every entity typed
with one of its classes, its seed entities, and every entity stated together
with a seed in a source passage (in a fact of the same passage graph, or citing
that passage as its source); its page draws the subgraph they induce.*

The rule reads passages from the graph (edges' ``passages`` and entities'
``sources``), never from passage IRIs, so it works for every source document.

>>> theme = Theme("t", "T", "T", classes=("Port",), seeds=("ijr:A",))
>>> G = nx.MultiDiGraph()
>>> G.add_node("ijr:A", type="Topic", sources=["d/L1S1"])
>>> G.add_node("ijr:B", type="City", sources=[])
>>> G.add_node("ijr:C", type="Port", sources=[])
>>> G.add_node("ijr:D", type="City", sources=[])
>>> _ = G.add_edge("ijr:B", "ijr:D", passages=["d/L1S1"])
>>> sorted(theme_members(G, theme))
['ijr:A', 'ijr:B', 'ijr:C', 'ijr:D']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from ijgraph.compiler.diagnostics import DataError, Problem
from ijgraph.vocab.namespaces import BASE, IJR

_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

__all__ = [
    "Theme",
    "ThemeError",
    "load_themes",
    "project_themes",
    "stated_entities",
    "theme_members",
    "theme_passages",
]

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_IJ = BASE + "ontology/"
THEMES_FILE = "themes.ttl"


class ThemeError(DataError):
    """graph_data/themes.ttl cannot be read; the report names the file (and line)."""

    def __init__(self, message: str, path: Path, line: int | None = None) -> None:
        super().__init__([Problem("themes", message, path, line)])


@dataclass(frozen=True)
class Theme:
    """One theme page: its file name, titles, own classes and seed entities (CURIEs)."""

    slug: str
    title_en: str
    title_ja: str
    classes: tuple[str, ...] = ()  # ontology classes (local names)
    seeds: tuple[str, ...] = ()  # entities (``ijr:...``) the theme is about


def _list(triples: dict[str, dict[str, list[_Term]]], head: _Term) -> list[_Term]:
    """The items of an RDF list (rdf:first / rdf:rest), in order."""
    items: list[_Term] = []
    node = head
    while isinstance(node, ox.BlankNode | ox.NamedNode) and node.value != _RDF + "nil":
        props = triples.get(str(node), {})
        items.extend(props.get(_RDF + "first", []))
        rest = props.get(_RDF + "rest", [])
        node = rest[0] if rest else ox.NamedNode(_RDF + "nil")
    return items


def load_themes(path: Path) -> dict[str, Theme]:
    """The themes declared in ``path``, by slug, in the order of its ``skos:memberList``."""
    try:
        quads = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except SyntaxError as err:
        line = err.lineno if isinstance(err.lineno, int) else None
        raise ThemeError(f"syntax error: {err}", path, line) from None
    except OSError as err:
        raise ThemeError(f"cannot read: {err}", path) from None
    triples: dict[str, dict[str, list[_Term]]] = defaultdict(lambda: defaultdict(list))
    for q in quads:
        triples[str(q.subject)][q.predicate.value].append(q.object)
    ordered = [
        item
        for props in triples.values()
        if ox.NamedNode(_SKOS + "OrderedCollection") in props.get(_RDF + "type", [])
        for head in props.get(_SKOS + "memberList", [])
        for item in _list(triples, head)
    ]
    themes: dict[str, Theme] = {}
    for item in ordered:
        props = triples.get(str(item), {})
        labels = {
            o.language: o.value
            for o in props.get(_SKOS + "prefLabel", [])
            if isinstance(o, ox.Literal)
        }
        notation = [o.value for o in props.get(_SKOS + "notation", []) if isinstance(o, ox.Literal)]
        if not notation or "en" not in labels:
            raise ThemeError(f"{item} needs a skos:notation and an English skos:prefLabel", path)
        members = sorted(
            o.value for o in props.get(_SKOS + "member", []) if isinstance(o, ox.NamedNode)
        )
        classes = tuple(m[len(_IJ) :] for m in members if m.startswith(_IJ))
        seeds = tuple("ijr:" + m[len(str(IJR)) :] for m in members if m.startswith(str(IJR)))
        themes[notation[0]] = Theme(
            notation[0], labels["en"], labels.get("ja", labels["en"]), classes, seeds
        )
    return themes


def project_themes(root: Path | None = None) -> dict[str, Theme]:
    """The themes of the project at ``root`` (default: found from the current directory);
    none outside a checkout or without a themes file."""
    from ijgraph.vocab.project import find_root

    try:
        path = (root or find_root()) / "graph_data" / THEMES_FILE
    except FileNotFoundError:
        return {}
    return load_themes(path) if path.exists() else {}


def _passages(data: dict[str, object], key: str) -> Iterable[str]:
    value = data.get(key) or ()
    if not isinstance(value, list | tuple | set):
        return ()
    # "background" is not a passage: entities known from background knowledge share nothing.
    return [str(p) for p in value if p != "background"]


def stated_entities(G: nx.MultiDiGraph) -> dict[str, set[str]]:
    """passage -> the entities stated in it (in a fact of its graph, or citing it)."""
    stated: dict[str, set[str]] = defaultdict(set)
    for u, v, data in G.edges(data=True):
        for passage in _passages(data, "passages"):
            stated[passage].update((u, v))
    for node, data in G.nodes(data=True):
        for passage in _passages(data, "sources"):
            stated[passage].add(node)
    return stated


def _own(G: nx.MultiDiGraph, theme: Theme) -> set[str]:
    """The theme's class members and seeds: what its other members are found from."""
    classes = set(theme.classes)
    members = {
        node
        for node, data in G.nodes(data=True)
        if data.get("type") in classes or set(data.get("types", ())) & classes
    }
    return members | {s for s in theme.seeds if s in G}


def theme_members(
    G: nx.MultiDiGraph, theme: Theme, stated: dict[str, set[str]] | None = None
) -> set[str]:
    """The entities (node keys of ``G``) that belong to ``theme`` by the module's rule.

    ``stated`` is :func:`stated_entities` of ``G``, when the caller has it already.
    """
    seeds = {s for s in theme.seeds if s in G}
    members = _own(G, theme)
    for entities in (stated_entities(G) if stated is None else stated).values():
        if entities & seeds:
            members |= entities
    return members


def theme_passages(
    G: nx.MultiDiGraph, theme: Theme, stated: dict[str, set[str]] | None = None
) -> set[str]:
    """The passages that state something about the theme's seeds or class members."""
    own = _own(G, theme)
    found = stated_entities(G) if stated is None else stated
    return {p for p, entities in found.items() if entities & own}
