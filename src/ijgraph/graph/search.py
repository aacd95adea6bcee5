"""A ranked, typo-tolerant search index over the graph's names and texts.

One index serves ``ijgraph search``, ``GET /search``, the query editor's entity
completion and the reconciliation service, so that a name found in one is found
in all. It is built from quads (nothing else: pure functions, no store, no
SPARQL) and holds, for every subject that has a name:

* names: ``rdfs:label`` (en, ja, hi...), ``skos:altLabel``, ``ij:acronym``,
  matched as whole strings with rapidfuzz's weighted ratio, so a typo
  ("Malabr"), a partial name ("Abe") or a different word order still ranks;
* texts: ``dcterms:description``, ``rdfs:comment`` and the passages'
  ``ij:quote``, matched word by word (with fuzzy expansion of long words) and
  by character bigrams for scripts written without spaces (Japanese), so
  "マラバール演習" and "operational synergy" both find their entity or sentence.

Strings are folded before matching (NFKC, case, Latin accents, hiragana to
katakana, punctuation to spaces), so "Todai-ji" finds "Tōdai-ji".

>>> import pyoxigraph as ox
>>> rdfs = "http://www.w3.org/2000/01/rdf-schema#label"
>>> quads = [ox.Quad(ox.NamedNode("https://w3id.org/ijgraph/resource/Malabar"),
...     ox.NamedNode(rdfs), ox.Literal(name, language=lang))
...     for name, lang in [("Malabar", "en"), ("マラバール", "ja")]]
>>> index = build_index(quads)
>>> [(h.label, h.field) for h in search(index, "malabr")]
[('Malabar', 'label@en')]
>>> [(h.label, h.field) for h in search(index, "まらばーる")]
[('Malabar', 'label@ja')]
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from ijgraph.vocab.prefixes import PREFIXES

__all__ = ["INDEXED", "Entry", "Hit", "Index", "build_index", "fold", "search"]

_RDF, _RDFS, _OWL = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"]
_IJ, _SKOS, _DCT = PREFIXES["ij"], PREFIXES["skos"], PREFIXES["dcterms"]
_TYPE = _RDF + "type"

#: Predicate -> the field it fills: names are matched whole, texts word by word.
NAMES = {_RDFS + "label": "label", _SKOS + "altLabel": "alias", _IJ + "acronym": "acronym"}
TEXTS = {_DCT + "description": "description", _RDFS + "comment": "comment", _IJ + "quote": "quote"}
#: Every predicate the index reads (a store can hand over just these).
INDEXED = (*NAMES, *TEXTS, _TYPE, _RDFS + "subClassOf")
#: How much a match in a field is worth next to a match of the main label.
WEIGHTS = {"label": 1.0, "alias": 0.97, "acronym": 0.97, "description": 0.75, "comment": 0.75}
WEIGHTS["quote"] = 0.7
#: ... and a word of the query found in a field (a whole name ranks above its words).
_WORD = {fld: weight * 0.9 if fld in NAMES.values() else weight for fld, weight in WEIGHTS.items()}
_CLASSES = {_OWL + "Class", _RDFS + "Class"}
_PROPERTIES = {_RDF + "Property", _OWL + "ObjectProperty", _OWL + "DatatypeProperty"}
_PROPERTIES.add(_OWL + "AnnotationProperty")
#: Up to this many names, every name is compared with the query (above, see search()).
FULL_SCAN = 20_000
#: Kinds of entry, in the order they rank when scores tie.
KINDS = ("entity", "class", "property", "passage", "reference")
_REFERENCES = {_DCT + "BibliographicResource"}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")


class _Folding(dict[int, int | str]):
    """A ``str.translate`` table filled on first sight of each character: hiragana ->
    katakana, punctuation, symbols, spaces and controls -> a space, the rest kept."""

    def __missing__(self, code: int) -> int | str:
        if 0x3041 <= code <= 0x3096:
            value: int | str = code + 0x60
        else:
            value = " " if unicodedata.category(chr(code))[0] in "PSZC" else code
        self[code] = value
        return value


_FOLDING = _Folding()
_ASCII_JUNK = re.compile(r"[^a-z0-9]+")
_LATIN_ACCENTS = re.compile(r"(?<=[\x00-\u024f])[\u0300-\u036f]+")


def fold(text: str) -> str:
    """``text`` as the index compares it: NFKC, casefolded, Latin accents and
    punctuation dropped, hiragana as katakana, single spaces."""
    if text.isascii():
        return " ".join(_ASCII_JUNK.sub(" ", text.lower()).split())
    text = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    text = _LATIN_ACCENTS.sub("", text)  # accents on Latin letters, not Devanagari signs
    return " ".join(unicodedata.normalize("NFC", text.translate(_FOLDING)).split())


def _tokens(folded: str) -> list[str]:
    """Words, and character bigrams of runs written without spaces (CJK)."""
    out: list[str] = []
    for word in folded.split():
        if _CJK.search(word):
            out.extend(word[i : i + 2] for i in range(max(1, len(word) - 1)))
        else:
            out.append(word)
    return out


@dataclass(frozen=True)
class Entry:
    """One searchable subject: its IRI, kind, display name, names by language."""

    iri: str
    kind: str
    label: str
    labels: tuple[tuple[str, str], ...]
    description: str
    types: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    """A ranked answer: the entry, its score (0-100) and what matched, where."""

    iri: str
    label: str
    kind: str
    score: float
    field: str
    matched: str
    description: str
    types: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "iri": self.iri,
            "label": self.label,
            "kind": self.kind,
            "score": self.score,
            "field": self.field,
            "matched": self.matched,
            "description": self.description,
            "types": list(self.types),
        }


@dataclass
class Index:
    """The built index (see :func:`build_index`); read it, never change it."""

    entries: list[Entry]
    by_iri: dict[str, int]
    names: list[str]  # folded, with spaces
    compact: list[str]  # folded, without spaces
    name_of: list[tuple[int, str, str]]  # (entry, field, original text)
    postings: dict[str, dict[int, tuple[str, str]]]  # token -> entry -> (field, text)
    vocabulary: list[str]
    idf: dict[str, float]
    superclasses: dict[str, frozenset[str]] = field(default_factory=dict)
    rows_of: dict[int, range] = field(default_factory=dict)  # entry -> its rows of names

    def label(self, iri: str) -> str | None:
        at = self.by_iri.get(iri)
        return None if at is None else self.entries[at].label

    def entry(self, iri: str) -> Entry | None:
        at = self.by_iri.get(iri)
        return None if at is None else self.entries[at]


def _kind(types: set[str], texts: dict[str, list[tuple[str, str]]]) -> str:
    if types & _CLASSES:
        return "class"
    if types & _PROPERTIES:
        return "property"
    if "quote" in texts:
        return "passage"
    if types & _REFERENCES:  # a work a source cites (a footnote): not a thing it speaks of
        return "reference"
    return "entity"


def _display(iri: str, names: list[tuple[str, str, str]], texts: list[tuple[str, str]]) -> str:
    labels = sorted((lang != "en", lang, text) for fld, lang, text in names if fld == "label")
    if labels:
        return labels[0][2]
    if names:
        return sorted(names)[0][2]
    local = re.split(r"[/#]", iri)[-1]
    return local or iri


def build_index(quads: Iterable[ox.Quad]) -> Index:
    """The search index of every named or described subject of ``quads``."""
    names: dict[str, list[tuple[str, str, str]]] = {}
    texts: dict[str, dict[str, list[tuple[str, str]]]] = {}
    types: dict[str, set[str]] = {}
    parents: dict[str, set[str]] = {}
    for quad in quads:
        s, p, o = quad.subject, quad.predicate.value, quad.object
        if not isinstance(s, ox.NamedNode):
            continue
        if p == _TYPE and isinstance(o, ox.NamedNode):
            types.setdefault(s.value, set()).add(o.value)
        elif p == _RDFS + "subClassOf" and isinstance(o, ox.NamedNode):
            parents.setdefault(s.value, set()).add(o.value)
        elif isinstance(o, ox.Literal) and p in NAMES:
            names.setdefault(s.value, []).append((NAMES[p], o.language or "", o.value))
        elif isinstance(o, ox.Literal) and p in TEXTS:
            texts.setdefault(s.value, {}).setdefault(TEXTS[p], []).append(
                (o.language or "", o.value)
            )
    entries: list[Entry] = []
    name_rows: list[tuple[int, str, str]] = []
    postings: dict[str, dict[int, tuple[str, str]]] = {}
    for iri in sorted(set(names) | set(texts)):
        own = sorted(set(names.get(iri, [])))
        docs = texts.get(iri, {})
        described = [t for lang, t in sorted(docs.get("description", [])) if lang in ("en", "")]
        at = len(entries)
        entries.append(
            Entry(
                iri,
                _kind(types.get(iri, set()), docs),
                _display(iri, own, []),
                tuple((lang, text) for fld, lang, text in own if fld == "label"),
                (described or [t for _, t in sorted(docs.get("comment", []))] or [""])[0],
                tuple(sorted(types.get(iri, ()))),
            )
        )
        places = [(f"{f}@{lang}" if lang and f == "label" else f, t) for f, lang, t in own]
        name_rows.extend((at, fld, text) for fld, text in places)
        places += [
            (fld, text) for fld, values in sorted(docs.items()) for _, text in sorted(values)
        ]
        for fld, text in places:
            for token in _tokens(fold(text)):
                held = postings.setdefault(token, {}).get(at)
                if held is None or _WORD[_field(fld)] > _WORD[_field(held[0])]:
                    postings[token][at] = (fld, text)
    count = max(1, len(entries))
    return Index(
        entries=entries,
        by_iri={e.iri: i for i, e in enumerate(entries)},
        names=[fold(text) for _, _, text in name_rows],
        compact=[fold(text).replace(" ", "") for _, _, text in name_rows],
        name_of=name_rows,
        postings=postings,
        vocabulary=sorted(t for t in postings if not _CJK.search(t)),
        idf={t: math.log(1 + count / len(d)) for t, d in postings.items()},
        superclasses=_closure(parents),
        rows_of=_rows_of(name_rows),
    )


def _rows_of(name_rows: list[tuple[int, str, str]]) -> dict[int, range]:
    out: dict[int, range] = {}
    for row, (at, _, _) in enumerate(name_rows):  # an entry's rows are contiguous
        out[at] = range(out[at].start, row + 1) if at in out else range(row, row + 1)
    return out


def _closure(parents: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    """Each class -> itself and all its superclasses (``rdfs:subClassOf*``)."""
    out: dict[str, frozenset[str]] = {}
    for cls in parents:
        seen, todo = {cls}, [cls]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        out[cls] = frozenset(seen)
    return out


def _field(place: str) -> str:
    return place.split("@")[0]


def _name_scores(
    index: Index, query: str, among: Iterable[int] | None = None
) -> dict[int, tuple[float, str, str]]:
    from rapidfuzz import fuzz, process

    best: dict[int, tuple[float, str, str]] = {}
    compact = query.replace(" ", "")
    names: dict[int, str] | list[str] = index.names
    compacts: dict[int, str] | list[str] = index.compact
    if among is not None:  # only the names of these entries
        rows = [row for at in among for row in index.rows_of.get(at, ())]
        names = {row: index.names[row] for row in rows}
        compacts = {row: index.compact[row] for row in rows}
    found = process.extract(query, names, scorer=fuzz.WRatio, score_cutoff=50, limit=None)
    joined = process.extract(compact, compacts, scorer=fuzz.WRatio, score_cutoff=50, limit=None)
    for _, score, row in [*found, *joined]:
        at, fld, text = index.name_of[row]
        name = index.compact[row]
        if name == compact:
            score = 100.0
        elif len(name) < len(compact):  # the query says more than the name
            score *= 0.5 + 0.5 * len(name) / len(compact)
        else:  # the name says more than the query: "Quad" is not "Tensions in Quad ..."
            if name.startswith(compact) and len(compact) >= 3:
                score = max(score, 92.0)
            score *= 0.75 + 0.25 * len(compact) / len(name)
        score *= WEIGHTS[_field(fld)]
        if score > best.get(at, (0.0, "", ""))[0]:
            best[at] = (score, fld, text)
    return best


def _text_scores(index: Index, query: str) -> dict[int, tuple[float, str, str]]:
    from rapidfuzz import fuzz, process

    tokens = list(dict.fromkeys(_tokens(query)))
    if not tokens:
        return {}
    weight = {t: index.idf.get(t, math.log(1 + len(index.entries))) for t in tokens}
    total = sum(weight.values())
    gained: dict[int, float] = {}
    best: dict[int, float] = {}
    where: dict[int, tuple[str, str]] = {}
    for token in tokens:
        similar = {token: 1.0} if token in index.postings else {}
        if not _CJK.search(token) and len(token) >= 4:
            for word, score, _ in process.extract(
                token, index.vocabulary, scorer=fuzz.ratio, score_cutoff=80, limit=8
            ):
                similar.setdefault(word, score / 100)
        if len(token) >= 3:
            similar.update({w: max(similar.get(w, 0), 0.9) for w in _prefixed(index, token)})
        reached: dict[int, tuple[float, tuple[str, str]]] = {}
        for word, sim in similar.items():
            for at, place in index.postings[word].items():
                value = sim * _WORD[_field(place[0])]
                if value > reached.get(at, (0.0,))[0]:
                    reached[at] = (value, place)
        for at, (value, place) in reached.items():
            gained[at] = gained.get(at, 0.0) + value * weight[token]
            if value * weight[token] > best.get(at, 0.0):
                best[at], where[at] = value * weight[token], place
    return {at: (100 * got / total, *where[at]) for at, got in gained.items()}


def _prefixed(index: Index, token: str) -> list[str]:
    import bisect

    words = index.vocabulary
    start = bisect.bisect_left(words, token)
    out = []
    for word in words[start : start + 50]:
        if not word.startswith(token):
            break
        out.append(word)
    return out


def search(
    index: Index,
    text: str,
    limit: int = 10,
    *,
    kinds: Iterable[str] | None = None,
    min_score: float = 65.0,
) -> list[Hit]:
    """The best ``limit`` entries for ``text``, best first (score 0-100, ties by the
    other measure, kind, label), keeping only ``kinds`` (see :data:`KINDS`) when given.

    An entry scores the better of two measures: its best name matched whole, and
    the share of the query's words found in its names and texts."""
    query = fold(text)
    if not query or limit <= 0:
        return []
    wanted = set(kinds) if kinds is not None else set(KINDS)
    texts = _text_scores(index, query)
    # A large index compares whole names only for entries that share a (fuzzy) word or
    # bigram with the query; a small one compares them all.
    among = texts if len(index.names) > FULL_SCAN else None
    names = _name_scores(index, query, among)
    ranked = []
    for at in set(texts) | set(names):
        entry = index.entries[at]
        text_hit, name_hit = texts.get(at, (0.0, "", "")), names.get(at, (0.0, "", ""))
        best, other = (name_hit, text_hit) if name_hit[0] >= text_hit[0] else (text_hit, name_hit)
        if best[0] >= min_score and entry.kind in wanted:
            hit = Hit(entry.iri, entry.label, entry.kind, round(best[0], 1), best[1], best[2],
                      entry.description, entry.types)  # fmt: skip
            ranked.append((-hit.score, -other[0], KINDS.index(hit.kind), hit.label, hit.iri, hit))
    # Ties go to the entry that the other measure also favours (a whole name over its words).
    ranked.sort(key=lambda r: r[:5])
    return [r[5] for r in ranked[:limit]]
