"""``ijgraph source add FILE``: register a source document and write a TriG skeleton.

The document's entry goes to ``graph_data/sources/sources.ttl`` (title, kind,
language, format, content lines, passage prefix) and the skeleton to
``graph_data/<name>.trig``: for every passage, its exact quote line and an empty
graph to fill with the facts that the sentence states. Both files are written
together or not at all, and nothing that exists is overwritten.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import click

from ijgraph.cli import ROOT, UserError, main
from ijgraph.cli.sources import turtle_string
from ijgraph.compiler.documents import MARKDOWN, SourceText, passage_iri
from ijgraph.compiler.passages import split_passages
from ijgraph.compiler.references import read_references
from ijgraph.vocab.namespaces import IJR
from ijgraph.vocab.prefixes import PREFIXES
from ijgraph.vocab.project import layout

__all__ = ["document_entry", "skeleton"]

_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
KINDS = {"article": "ij:ArticleDocument", "fact-sheet": "ij:FactSheet"}
_SKELETON_PREFIXES = ("ij", "ijr", "ijg", "rdfs", "xsd", "skos", "dcterms")


def document_entry(
    name: str,
    file_name: str,
    title: str,
    language: str,
    kind: str,
    markdown: bool,
    first_line: int | None,
    last_line: int | None,
) -> str:
    """The Turtle that describes a new document in sources.ttl."""
    lines = [
        f"ijr:{name} a ij:SourceDocument ;",
        f"    rdfs:label {turtle_string(title)}@{language} ;",
        f"    dcterms:title {turtle_string(title)}@{language} ;",
        f"    dcterms:type {KINDS[kind]} ;",
        f'    dcterms:language "{language}" ;',
        f'    dcterms:format "{MARKDOWN if markdown else "text/plain"}" ;',
        f"    ij:fileName {turtle_string(file_name)} ;",
    ]
    if first_line is not None:
        lines.append(f'    ij:firstContentLine "{first_line}"^^xsd:positiveInteger ;')
    if last_line is not None:
        lines.append(f'    ij:lastContentLine "{last_line}"^^xsd:positiveInteger ;')
    lines += [
        f'    vann:preferredNamespacePrefix "{name}" ;',
        f'    vann:preferredNamespaceUri "{passage_iri(name, "")}" .',
    ]
    return "\n".join(lines) + "\n"


def skeleton(source: SourceText, title: str) -> str:
    """A TriG file with every passage's quote line and an empty graph to fill."""
    prefixes = {p: PREFIXES[p] for p in _SKELETON_PREFIXES}
    prefixes[source.name] = str(passage_iri(source.name, ""))
    width = max(len(p) for p in prefixes) + 1
    out = [
        f"# Facts stated by {title} (graph_data/sources/{source.path.name}).",
        "# Written by `ijgraph source add`. Put each fact in the graph of the sentence that",
        "# states it, declare new entities in ijg:lexicon (labels, description, dcterms:source),",
        "# and delete the graphs of sentences you do not model. Then run `ijgraph build`.",
        "",
    ]
    out += [f"@prefix {p + ':':<{width}} <{ns}> ." for p, ns in prefixes.items()]
    out += ["", "ijg:lexicon {", "}", ""]
    for pid, passage in source.passages.items():
        out.append(f"{source.name}:{pid} ij:quote {turtle_string(passage.text)} .")
        out += [f"{source.name}:{pid} {{", "}", ""]
    return "\n".join(out)


@main.group("source")
def source_group() -> None:
    """Register source documents."""


@source_group.command("add")
@ROOT
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", required=True, help="Local name: ijr:<name>, passages <name>:L1S1.")
@click.option("--title", required=True, help="The document's title, in its language.")
@click.option("--language", required=True, help="BCP 47 language tag of the text (en, ja).")
@click.option("--kind", type=click.Choice(sorted(KINDS)), default="article", show_default=True)
@click.option("--first-line", type=click.IntRange(min=1), default=None)
@click.option("--last-line", type=click.IntRange(min=1), default=None)
def add(
    root: Path | None,
    file: Path,
    name: str,
    title: str,
    language: str,
    kind: str,
    first_line: int | None,
    last_line: int | None,
) -> None:
    """Register FILE (plain text or Markdown) as a source document and write its skeleton.

    FILE is copied into graph_data/sources/ if it is not there yet. Plain text
    becomes one passage per sentence of every line; in Markdown (.md), headings
    and footnote definitions are skipped and footnote markers become references.
    """
    from ijgraph.compiler.pipeline import write_files

    lay = layout(root)
    folder = lay.data / "sources"
    registry = folder / "sources.ttl"
    if not _NAME.match(name):
        raise UserError(f"--name {name!r}: use lower-case letters, digits and '-' (fact-sheet)")
    described = registry.read_text(encoding="utf-8")
    if re.search(rf"^ijr:{re.escape(name)}\s", described, re.MULTILINE):
        raise UserError(f"{registry}: a document named {name!r} is already registered")
    target = folder / file.name
    same = target.exists() and target.resolve() == file.resolve()
    if target.exists() and not same and target.read_bytes() != file.read_bytes():
        raise UserError(f"{target} exists with other content: rename FILE")
    trig = lay.data / f"{name}.trig"
    if trig.exists():
        raise UserError(f"{trig} exists: choose another --name or delete it")
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise UserError(f"{file}: not UTF-8 text ({err})") from err
    markdown = file.suffix.lower() in (".md", ".markdown")
    found = split_passages(text, last_line, first_line=first_line or 1, markdown=markdown)
    if not found:
        raise UserError(f"{file}: no sentences between the first and last content lines")
    source = SourceText(
        IJR[name], target, text, last_line, {p.id: p for p in found}, first_line or 1, markdown
    )
    missing = sorted({c for p in found for c in p.cites} - {r.id for r in read_references(text)})
    if missing:
        raise UserError(f"{file}: footnotes without a definition: {', '.join(missing)}")
    entry = document_entry(name, file.name, title, language, kind, markdown, first_line, last_line)
    if "@prefix vann:" not in described:
        described = described.replace(
            "@prefix dcterms:", "@prefix vann:    <http://purl.org/vocab/vann/> .\n@prefix dcterms:"
        )
    if target.resolve() != file.resolve():
        shutil.copyfile(file, target)
    write_files(
        {
            registry: (described.rstrip("\n") + "\n\n" + entry).encode("utf-8"),
            trig: skeleton(source, title).encode("utf-8"),
        }
    )
    click.echo(f"registered ijr:{name} ({len(found)} passages) in {registry}")
    click.echo(f"wrote {trig}: fill the passage graphs, then run `ijgraph build`")
    if name not in PREFIXES:
        click.echo(
            f"note: exports write its passages as ijp:{name}/L1S1 until the prefix "
            f'"{name}" is added to src/ijgraph/vocab/prefixes.py'
        )
