"""The documents, passages and references in the built graph, checked per document."""

from __future__ import annotations

import re

from tests.helpers import ROOT, ask

DOCUMENTS = {"article": (66, 0), "milestones": (39, 41), "nenpyo": (8, 7)}


def _select(store, query: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    from ijgraph.vocab.namespaces import PREFIXES

    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    solutions = store.query(head + query, use_default_graph_as_union=True)
    return [{str(v)[1:]: row[v].value for v in solutions.variables if row[v]} for row in solutions]


def test_each_document_has_its_metadata_in_standard_vocabulary(store) -> None:  # type: ignore[no-untyped-def]
    rows = _select(
        store,
        """SELECT ?doc ?title ?kind ?lang ?format WHERE {
          ?doc a ij:SourceDocument ; dcterms:title ?title ; dcterms:type ?kind ;
               dcterms:language ?lang ; dcterms:format ?format }""",
    )
    by_doc = {r["doc"].rsplit("/", 1)[-1]: r for r in rows}
    assert set(by_doc) == set(DOCUMENTS)
    assert by_doc["nenpyo"]["lang"] == "ja" and by_doc["nenpyo"]["format"] == "text/markdown"
    assert by_doc["milestones"]["kind"].endswith("FactSheet")
    assert by_doc["article"]["format"] == "text/plain"
    assert ask(store, 'ASK { ijr:milestones ij:sourcesConsulted "2026-12"^^xsd:gYearMonth }')


def test_passages_and_references_per_document(built) -> None:  # type: ignore[no-untyped-def]
    counts = {d[0]: (d[3], d[4]) for d in built.summary.documents}
    assert counts == DOCUMENTS


def test_passage_iris_are_scoped_by_document(store) -> None:  # type: ignore[no-untyped-def]
    rows = _select(store, "SELECT ?p ?doc WHERE { ?p a ij:Passage ; dcterms:isPartOf ?doc }")
    for row in rows:
        doc = row["doc"].rsplit("/", 1)[-1]
        assert re.fullmatch(rf"https://w3id.org/ijgraph/passage/{doc}/L\d+S\d+", row["p"]), row


def test_former_article_iris_are_recorded(store) -> None:  # type: ignore[no-untyped-def]
    assert ask(store, "ASK { GRAPH ijg:sources { article:L35S1 owl:sameAs ijp:L35S1 } }")
    rows = _select(store, "SELECT ?old WHERE { ?new owl:sameAs ?old . ?new a ij:Passage }")
    assert len(rows) == 66  # the article's passages only: the sheets never had former IRIs


def test_fact_to_passage_to_document_to_reference(store) -> None:  # type: ignore[no-untyped-def]
    rows = _select(
        store,
        """SELECT ?quote ?publisher ?title ?date ?url WHERE {
          nenpyo:L6S1 ij:quote ?quote ; dcterms:isPartOf ijr:nenpyo ; dcterms:references ?ref .
          ?ref dcterms:publisher ?publisher ; dcterms:title ?title ; dcterms:date ?date ;
               schema:url ?url }""",
    )
    assert {r["publisher"] for r in rows} == {"Ministry of Foreign Affairs of Japan", "外務省"}
    assert {(r["title"], r["date"], r["url"]) for r in rows} == {
        (
            "Japan-India Relations (Basic Data)",
            "2018-11-12",
            "https://www.mofa.go.jp/region/asia-paci/india/data.html",
        )
    }


def test_no_footnote_marker_in_any_literal() -> None:
    import pyoxigraph as ox

    for quad in ox.parse(path=str(ROOT / "exports" / "ijgraph.nq"), format=ox.RdfFormat.N_QUADS):
        if isinstance(quad.object, ox.Literal) and "bibliographicCitation" not in str(
            quad.predicate
        ):
            assert not re.search(r"\[\^[^\]]+\]", quad.object.value), quad


def test_the_compilers_note_and_headings_are_not_passages(store) -> None:  # type: ignore[no-untyped-def]
    assert not ask(store, 'ASK { ?p ij:quote ?q FILTER(STRSTARTS(?q, "Compiled for ijgraph")) }')
    assert not ask(store, 'ASK { ?p ij:quote ?q FILTER(STRSTARTS(?q, "#")) }')
    assert not ask(store, "ASK { milestones:L3S1 ?p ?o }")


def test_every_document_prefix_is_a_project_prefix(store) -> None:  # type: ignore[no-untyped-def]
    from ijgraph.vocab.prefixes import PREFIXES

    rows = _select(
        store,
        """SELECT ?prefix ?ns WHERE { ?doc a ij:SourceDocument ;
             vann:preferredNamespacePrefix ?prefix ; vann:preferredNamespaceUri ?ns }""",
    )
    assert len(rows) == len(DOCUMENTS)
    for row in rows:
        assert PREFIXES.get(row["prefix"]) == row["ns"], row
        assert row["ns"] == f"https://w3id.org/ijgraph/passage/{row['prefix']}/"
