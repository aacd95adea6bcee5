"""Split a source document into passages: one per sentence, with stable IDs.

A passage ID is ``L{line}S{sentence}`` (``L30S1`` is the first sentence of line
30), so IDs stay the same as long as the document's lines do; the document's
name scopes it (``article/L30S1``). List items and headings of plain text count
as one-sentence lines. Sentences end at ``. ! ?`` (followed by a space and a
capital, a digit or an opening quote) and at ``。！？`` (followed by anything), so
Japanese text splits as well as English.

Markdown documents may cite references with footnote markers (``[^mofa-basic]``):
the markers are removed from the passage text and kept as the passage's
``cites``. A marker cites the sentence it follows; markers that end a line also
cite the sentences of that line that have no marker of their own (a footnote at
the end of a paragraph covers the paragraph). Headings (``# ...``) and footnote
definitions (``[^id]: ...``) are never passages.

>>> [p.id for p in split_passages("One. Two.\\n\\nItem")]
['L1S1', 'L1S2', 'L3S1']
>>> split_passages("Costs JPY 5 (approx. USD 4).")[0].text
'Costs JPY 5 (approx. USD 4).'
>>> ja = split_passages("開催された。[^a]目標が掲げられた。[^b]", markdown=True)
>>> [(p.text, p.cites) for p in ja]
[('開催された。', ('a',)), ('目標が掲げられた。', ('b',))]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "FOOTNOTE_DEFINITION",
    "FOOTNOTE_MARKER",
    "Passage",
    "passage_id",
    "split_passages",
    "strip_markers",
]

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = ("approx.", "e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "No.")
# A sentence ends at . ! or ? followed by white space and an upper-case letter or a digit,
# or at a Japanese full stop, exclamation or question mark not inside a quotation
# (「行く。」と言った。 is one sentence).
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“‘(])|(?<=[。！？])(?![」』）)])\s*(?=\S)")
#: A footnote marker in Markdown text: ``[^id]``.
FOOTNOTE_MARKER = re.compile(r"\[\^([^\]\s]+)\]")
#: A footnote definition line in Markdown: ``[^id]: text``.
FOOTNOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*?)\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")


@dataclass(frozen=True, slots=True)
class Passage:
    """One sentence of a source document, and the references it cites (footnote IDs)."""

    line: int
    sentence: int
    text: str
    cites: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return passage_id(self.line, self.sentence)


def passage_id(line: int, sentence: int) -> str:
    """The stable local name of the passage at ``line``/``sentence`` (both 1-based)."""
    return f"L{line}S{sentence}"


def strip_markers(line: str) -> tuple[str, list[tuple[int, str]]]:
    """``line`` without footnote markers, and each marker's (offset in that text, id).

    >>> strip_markers("Nara.[^a] Next.[^b][^c]")
    ('Nara. Next.', [(5, 'a'), (11, 'b'), (11, 'c')])
    """
    parts: list[str] = []
    marks: list[tuple[int, str]] = []
    length = 0
    position = 0
    for match in FOOTNOTE_MARKER.finditer(line):
        part = line[position : match.start()]
        parts.append(part)
        length += len(part)
        marks.append((length, match.group(1)))
        position = match.end()
    parts.append(line[position:])
    return "".join(parts), marks


def _spans(line: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``line``, white space trimmed."""
    start = 0
    for match in _BOUNDARY.finditer(line):
        before = line[start : match.start()]
        if before.endswith(_ABBREVIATIONS):
            continue
        yield start, match.start()
        start = match.end()
    yield start, len(line)


def _sentences(line: str, marks: list[tuple[int, str]]) -> list[tuple[str, tuple[str, ...]]]:
    found: list[tuple[int, str]] = []
    for start, end in _spans(line):
        text = line[start:end]
        stripped = text.strip()
        if stripped:
            found.append((start + len(text) - len(text.lstrip()), stripped))
    cites: list[list[str]] = [[] for _ in found]
    for offset, name in marks:
        index = max((i for i, (start, _) in enumerate(found) if start < offset), default=0)
        if found and name not in cites[index]:
            cites[index].append(name)
    if found and marks and marks[-1][0] >= len(line.rstrip()):
        trailing = cites[-1]
        cites = [own or list(trailing) for own in cites]
    return [(text, tuple(c)) for (_, text), c in zip(found, cites, strict=True)]


def is_content_line(line: str, markdown: bool) -> bool:
    """False for lines that are never passages: Markdown headings and footnote definitions."""
    if not markdown:
        return True
    return not (_HEADING.match(line) or FOOTNOTE_DEFINITION.match(line))


def split_passages(
    text: str,
    last_line: int | None = None,
    *,
    first_line: int = 1,
    markdown: bool = False,
) -> list[Passage]:
    """All passages of ``text`` from ``first_line`` to ``last_line`` (inclusive), in order."""
    passages: list[Passage] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if last_line is not None and number > last_line:
            break
        if number < first_line or not is_content_line(line, markdown):
            continue
        clean, marks = strip_markers(line) if markdown else (line, [])
        for index, (sentence, cites) in enumerate(_sentences(clean, marks), start=1):
            passages.append(Passage(number, index, sentence, cites))
    return passages
