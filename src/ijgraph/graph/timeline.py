"""The dated facts of the graph, in order, and an offline timeline page.

A fact is dated by a literal of :data:`DATE_PROPERTIES` (``ij:date``,
``ij:since``, ``dcterms:date``) on an entity, or by the entity's ``ij:period``
(a Period with start and end years: "2022–23", "till 2023"). Each entry keeps
the passage whose named graph states the date and its verbatim sentence. Events
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

import html
from dataclasses import asdict, dataclass
from typing import Any

import pyoxigraph as ox

from ijgraph.graph.projection import projection
from ijgraph.rdf.convert import as_quads
from ijgraph.vocab.namespaces import BASE, IJG, IJP
from ijgraph.vocab.prefixes import short
from ijgraph.vocab.slugs import slug

__all__ = [
    "DATE_PROPERTIES",
    "UNDATED_CLASSES",
    "Entry",
    "between",
    "render_timeline_html",
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
_QUOTE = _IJ + "quote"
_SOURCES = str(IJG.sources)
_BACKGROUND = str(IJG.background)


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

    def order(self) -> tuple[bool, int, str, str]:
        return (self.year is None, self.year or 0, self.when, self.entity)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _text(term: object) -> str:
    """The IRI or lexical form of a term."""
    return str(getattr(term, "value", term))


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


def timeline(graph: Any) -> list[Entry]:
    """Every dated fact of ``graph`` (a Build, Dataset or quads), oldest first, undated last."""
    quads = as_quads(graph)
    G = projection(quads)
    quotes: dict[str, str] = {}
    dated: dict[tuple[str, str, str], list[str]] = {}
    periods: dict[str, dict[str, int]] = {}
    for q in quads:
        g = "" if isinstance(q.graph_name, ox.DefaultGraph) else _text(q.graph_name)
        s, p, o = _text(q.subject), q.predicate.value, _text(q.object)
        if g == _SOURCES and p == _QUOTE:
            quotes[s] = o
        elif p in DATE_PROPERTIES or p == _PERIOD:
            dated.setdefault((s, p, o), []).append(g)
        for end, props in _YEARS.items():
            if p in props and isinstance(q.object, ox.Literal):
                # A year beats a date (a fiscal year starts in April but is named by its year).
                years = periods.setdefault(s, {})
                if p == props[0] or end not in years:
                    years[end] = _year(q.object.value)

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
        graph = sorted(graphs, key=lambda g: (not g.startswith(str(IJP)), g))[0]
        entries.append(_entry(G, node, year, when, kind, _source(graph), quotes.get(graph, "")))

    dated_nodes = {e.entity for e in entries}
    for node, data in sorted(G.nodes(data=True)):
        if data.get("type") in UNDATED_CLASSES and node not in dated_nodes:
            sources = list(data.get("sources") or [])
            recent = [s for s in sources if "recent" in quotes.get(str(IJP[s]), "").lower()]
            passage = (recent or sources or [""])[0]
            when = "recent (undated)" if recent else "undated"
            entries.append(
                _entry(
                    G,
                    node,
                    None,
                    when,
                    "undated",
                    passage,
                    quotes.get(str(IJP[passage]), "") if passage else "",
                )
            )
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


# --- the page -----------------------------------------------------------------

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d2430;background:#f7f7f4}
header,main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem}
nav a{margin-right:1rem}
form{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;background:#fff;
padding:.75rem 1rem;border:1px solid #ddd;border-radius:6px}
fieldset{border:0;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
input[type=number]{width:5.5rem}
ol.timeline{list-style:none;padding:0;margin:1.5rem 0;border-left:3px solid #b33;}
ol.timeline li{position:relative;margin:0 0 1.25rem 1.25rem;background:#fff;border:1px solid #ddd;
border-radius:6px;padding:.6rem .9rem}
ol.timeline li::before{content:"";position:absolute;left:-1.72rem;top:1rem;width:.8rem;height:.8rem;
border-radius:50%;background:#b33}
.when{font-weight:700;font-size:1.1rem;margin-right:.5rem}
.type{font-size:.8rem;background:#eef;border-radius:3px;padding:0 .4rem;margin-left:.5rem}
blockquote{margin:.4rem 0 0;padding-left:.75rem;border-left:3px solid #ccc;color:#444}
.source{font-size:.85rem;color:#666}
li.undated{border-style:dashed}
"""

