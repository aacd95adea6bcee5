"""The dated facts of the graph, in order (the data of the timeline page and command).

A fact is dated by a literal of :data:`DATE_PROPERTIES` (``ij:date``,
``ij:since``, ``dcterms:date``) on an entity, or by the entity's ``ij:period``
(a Period with start and end years: "2022–23", "till 2023"). Each entry keeps
every passage whose named graph states the date (from any source document),
with its verbatim sentence, and the other values that other sources give for
the same date of the same entity (``differs``): the page marks those. Events
of :data:`UNDATED_CLASSES` that carry no date are listed last as undated: the
graph gives them no year and this module does not invent one (when a source
sentence calls the event "recent", the entry says so, quoting it).

>>> import ijgraph
>>> entries = timeline(ijgraph.load())
>>> [e.when for e in entries if e.entity == "ijr:ConsecrationOfGreatBuddha"]
['752']
>>> entries == sorted(entries, key=Entry.order)
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

import pyoxigraph as ox

from ijgraph.graph.projection import projection
from ijgraph.rdf.convert import as_quads
from ijgraph.rdf.passages import passage_index
from ijgraph.vocab.namespaces import BASE, IJG, IJP
from ijgraph.vocab.prefixes import lexical, short

__all__ = [
    "DATE_PROPERTIES",
    "UNDATED_CLASSES",
    "Entry",
    "between",
    "timeline",
]

_IJ = BASE + "ontology/"
DCTERMS_DATE = "http://purl.org/dc/terms/date"
#: Literal properties that date an entity, and how the timeline words them.
DATE_PROPERTIES = {_IJ + "date": "date", DCTERMS_DATE: "date", _IJ + "since": "since"}
#: Classes whose undated members still belong on the timeline (at the end).
UNDATED_CLASSES = frozenset({"Summit"})
_PERIOD = _IJ + "period"
_YEARS = {
    "start": (_IJ + "startYear", _IJ + "startDate"),
    "end": (_IJ + "endYear", _IJ + "endDate"),
}
_BACKGROUND = str(IJG.background)
#: Every predicate the timeline reads (the others are skipped unread).
_DATING = frozenset([*DATE_PROPERTIES, _PERIOD, *(p for props in _YEARS.values() for p in props)])


@dataclass(frozen=True)
class Entry:
    """One dated fact; ``year`` is None for an undated event."""

    year: int | None
    when: str
    entity: str
    label: str
    type: str
    kind: str
    what: str
    stated_as: str
    passage: str
    quote: str
    #: Every source stating this date: (passage ID or "background", its sentence).
    sources: tuple[tuple[str, str], ...] = ()
    #: Other values given for the same date of the same entity by other sources.
    differs: tuple[str, ...] = ()

    def order(self) -> tuple[bool, int, str, str]:
        return (self.year is None, self.year or 0, self.when, self.entity)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _year(lexical: str) -> int:
    return int(lexical.lstrip("-")[:4].lstrip("0") or "0")


def _source(graph: str) -> str:
    if graph.startswith(str(IJP)):
        return graph[len(str(IJP)) :]
    return "background" if graph == _BACKGROUND else graph


def _span(start: int | None, end: int | None) -> tuple[int, str] | None:
    """The year and wording of a period: 2022–23, 2022, till 2023, from 2022."""
    if start is not None and end is not None:
        if start == end:
            return start, str(start)
        tail = f"{end % 100:02d}" if start // 100 == end // 100 else str(end)
        return start, f"{start}–{tail}"
    if end is not None:
        return end, f"till {end}"
    if start is not None:
        return start, f"from {start}"
    return None


def timeline(graph: Any, projected: Any = None) -> list[Entry]:
    """Every dated fact of ``graph`` (a Build, Dataset or quads), oldest first, undated last.

    ``projected`` is the networkx projection of the same graph, when the caller has it.
    """
    quads = as_quads(graph)
    G = projection(quads) if projected is None else projected
    quotes = {iri: passage.quote for iri, passage in passage_index(quads).items()}
    dated: dict[tuple[str, str, str], list[str]] = {}
    periods: dict[str, dict[str, int]] = {}
    for q in quads:
        p = q.predicate.value
        if p not in _DATING:
            continue
        g = "" if isinstance(q.graph_name, ox.DefaultGraph) else lexical(q.graph_name)
        s, o = lexical(q.subject), lexical(q.object)
        if p in DATE_PROPERTIES or p == _PERIOD:
            dated.setdefault((s, p, o), []).append(g)
        for end, props in _YEARS.items():
            if p in props and isinstance(q.object, ox.Literal):
                # A year beats a date (a fiscal year starts in April but is named by its year).
                years = periods.setdefault(s, {})
                if p == props[0] or end not in years:
                    years[end] = _year(q.object.value)

    # The values each (entity, date property) has, to mark dates on which sources differ.
    values: dict[tuple[str, str], set[str]] = {}
    for subject, predicate, value in dated:
        values.setdefault((subject, predicate), set()).add(value)
    entries: list[Entry] = []
    for (subject, predicate, value), graphs in sorted(dated.items()):
        node = short(subject)
        if node not in G:
            continue
        if predicate == _PERIOD:
            years = periods.get(value, {})
            span = _span(years.get("start"), years.get("end"))
            if span is None:
                continue
            year, when, kind = span[0], span[1], "period"
        else:
            kind = DATE_PROPERTIES[predicate]
            year = _year(value)
            when = value if len(value) > 4 and "-" in value[1:] else str(year)
            when = f"since {when}" if kind == "since" else when
        ordered = sorted(set(graphs), key=lambda g: (not g.startswith(str(IJP)), g))
        sources = tuple(
            (_source(g), quotes.get(g, ""))
            for g in ordered
            if g.startswith(str(IJP)) or g == _BACKGROUND
        )
        others = tuple(sorted(values[(subject, predicate)] - {value}))
        entry = _entry(G, node, year, when, kind, _source(ordered[0]), quotes.get(ordered[0], ""))
        entries.append(_with(entry, sources or ((entry.passage, entry.quote),), others))

    dated_nodes = {e.entity for e in entries}
    for node, data in sorted(G.nodes(data=True)):
        if data.get("type") in UNDATED_CLASSES and node not in dated_nodes:
            cited: list[str] = [str(s) for s in data.get("sources") or []]
            recent = [s for s in cited if "recent" in quotes.get(str(IJP[s]), "").lower()]
            passage = (recent or cited or [""])[0]
            when = "recent (undated)" if recent else "undated"
            quote = quotes.get(str(IJP[passage]), "") if passage else ""
            entry = _entry(G, node, None, when, "undated", passage, quote)
            every = tuple((s, quotes.get(str(IJP[s]), "")) for s in cited if s != "background")
            entries.append(_with(entry, every or ((passage, quote),), ()))
    return sorted(entries, key=Entry.order)


def _entry(
    G: Any, node: str, year: int | None, when: str, kind: str, passage: str, quote: str
) -> Entry:
    data = G.nodes[node]
    stated = data.get("statedAs", "")
    return Entry(
        year=year,
        when=when,
        entity=node,
        label=str(data.get("label", node)),
        type=str(data.get("type", "")),
        kind=kind,
        what=str(data.get("description", "")),
        stated_as="; ".join(stated) if isinstance(stated, list) else str(stated),
        passage=passage,
        quote=quote,
    )


def _with(entry: Entry, sources: tuple[tuple[str, str], ...], differs: tuple[str, ...]) -> Entry:
    return replace(entry, sources=sources, differs=tuple(_label(v) for v in differs))


def _label(value: str) -> str:
    """How a differing value is shown: a period's local name, or the literal itself."""
    return value.rsplit("/", 1)[-1] if value.startswith("http") else value


def between(entries: list[Entry], start: int | None = None, end: int | None = None) -> list[Entry]:
    """The entries from ``start`` to ``end`` (inclusive); undated ones only when unbounded.

    >>> e = [Entry(752, "752", "ijr:A", "A", "T", "date", "", "", "L1S1", ""),
    ...      Entry(None, "undated", "ijr:B", "B", "T", "undated", "", "", "", "")]
    >>> [x.entity for x in between(e, 700)], [x.entity for x in between(e)]
    (['ijr:A'], ['ijr:A', 'ijr:B'])
    """
    if start is None and end is None:
        return list(entries)
    return [
        e
        for e in entries
        if e.year is not None
        and (start is None or e.year >= start)
        and (end is None or e.year <= end)
    ]
