"""``ijgraph search TEXT``: find entities, classes, properties and passages by name.

The same index as ``GET /search`` and the reconciliation service
(:mod:`ijgraph.graph.search`): labels in every language, aliases, acronyms,
descriptions and passage quotes, tolerant of typos and of Japanese written
without spaces. Exit code 0 with hits, 1 with none (like grep), 2 for bad input.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ijgraph.cli import ROOT, UserError, main

__all__ = ["BadText", "search_command"]

KINDS = ("entity", "class", "property", "passage", "reference")


class BadText(UserError):
    """TEXT that holds nothing to search for: exit code 2."""

    exit_code = 2


@main.command("search")
@click.argument("text")
@click.option("-n", "--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option(
    "--kind",
    "kinds",
    type=click.Choice(KINDS),
    multiple=True,
    help="Only hits of this kind (repeat for several). Default: all.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as a JSON array.")
@ROOT
def search_command(
    text: str, limit: int, kinds: tuple[str, ...], as_json: bool, root: Path | None
) -> None:
    """Search the graph for TEXT (typos and Japanese without spaces welcome).

    \b
    Examples:
      ijgraph search malabr
      ijgraph search マラバール演習 --kind entity
      ijgraph search "operational synergy" --json
    """
    from ijgraph.compiler.pipeline import load_quads
    from ijgraph.graph.search import build_index, fold, search

    if not fold(text):
        raise BadText("TEXT: give a word or a name to search for (it has no letters or digits)")
    try:
        quads = load_quads(root)
    except SyntaxError as err:
        raise UserError(str(err)) from err
    hits = search(build_index(quads), text, limit, kinds=kinds or None)
    if as_json:
        click.echo(json.dumps([h.as_json() for h in hits], ensure_ascii=False, indent=1))
    else:
        for hit in hits:
            click.echo(f"{hit.score:5.1f}  {hit.kind:<8}  {hit.label}  <{hit.iri}>")
            if hit.matched != hit.label:
                click.echo(f"{'':17}{hit.field}: {_clip(hit.matched)}")
    if not hits:
        click.echo(f"no match for {text!r}", err=True)
        raise SystemExit(1)


def _clip(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
