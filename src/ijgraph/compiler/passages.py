"""Split a source document into passages: one per sentence, with stable IDs.

A passage ID is ``L{line}S{sentence}`` (``L30S1`` is the first sentence of line
30), so IDs stay the same as long as the document's lines do. List items and
headings count as one-sentence lines.

>>> [p.id for p in split_passages("One. Two.\\n\\nItem")]
['L1S1', 'L1S2', 'L3S1']
>>> split_passages("Costs JPY 5 (approx. USD 4).")[0].text
'Costs JPY 5 (approx. USD 4).'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Passage", "passage_id", "split_passages"]

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = ("approx.", "e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "No.")
# A sentence ends at . ! or ? followed by white space and an upper-case letter or a digit.
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“‘(])")


@dataclass(frozen=True, slots=True)
class Passage:
    """One sentence of a source document."""

    line: int
    sentence: int
    text: str

    @property
    def id(self) -> str:
        return passage_id(self.line, self.sentence)


def passage_id(line: int, sentence: int) -> str:
    """The stable local name of the passage at ``line``/``sentence`` (both 1-based)."""
    return f"L{line}S{sentence}"


def _sentences(line: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        before = line[start : match.start()]
        if before.endswith(_ABBREVIATIONS):
            continue
        parts.append(before)
        start = match.end()
    parts.append(line[start:])
    return [p.strip() for p in parts if p.strip()]


def split_passages(text: str, last_line: int | None = None) -> list[Passage]:
    """All passages of ``text``, in document order, up to and including ``last_line``."""
    passages: list[Passage] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if last_line is not None and number > last_line:
            break
        for index, sentence in enumerate(_sentences(line), start=1):
            passages.append(Passage(number, index, sentence))
    return passages
