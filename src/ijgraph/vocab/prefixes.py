"""The project's IRI base and prefixes, without importing rdflib (fast to load)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox

__all__ = ["BASE", "PREFIXES", "compact", "graph_triples", "lexical", "short"]

BASE = "https://w3id.org/ijgraph/"

#: Prefixes used by every serialization, in a fixed order.
PREFIXES: dict[str, str] = {
    "ij": BASE + "ontology/",
    "ijr": BASE + "resource/",
    # One prefix per source document for its passages (graph_data/sources/sources.ttl),
    # before ijp: compaction takes the first namespace that matches.
    "article": BASE + "passage/article/",
    "milestones": BASE + "passage/milestones/",
    "nenpyo": BASE + "passage/nenpyo/",
    "ijp": BASE + "passage/",
    "ijg": BASE + "graph/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vann": "http://purl.org/vocab/vann/",
}


def compact(iri: str, prefixes: Mapping[str, str] | None = None, *, brackets: bool = False) -> str:
    """The one way ijgraph shortens an IRI: ``prefix:local`` for the longest known namespace.

    An IRI in no namespace (or whose local part would be empty or start with ``//``)
    is returned whole, in angle brackets when ``brackets`` is set (tables, messages).

    >>> compact("https://w3id.org/ijgraph/resource/FOIP")
    'ijr:FOIP'
    >>> compact("https://example.org/x"), compact("https://example.org/x", brackets=True)
    ('https://example.org/x', '<https://example.org/x>')
    """
    best = ""
    best_ns = ""
    for prefix, ns in (PREFIXES if prefixes is None else prefixes).items():
        if iri.startswith(ns) and len(ns) > len(best_ns):
            local = iri[len(ns) :]
            if local and not local.startswith("//"):
                best, best_ns = prefix, ns
    if best_ns:
        return f"{best}:{iri[len(best_ns) :]}"
    return f"<{iri}>" if brackets else iri


def short(term: object) -> str:
    """A compact, readable name for a term (``ijr:Malabar``); a literal's repr."""
    text = str(term)
    if text.startswith(("http:", "https:", "urn:")):
        shown = compact(text, brackets=True)
        if shown.startswith("ijp:") and "/" in shown:  # a passage of a document with no prefix yet
            return shown[len("ijp:") :].replace("/", ":", 1)
        return shown
    return repr(text)


def lexical(term: Any) -> str:
    """The IRI or lexical form of a pyoxigraph or rdflib term (their ``str()`` differ)."""
    value = getattr(term, "value", None)
    return value if isinstance(value, str) and not hasattr(term, "toPython") else str(term)


def graph_triples(quads: Iterable[Any], graph: str | None) -> Iterator[tuple[Any, Any, Any]]:
    """The ``(s, p, o)`` of the quads in ``graph`` (an IRI; ``None``: every quad).

    Quads are pyoxigraph ``Quad`` objects or rdflib ``(s, p, o, g)`` tuples; pyoxigraph's
    are tested without converting their terms (millions of quads at scale).
    """
    for quad in quads:
        if isinstance(quad, ox.Quad):
            if graph is None or getattr(quad.graph_name, "value", None) == graph:
                yield quad.subject, quad.predicate, quad.object
            continue
        s, p, o, g = quad
        if graph is None or lexical(getattr(g, "identifier", g)) == graph:
            yield s, p, o
