"""Read the references of a Markdown document: its footnote definitions.

A definition reads ``[^id]: Publisher, date. "Title", date. URL`` with every part
but the text optional, in English or Japanese. The build turns each into a
``dcterms:BibliographicResource`` (``…/reference/{id}``) with the whole text as
``dcterms:bibliographicCitation``, and the parts it can recognise without guessing:
the quoted title, the publisher (the text before the first full stop, without
trailing lower-case remarks or a date), the date of publication (next to the
publisher or to the title: ``12 November 2018``, ``August 2025``, ``2018``,
``2018年11月12日``) and the URL. A date inside an unquoted description
(``Japan-India Summit Meeting, 1 September 2014``) is the date of an event, not of
the publication, and is left in the description.

>>> r = parse_reference("mofa-basic", 9,
...     'MOFA. "Japan-India Relations (Basic Data)", 12 November 2018. https://example.org/d')
>>> (r.publisher, r.title, r.date, r.url)
('MOFA', 'Japan-India Relations (Basic Data)', ('2018-11-12', 'date'), 'https://example.org/d')
>>> parse_reference("x", 1, "MENAFN, 2025年8月. https://example.org").date
('2025-08', 'gYearMonth')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ijgraph.compiler.passages import FOOTNOTE_DEFINITION

__all__ = ["Reference", "parse_reference", "read_references"]

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH = "(" + "|".join(_MONTHS) + ")"
# Each date form: pattern, and how to turn its groups into (lexical form, XSD type name).
_DATES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{1,2}) " + _MONTH + r" (\d{4})$"), "day-month-year"),
    (re.compile(r"^" + _MONTH + r" (\d{4})$"), "month-year"),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"), "ja-date"),
    (re.compile(r"^(\d{4})年(\d{1,2})月$"), "ja-month"),
    (re.compile(r"^(\d{4})年?$"), "year"),
)
_URL = re.compile(r"\s*(https?://\S+)\s*$")
_QUOTED = re.compile(r"\"([^\"]+)\"")
# Full stops that do not end the publisher part.
_NOT_A_STOP = re.compile(r"\b(vol|no|pp|Mr|Mrs|Dr|St|H\.E)\.$")


@dataclass(frozen=True)
class Reference:
    """One footnote definition: where it is, its text and the parts recognised in it."""

    id: str
    line: int
    citation: str
    title: str | None = None
    publisher: str | None = None
    description: str | None = None
    date: tuple[str, str] | None = None
    url: str | None = None


def parse_date(text: str) -> tuple[str, str] | None:
    """``(lexical form, XSD type)`` of a date as the sheets write it, or None."""
    text = text.strip().rstrip(".")
    for pattern, kind in _DATES:
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groups()
        if kind == "day-month-year":
            month = _MONTHS.index(groups[1]) + 1
            return f"{groups[2]}-{month:02d}-{int(groups[0]):02d}", "date"
        if kind == "month-year":
            return f"{groups[1]}-{_MONTHS.index(groups[0]) + 1:02d}", "gYearMonth"
        if kind == "ja-date":
            return f"{groups[0]}-{int(groups[1]):02d}-{int(groups[2]):02d}", "date"
        if kind == "ja-month":
            return f"{groups[0]}-{int(groups[1]):02d}", "gYearMonth"
        return groups[0], "gYear"
    return None


def _first_stop(text: str) -> int:
    """Index of the first full stop that ends a part (followed by a space or the end)."""
    for match in re.finditer(r"\.(\s|$)", text):
        if not _NOT_A_STOP.search(text[: match.start() + 1]):
            return match.start()
    return len(text)


def _publisher_part(head: str) -> tuple[str | None, tuple[str, str] | None]:
    """The publisher and date in ``Publisher, remark, date``."""
    parts = [p.strip() for p in head.split(",")]
    publisher: list[str] = []
    date = None
    done = False  # the publisher ends at the first remark or date
    for index, part in enumerate(parts):
        found = parse_date(part)
        if found:
            date = date or found
            done = True
        elif done or (index > 0 and part[:1].islower()):
            done = True
        else:
            publisher.append(part)
    return (", ".join(publisher) or None), date


def parse_reference(name: str, line: int, text: str) -> Reference:
    """The parts of one footnote definition's ``text``."""
    citation = text.strip()
    body = citation
    url = None
    match = _URL.search(body)
    if match:
        url = match.group(1)
        body = body[: match.start()].strip()
    quoted = _QUOTED.search(body)
    title = quoted.group(1).strip() if quoted else None
    publisher = date = description = None
    if not body.startswith('"'):
        stop = _first_stop(body)
        if quoted:
            stop = min(stop, quoted.start())
        publisher, date = _publisher_part(body[:stop].strip().rstrip("."))
        rest = body[stop:].strip().lstrip(".").strip()
        if not quoted and rest:
            description = rest.rstrip(".").strip() or None
    if quoted and date is None:
        after = body[quoted.end() :].lstrip()
        if after.startswith(","):
            date = parse_date(after[1:])
    return Reference(name, line, citation, title, publisher, description, date, url)


def read_references(text: str) -> list[Reference]:
    """Every footnote definition of a Markdown ``text``, in document order."""
    found: list[Reference] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = FOOTNOTE_DEFINITION.match(line)
        if match:
            found.append(parse_reference(match.group(1), number, match.group(2)))
    return found
