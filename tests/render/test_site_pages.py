"""The reader, timeline, ontology and path pages (pure Python: files, links, escaping)."""

from __future__ import annotations

import json
import re

import networkx as nx
import pyoxigraph as ox
import pytest

from ijgraph.compiler.pipeline import Build
from ijgraph.graph.projection import to_networkx
from ijgraph.graph.timeline import timeline
from ijgraph.render import render_site
from ijgraph.render.ontology_docs import ontology_terms
from ijgraph.render.sources import Sources
from ijgraph.vocab.namespaces import IJ, IJG, IJP, IJR
from tests.helpers import HOSTILE, Quads, small_build

SHELL = ('id="ijg-lang"', 'id="ijg-search"', 'href="index.html"', "assets/site.css")


@pytest.fixture(scope="module")
def site(built: Build) -> dict[str, bytes]:
    return render_site(built)


@pytest.fixture(scope="module")
def graph(built: Build) -> nx.MultiDiGraph:
    return to_networkx(built.dataset())


def text(site: dict[str, bytes], path: str) -> str:
    return site[path].decode("utf-8")


@pytest.mark.parametrize("path", ["timeline.html", "ontology.html", "path.html"])
def test_top_pages_share_the_site_shell(site: dict[str, bytes], path: str) -> None:
    page = text(site, path)
    for marker in SHELL:
        assert marker in page, (path, marker)
    assert 'href="theme/economy.html"' in page and 'href="source/article.html"' in page
    assert "<style>" not in page  # one stylesheet for the whole site


def test_reader_shows_every_sentence_and_no_advertisement(
    site: dict[str, bytes], built: Build, graph: nx.MultiDiGraph
) -> None:
    sources = Sources.from_quads(built.quads)
    assert {d.href for d in sources.documents.values()} >= {"source/article.html"}
    cited = {p for _, _, d in graph.edges(data=True) for p in d["passages"]}
    cited |= {p for _, d in graph.nodes(data=True) for p in d["sources"]}
    for doc in sources.documents.values():
        page = text(site, doc.href)
        for p in doc.passages:
            assert f'id="{p.anchor}"' in page
        assert len(re.findall(r'class="sentence( uncited)?"', page)) == len(doc.passages)
        assert "Director Sir" not in page and "aspirant" not in page  # the advertisement
        uncited = [p for p in doc.passages if p.key not in cited]
        assert page.count('class="sentence uncited"') == len(uncited)


def test_statements_link_to_their_sentence_in_the_reader(
    site: dict[str, bytes], graph: nx.MultiDiGraph
) -> None:
    page = text(site, "entity/Malabar.html")
    links = re.findall(r'class="in-context" href="\.\./source/([^"#]+)#([^"]+)"', page)
    assert links
    reader = text(site, "source/article.html")
    for _doc, anchor in links:
        assert f'id="{anchor}"' in reader
    quotes = page.count('<blockquote class="quote"')
    assert len(links) == quotes  # every quoted sentence is one click from the reader


def test_timeline_page_lists_every_source_and_marks_differences(built: Build) -> None:
    ontology = [q for q in built.quads if q.graph_name == ox.NamedNode(str(IJG.ontology))]
    event = ox.NamedNode(IJR + "Treaty")
    gyear = ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")
    quads = list(small_build(ontology).quads)
    lexicon, sources = ox.NamedNode(str(IJG.lexicon)), ox.NamedNode(str(IJG.sources))
    quads += [
        ox.Quad(
            event,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(IJ + "HistoricalEvent"),
            lexicon,
        ),
        ox.Quad(
            event,
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal(HOSTILE, language="en"),
            lexicon,
        ),
    ]
    for passage, year, quote in (
        ("a/L1S1", "1952", "Signed in 1952 <b>."),
        ("b/L2S1", "1952", "In 1952, signed."),
        ("c/L3S1", "1953", "The 1953 treaty."),
    ):
        iri = ox.NamedNode(IJP + passage)
        quads += [
            ox.Quad(event, ox.NamedNode(IJ + "date"), ox.Literal(year, datatype=gyear), iri),
            ox.Quad(iri, ox.NamedNode(IJ + "quote"), ox.Literal(quote), sources),
        ]
    page = render_site(Quads(quads))["timeline.html"].decode()
    assert HOSTILE not in page and "<b>." not in page
    assert "Signed in 1952 &lt;b&gt;." in page and "In 1952, signed." in page
    assert page.count('class=" differs"') + page.count('class="undated differs"') == 2
    assert "also given as" in page and "1953" in page


def test_timeline_page_shows_the_real_entries(site: dict[str, bytes], built: Build) -> None:
    page = text(site, "timeline.html")
    entries = timeline(built)
    assert page.count("<li data-year=") == len(entries)
    assert 'href="entity/ConsecrationOfGreatBuddha.html"' in page
    assert 'href="source/article.html#L26S1"' in page


