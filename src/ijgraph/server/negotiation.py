"""Content negotiation for the HTTP endpoint: media types by name, and ``Accept`` parsing.

The formats come from the one format registry (:mod:`ijgraph.vocab.formats`):
media type, the other media types that ask for it, the pyoxigraph serializer.
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

from ijgraph.vocab.formats import Format, family

__all__ = [
    "GRAPH_FORMATS",
    "HTML",
    "QUAD_FORMATS",
    "SOLUTION_FORMATS",
    "MediaFormat",
    "choose",
    "parse_accept",
]


#: A response format (the one format registry's entry type, :mod:`ijgraph.vocab.formats`).
MediaFormat = Format

#: Formats of SELECT and ASK results (pyoxigraph ``QueryResultsFormat``).
SOLUTION_FORMATS = family("solutions")
#: Formats of CONSTRUCT and DESCRIBE results (pyoxigraph ``RdfFormat``, triples).
GRAPH_FORMATS = family("triples")
#: Formats that keep named graphs (used for entity descriptions with provenance).
QUAD_FORMATS = family("quads")

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
