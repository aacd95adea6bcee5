"""Build the graph: read the inputs, validate them, and produce the dataset.

``compile_graph`` is the pure core (inputs in, :class:`Build` out, or
:class:`~ijgraph.compiler.diagnostics.DataError`); ``build`` and ``load`` return an rdflib
``Dataset``; ``write_files`` and ``stale_files`` are the thin writers used by
the CLI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from ijgraph.compiler.checks import run_checks
from ijgraph.compiler.diagnostics import DataError, Problem
from ijgraph.compiler.inputs import Inputs, read_inputs
from ijgraph.compiler.preflight import limits, preflight, quiet_rdflib
from ijgraph.rdf.canonical import sorted_quads
from ijgraph.rdf.convert import quad_to_oxigraph, quads_to_rdflib
from ijgraph.rdf.files import write_files
from ijgraph.vocab.namespaces import IJG, IJP
from ijgraph.vocab.project import Layout, layout

__all__ = [
    "Build",
    "Summary",
    "build",
    "compile_graph",
    "dataset_from_quads",
    "load",
    "load_quads",
    "stale_files",
    "write_files",
]


@dataclass
class Summary:
    """What a build produced, for people."""

    triples: int
    quads: int
    entities_per_class: dict[str, int]
    entities: int
    passages_cited: int
    passages_total: int
    graphs: int

    def lines(self) -> list[str]:
        out = [
            f"{self.triples} triples ({self.quads} quads in {self.graphs} graphs)",
            f"{self.passages_cited} of {self.passages_total} passages of the article cited",
            f"{self.entities} entities (by class; an entity may have two classes):",
        ]
        width = max((len(k) for k in self.entities_per_class), default=0)
        for name, count in sorted(self.entities_per_class.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"  {name:<{width}}  {count}")
        return out


@dataclass
class Build:
    """The validated graph as pyoxigraph quads (canonical order) with its summary."""

    quads: list[ox.Quad]
    summary: Summary
    layout: Layout
    inputs: Inputs = field(repr=False)

    def dataset(self) -> Dataset:
        return dataset_from_quads(self.quads)


def _summary(inputs: Inputs, quads: list[ox.Quad]) -> Summary:
    ontology_classes = {q[0] for q in inputs.quads if q[3] == IJG.ontology and q[1] == RDF.type}
    labels = {
        q[0]: str(q[2])
        for q in inputs.quads
        if q[3] == IJG.ontology and q[1] == RDFS.label and getattr(q[2], "language", "") == "en"
    }
    counts: Counter[str] = Counter()
    entities = set()
    for s, p, o, g in inputs.quads:
        if p == RDF.type and g == IJG.lexicon and o in ontology_classes:
            counts[labels.get(o, str(o))] += 1
            entities.add(s)
    graphs = {q[3] for q in inputs.quads}
    cited = {g for g in graphs if str(g).startswith(str(IJP))}
    total = sum(len(s.passages) for s in inputs.sources.values())
    triples = len({(q.subject, q.predicate, q.object) for q in quads})
    return Summary(triples, len(quads), dict(counts), len(entities), len(cited), total, len(graphs))


def compile_graph(root: Path | str | None = None, *, files: Iterable[Path] | None = None) -> Build:
    """Read and validate everything under ``root``; raise DataError on any problem."""
    lay = layout(root)
    files = list(files) if files is not None else None
    early = preflight(lay, files)
    if early:
        raise DataError(early, lay.root)  # unreadable files: parsing them would only fail worse
    with quiet_rdflib():
        inputs = read_inputs(lay.ontology, lay.data, files)
        if inputs.problems:
            # Later checks would only echo a broken file's missing triples.
            raise DataError(inputs.problems, lay.root)
        problems = limits(inputs) or run_checks(inputs, lay.shapes)
    if problems:
        raise DataError(_unique(problems), lay.root)
    quads = sorted_quads(quad_to_oxigraph(*q) for q in inputs.quads)
    return Build(quads, _summary(inputs, quads), lay, inputs)


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def dataset_from_quads(quads: Iterable[ox.Quad]) -> Dataset:
    """An rdflib Dataset whose default graph is the union of its named graphs."""
    ds = Dataset(default_union=True)
    by_graph: dict[Node | None, list[tuple[Node, Node, Node]]] = {}
    for s, p, o, g in quads_to_rdflib(quads):
        by_graph.setdefault(g, []).append((s, p, o))
    for g, triples in by_graph.items():
        graph = ds.graph(g) if isinstance(g, URIRef) else ds.default_context
        graph.addN((s, p, o, graph) for s, p, o in triples)
    for prefix, ns in _prefixes().items():
        ds.bind(prefix, ns, override=True)
    return ds


def _prefixes() -> Mapping[str, str]:
    from ijgraph.vocab.prefixes import PREFIXES

    return PREFIXES


def build(root: Path | str | None = None, *, files: Iterable[Path] | None = None) -> Dataset:
    """Build and validate the graph from ``ontology/`` and ``graph_data/``.

    Returns an rdflib ``Dataset`` (one named graph per passage, plus the lexicon,
    background, sources and ontology graphs; the default graph is their union).
    Raises :class:`~ijgraph.compiler.diagnostics.DataError` listing every problem.
    """
    return compile_graph(root, files=files).dataset()


def load_quads(root: Path | str | None = None) -> list[ox.Quad]:
    """The quads of the committed export ``exports/ijgraph.trig``."""
    path = layout(root).exports / "ijgraph.trig"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run `ijgraph build` first")
    return list(ox.parse(path=str(path), format=ox.RdfFormat.TRIG))


def load(root: Path | str | None = None) -> Dataset:
    """The built graph, read from ``exports/ijgraph.trig`` (no validation, fast)."""
    return dataset_from_quads(load_quads(root))


# --- writing -----------------------------------------------------------------


def stale_files(files: Mapping[Path, bytes]) -> list[Path]:
    """The files whose content on disk differs from ``files`` (or that are missing)."""
    return [p for p, data in files.items() if not p.is_file() or p.read_bytes() != data]
