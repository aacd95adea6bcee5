"""The theme pages: which entities belong to economy, defence, culture...

The rule, in one sentence: *a theme is the set of article lines that discuss it
plus a few classes that are its own; its entities are every entity stated in a
passage on those lines (as the subject or object of a fact there, or citing the
passage as its source) and every entity of its classes; its page draws the
subgraph that these entities induce.*

The lines follow the article's own structure: the summit's outcomes (lines
11-25), the vision pillars (lines 3-10, one per line), the sections on ties
(26-42), challenges (43-46) and the ways forward (47-61). A line may belong to
more than one theme (line 45, on the Quad, BRICS and the AIIB, is both a
challenge and about multilateral forums). Lines 1-2 (the summit as a whole) and
62 (the conclusion) belong to none: they concern everything.

>>> THEMES["economy"].covers_line(30), THEMES["economy"].covers_line(26)
(True, False)
>>> passage_line("article/L35S1"), passage_line("milestones/L35S1")
(35, None)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

__all__ = ["THEMES", "Theme", "passage_line", "theme_members"]

# Themes are ranges of the article's lines: passages of other documents have no line here.
_PASSAGE = re.compile(r"(?:article/)?L(\d+)S\d+")


@dataclass(frozen=True)
class Theme:
    """One theme page: its file name, titles, article lines and own classes."""

    slug: str
    title_en: str
    title_ja: str
    lines: tuple[tuple[int, int], ...]  # inclusive ranges of article lines
    classes: tuple[str, ...] = ()  # ontology classes (local names) that belong here

    def covers_line(self, line: int) -> bool:
        return any(first <= line <= last for first, last in self.lines)


#: The seven themes of the article, in the order the index lists them.
THEMES: dict[str, Theme] = {
    theme.slug: theme
    for theme in (
        Theme(
            "economy",
            "Economy",
            "経済",
            ((3, 3), (13, 14), (30, 33), (46, 52)),
            ("TradeAgreement", "InfrastructureProject", "IndicatorType", "EconomicIndicator"),
        ),
        Theme(
            "defence-and-security",
            "Defence and security",
            "防衛・安全保障",
            ((9, 9), (11, 12), (34, 36), (53, 55)),
            ("MilitaryExercise", "ServiceBranch"),
        ),
        Theme(
            "digital-and-technology",
            "Digital and technology",
            "デジタル・技術",
            ((4, 4), (10, 10), (15, 19), (37, 37), (39, 39)),
            ("GovernmentAgency",),
        ),
        Theme("clean-energy", "Clean energy", "クリーンエネルギー", ((7, 7), (20, 24)), ()),
        Theme(
            "people-to-people-and-culture",
            "People-to-people and culture",
            "人的交流・文化",
            ((5, 6), (8, 8), (25, 27), (38, 38), (40, 42), (56, 61)),
            ("Person", "HeritageSite", "HistoricalEvent", "Community", "Conference"),
        ),
        Theme(
            "multilateral-forums-and-policies",
            "Multilateral forums and policies",
            "多国間の枠組み・政策",
            ((28, 29), (45, 45), (61, 61)),
            ("Forum", "Policy"),
        ),
        Theme(
            "challenges-and-ways-forward",
            "Challenges and ways forward",
            "課題と今後の方向性",
            ((43, 61),),
            ("Challenge", "Recommendation", "RecommendedAction"),
        ),
    )
}


def passage_line(passage: str) -> int | None:
    """The article line of a passage ID (``article/L35S1`` is on line 35), or None."""
    match = _PASSAGE.fullmatch(passage)
    return int(match.group(1)) if match else None


def _on_theme(theme: Theme, passages: Iterable[str]) -> bool:
    for passage in passages:
        line = passage_line(passage)
        if line is not None and theme.covers_line(line):
            return True
    return False


def theme_members(G: nx.MultiDiGraph, theme: Theme) -> set[str]:
    """The entities (node keys of ``G``) that belong to ``theme`` by the module's rule."""
    members = {
        node
        for node, data in G.nodes(data=True)
        if data.get("type") in theme.classes
        or set(data.get("types", ())) & set(theme.classes)
        or _on_theme(theme, data.get("sources", ()))
    }
    for u, v, data in G.edges(data=True):
        if _on_theme(theme, data.get("passages", ())):
            members.update((u, v))
    return members
