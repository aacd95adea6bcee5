"""Validate each claim on its own: SHACL shapes and SPARQL checks per passage graph.

Two sources may state different values for the same thing (the peace treaty
signed on 28 April 1952 per one passage, on 9 June 1952 per another). Each
passage graph is a claim, valid or not on its own: checked on the union of all
graphs, the two dates would break "at most one date" and a figure stated by two
sources with two values would break "exactly one ij:value".

SHACL runs twice: on the union, and on a data graph where every subject of a
passage graph is replaced by a *proxy* for that (subject, passage) pair, carrying
the facts that passage states plus the subject's declarations (lexicon,
background). A result is a problem when both runs have it: a claim is wrong on
its own (a date of the wrong type, two values in one passage) and the whole graph
agrees (a required fact, such as an exercise's service branch, may come from any
passage). Problems of a claim are reported at its passage graph's triple. Two runs
instead of one per passage keep the build fast, and the second runs only when the
union has a result.

The SPARQL quality checks run once per passage graph, with that graph and the
non-passage graphs as the query's dataset (pyoxigraph's ``default_graph``), and
once on the non-passage graphs alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from ijgraph.compiler.diagnostics import Problem, short
from ijgraph.compiler.inputs import Quad, file_lines, locate
from ijgraph.sparql.catalog import read_query
from ijgraph.vocab.namespaces import IJP
from ijgraph.vocab.project import QUERIES_DIR

if TYPE_CHECKING:
    from ijgraph.compiler.checks import Context

__all__ = ["passage_graphs", "shacl_problems", "sparql_problems"]

_PROXY = "urn:ijgraph:claim:"


def is_passage_graph(graph: Node) -> bool:
    return isinstance(graph, URIRef) and str(graph).startswith(str(IJP))


def passage_graphs(quads: Iterable[Quad]) -> dict[Node, list[Quad]]:
    """The quads of each passage graph, graphs in IRI order."""
    graphs: dict[Node, list[Quad]] = defaultdict(list)
    for quad in quads:
        if is_passage_graph(quad[3]):
            graphs[quad[3]].append(quad)
    return dict(sorted(graphs.items(), key=lambda kv: str(kv[0])))


def locate_in_graph(path: Path | None, graph: Node, *terms: Node) -> int | None:
    """The line of ``path`` that mentions ``terms`` in order, within the graph's block.

    The block is where ``graph`` opens with ``{`` (its quote line comes first).
    """
    first = locate(path, graph)
    if path is None or first is None:
        return first
    lines = file_lines(path)
    block: int | None = first
    while block is not None and "{" not in lines[block - 1]:
        block = locate(path, graph, from_line=block + 1)
    found = block or first
    for term in terms:
        line = locate(path, term, from_line=found)
        if line is None:
            break
        found = line
    return found


def _claim_graph(ctx: Context) -> tuple[Graph, dict[Node, tuple[Node, Node]]]:
    """The SHACL data graph with one proxy per (entity, passage); proxy -> (entity, passage)."""
    data = Graph()
    declarations: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
    for s, p, o, g in ctx.inputs.quads:
        if not is_passage_graph(g):
            data.add((s, p, o))
            declarations[s].append((p, o))
    proxies: dict[Node, tuple[Node, Node]] = {}
    for graph, quads in passage_graphs(ctx.inputs.quads).items():
        by_subject: dict[Node, list[Quad]] = defaultdict(list)
        for quad in quads:
            by_subject[quad[0]].append(quad)
        for subject, own in by_subject.items():
            if not isinstance(subject, URIRef):
                data.addN((s, p, o, data) for s, p, o, _ in own)
                continue
            proxy = URIRef(f"{_PROXY}{len(proxies)}")
            proxies[proxy] = (subject, graph)
            data.addN((proxy, p, o, data) for _, p, o, _ in own)
            data.addN((proxy, p, o, data) for p, o in declarations.get(subject, ()))
    return data, proxies


_Key = tuple[Node, Node | None, Node | None, Node | None]


def _results(data: Graph, shapes: Graph) -> list[tuple[_Key, str]]:
    """(focus, path, shape, component) and a message for each SHACL result on ``data``."""
    from pyshacl import validate as shacl_validate

    conforms, results, _ = shacl_validate(data, shacl_graph=shapes, inference="none")
    if conforms:
        return []
    assert isinstance(results, Graph)
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        assert focus is not None
        message = str(results.value(result, SH.resultMessage) or "violates a shape")
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        if path is not None and not isinstance(path, BNode):
            message = f"{short(path)}: {message}"
        if value is not None and not isinstance(value, BNode):
            message += f" (found {short(value) if isinstance(value, URIRef) else str(value)!r})"
        shape = results.value(result, SH.sourceShape)
        component = results.value(result, SH.sourceConstraintComponent)
        found.append(((focus, path, shape, component), message))
    return found


def shacl_problems(ctx: Context) -> list[Problem]:
    """SHACL shapes (ontology/shapes.ttl), each claim checked on its own.

    A problem is reported when the whole graph has it *and* some claim has it on its
    own (with the entity's declarations): two claims with different values are each
    valid, while a fact required of an entity may be stated by any passage.
    """
    shapes = Graph().parse(ctx.shapes, format="turtle")
    union = Graph()
    for s, p, o, _ in ctx.inputs.quads:
        union.add((s, p, o))
    in_union = {key: message for key, message in _results(union, shapes)}
    if not in_union:
        return []
    data, proxies = _claim_graph(ctx)
    found = [key for key, _ in _results(data, shapes)]
    # A problem of the declarations alone (a missing label, a branch no passage states)
    # is reported once, at the declaration, not again for every claim about the entity.
    declared = {key for key in found if key[0] not in proxies}
    problems = []
    for focus, path, shape, component in found:
        entity, graph = proxies.get(focus, (focus, None))
        key = (entity, path, shape, component)
        if key not in in_union:
            continue  # holds on the whole graph: another claim states what this one lacks
        if graph is not None and key in declared:
            continue
        if graph is None:
            problems.append(_at_declaration(ctx, in_union[key], entity, path))
        else:
            problems.append(_at_claim(ctx, in_union[key], entity, graph, path))
    return problems


def _at_claim(ctx: Context, message: str, entity: Node, graph: Node, path: Node | None) -> Problem:
    """A problem of one claim, at its passage graph's triple (or the entity's declaration)."""
    quads = [q for q in ctx.inputs.quads if q[3] == graph and q[0] == entity]
    stated = [q for q in quads if path is not None and q[1] == path]
    if stated or (quads and path is None) or (quads and not _declared(ctx, entity, path)):
        quad = (stated or quads)[0]
        where = ctx.first_origin(quad)
        terms = (entity, quad[1]) if stated else (entity,)
        line = locate_in_graph(where, graph, *terms)
        return Problem("shacl", f"{message} (in {short(graph)})", where, line, entity)
    return _at_declaration(ctx, message, entity, path)


def _at_declaration(ctx: Context, message: str, entity: Node, path: Node | None) -> Problem:
    """A problem of an entity's declaration, at its triple with ``path`` if it has one."""
    where = ctx.declaring_file(entity)
    line = locate(where, entity)
    if path is not None and line is not None and _declared(ctx, entity, path):
        line = locate(where, path, from_line=line) or line
    return Problem("shacl", message, where, line, entity)


def _declared(ctx: Context, entity: Node, path: Node | None) -> bool:
    """Whether the entity's declarations (lexicon, background) use ``path``."""
    return any(
        q[0] == entity and q[1] == path and not is_passage_graph(q[3]) for q in ctx.inputs.quads
    )


def sparql_problems(ctx: Context) -> list[Problem]:
    """Quality checks in SPARQL (any row of a *-violation.rq query is a problem), per claim."""
    from ijgraph.rdf.union import oxigraph_store

    store = oxigraph_store(ctx.inputs.quads)
    graphs = passage_graphs(ctx.inputs.quads)
    shared = sorted({q[3] for q in ctx.inputs.quads if not is_passage_graph(q[3])}, key=str)
    datasets: list[tuple[Node | None, list[Node]]] = [(None, shared)]
    datasets += [(g, [*shared, g]) for g in graphs]
    problems = []
    for path in sorted((QUERIES_DIR / "checks").glob("*-violation.rq")):
        query = read_query(path)
        seen: set[tuple[str, str, str]] = set()
        for graph, members in datasets:
            names: list[ox.NamedNode | ox.BlankNode] = [
                ox.NamedNode(str(g)) for g in members if isinstance(g, URIRef)
            ]
            default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = list(names)
            solutions = store.query(query.text, default_graph=default, named_graphs=names)
            assert isinstance(solutions, ox.QuerySolutions), f"{path.name} must be a SELECT query"
            for row in _rows(solutions, query.title):
                if row in seen:
                    continue
                seen.add(row)
                problems.append(_sparql_problem(ctx, path.stem, row, graph))
    return problems


def _rows(solutions: ox.QuerySolutions, title: str) -> Iterator[tuple[str, str, str]]:
    """(focus, message, path) of each row; ``?path``, if the query binds it, locates the triple."""
    has_path = any(str(v) == "?path" for v in solutions.variables)
    for row in solutions:
        focus, text = row["focus"], row["message"]
        message = text.value if text is not None else title
        path = row["path"] if has_path else None
        yield (
            focus.value if focus is not None else "",
            message.replace("\n", " "),
            path.value if isinstance(path, ox.NamedNode) else "",
        )


def _sparql_problem(
    ctx: Context, check: str, row: tuple[str, str, str], graph: Node | None
) -> Problem:
    focus = URIRef(row[0]) if row[0] else None
    path = (URIRef(row[2]),) if row[2] else ()
    if focus is not None and graph is not None:
        quads = [q for q in ctx.inputs.quads if q[3] == graph and focus in q[:3]]
        if quads:
            where = ctx.first_origin(quads[0])
            line = locate_in_graph(where, graph, focus, *path)
            return Problem(f"sparql:{check}", f"{row[1]} (in {short(graph)})", where, line, focus)
    where = ctx.declaring_file(focus) if focus is not None else None
    line = locate(where, focus) if focus is not None else None
    if path and line is not None:
        line = locate(where, path[0], from_line=line) or line  # at the offending triple
    return Problem(f"sparql:{check}", row[1], where, line, focus)
