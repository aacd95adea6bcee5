"""Loading quads into a pyoxigraph store (the default SPARQL engine)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib.term import Node

from .terms import quad_to_oxigraph

__all__ = ["oxigraph_store"]


def oxigraph_store(quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> ox.Store:
    """An in-memory pyoxigraph store holding ``quads``."""
    store = ox.Store()
    store.bulk_extend(quad_to_oxigraph(s, p, o, g) for s, p, o, g in quads)
    return store
