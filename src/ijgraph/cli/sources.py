"""Curation commands: ``ijgraph sources``, ``source add``, ``passages`` and ``quote``.

They read the inputs without validating them (a curator runs them while the
data is half-written) and never print a traceback: an unknown document or
passage is a :class:`~ijgraph.cli.UserError` that suggests the closest name.
"""

from __future__ import annotations

from pathlib import Path

import click

from ijgraph.cli import ROOT, UserError, main
from ijgraph.compiler.documents import SourceText
from ijgraph.compiler.inputs import Inputs, read_inputs
from ijgraph.vocab.project import layout

__all__ = ["find_passage", "quote_line"]


def _inputs(root: Path | None) -> Inputs:
    lay = layout(root)
    inputs = read_inputs(lay.ontology, lay.data)
    broken = [p for p in inputs.problems if p.check in ("sources",)]
    if broken or not inputs.sources:
        raise UserError("\n".join(p.format(lay.root) for p in broken) or "no source documents")
    return inputs


def _cited(inputs: Inputs) -> set[str]:
    return {str(q[3]) for q in inputs.quads}


def _document(inputs: Inputs, name: str) -> SourceText:
    import difflib

    by_name = {s.name: s for s in inputs.sources.values()}
    if name in by_name:
        return by_name[name]
    close = difflib.get_close_matches(name, list(by_name), n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    raise UserError(f"no source document {name!r}{hint} (documents: {', '.join(sorted(by_name))})")


def turtle_string(text: str) -> str:
    """``text`` as a Turtle string literal, quotes and backslashes escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def quote_line(source: SourceText, pid: str) -> str:
    """The line a data file needs before the passage's graph: ``article:L35S1 ij:quote "…" .``"""
    return f"{source.name}:{pid} ij:quote {turtle_string(source.passages[pid].text)} ."


@main.command("sources")
@ROOT
def sources_command(root: Path | None) -> None:
    """List the source documents: passages, how many are cited, references."""
    inputs = _inputs(root)
    cited = _cited(inputs)
    rows = [("document", "kind", "lang", "passages", "cited", "uncited", "refs", "file")]
    for source in inputs.sources.values():
        iris = [str(source.passage_iri(p)) for p in source.passages]
        done = sum(1 for iri in iris if iri in cited)
        kind = _label(inputs, _value(inputs, source, "http://purl.org/dc/terms/type"))
        rows.append(
            (
                source.name,
                kind,
                source.language or "",
                str(len(iris)),
                str(done),
                str(len(iris) - done),
                str(len(source.references)),
                source.path.name,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        click.echo("  ".join(cells).rstrip())


def _label(inputs: Inputs, term: str) -> str:
    """The lower-case English label of an ontology term (``fact sheet``), or its name."""
    for s, p, o, _ in inputs.quads:
        if str(s) == term and str(p).endswith("#label") and getattr(o, "language", "") == "en":
            return str(o).lower()
    return term.rsplit("/", 1)[-1]


def _value(inputs: Inputs, source: SourceText, predicate: str) -> str:
    for s, p, o, _ in inputs.quads:
        if s == source.iri and str(p) == predicate:
            return str(o)
    return ""


@main.command()
@ROOT
@click.option("--source", "document", default=None, help="Only this document (e.g. milestones).")
@click.option("--uncited", is_flag=True, help="Only the passages that no fact cites yet.")
def passages(root: Path | None, document: str | None, uncited: bool) -> None:
    """List passages (sentences) with their IDs; * marks those a fact already cites."""
    inputs = _inputs(root)
    cited = _cited(inputs)
    chosen = [_document(inputs, document)] if document else list(inputs.sources.values())
    for source in chosen:
        for pid, passage in source.passages.items():
            done = str(source.passage_iri(pid)) in cited
            if not (uncited and done):
                click.echo(f"{'*' if done else ' '} {source.name + ':' + pid:<16} {passage.text}")


def find_passage(inputs: Inputs, text: str) -> tuple[SourceText, str]:
    """The document and passage ID named by ``text``: ``article:L35S1``, ``article/L35S1``,
    a full IRI, or a former article ID (``L35S1``)."""
    from ijgraph.vocab.namespaces import IJP

    name = text[len(str(IJP)) :] if text.startswith(str(IJP)) else text
    document, _, pid = name.replace(":", "/", 1).rpartition("/")
    source = _document(inputs, document or "article")
    if pid not in source.passages:
        raise UserError(
            f"{source.name} has no passage {pid!r}: passage IDs are L<line>S<sentence>; "
            f"`ijgraph passages --source {source.name}` lists them"
        )
    return source, pid


@main.command()
@ROOT
@click.argument("passage")
def quote(root: Path | None, passage: str) -> None:
    """Print the exact quote line of PASSAGE (article:L35S1) to paste into a data file."""
    source, pid = find_passage(_inputs(root), passage)
    click.echo(quote_line(source, pid))
