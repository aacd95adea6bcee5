"""How entities look on the pages: a colour and a shape per family of classes.

A *family* is the broad class an entity belongs to, read from the ontology:
the ancestor of its class just below ``ij:Entity`` (``ij:Place`` for a city),
except that concepts are split into their own kinds (``ij:Pillar``,
``ij:Topic``...), which read better as separate colours. The legend and the
class filter of every page list families.

>>> vocab = Vocabulary(
...     classes={"City": ("City", "都市"), "Place": ("Place", "場所"), "Entity": ("Entity", "")},
...     parents={"City": ("Place",), "Place": ("Entity",)},
...     properties={},
... )
>>> vocab.family("City")
'Place'
>>> FAMILY_STYLES["Place"].shape
'dot'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ijgraph.vocab.namespaces import IJ
from ijgraph.vocab.ontology import read_ontology

__all__ = ["FALLBACK_STYLE", "FAMILY_STYLES", "Style", "Vocabulary", "vis_groups", "vocabulary"]

_ROOT = "Entity"
_SPLIT = "Concept"  # families below this class are its subclasses


@dataclass(frozen=True)
class Style:
    """The look of a family: a fill colour, a border colour and a vis-network shape."""

    colour: str
    border: str
    shape: str


#: One style per family; colours are from a colour-blind-aware palette, and the
#: shape doubles the cue for readers who cannot tell two colours apart.
FAMILY_STYLES: dict[str, Style] = {
    "Place": Style("#4e79a7", "#2c4a6b", "dot"),
    "Event": Style("#f28e2b", "#a85a12", "diamond"),
    "DialogueMechanism": Style("#e15759", "#9b2c2e", "triangle"),
    "BilateralRelationship": Style("#b07aa1", "#73486a", "star"),
    "Organization": Style("#59a14f", "#346b2d", "square"),
    "Community": Style("#9c755f", "#654634", "triangleDown"),
    "Person": Style("#ff9da7", "#c25c68", "dot"),
    "Policy": Style("#76b7b2", "#3f7b77", "hexagon"),
    "Agreement": Style("#edc948", "#9c8220", "square"),
    "Initiative": Style("#86bcb6", "#4c8680", "diamond"),
    "InfrastructureProject": Style("#8c564b", "#5a322a", "triangle"),
    "Figure": Style("#bab0ac", "#7a706c", "square"),
    "Period": Style("#d4a6c8", "#93648a", "triangleDown"),
    "Challenge": Style("#d62728", "#8a1213", "triangleDown"),
    "Recommendation": Style("#17becf", "#0b7d89", "star"),
    "RecommendedAction": Style("#9edae5", "#4f9aa6", "dot"),
    "Pillar": Style("#ffbe0b", "#a87b00", "star"),
    "Topic": Style("#c5e1a5", "#6f8f4a", "dot"),
    "ServiceBranch": Style("#1f77b4", "#124a72", "hexagon"),
    "IndicatorType": Style("#aec7e8", "#5d7fa8", "hexagon"),
    "Concept": Style("#dcdcdc", "#8a8a8a", "dot"),
}
FALLBACK_STYLE = Style("#cccccc", "#777777", "dot")


@dataclass(frozen=True)
class Vocabulary:
    """The ontology terms the pages name: class and property labels, class parents.

    ``classes`` and ``properties`` map a local name (``City``) to its English and
    Japanese labels; ``parents`` maps a class to its ``ij:`` superclasses.
    """

    classes: dict[str, tuple[str, str]]
    parents: dict[str, tuple[str, ...]]
    properties: dict[str, tuple[str, str]]

    def family(self, cls: str) -> str:
        """The family of a class (see the module docstring); the class itself at the top."""
        chain = [cls]
        seen = {cls}
        while True:
            parents = [p for p in self.parents.get(chain[-1], ()) if p not in seen]
            if not parents or parents[0] == _ROOT:
                break
            if parents[0] == _SPLIT:
                break
            chain.append(parents[0])
            seen.add(parents[0])
        return chain[-1]

    def class_label(self, cls: str, lang: str = "en") -> str:
        en, ja = self.classes.get(cls, (cls, ""))
        return (ja or en) if lang == "ja" else en

    def property_label(self, name: str, lang: str = "en") -> str:
        en, ja = self.properties.get(name, (name, ""))
        return (ja or en) if lang == "ja" else en


def vocabulary(quads: Iterable[ox.Quad]) -> Vocabulary:
    """Class and property labels and the class tree, through the one ontology reader."""
    ns = str(IJ._NS)
    onto = read_ontology(quads)
    local = {iri: iri[len(ns) :] for iri in onto.labels if iri.startswith(ns)}
    classes = {local[c] for c in onto.classes if c in local}

    def pair(iri: str) -> tuple[str, str]:
        labels = onto.labels.get(iri, {})
        return labels.get("en", local[iri]), labels.get("ja", "")

    parents = {
        local[c]: tuple(sorted(p[len(ns) :] for p in onto.parents.get(c, ()) if p.startswith(ns)))
        for c in onto.classes
        if c in local
    }
    return Vocabulary(
        classes={local[c]: pair(c) for c in sorted(onto.classes) if c in local},
        parents={c: ps for c, ps in sorted(parents.items()) if ps},
        properties={
            name: pair(iri)
            for iri, name in sorted(local.items(), key=lambda kv: kv[1])
            if name not in classes
        },
    )


def vis_groups(families: Iterable[str]) -> dict[str, dict[str, object]]:
    """vis-network ``groups`` options: one group per family, styled from FAMILY_STYLES."""
    groups: dict[str, dict[str, object]] = {}
    for family in sorted(set(families)):
        style = FAMILY_STYLES.get(family, FALLBACK_STYLE)
        groups[family] = {
            "shape": style.shape,
            "color": {
                "background": style.colour,
                "border": style.border,
                "highlight": {"background": style.colour, "border": "#111111"},
                "hover": {"background": style.colour, "border": "#111111"},
            },
        }
    return groups