_JS = """
(function(){
  var form=document.getElementById('filters');
  var items=[].slice.call(document.querySelectorAll('ol.timeline li'));
  var count=document.getElementById('count');
  function apply(){
    var from=parseInt(form.from.value,10), to=parseInt(form.to.value,10);
    var types={};
    [].forEach.call(form.querySelectorAll('input[name=type]'),function(b){types[b.value]=b.checked;});
    var shown=0;
    items.forEach(function(li){
      var y=li.getAttribute('data-year');
      var ok=types[li.getAttribute('data-type')]!==false;
      if(y===''){ok=ok&&form.undated.checked;}
      else{y=parseInt(y,10);ok=ok&&!(from>y)&&!(to<y);}
      li.hidden=!ok; if(ok){shown++;}
    });
    count.textContent=shown+' of '+items.length+' facts shown';
  }
  form.addEventListener('input',apply);
  form.addEventListener('submit',function(e){e.preventDefault();apply();});
  apply();
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def entity_href(node: str) -> str:
    """The entity page of a node, relative to ``exports/html/``."""
    return f"entity/{slug(node.split(':', 1)[-1])}.html"


def _item(entry: Entry) -> str:
    year = "" if entry.year is None else str(entry.year)
    undated = ' class="undated"' if entry.year is None else ""
    source = (
        "background knowledge (not stated by the article)"
        if entry.passage == "background"
        else f"passage {entry.passage}"
        if entry.passage
        else "no source passage"
    )
    parts = [
        f'<li data-year="{year}" data-type="{_e(entry.type)}"{undated}>',
        f'<span class="when">{_e(entry.when)}</span>',
        f'<a href="{_e(entity_href(entry.entity))}">{_e(entry.label)}</a>',
        f'<span class="type">{_e(entry.type)}</span>',
    ]
    if entry.stated_as:
        parts.append(f" — <strong>{_e(entry.stated_as)}</strong>")
    if entry.what:
        parts.append(f"<div>{_e(entry.what)}</div>")
    if entry.quote:
        parts.append(f"<blockquote>{_e(entry.quote)}</blockquote>")
    parts.append(f'<div class="source">{_e(entry.kind)} · {_e(source)}</div></li>')
    return "".join(parts)


def render_timeline_html(graph: Any) -> str:
    """A self-contained timeline page (no network) for ``exports/html/timeline.html``."""
    entries = timeline(graph)
    years = [e.year for e in entries if e.year is not None]
    low, high = (min(years), max(years)) if years else (0, 0)
    types = sorted({e.type for e in entries})
    boxes = "".join(
        f'<label><input type="checkbox" name="type" value="{_e(t)}" checked> {_e(t)}</label>'
        for t in types
    )
    items = "\n".join(_item(e) for e in entries)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Timeline · India-Japan ties</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<nav><a href="index.html">Index</a><a href="ontology.html">Ontology</a></nav>
<h1>Timeline of India-Japan ties</h1>
<p>Every dated fact in the graph, oldest first, each with the sentence of the article that
states it. Undated events come last: the article gives them no date.</p>
</header>
<main>
<form id="filters">
<label>From <input type="number" name="from" value="{low}" min="{low}" max="{high}"></label>
<label>to <input type="number" name="to" value="{high}" min="{low}" max="{high}"></label>
<label><input type="checkbox" name="undated" checked> undated</label>
<fieldset><legend>Types</legend>{boxes}</fieldset>
<output id="count"></output>
</form>
<ol class="timeline">
{items}
</ol>
</main>
<script>{_JS}</script>
</body>
</html>
"""
