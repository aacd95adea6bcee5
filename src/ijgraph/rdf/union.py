"""Loading quads into a pyoxigraph store (the default SPARQL engine)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib.term import Node

__all__ = [
    "add_union_default_graph",
    "load_with_union",
    "oxigraph_store",
    "shares_triples",
    "union_ready",
    "union_store",
]


def oxigraph_store(quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> ox.Store:
    """An in-memory pyoxigraph store holding ``quads``."""
    from ijgraph.rdf.convert import quad_to_oxigraph  # rdflib: only the build needs it

    store = ox.Store()
    store.bulk_extend(quad_to_oxigraph(s, p, o, g) for s, p, o, g in quads)
    return store


def add_union_default_graph(store: ox.Store) -> ox.Store:
    """Fill the default graph of ``store`` with the union of its named graphs, as a set.

    pyoxigraph's ``use_default_graph_as_union`` repeats a triple once per graph
    that holds it (a fact stated by two sentences would count twice); SPARQL's
    default graph is a set, so the union is materialized once instead. A query's
    own ``FROM`` clauses still pick other graphs.
    """
    # Evaluated inside the store (3x faster than copying the quads through Python).
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store


def union_store(quads: Iterable[ox.Quad]) -> ox.Store:
    """A store of ``quads`` whose default graph is the union of its named graphs."""
    quads = quads if isinstance(quads, Sequence) else list(quads)
    store = ox.Store()
    store.bulk_extend(quads)
    default = ox.DefaultGraph()
    store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in quads)
    return store


def load_with_union(store: ox.Store, path: Path, fmt: ox.RdfFormat = ox.RdfFormat.TRIG) -> ox.Store:
    """Load the file at ``path`` into ``store`` and fill its default graph with the union.

    The file is streamed twice rather than the store copied into Python objects,
    so memory stays that of the store itself.
    """
    store.bulk_load(path=str(path), format=fmt)
    default = ox.DefaultGraph()
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, default)
        for q in ox.parse(path=str(path), format=fmt)
    )
    return store


_SHARED = "ASK { GRAPH ?g { ?s ?p ?o } GRAPH ?h { ?s ?p ?o } FILTER (?g != ?h) }"


def shares_triples(store: ox.Store) -> bool:
    """Whether some triple stands in two named graphs (a fact stated by two sentences).

    Only then does pyoxigraph's ``use_default_graph_as_union`` differ from the
    union as a set: it repeats such triples.
    """
    return bool(store.query(_SHARED))


def union_ready(store: ox.Store) -> bool:
    """Prepare ``store`` (named graphs only) for queries over the union of its graphs.

    Returns True when queries can simply use ``use_default_graph_as_union`` (no triple
    stands in two graphs: nothing is copied); otherwise the union is materialized as
    the default graph (a set) and False is returned.
    """
    if not shares_triples(store):
        return True
    add_union_default_graph(store)
    return False
