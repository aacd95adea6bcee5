"""Source documents: sentence splitting (English, Japanese, Markdown footnotes), references."""

from __future__ import annotations

import re

import pytest

from ijgraph.compiler.passages import split_passages, strip_markers
from ijgraph.compiler.references import parse_date, parse_reference, read_references
from tests.helpers import ROOT

SOURCES = ROOT / "graph_data" / "sources"
MILESTONES = (SOURCES / "india-japan-milestones.md").read_text(encoding="utf-8")
NENPYO = (SOURCES / "nichiin-kankei-nenpyo.md").read_text(encoding="utf-8")


def test_japanese_sentences_end_at_the_japanese_full_stop() -> None:
    found = split_passages("東京で開催された。目標が掲げられた！本当か？はい。")
    assert [p.text for p in found] == [
        "東京で開催された。",
        "目標が掲げられた！",
        "本当か？",
        "はい。",
    ]
    assert [p.id for p in found] == ["L1S1", "L1S2", "L1S3", "L1S4"]


def test_a_full_stop_inside_a_japanese_quotation_does_not_end_the_sentence() -> None:
    found = split_passages("彼は「行く。」と言った。次の文。")
    assert [p.text for p in found] == ["彼は「行く。」と言った。", "次の文。"]


def test_english_splitting_is_unchanged_by_markdown_mode() -> None:
    text = "Costs JPY 5 (approx. USD 4). It rose. USD 5.15 billion stays whole."
    assert [p.text for p in split_passages(text, markdown=True)] == [
        "Costs JPY 5 (approx. USD 4).",
        "It rose.",
        "USD 5.15 billion stays whole.",
    ]


def test_markers_are_removed_and_cite_the_sentence_they_follow() -> None:
    (one, two) = split_passages("First.[^a] Second.[^b][^c]", markdown=True)
    assert (one.text, one.cites) == ("First.", ("a",))
    assert (two.text, two.cites) == ("Second.", ("b", "c"))


def test_markers_ending_a_line_cite_its_unmarked_sentences() -> None:
    (one, two) = split_passages("An urn is kept there. It is not his.[^x][^y]", markdown=True)
    assert one.cites == two.cites == ("x", "y")


def test_plain_text_keeps_brackets_as_text() -> None:
    (only,) = split_passages("A note [^x] in plain text.")
    assert only.text == "A note [^x] in plain text." and only.cites == ()


def test_strip_markers_reports_offsets() -> None:
    assert strip_markers("a[^x]b") == ("ab", [(1, "x")])


def test_headings_and_definitions_are_never_passages() -> None:
    text = "# Title\n\nA fact.[^r]\n## Section\n[^r]: Publisher. https://example.org\n"
    assert [p.id for p in split_passages(text, markdown=True)] == ["L3S1"]


def test_milestones_sheet_has_39_statements_with_their_footnotes() -> None:
    found = split_passages(MILESTONES, 52, first_line=7, markdown=True)
    assert len(found) == 39
    assert not any("[^" in p.text for p in found)
    assert all(p.cites for p in found), [p.id for p in found if not p.cites]
    by_id = {p.id: p for p in found}
    assert by_id["L16S1"].cites == ("mofa-basic",) and by_id["L17S1"].cites == ("mea-treaty",)
    assert by_id["L27S2"].text.startswith("It adopted the India-Japan Joint Vision")
    assert by_id["L12S1"].cites == ("toi-renkoji", "renkoji")


def test_nenpyo_line_11_holds_two_sentences() -> None:
    found = split_passages(NENPYO, 11, first_line=5, markdown=True)
    assert len(found) == 8
    ids = [p.id for p in found]
    assert ids[-2:] == ["L11S1", "L11S2"]
    assert (
        found[-1].text == "同会談では、日本からインドへの民間投資について10兆円の目標が掲げられた。"
    )
    assert found[-1].cites == ("menafn-15th",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 November 2018", ("2018-11-12", "date")),
        ("August 2025", ("2025-08", "gYearMonth")),
        ("2018", ("2018", "gYear")),
        ("2018年11月12日", ("2018-11-12", "date")),
        ("2025年8月", ("2025-08", "gYearMonth")),
        ("press release", None),
    ],
)
def test_dates_are_typed_to_their_precision(text: str, expected: tuple[str, str] | None) -> None:
    assert parse_date(text) == expected


def test_reference_parts() -> None:
    ref = parse_reference(
        "x", 1, "Embassy of Japan in India, press release, 31 March 2004. https://e.org/p"
    )
    assert (ref.publisher, ref.title, ref.date, ref.url) == (
        "Embassy of Japan in India",
        None,
        ("2004-03-31", "date"),
        "https://e.org/p",
    )
    # A date inside a description is an event's date, not the publication's.
    ref = parse_reference("y", 1, "MOFA. Japan-India Summit Meeting, 1 September 2014. https://e")
    assert ref.date is None and ref.description == "Japan-India Summit Meeting, 1 September 2014"


def test_every_reference_of_both_sheets_has_a_url_and_is_cited() -> None:
    for text in (MILESTONES, NENPYO):
        refs = read_references(text)
        assert refs and all(r.url and r.url.startswith("http") for r in refs)
        cited = set(re.findall(r"\[\^([^\]\s]+)\](?!:)", text))
        assert {r.id for r in refs} == cited


def _project_with(tmp_path, sheet: str):  # type: ignore[no-untyped-def]
    """A copy of the project with one more Markdown document, ``extra.md``."""
    import shutil

    for name in ("ontology", "graph_data"):
        shutil.copytree(ROOT / name, tmp_path / name)
    sources = tmp_path / "graph_data" / "sources"
    (sources / "extra.md").write_text(sheet, encoding="utf-8")
    with (sources / "sources.ttl").open("a", encoding="utf-8") as handle:
        handle.write(
            '\nijr:extra a ij:SourceDocument ; rdfs:label "Extra"@en ; dcterms:language "en" ;\n'
            '    dcterms:format "text/markdown" ; ij:fileName "extra.md" .\n'
        )
    return tmp_path


def test_a_footnote_without_definition_is_located(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ijgraph.compiler.diagnostics import DataError
    from ijgraph.compiler.pipeline import compile_graph

    project = _project_with(tmp_path, "# Extra\n\nA fact.[^nowhere]\n")
    with pytest.raises(DataError) as caught:
        compile_graph(project)
    (problem,) = caught.value.problems
    assert (problem.path.name, problem.line) == ("extra.md", 3)  # type: ignore[union-attr]
    assert "extra:L3S1: footnote [^nowhere] has no definition" in problem.message


def test_one_footnote_id_cannot_name_two_urls(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ijgraph.compiler.diagnostics import DataError
    from ijgraph.compiler.pipeline import compile_graph

    sheet = "# Extra\n\nA fact.[^mofa-basic]\n\n[^mofa-basic]: MOFA. https://example.org/other\n"
    with pytest.raises(DataError) as caught:
        compile_graph(_project_with(tmp_path, sheet))
    messages = [(p.path.name, p.line, p.message) for p in caught.value.problems]  # type: ignore[union-attr]
    assert any(
        name == "extra.md" and line == 5 and "rename one of them" in text
        for name, line, text in messages
    ), messages


def test_a_new_document_needs_no_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ijgraph.compiler.pipeline import compile_graph

    sheet = (
        "# Extra\n\nA fact.[^extra-ref] Another fact.\n\n[^extra-ref]: Press, 2020. https://e.org\n"
    )
    build = compile_graph(_project_with(tmp_path, sheet))
    extra = next(d for d in build.summary.documents if d[0] == "extra")
    assert extra[2:] == (0, 2, 1)
