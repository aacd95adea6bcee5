"""Passage IRIs scoped by document; every former article passage IRI redirects (301)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest

from ijgraph.compiler.pipeline import Build
from tests.endpoint_server import LiveServer, live_server

__all__ = ["live_server"]  # the fixture, imported for pytest


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=30, follow_redirects=False) as http:
        yield http


def _article_passages(built: Build) -> list[str]:
    quote = "https://w3id.org/ijgraph/ontology/quote"
    base = "https://w3id.org/ijgraph/passage/article/"
    return sorted(
        q.subject.value[len(base) :]
        for q in built.quads
        if q.predicate.value == quote and q.subject.value.startswith(base)  # type: ignore[union-attr]
    )


def test_every_former_passage_iri_redirects_to_its_article_passage(
    client: httpx.Client, built: Build
) -> None:
    passages = _article_passages(built)
    assert len(passages) == 66
    for pid in passages:
        response = client.get(f"/passage/{pid}", headers={"Accept": "text/turtle"})
        assert response.status_code == 301, pid
        assert response.headers["location"] == f"/passage/article/{pid}"


def test_the_new_passage_iri_resolves_with_its_quote_and_former_iri(client: httpx.Client) -> None:
    response = client.get("/passage/article/L35S1", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    triples = {q.triple for q in ox.parse(response.content, format=ox.RdfFormat.TURTLE)}
    same_as = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
    subject = ox.NamedNode("https://w3id.org/ijgraph/passage/article/L35S1")
    former = ox.NamedNode("https://w3id.org/ijgraph/passage/L35S1")
    assert ox.Triple(subject, same_as, former) in triples


def test_fact_sheet_passages_and_references_resolve(client: httpx.Client) -> None:
    passage = client.get("/passage/nenpyo/L11S2", headers={"Accept": "text/turtle"})
    assert passage.status_code == 200
    assert "https://w3id.org/ijgraph/reference/menafn-15th" in passage.text
    reference = client.get("/reference/mofa-basic", headers={"Accept": "text/turtle"})
    assert reference.status_code == 200
    assert "https://www.mofa.go.jp/region/asia-paci/india/data.html" in reference.text


@pytest.mark.parametrize("path", ["/passage/L63S1", "/passage/milestones/L99S1"])
def test_passages_that_never_existed_are_404(client: httpx.Client, path: str) -> None:
    assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 404
