"""Content negotiation for the HTTP endpoint: media types by name, and ``Accept`` parsing.

Each response format is registered once, with its media type, the other media
types that ask for it, and the name of the pyoxigraph serializer that writes it.
:func:`choose` picks the format that the client's ``Accept`` header prefers
(q-values, then specificity, then registry order, so ``*/*`` gets the first).

>>> choose("text/csv;q=0.5, application/sparql-results+json", SOLUTION_FORMATS).key
'json'
>>> choose("*/*", GRAPH_FORMATS).key
'turtle'
>>> choose("image/png", SOLUTION_FORMATS) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "GRAPH_FORMATS",
    "HTML",
    "QUAD_FORMATS",
    "SOLUTION_FORMATS",
    "MediaFormat",
    "choose",
    "parse_accept",
]


@dataclass(frozen=True)
class MediaFormat:
    """A response format: ``oxigraph`` names a ``QueryResultsFormat`` or ``RdfFormat`` member."""

    key: str
    media_type: str
    oxigraph: str
    extension: str
    aliases: tuple[str, ...] = ()
    w3c: str = ""  # the format's IRI in http://www.w3.org/ns/formats/, for service descriptions

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/") or self.media_type.endswith(
            ("json", "xml", "triples", "quads", "trig")
        )
        return f"{self.media_type}; charset=utf-8" if textual else self.media_type


def _registry(*formats: MediaFormat) -> dict[str, MediaFormat]:
    return {f.key: f for f in formats}


_W3C = "http://www.w3.org/ns/formats/"

#: Formats of SELECT and ASK results (pyoxigraph ``QueryResultsFormat``).
SOLUTION_FORMATS = _registry(
    MediaFormat(
        "json",
        "application/sparql-results+json",
        "JSON",
        "srj",
        ("application/json", "text/javascript", "application/javascript"),
        _W3C + "SPARQL_Results_JSON",
    ),
    MediaFormat(
        "xml",
        "application/sparql-results+xml",
        "XML",
        "srx",
        ("application/xml", "text/xml"),
        _W3C + "SPARQL_Results_XML",
    ),
    MediaFormat("csv", "text/csv", "CSV", "csv", (), _W3C + "SPARQL_Results_CSV"),
    MediaFormat("tsv", "text/tab-separated-values", "TSV", "tsv", (), _W3C + "SPARQL_Results_TSV"),
)

#: Formats of CONSTRUCT and DESCRIBE results (pyoxigraph ``RdfFormat``, triples).
GRAPH_FORMATS = _registry(
    MediaFormat(
        "turtle", "text/turtle", "TURTLE", "ttl", ("application/x-turtle",), _W3C + "Turtle"
    ),
    MediaFormat(
        "nt", "application/n-triples", "N_TRIPLES", "nt", ("text/plain",), _W3C + "N-Triples"
    ),
    MediaFormat(
        "jsonld",
        "application/ld+json",
        "JSON_LD",
        "jsonld",
        ("application/json",),
        _W3C + "JSON-LD",
    ),
    MediaFormat(
        "rdfxml",
        "application/rdf+xml",
        "RDF_XML",
        "rdf",
        ("application/xml", "text/xml"),
        _W3C + "RDF_XML",
    ),
)

#: Formats that keep named graphs (used for entity descriptions with provenance).
QUAD_FORMATS = _registry(
    MediaFormat("trig", "application/trig", "TRIG", "trig", (), _W3C + "TriG"),
    MediaFormat("nq", "application/n-quads", "N_QUADS", "nq", (), _W3C + "N-Quads"),
)

#: A readable page.
HTML = MediaFormat("html", "text/html", "", "html", ("application/xhtml+xml",))


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``(media range, q)`` pairs of an ``Accept`` header; no header means ``*/*``."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """The q of the most specific range matching ``media_type``, and that specificity."""
    main = media_type.partition("/")[0]
    best: tuple[float, int] = (0.0, -1)
    for media, q in ranges:
        r_main, _, r_sub = media.partition("/")
        if media == media_type:
            specificity = 2
        elif r_main == main and r_sub == "*":
            specificity = 1
        elif media == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best[1]:
            best = (q, specificity)
    return best


def choose(accept: str | None, offers: Mapping[str, MediaFormat]) -> MediaFormat | None:
    """The offered format the client prefers, or None when it accepts none of them."""
    ranges = parse_accept(accept)
    best: MediaFormat | None = None
    best_score = (0.0, -1)
    for fmt in offers.values():
        # A format's own media type beats an alias (application/json picks JSON over JSON-LD).
        for rank, media_type in enumerate(fmt.media_types):
            q, specificity = _quality(media_type, ranges)
            score = (q, specificity * 2 - (rank > 0))
            if q > 0 and score > best_score:
                best, best_score = fmt, score
    return best
