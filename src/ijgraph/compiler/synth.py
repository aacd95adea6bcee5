"""Synthetic graphs of bilateral ties, for benchmarks and scale tests.

:func:`synthesize` streams quads in the same ontology, provenance design and
shapes as the curated graph, at any size: many country pairs meet in yearly
summits that establish agreements, highlight military exercises (with their
service branch) and report economic indicators (value, currency, period), led by
people. Each summit is reported by its own synthetic source document, one
sentence per fact:

* every sentence is an ``ij:Passage`` in ``ijg:sources`` (``ij:quote``,
  ``ij:lineNumber``, ``dcterms:isPartOf`` its ``ij:SourceDocument``) and names
  the graph of the facts it states;
* every entity is declared once in ``ijg:lexicon`` (type, ``@en`` and ``@ja``
  labels, English description, ``dcterms:source`` the passage that introduces it);
* the ontology is included as ``ijg:ontology``, as in the real build.

Synthetic IRIs live under ``resource/synth/`` and ``passage/synth/``, so they can
never be mistaken for (or merged into) curated data. The output depends only on
``triples`` and ``seed``; no triple is stated in two graphs, so the union graph
has as many triples as there are quads, ``triples`` rounded up to a whole summit.

>>> quads = list(synthesize(1500, seed=1))
>>> 1500 <= len(quads) < 1700
True
>>> quads == list(synthesize(1500, seed=1))
True
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations, count
from pathlib import Path

import pyoxigraph as ox

from ijgraph.vocab.namespaces import BASE, IJG

__all__ = ["SYNTH_PASSAGE", "SYNTH_RESOURCE", "synthesize"]

SYNTH_RESOURCE = BASE + "resource/synth/"
SYNTH_PASSAGE = BASE + "passage/synth/"

_IJ = BASE + "ontology/"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_DESCRIPTION = ox.NamedNode("http://purl.org/dc/terms/description")
_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
_IS_PART_OF = ox.NamedNode("http://purl.org/dc/terms/isPartOf")
_LANGUAGE = ox.NamedNode("http://purl.org/dc/terms/language")
_IN_SCHEME = ox.NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")
_CONCEPT_SCHEME = ox.NamedNode("http://www.w3.org/2004/02/skos/core#ConceptScheme")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_LEXICON, _SOURCES, _BACKGROUND, _ONTOLOGY = (
    ox.NamedNode(str(g)) for g in (IJG.lexicon, IJG.sources, IJG.background, IJG.ontology)
)
_ONTOLOGY_FILE = Path(__file__).resolve().parents[3] / "ontology" / "ijgraph.ttl"

# (IRI name, English, Japanese, capital, capital in Japanese, ISO 4217 currency)
COUNTRIES = [
    ("India", "India", "インド", "New Delhi", "ニューデリー", "INR"),
    ("Japan", "Japan", "日本", "Tokyo", "東京", "JPY"),
    ("UnitedStates", "United States", "アメリカ合衆国", "Washington", "ワシントン", "USD"),
    ("Australia", "Australia", "オーストラリア", "Canberra", "キャンベラ", "AUD"),
    ("France", "France", "フランス", "Paris", "パリ", "EUR"),
    ("Germany", "Germany", "ドイツ", "Berlin", "ベルリン", "EUR"),
    ("UnitedKingdom", "United Kingdom", "イギリス", "London", "ロンドン", "GBP"),
    ("Indonesia", "Indonesia", "インドネシア", "Jakarta", "ジャカルタ", "IDR"),
    ("Vietnam", "Vietnam", "ベトナム", "Hanoi", "ハノイ", "VND"),
    ("Philippines", "Philippines", "フィリピン", "Manila", "マニラ", "PHP"),
    ("Singapore", "Singapore", "シンガポール", "Singapore", "シンガポール", "SGD"),
    ("Thailand", "Thailand", "タイ", "Bangkok", "バンコク", "THB"),
    ("Malaysia", "Malaysia", "マレーシア", "Kuala Lumpur", "クアラルンプール", "MYR"),
    ("SouthKorea", "South Korea", "大韓民国", "Seoul", "ソウル", "KRW"),
    ("Brazil", "Brazil", "ブラジル", "Brasília", "ブラジリア", "BRL"),
    ("Canada", "Canada", "カナダ", "Ottawa", "オタワ", "CAD"),
    ("Italy", "Italy", "イタリア", "Rome", "ローマ", "EUR"),
    ("Spain", "Spain", "スペイン", "Madrid", "マドリード", "EUR"),
    ("Mexico", "Mexico", "メキシコ", "Mexico City", "メキシコシティ", "MXN"),
    ("SouthAfrica", "South Africa", "南アフリカ", "Pretoria", "プレトリア", "ZAR"),
    ("Egypt", "Egypt", "エジプト", "Cairo", "カイロ", "EGP"),
    ("Kenya", "Kenya", "ケニア", "Nairobi", "ナイロビ", "KES"),
    ("SriLanka", "Sri Lanka", "スリランカ", "Colombo", "コロンボ", "LKR"),
    ("Bangladesh", "Bangladesh", "バングラデシュ", "Dhaka", "ダッカ", "BDT"),
    ("NewZealand", "New Zealand", "ニュージーランド", "Wellington", "ウェリントン", "NZD"),
    ("Norway", "Norway", "ノルウェー", "Oslo", "オスロ", "NOK"),
    ("Sweden", "Sweden", "スウェーデン", "Stockholm", "ストックホルム", "SEK"),
    ("Netherlands", "Netherlands", "オランダ", "Amsterdam", "アムステルダム", "EUR"),
    ("Poland", "Poland", "ポーランド", "Warsaw", "ワルシャワ", "PLN"),
    ("Argentina", "Argentina", "アルゼンチン", "Buenos Aires", "ブエノスアイレス", "ARS"),
]
TOPICS = [
    ("Defence", "defence", "防衛"),
    ("Trade", "trade", "貿易"),
    ("Energy", "clean energy", "クリーンエネルギー"),
    ("Digital", "digital technology", "デジタル技術"),
    ("Space", "space", "宇宙"),
    ("Health", "health", "保健"),
    ("Education", "education", "教育"),
    ("Maritime", "maritime security", "海洋安全保障"),
    ("Agriculture", "agriculture", "農業"),
    ("Infrastructure", "infrastructure", "インフラ"),
    ("Semiconductors", "semiconductors", "半導体"),
    ("CriticalMinerals", "critical minerals", "重要鉱物"),
]
BRANCHES = [
    ("Naval", "naval", "海軍"),
    ("Army", "army", "陸軍"),
    ("AirForce", "air force", "空軍"),
    ("Multilateral", "multilateral", "多国間"),
]
INDICATORS = [
    ("BilateralTrade", "bilateral trade", "二国間貿易"),
    ("FDI", "foreign direct investment", "海外直接投資"),
]
_INDICATOR_NAMES = {"BilateralTrade": ("trade", "貿易額"), "FDI": ("FDI", "直接投資額")}
# (class, English pattern, Japanese pattern) for the agreement a summit establishes.
AGREEMENTS = [
    ("TradeAgreement", "{a}–{b} Agreement on {topic} Trade", "{a}・{b}{topic}貿易協定"),
    (
        "MemorandumOfUnderstanding",
        "{a}–{b} Memorandum of Understanding on {topic}",
        "{a}・{b}{topic}覚書",
    ),
    ("Declaration", "{a}–{b} Joint Declaration on {topic}", "{a}・{b}{topic}共同宣言"),
    ("Agreement", "{a}–{b} Agreement on {topic} Cooperation", "{a}・{b}{topic}協力協定"),
]
GIVEN = [
    ("Arjun", "アルジュン"),
    ("Mei", "メイ"),
    ("Lucas", "ルーカス"),
    ("Sofia", "ソフィア"),
    ("Ken", "ケン"),
    ("Ana", "アナ"),
    ("Omar", "オマル"),
    ("Lena", "レナ"),
    ("Ravi", "ラヴィ"),
    ("Yuki", "ユキ"),
    ("Nadia", "ナディア"),
    ("Tomas", "トマス"),
]
FAMILY = [
    ("Sato", "サトウ"),
    ("Sharma", "シャルマ"),
    ("Silva", "シルバ"),
    ("Weber", "ヴェーバー"),
    ("Nguyen", "グエン"),
    ("Moreau", "モロー"),
    ("Kim", "キム"),
    ("Tan", "タン"),
    ("Haddad", "ハッダード"),
    ("Okafor", "オカフォー"),
    ("Larsen", "ラーセン"),
    ("Rossi", "ロッシ"),
]
SCHEMES = {
    "Topics": ("Topics (synthetic)", "分野（合成）"),
    "ServiceBranches": ("Service branches (synthetic)", "軍種（合成）"),
    "IndicatorTypes": ("Indicator types (synthetic)", "指標の種類（合成）"),
}
_LEADER_TERM = 5  # years a synthetic head of government stays in office


def _r(name: str) -> ox.NamedNode:
    return ox.NamedNode(SYNTH_RESOURCE + name)


def _ij(name: str) -> ox.NamedNode:
    return ox.NamedNode(_IJ + name)


def _typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(_XSD + datatype))


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _money(value: int, currency: str) -> str:
    """How an article writes an amount: ``USD 21.96 billion``."""
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if value >= size:
            return f"{currency} {value / size:.2f} {word}"
    return f"{currency} {value}"


@dataclass
class _Doc:
    """One synthetic source document being written: its passages and facts."""

    iri: ox.NamedNode
    number: int
    quads: list[ox.Quad] = field(default_factory=list)
    lines: int = 0

    def passage(self, quote: str) -> ox.NamedNode:
        """Add a passage (a one-sentence line) quoting ``quote``; return its IRI."""
        self.lines += 1
        p = ox.NamedNode(f"{SYNTH_PASSAGE}D{self.number}L{self.lines}S1")
        for pred, obj in (
            (_RDF_TYPE, _ij("Passage")),
            (_ij("quote"), ox.Literal(quote)),
            (_ij("lineNumber"), _typed(self.lines, "positiveInteger")),
            (_ij("sentenceNumber"), _typed(1, "positiveInteger")),
            (_IS_PART_OF, self.iri),
        ):
            self.quads.append(ox.Quad(p, pred, obj, _SOURCES))
        return p

    def fact(
        self, passage: ox.NamedNode, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal
    ) -> None:
        self.quads.append(ox.Quad(s, _ij(p), o, passage))

    def declare(
        self,
        entity: ox.NamedNode,
        cls: str,
        en: str,
        ja: str,
        description: str,
        source: ox.NamedNode,
    ) -> None:
        self.quads.extend(_declaration(entity, cls, en, ja, description, source))


def _declaration(
    entity: ox.NamedNode, cls: str, en: str, ja: str, description: str, source: ox.NamedNode
) -> list[ox.Quad]:
    return [
        ox.Quad(entity, pred, obj, _LEXICON)
        for pred, obj in (
            (_RDF_TYPE, _ij(cls)),
            (_LABEL, ox.Literal(en, language="en")),
            (_LABEL, ox.Literal(ja, language="ja")),
            (_DESCRIPTION, ox.Literal(description, language="en")),
            (_SOURCE, source),
        )
    ]


def _preamble(ontology: Path) -> Iterator[ox.Quad]:
    """The ontology, the provenance graphs' descriptions and the concept schemes."""
    for t in ox.parse(path=str(ontology), format=ox.RdfFormat.TURTLE):
        yield ox.Quad(t.subject, t.predicate, t.object, _ONTOLOGY)
    for graph, cls, en, ja in (
        (_LEXICON, "CuratedGraph", "Lexicon", "語彙"),
        (_ONTOLOGY, "CuratedGraph", "Ontology", "オントロジー"),
        (_BACKGROUND, "BackgroundKnowledge", "Background knowledge", "背景知識"),
    ):
        yield ox.Quad(graph, _RDF_TYPE, _ij(cls), _SOURCES)
        yield ox.Quad(graph, _LABEL, ox.Literal(en, language="en"), _SOURCES)
        yield ox.Quad(graph, _LABEL, ox.Literal(ja, language="ja"), _SOURCES)
    for name, (en, ja) in SCHEMES.items():
        yield ox.Quad(_r(name), _RDF_TYPE, _CONCEPT_SCHEME, _LEXICON)
        # The scheme is no ij:Entity: its declaration is an entity's minus the ij: class.
        yield from _declaration(
            _r(name), "Concept", en, ja, f"Synthetic concept scheme: {en}.", _BACKGROUND
        )[1:]
    for scheme, cls, rows in (
        ("Topics", "Topic", TOPICS),
        ("ServiceBranches", "ServiceBranch", BRANCHES),
        ("IndicatorTypes", "IndicatorType", INDICATORS),
    ):
        for key, en, ja in rows:
            yield from _declaration(
                _r(key), cls, en.capitalize(), ja, f"Synthetic {cls} concept: {en}.", _BACKGROUND
            )
            yield ox.Quad(_r(key), _IN_SCHEME, _r(scheme), _LEXICON)


