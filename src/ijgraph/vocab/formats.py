"""The one registry of serialization formats: name, media type, extension, pyoxigraph format.

Query results (``ijgraph query --format``), the endpoint's content negotiation and
the exports in ``exports/`` all read this table, so a format is added once. A
format's ``family`` says what it can hold: ``solutions`` (SELECT and ASK answers),
``triples`` (graphs) or ``quads`` (graphs that keep named graphs); ``export`` is the
name of the exporter that writes it to ``exports/ijgraph.<extension>``, if any.

>>> FORMATS["turtle"].media_type, FORMATS["turtle"].extension, FORMATS["turtle"].oxigraph
('text/turtle', 'ttl', 'TURTLE')
>>> sorted(family("quads"))
['nq', 'trig']
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FORMATS", "Format", "by_export", "family"]

_W3C = "http://www.w3.org/ns/formats/"


@dataclass(frozen=True)
class Format:
    """A serialization: ``oxigraph`` names a ``QueryResultsFormat`` or ``RdfFormat`` member."""

    key: str
    media_type: str
    oxigraph: str
    extension: str
    aliases: tuple[str, ...] = ()
    w3c: str = ""  # the format's IRI in http://www.w3.org/ns/formats/ (service descriptions)
    family: str = ""
    export: str = ""

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(
            ("json", "xml", "triples", "quads", "trig")
        )
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


_XML = ("application/xml", "text/xml")

#: Every format, by ijgraph's name for it (the CLI's ``--format`` and ``?format=`` values).
FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format(
            "json",
            "application/sparql-results+json",
            "JSON",
            "srj",
            ("application/json", "text/javascript", "application/javascript"),
            _W3C + "SPARQL_Results_JSON",
            "solutions",
        ),
        Format(
            "xml",
            "application/sparql-results+xml",
            "XML",
            "srx",
            _XML,
            _W3C + "SPARQL_Results_XML",
            "solutions",
        ),
        Format("csv", "text/csv", "CSV", "csv", (), _W3C + "SPARQL_Results_CSV", "solutions"),
        Format(
            "tsv",
            "text/tab-separated-values",
            "TSV",
            "tsv",
            (),
            _W3C + "SPARQL_Results_TSV",
            "solutions",
        ),
        Format(
            "turtle",
            "text/turtle",
            "TURTLE",
            "ttl",
            ("application/x-turtle",),
            _W3C + "Turtle",
            "triples",
            "ttl",
        ),
        Format(
            "nt",
            "application/n-triples",
            "N_TRIPLES",
            "nt",
            ("text/plain",),
            _W3C + "N-Triples",
            "triples",
            "nt",
        ),
        Format(
            "jsonld",
            "application/ld+json",
            "JSON_LD",
            "jsonld",
            ("application/json",),
            _W3C + "JSON-LD",
            "triples",
            "jsonld",
        ),
        Format(
            "rdfxml",
            "application/rdf+xml",
            "RDF_XML",
            "rdf",
            _XML,
            _W3C + "RDF_XML",
            "triples",
            "rdfxml",
        ),
        Format("trig", "application/trig", "TRIG", "trig", (), _W3C + "TriG", "quads", "trig"),
        Format("nq", "application/n-quads", "N_QUADS", "nq", (), _W3C + "N-Quads", "quads", "nq"),
    )
}


def family(name: str) -> dict[str, Format]:
    """The formats of one family (``solutions``, ``triples`` or ``quads``), in table order."""
    return {key: f for key, f in FORMATS.items() if f.family == name}


def by_export(name: str) -> Format:
    """The format that the exporter ``name`` writes (``ttl`` -> Turtle)."""
    (found,) = (f for f in FORMATS.values() if f.export == name)
    return found
