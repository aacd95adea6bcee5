"""Read the hand-edited inputs (ontology, source documents, data files) into quads.

Each quad remembers the file it came from, so that later checks can name the
file and line of a problem. Syntax errors are collected, not raised, so that one
run reports every broken file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ijgraph.compiler.diagnostics import Problem, short
from ijgraph.compiler.documents import (
    SourceText,
    document_quads,
    read_document,
    undefined_citations,
)
from ijgraph.rdf.convert import quads_to_rdflib
from ijgraph.vocab.namespaces import IJ, IJG, IJP, IJR

__all__ = ["Inputs", "Quad", "SourceText", "locate", "read_inputs"]

Quad = tuple[Node, Node, Node, Node]

_PREFIX = re.compile(r"@prefix\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE)


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
        detail += _prefix_hint(path, detail)
        inputs.problems.append(
            Problem("syntax", f"syntax error{column}: {detail}", path=path, line=line)
        )
        return []
    except (OSError, ValueError) as err:
        inputs.problems.append(Problem("syntax", f"cannot read: {err}", path=path))
        return []
    return list(quads_to_rdflib(quads))


_UNDECLARED = re.compile(r"prefix ([\w-]*): has not been declared")


def _prefix_hint(path: Path, detail: str) -> str:
    """For an undeclared prefix: the declared (or project) prefix it resembles, and its line."""
    import difflib

    from ijgraph.vocab.prefixes import PREFIXES

    match = _UNDECLARED.search(detail)
    if not match:
        return ""
    name = match.group(1)
    declared = dict(_PREFIX.findall(path.read_text(encoding="utf-8", errors="replace")))
    close = difflib.get_close_matches(name, [*declared, *PREFIXES], n=1, cutoff=0.5)
    if close and close[0] in declared:
        return f"; did you mean {close[0]}:?"
    if name in PREFIXES:
        return f"; declare it: @prefix {name}: <{PREFIXES[name]}> ."
    if close:
        return f"; did you mean {close[0]}: (@prefix {close[0]}: <{PREFIXES[close[0]]}> .)?"
    return ""


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
        source = read_document(doc, values, path.parent, path)
        if isinstance(source, Problem):
            inputs.problems.append(source)
            continue
        inputs.sources[doc] = source
        for passage, name in undefined_citations(source):
            inputs.problems.append(
                Problem(
                    "sources",
                    f"{short(source.passage_iri(passage))}: footnote [^{name}] has no definition "
                    f'([^{name}]: Publisher. "Title", date. URL)',
                    source.path,
                    passage.line,
                )
            )
        inputs.problems.extend(_conflicting_references(inputs, source))
        for quad in document_quads(source, source.path.read_bytes()):
            inputs.add((*quad, IJG.sources), source.path)


def _conflicting_references(inputs: Inputs, source: SourceText) -> list[Problem]:
    """A footnote id names one reference in every document: its URLs must agree."""
    problems = []
    for other in inputs.sources.values():
        if other is source:
            continue
        for name, ref in source.references.items():
            theirs = other.references.get(name)
            if theirs is not None and theirs.url != ref.url:
                for here, there in ((ref, theirs), (theirs, ref)):
                    problems.append(
                        Problem(
                            "sources",
                            f"footnote [^{name}] has the URL {here.url} here but {there.url} "
                            f"in {(other if here is ref else source).path.name} (line "
                            f"{there.line}): one footnote id names one reference in every "
                            "document; rename one of them",
                            (source if here is ref else other).path,
                            here.line,
                        )
                    )
    return problems


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


def file_lines(path: Path) -> list[str]:
    """The lines of a data file (read once per run)."""
    return _file_text(path)[0].splitlines()


def locate(
    path: Path | None, term: Node, after: Node | None = None, *, from_line: int | None = None
) -> int | None:
    """The first line of ``path`` that mentions ``term`` (after ``after`` or from ``from_line``)."""
    if path is None:
        return None
    text, prefixes = _file_text(path)
    lines = text.splitlines()
    start = 0
    if from_line is not None:
        start = from_line - 1
    elif after is not None:
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