class _World:
    """What has been declared so far, so each entity is declared exactly once."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.declared: set[str] = set()
        self.people: dict[tuple[str, int], tuple[str, str]] = {}

    def first(self, key: str) -> bool:
        if key in self.declared:
            return False
        self.declared.add(key)
        return True

    def leader(self, country: int, year: int) -> tuple[ox.NamedNode, str, str]:
        term = year // _LEADER_TERM
        key = (COUNTRIES[country][0], term)
        if key not in self.people:
            (g_en, g_ja), (f_en, f_ja) = self.rng.choice(GIVEN), self.rng.choice(FAMILY)
            self.people[key] = (f"{g_en} {f_en}", f"{g_ja}・{f_ja}")
        en, ja = self.people[key]
        return _r(f"Leader{key[0]}{term * _LEADER_TERM}"), en, ja


def _summit(world: _World, doc: _Doc, pair: tuple[int, int], edition: int, year: int) -> None:
    """One summit of ``pair`` in ``year`` and everything its document reports."""
    rng = world.rng
    (ka, a, a_ja, _, _, cur_a), (kb, b, b_ja, _, _, _) = COUNTRIES[pair[0]], COUNTRIES[pair[1]]
    ca, cb = _r(ka), _r(kb)
    rel, series = _r(f"{ka}{kb}Relations"), _r(f"{ka}{kb}AnnualSummit")
    if world.first(rel.value):
        since = year - rng.randint(20, 70)
        p = doc.passage(
            f"{a} and {b} established diplomatic relations in {since}; "
            f"their leaders have met every year since {year} in the {a}–{b} Annual Summit."
        )
        for key, en, ja, country in ((ka, a, a_ja, ca), (kb, b, b_ja, cb)):
            if world.first(key):
                doc.declare(country, "Country", en, ja, f"{en} (synthetic data).", p)
        doc.declare(
            rel,
            "BilateralRelationship",
            f"{a}–{b} relations",
            f"{a_ja}・{b_ja}関係",
            f"The synthetic relationship between {a} and {b}.",
            p,
        )
        doc.declare(
            series,
            "DialogueMechanism",
            f"{a}–{b} Annual Summit",
            f"{a_ja}・{b_ja}年次首脳会談",
            f"The yearly summit of the leaders of {a} and {b} (synthetic).",
            p,
        )
        doc.fact(p, rel, "since", _typed(since, "gYear"))
        for c in (ca, cb):
            doc.fact(p, rel, "party", c)
            doc.fact(p, series, "party", c)
    host = pair[edition % 2]
    kh, h, _, city_en, city_ja, _ = COUNTRIES[host]
    city = _r(f"{kh}Capital")
    (pa, pa_en, pa_ja), (pb, pb_en, pb_ja) = (
        world.leader(pair[0], year),
        world.leader(pair[1], year),
    )
    summit = _r(f"{ka}{kb}Summit{edition}")
    p = doc.passage(
        f"The {_ordinal(edition)} {a}–{b} Annual Summit was held in {city_en} in {year}, "
        f"led by {pa_en} of {a} and {pb_en} of {b}."
    )
    doc.declare(
        summit,
        "Summit",
        f"{_ordinal(edition)} {a}–{b} Annual Summit",
        f"第{edition}回{a_ja}・{b_ja}年次首脳会談",
        f"The synthetic {_ordinal(edition)} summit of {a} and {b}, held in {year}.",
        p,
    )
    if world.first(city.value):
        doc.declare(
            city, "City", city_en, city_ja, f"{city_en}, capital of {h} (synthetic data).", p
        )
        doc.fact(p, city, "locatedIn", _r(kh))
    for person, en, ja, nation in ((pa, pa_en, pa_ja, a), (pb, pb_en, pb_ja, b)):
        if world.first(person.value):
            doc.declare(person, "Person", en, ja, f"A synthetic head of government of {nation}.", p)
        doc.fact(p, person, "contributedTo", summit)
    doc.fact(p, summit, "partOf", series)
    doc.fact(p, summit, "edition", _typed(edition, "positiveInteger"))
    doc.fact(p, summit, "date", _typed(year, "gYear"))
    doc.fact(p, summit, "location", city)
    for c in (ca, cb):
        doc.fact(p, summit, "party", c)

    topic_key, topic, topic_ja = rng.choice(TOPICS)
    cls, en_pattern, ja_pattern = rng.choice(AGREEMENTS)
    agreement = _r(f"{ka}{kb}{cls}{edition}")
    en = en_pattern.format(a=a, b=b, topic=topic.title())
    p = doc.passage(f"The summit established the {en}.")
    doc.declare(
        agreement,
        cls,
        f"{en} ({year})",
        ja_pattern.format(a=a_ja, b=b_ja, topic=topic_ja) + f"（{year}年）",
        f"A synthetic agreement of {a} and {b} on {topic}.",
        p,
    )
    doc.fact(p, summit, "established", agreement)
    doc.fact(p, agreement, "covers", _r(topic_key))
    for c in (ca, cb):
        doc.fact(p, agreement, "party", c)

    branch_key, branch, branch_ja = rng.choice(BRANCHES)
    exercise = _r(f"{ka}{kb}Exercise{edition}")
    name = f"{a}–{b} {branch} exercise {year}"
    p = doc.passage(f"The {name} was highlighted as a sign of growing defence cooperation.")
    doc.declare(
        exercise,
        "MilitaryExercise",
        name,
        f"{a_ja}・{b_ja}{branch_ja}合同演習（{year}年）",
        f"A synthetic {branch} exercise of {a} and {b}.",
        p,
    )
    doc.fact(p, summit, "highlighted", exercise)
    doc.fact(p, exercise, "serviceBranch", _r(branch_key))
    doc.fact(p, exercise, "date", _typed(year, "gYear"))
    for c in (ca, cb):
        doc.fact(p, exercise, "party", c)

    period = _r(f"FY{year}")
    for kind, currency, value, sentence in (
        (
            "BilateralTrade",
            "USD",
            rng.randint(100, 90_000) * 10**7,
            f"Bilateral trade between {a} and {b} reached {{}} in fiscal year {year}–{year + 1}.",
        ),
        (
            "FDI",
            cur_a,
            rng.randint(10, 9_000) * 10**8,
            f"{a} invested {{}} in {b} in fiscal year {year}–{year + 1}.",
        ),
    ):
        stated = _money(value, currency)
        p = doc.passage(sentence.format(stated))
        figure = _r(f"{ka}{kb}{kind}{year}")
        kind_en, kind_ja = _INDICATOR_NAMES[kind]
        doc.declare(
            figure,
            "EconomicIndicator",
            f"{a}–{b} {kind_en}, FY{year}",
            f"{a_ja}・{b_ja}{kind_ja}（{year}年度）",
            f"A synthetic {kind_en} figure: {stated}.",
            p,
        )
        if world.first(period.value):
            doc.declare(
                period,
                "Period",
                f"Fiscal year {year}–{year + 1}",
                f"{year}年度",
                f"The synthetic fiscal year starting in {year}.",
                p,
            )
            doc.fact(p, period, "startYear", _typed(year, "gYear"))
            doc.fact(p, period, "endYear", _typed(year + 1, "gYear"))
        doc.fact(p, figure, "value", _typed(value, "decimal"))
        doc.fact(p, figure, "currency", ox.Literal(currency))
        doc.fact(p, figure, "statedAs", ox.Literal(stated))
        doc.fact(p, figure, "indicatorType", _r(kind))
        doc.fact(p, figure, "period", period)
        doc.fact(p, figure, "measures", rel)
        if kind == "FDI":
            doc.fact(p, figure, "from", ca)
            doc.fact(p, figure, "to", cb)


def _document_quads(doc: _Doc, title: str, title_ja: str) -> list[ox.Quad]:
    return [
        ox.Quad(doc.iri, pred, obj, _SOURCES)
        for pred, obj in (
            (_RDF_TYPE, _ij("SourceDocument")),
            (_LABEL, ox.Literal(title, language="en")),
            (_LABEL, ox.Literal(title_ja, language="ja")),
            (_DESCRIPTION, ox.Literal(f"A synthetic news report: {title}.", language="en")),
            (_LANGUAGE, ox.Literal("en")),
            (_ij("fileName"), ox.Literal(f"synthetic-{doc.number}.txt")),
            (_ij("lastContentLine"), _typed(doc.lines, "positiveInteger")),
        )
    ]


def synthesize(triples: int, seed: int, *, ontology: Path | None = None) -> Iterator[ox.Quad]:
    """Stream a synthetic graph of about ``triples`` triples, the same for the same ``seed``.

    Quads come in generation order (``ijgraph.rdf.canonical`` sorts them for files);
    memory stays bounded by the set of declared entities, not by the graph.
    """
    rng = random.Random(seed)
    pairs = list(combinations(range(len(COUNTRIES)), 2))
    rng.shuffle(pairs)
    first_year = {pair: rng.randint(1990, 2005) for pair in pairs}
    world = _World(rng)
    emitted = 0
    for quad in _preamble(ontology or _ONTOLOGY_FILE):
        emitted += 1
        yield quad
    number = 0
    for edition in count(1):
        for pair in pairs:
            if emitted >= triples:
                return
            number += 1
            doc = _Doc(_r(f"Document{number}"), number)
            year = first_year[pair] + edition - 1
            _summit(world, doc, pair, edition, year)
            a, b = COUNTRIES[pair[0]], COUNTRIES[pair[1]]
            doc.quads.extend(
                _document_quads(
                    doc,
                    f"The {_ordinal(edition)} {a[1]}–{b[1]} Annual Summit ({year})",
                    f"第{edition}回{a[2]}・{b[2]}年次首脳会談（{year}年）",
                )
            )
            emitted += len(doc.quads)
            yield from doc.quads