def test_ontology_page_documents_every_term(site: dict[str, bytes], built: Build) -> None:
    page = text(site, "ontology.html")
    for term in ontology_terms(built):
        assert f'id="{term.anchor}"' in page
    assert 'href="#Event"' in page and 'href="entity/Malabar.html"' in page


def test_path_data_holds_every_edge_and_sentence(
    site: dict[str, bytes], graph: nx.MultiDiGraph
) -> None:
    raw = text(site, "assets/path-data.js")
    assert raw.startswith("window.IJG_LINKS=") and "</script" not in raw
    data = json.loads(raw[len("window.IJG_LINKS=") :].rstrip().rstrip(";"))
    assert data["nodes"] == sorted(graph.nodes)
    loops = sum(1 for u, v in graph.edges() if u == v)
    assert len(data["edges"]) == graph.number_of_edges() - loops
    for _u, _v, _p, _en, _ja, passages, _bg in data["edges"]:
        for p in passages:
            quote, href = data["passages"][p]
            document = p.split("/", 1)[0]
            assert quote and href.startswith(f"source/{document}.html#"), (p, href)


def test_hostile_site_escapes_reader_and_path_data(built: Build) -> None:
    ontology = [q for q in built.quads if q.graph_name == ox.NamedNode(str(IJG.ontology))]
    files = render_site(small_build(ontology))
    for path, data in files.items():
        if path.endswith(".html"):
            assert HOSTILE.encode() not in data, path
    assert b"<img" not in files["assets/path-data.js"] or b"\\u003c" in files["assets/path-data.js"]


def _document_quads(ontology: list[ox.Quad]) -> list[ox.Quad]:
    """Two documents; passages named without line numbers, one citing a reference."""
    sources = ox.NamedNode(str(IJG.sources))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    part_of = ox.NamedNode("http://purl.org/dc/terms/isPartOf")
    references = ox.NamedNode("http://purl.org/dc/terms/references")
    positive = ox.NamedNode("http://www.w3.org/2001/XMLSchema#positiveInteger")
    quads = list(small_build(ontology).quads)
    for doc, title in (("report", "A report"), ("speech", "A speech")):
        iri = ox.NamedNode(IJR + doc)
        quads += [
            ox.Quad(iri, rdf_type, ox.NamedNode(IJ + "SourceDocument"), sources),
            ox.Quad(iri, label, ox.Literal(title, language="en"), sources),
        ]
    rows = [
        ("report/first", "report", 3, 1, "The first sentence states a fact."),
        ("report/second", "report", 3, 2, "The second sentence cites a study."),
        ("speech/only", "speech", 1, 1, "Nobody cites this sentence."),
    ]
    for key, doc, line, sentence, quote in rows:
        passage = ox.NamedNode(IJP + key)
        quads += [
            ox.Quad(passage, rdf_type, ox.NamedNode(IJ + "Passage"), sources),
            ox.Quad(passage, part_of, ox.NamedNode(IJR + doc), sources),
            ox.Quad(
                passage,
                ox.NamedNode(IJ + "lineNumber"),
                ox.Literal(str(line), datatype=positive),
                sources,
            ),
            ox.Quad(
                passage,
                ox.NamedNode(IJ + "sentenceNumber"),
                ox.Literal(str(sentence), datatype=positive),
                sources,
            ),
            ox.Quad(passage, ox.NamedNode(IJ + "quote"), ox.Literal(quote), sources),
        ]
    quads += [
        ox.Quad(
            ox.NamedNode(IJP + "report/second"),
            references,
            ox.NamedNode("https://example.org/study"),
            sources,
        ),
        ox.Quad(
            ox.NamedNode(IJR + "Evil"),
            ox.NamedNode(IJ + "party"),
            ox.NamedNode(IJR + "India"),
            ox.NamedNode(IJP + "report/first"),
        ),
    ]
    return quads


def test_reader_pages_for_several_documents_read_lines_from_the_graph(built: Build) -> None:
    ontology = [q for q in built.quads if q.graph_name == ox.NamedNode(str(IJG.ontology))]
    files = render_site(Quads(_document_quads(ontology)))
    report = files["source/report.html"].decode()
    speech = files["source/speech.html"].decode()
    # Anchors come from ij:lineNumber / ij:sentenceNumber, not from the passage IRIs.
    assert 'id="L3S1"' in report and 'id="L3S2"' in report and 'id="L1S1"' in speech
    assert report.index("The first sentence") < report.index("The second sentence")
    # A cited work is listed on the page (offline: its address is text, not a link).
    assert '<a class="ref" href="#ref-study">[1]</a>' in report
    assert '<li id="ref-study" value="1">https://example.org/study</li>' in report
    assert not re.search(r'(src|href)="(https?:)?//', report)
    assert 'class="sentence uncited" id="L1S1"' in speech
    assert 'href="../entity/India.html"' in report  # the fact the first sentence states
    index = files["source/index.html"].decode()
    assert 'href="report.html"' in index and 'href="speech.html"' in index
    # Every page's Sources menu lists both documents.
    assert 'href="source/speech.html"' in files["index.html"].decode()
