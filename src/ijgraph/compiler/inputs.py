"""Read the hand-edited inputs (ontology, source documents, data files) into quads.

Each quad remembers the file it came from, so that later checks can name the
file and line of a problem. Syntax errors are collected, not raised, so that one
run reports every broken file.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ijgraph.compiler.diagnostics import Problem
from ijgraph.compiler.passages import Passage, split_passages
from ijgraph.rdf.convert import quads_to_rdflib
from ijgraph.vocab.namespaces import IJ, IJG, IJP, IJR

__all__ = ["Inputs", "Quad", "SourceText", "locate", "read_inputs"]

Quad = tuple[Node, Node, Node, Node]

_PREFIX = re.compile(r"@prefix\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE)


@dataclass
class SourceText:
    """A source document's text and its passages."""

    iri: URIRef
    path: Path
    text: str
    last_line: int | None
    passages: dict[str, Passage]


@dataclass
class Inputs:
    """Everything read from disk, before validation."""

    quads: list[Quad] = field(default_factory=list)
    origin: dict[Quad, list[Path]] = field(default_factory=lambda: defaultdict(list))
    quotes: list[tuple[Path, URIRef, str]] = field(default_factory=list)
    sources: dict[URIRef, SourceText] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(self, quad: Quad, path: Path) -> None:
        if quad not in self.origin:
            self.quads.append(quad)
        self.origin[quad].append(path)


def _parse(
    path: Path, fmt: ox.RdfFormat, inputs: Inputs
) -> list[tuple[Node, Node, Node, Node | None]]:
    try:
        quads = list(ox.parse(path=str(path), format=fmt))
    except SyntaxError as err:
        detail = str(err)
        line = err.lineno if isinstance(err.lineno, int) else None
        detail = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", detail)
        column = f", column {err.offset}" if err.offset else ""
        inputs.problems.append(
            Problem("syntax", f"syntax error{column}: {detail}", path=path, line=line)
        )
        return []
    except (OSError, ValueError) as err:
        inputs.problems.append(Problem("syntax", f"cannot read: {err}", path=path))
        return []
    return list(quads_to_rdflib(quads))


def _read_ontology(path: Path, inputs: Inputs) -> None:
    for s, p, o, _ in _parse(path, ox.RdfFormat.TURTLE, inputs):
        inputs.add((s, p, o, IJG.ontology), path)


def _read_sources(data_dir: Path, inputs: Inputs) -> None:
    path = data_dir / "sources" / "sources.ttl"
    if not path.exists():
        inputs.problems.append(Problem("sources", "missing: describes the source documents", path))
        return
    triples = _parse(path, ox.RdfFormat.TURTLE, inputs)
    for s, p, o, _ in triples:
        inputs.add((s, p, o, IJG.sources), path)
    documents = [s for s, p, o, _ in triples if p == RDF.type and o == IJ.SourceDocument]
    for doc in sorted(documents, key=str):
        assert isinstance(doc, URIRef)
        values = {p: o for s, p, o, _ in triples if s == doc}
        name = values.get(IJ.fileName)
        if name is None:
            inputs.problems.append(Problem("sources", "needs ij:fileName", path, focus=doc))
            continue
        text_path = path.parent / str(name)
        try:
            raw = text_path.read_bytes()
        except OSError as err:
            inputs.problems.append(Problem("sources", f"cannot read {text_path}: {err}", path))
            continue
        text = raw.decode("utf-8")
        last = values.get(IJ.lastContentLine)
        last_line = int(last) if isinstance(last, Literal) else None
        passages = split_passages(text, last_line)
        inputs.sources[doc] = SourceText(
            doc, text_path, text, last_line, {p.id: p for p in passages}
        )
        checksum = Literal(hashlib.sha256(raw).hexdigest())
        inputs.add((doc, IJ.sha256, checksum, IJG.sources), path)
        for passage in passages:
            iri = IJP[passage.id]
            for quad in (
                (iri, RDF.type, IJ.Passage),
                (iri, IJ.quote, Literal(passage.text)),
                (iri, IJ.lineNumber, Literal(passage.line, datatype=XSD.positiveInteger)),
                (iri, IJ.sentenceNumber, Literal(passage.sentence, datatype=XSD.positiveInteger)),
                (iri, URIRef("http://purl.org/dc/terms/isPartOf"), doc),
            ):
                inputs.add((*quad, IJG.sources), text_path)


def _read_data_file(path: Path, inputs: Inputs) -> None:
    for s, p, o, g in _parse(path, ox.RdfFormat.TRIG, inputs):
        if g is None:
            if p == IJ.quote and isinstance(s, URIRef) and isinstance(o, Literal):
                inputs.quotes.append((path, s, str(o)))
            else:
                inputs.problems.append(
                    Problem(
                        "structure",
                        'only passage quotes (ijp:... ij:quote "...") may stand outside a '
                        "graph; put facts in the graph of the passage that states them",
                        path,
                        locate(path, s),
                        focus=s,
                    )
                )
            continue
        inputs.add((s, p, o, g), path)


def data_files(data_dir: Path) -> list[Path]:
    """The data files of ``data_dir``, in a fixed order (themes.ttl is the pages', not data)."""
    turtle = [p for p in sorted(data_dir.glob("*.ttl")) if p.name != "themes.ttl"]
    return sorted(data_dir.glob("*.trig")) + turtle


def read_inputs(ontology: Path, data_dir: Path, files: Iterable[Path] | None = None) -> Inputs:
    """Read the ontology, the source documents and every data file."""
    inputs = Inputs()
    _read_ontology(ontology, inputs)
    _read_sources(data_dir, inputs)
    inputs.files = sorted(files) if files is not None else data_files(data_dir)
    for path in inputs.files:
        fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.TURTLE
        if fmt is ox.RdfFormat.TURTLE:
            inputs.problems.append(
                Problem(
                    "structure", "data files are TriG (.trig): facts live in passage graphs", path
                )
            )
            continue
        _read_data_file(path, inputs)
    return inputs


# --- locating terms in files -------------------------------------------------

_FILE_CACHE: dict[Path, tuple[str, dict[str, str]]] = {}


def _file_text(path: Path) -> tuple[str, dict[str, str]]:
    if path not in _FILE_CACHE:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        _FILE_CACHE[path] = (text, dict(_PREFIX.findall(text)))
    return _FILE_CACHE[path]


def _spellings(term: Node, prefixes: dict[str, str]) -> list[str]:
    if not isinstance(term, URIRef):
        return [str(term)] if isinstance(term, Literal) else []
    iri = str(term)
    forms = [f"<{iri}>"]
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            forms.append(f"{prefix}:{iri[len(ns) :]}")
    return forms


def locate(path: Path | None, term: Node, after: Node | None = None) -> int | None:
    """The first line of ``path`` that mentions ``term`` (after ``after``, if given)."""
    if path is None:
        return None
    text, prefixes = _file_text(path)
    lines = text.splitlines()
    start = 0
    if after is not None:
        found = locate(path, after)
        start = (found - 1) if found else 0
    if isinstance(term, Literal):
        patterns = [re.compile(re.escape(str(term)))]
    else:
        patterns = [
            re.compile(r"(?<![\w:/#.-])" + re.escape(form) + r"(?![\w-])")
            for form in _spellings(term, prefixes)
        ]
    for number in range(start, len(lines)):
        if any(pattern.search(lines[number]) for pattern in patterns):
            return number + 1
    return None


def is_local(term: Node) -> bool:
    """True for IRIs minted by ijgraph (resources, passages, graphs)."""
    return isinstance(term, URIRef) and str(term).startswith((str(IJR), str(IJP), str(IJG)))
