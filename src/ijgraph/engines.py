"""Loading quads into a pyoxigraph store (the default SPARQL engine)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib.term import Node

__all__ = ["add_union_default_graph", "oxigraph_store", "union_store"]


def oxigraph_store(quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> ox.Store:
    """An in-memory pyoxigraph store holding ``quads``."""
    from .terms import quad_to_oxigraph  # rdflib: only the build needs it

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
    default = ox.DefaultGraph()
    store.bulk_extend([ox.Quad(q.subject, q.predicate, q.object, default) for q in store])
    return store


def union_store(quads: Iterable[ox.Quad]) -> ox.Store:
    """A store of ``quads`` whose default graph is the union of its named graphs."""
    store = ox.Store()
    store.bulk_extend(quads)
    return add_union_default_graph(store)
