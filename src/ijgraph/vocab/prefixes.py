"""The project's IRI base and prefixes, without importing rdflib (fast to load)."""

from __future__ import annotations

__all__ = ["BASE", "PREFIXES"]

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
