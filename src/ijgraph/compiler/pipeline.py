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
from rdflib import Dataset
from rdflib.namespace import RDF, RDFS

from ijgraph.compiler.checks import run_checks
from ijgraph.compiler.diagnostics import DataError, Problem
from ijgraph.compiler.inputs import Inputs, read_inputs
from ijgraph.compiler.preflight import limits, preflight, quiet_rdflib
from ijgraph.rdf.canonical import sorted_quads
from ijgraph.rdf.convert import dataset_from_quads, quad_to_oxigraph
from ijgraph.rdf.files import write_files
from ijgraph.vocab.namespaces import IJG
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
    #: Per document: (name, file name, passages cited, passages, references).
    documents: list[tuple[str, str, int, int, int]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.triples} triples ({self.quads} quads in {self.graphs} graphs)"]
        for name, file_name, cited, total, references in self.documents:
            plural = "s" if references != 1 else ""
            refs = f", {references} reference{plural}" if references else ""
            out.append(f"{name}: {cited} of {total} passages cited{refs} ({file_name})")
        out.append(f"{self.entities} entities (by class; an entity may have two classes):")
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
    documents = []
    for source in inputs.sources.values():
        iris = {source.passage_iri(p) for p in source.passages.values()}
        documents.append(
            (
                source.name,
                source.path.name,
                len(iris & graphs),
                len(iris),
                len(source.references),
            )
        )
    cited = sum(d[2] for d in documents)
    total = sum(d[3] for d in documents)
    triples = len({(q.subject, q.predicate, q.object) for q in quads})
    return Summary(
        triples, len(quads), dict(counts), len(entities), cited, total, len(graphs), documents
    )


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
            raise DataError(_unique(inputs.problems), lay.root)
        problems = limits(inputs) or run_checks(inputs, lay.shapes)
    if problems:
        raise DataError(_unique(problems), lay.root)
    quads = sorted_quads(quad_to_oxigraph(*q) for q in inputs.quads)
    return Build(quads, _summary(inputs, quads), lay, inputs)


def _unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once, sorted by file and line (then check and message)."""
    unique = dict.fromkeys(problems)
    return sorted(
        unique,
        key=lambda p: (str(p.path or ""), p.line or 0, p.check, str(p.focus or ""), p.message),
    )


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
