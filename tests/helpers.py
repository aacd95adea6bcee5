"""Shared test helpers: paths of the real project, an ASK helper and Chromium's settings.

Tests import these from here (``from tests.helpers import ROOT``); fixtures live in conftest.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ijgraph.vocab.namespaces import IJ, IJG, IJP, IJR

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "DATA",
    "GOLDEN",
    "HOSTILE",
    "HOSTILE_QUOTE",
    "ROOT",
    "Quads",
    "ask",
    "small_build",
]

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
GOLDEN = DATA / "golden"

#: Debian's Chromium (installed by .ci/run), started with no background networking.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def ask(store, query: str) -> bool:  # type: ignore[no-untyped-def]
    """Run an ASK query with the project's prefixes on a pyoxigraph store."""
    from ijgraph.vocab.namespaces import PREFIXES

    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    return bool(store.query(head + query, use_default_graph_as_union=True))


HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_QUOTE = 'He said "</script><script>alert(2)</script>" & left.'
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_DESCRIPTION = ox.NamedNode("http://purl.org/dc/terms/description")
_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")


@dataclass
class Quads:
    """A stand-in for a Build: render_site only needs ``quads``."""

    quads: list[ox.Quad]


def _n(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def small_build(ontology: list[ox.Quad]) -> Quads:
    """Three entities, one with a hostile label and description, linked by a hostile quote."""
    lexicon, sources = _n(IJG.lexicon), _n(IJG.sources)
    passage = _n(IJP["article/L35S1"])
    entities = [
        ("Evil", "MilitaryExercise", HOSTILE, HOSTILE, f"{HOSTILE} & <b>bold</b>"),
        ("India", "Country", "India", "インド", "A country."),
        ("Odd_Name", "Topic", "Odd 'name'", "奇妙", "Needs an escaped file name."),
    ]
    quads = list(ontology)
    for local, cls, en, ja, description in entities:
        iri = _n(IJR[local])
        quads += [
            ox.Quad(iri, _RDF_TYPE, _n(IJ[cls]), lexicon),
            ox.Quad(iri, _LABEL, ox.Literal(en, language="en"), lexicon),
            ox.Quad(iri, _LABEL, ox.Literal(ja, language="ja"), lexicon),
            ox.Quad(iri, _DESCRIPTION, ox.Literal(description, language="en"), lexicon),
            ox.Quad(iri, _SOURCE, passage, lexicon),
        ]
    quads += [
        ox.Quad(passage, _n(IJ.quote), ox.Literal(HOSTILE_QUOTE), sources),
        ox.Quad(_n(IJR.Evil), _n(IJ.party), _n(IJR.India), passage),
        ox.Quad(_n(IJR.Evil), _n(IJ.covers), _n(IJR.Odd_Name), passage),
    ]
    return Quads(quads)
