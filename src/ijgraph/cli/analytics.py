"""``ijgraph stats``, ``neighbours``, ``path`` and ``timeline``: ask how things connect."""

from __future__ import annotations

import click
import networkx as nx

from ijgraph.cli import UserError, main
from ijgraph.cli.graph_source import GraphSource, graph_options
from ijgraph.graph.analytics import (
    AmbiguousEntity,
    Hop,
    UnknownEntity,
    explain_path,
    graph_stats,
    labels,
    neighbours,
    resolve,
)
from ijgraph.graph.projection import projection
from ijgraph.graph.timeline import between, timeline


def _graph(graph: GraphSource) -> nx.MultiDiGraph:
    return projection(graph.quads())


def _name(G: nx.MultiDiGraph, node: str) -> str:
    return f"{G.nodes[node].get('label', node)} ({node})"


def _entity(G: nx.MultiDiGraph, name: str) -> str:
    """The node named ``name``, or a UserError that lists close matches."""
    try:
        return resolve(G, name)
    except UnknownEntity as err:
        hint = (
            "; did you mean: " + ", ".join(_name(G, n) for n in err.suggestions) + "?"
            if err.suggestions
            else "; try an ID (ijr:FOIP), an English or Japanese label or an alias"
        )
        raise UserError(f"no entity named {name!r}{hint}") from None
    except AmbiguousEntity as err:
        raise UserError(
            f"{name!r} names several entities: "
            + ", ".join(_name(G, n) for n in err.candidates)
            + "; use the ID"
        ) from None


def _source(hop: Hop) -> str:
    if hop.passages:
        more = f" (also {', '.join(hop.passages[1:])})" if len(hop.passages) > 1 else ""
        return f"{hop.passages[0]}: “{hop.quote}”{more}"
    return "background knowledge (not stated by the article)"


@main.command()
@graph_options
@click.option("--top", "-n", default=10, show_default=True, help="How many entities per measure.")
def stats(graph: GraphSource, top: int) -> None:
    """Counts per class, the most central entities and the communities of the graph."""
    G = _graph(graph)
    result = graph_stats(G, top)
    click.echo(f"{result.nodes} entities, {result.edges} relations")
    click.echo("\nEntities per class:")
    width = max((len(k) for k in result.per_class), default=0)
    for name, count in result.per_class.items():
        click.echo(f"  {name:<{width}}  {count}")
    for measure, ranked in result.centrality.items():
        click.echo(f"\nTop {len(ranked)} by {measure} centrality:")
        for node, score in ranked:
            click.echo(f"  {score:8.4f}  {_name(G, node)}")
    click.echo(f"\n{len(result.communities)} communities (Louvain):")
    degree = dict(G.degree())
    for i, members in enumerate(result.communities, 1):
        hubs = sorted(members, key=lambda n: (-degree[n], n))[:5]
        click.echo(f"  {i:>2}. {len(members):>3} entities: {', '.join(labels(G, hubs))}")


@main.command("neighbours")
@graph_options
@click.argument("entity")
def neighbours_command(graph: GraphSource, entity: str) -> None:
    """What ENTITY (an ID, label, Japanese label or alias) is directly linked to."""
    G = _graph(graph)
    node = _entity(G, entity)
    hops = neighbours(G, node)
    click.echo(f"{_name(G, node)}: {len(hops)} relation{'' if len(hops) == 1 else 's'}")
    for hop in hops:
        arrow = "→" if hop.forward else "←"
        other = hop.object if hop.forward else hop.subject
        click.echo(f"  {arrow} {hop.label}: {_name(G, other)}")
        click.echo(f"      {_source(hop)}")


@main.command("path")
@graph_options
@click.argument("source")
@click.argument("target")
def path_command(graph: GraphSource, source: str, target: str) -> None:
    """Explain how SOURCE and TARGET are linked, hop by hop, with the sentence behind each."""
    G = _graph(graph)
    a, b = _entity(G, source), _entity(G, target)
    try:
        hops = explain_path(G, a, b)
    except nx.NetworkXNoPath:
        raise UserError(f"nothing in the graph links {_name(G, a)} and {_name(G, b)}") from None
    click.echo(f"{_name(G, a)} → {_name(G, b)}: {len(hops)} hop{'s' if len(hops) != 1 else ''}")
    for i, hop in enumerate(hops, 1):
        walked = "" if hop.forward else "  (read backwards)"
        click.echo(f"  {i}. {hop.sentence()}{walked}")
        click.echo(f"     {hop.subject} {hop.predicate} {hop.object}")
        click.echo(f"     {_source(hop)}")


@main.command("timeline")
@graph_options
@click.option("--from", "start", type=int, default=None, help="First year (inclusive).")
@click.option("--to", "end", type=int, default=None, help="Last year (inclusive).")
def timeline_command(graph: GraphSource, start: int | None, end: int | None) -> None:
    """The dated facts in order, each with what happened and the sentence that says so."""
    if start is not None and end is not None and start > end:
        raise click.BadParameter(f"--from {start} is after --to {end}", param_hint="--from")
    entries = between(timeline(graph.quads()), start, end)
    if not entries:
        click.echo("no dated facts in that range")
    for e in entries:
        stated = f" — {e.stated_as}" if e.stated_as else ""
        click.echo(f"{e.when:<18} {e.label} [{e.type}]{stated}  ({e.entity})")
        if e.what:
            click.echo(f"{'':<18} {e.what}")
        if e.passage == "background":
            click.echo(f"{'':<18} background knowledge (not stated by the article)")
        elif e.passage:
            click.echo(f"{'':<18} {e.passage}: “{e.quote}”")
