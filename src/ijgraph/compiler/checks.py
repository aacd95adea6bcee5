"""Validation of the inputs: a registry of named checks, each returning problems.

Checks run on the quads read by :mod:`ijgraph.compiler.inputs` and know which file each
quad came from, so every problem names a file and line (or an entity). SHACL
shapes (``ontology/shapes.ttl``, via pyshacl) and the SPARQL quality checks in
``queries/checks/*-violation.rq`` (any row is a problem) run here too.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ijgraph.compiler.diagnostics import Problem, short
from ijgraph.compiler.documents import SourceText
from ijgraph.compiler.inputs import Inputs, Quad, is_local, locate
from ijgraph.vocab.namespaces import IJ, IJG, IJP, IJR

__all__ = ["CHECKS", "EXTERNAL_TERMS", "Context", "run_checks"]

DCT = "http://purl.org/dc/terms/"
#: Terms of other vocabularies that data files may use besides the ontology's own.
EXTERNAL_TERMS = frozenset(
    {
        RDF.type,
        RDFS.label,
        RDFS.comment,
        SKOS.altLabel,
        SKOS.inScheme,
        SKOS.broader,
        SKOS.exactMatch,  # links to external identifiers (Wikidata), in the lexicon
        OWL.sameAs,
        SKOS.ConceptScheme,
        SKOS.hasTopConcept,
        URIRef(DCT + "description"),
        URIRef(DCT + "source"),
        URIRef(DCT + "title"),
        URIRef(DCT + "language"),
        URIRef(DCT + "isPartOf"),
    }
)
#: Named graphs that data files may write besides passage graphs (and any graph declared
#: ``a ij:CuratedGraph`` or ``a ij:BackgroundKnowledge``, such as ``ijg:identifiers``).
CURATED_GRAPHS = frozenset({IJG.lexicon, IJG.background})
_CURATED_CLASSES = frozenset({IJ.CuratedGraph, IJ.BackgroundKnowledge})
BUILT_GRAPHS = frozenset({IJG.ontology, IJG.sources})
_PASSAGE_ID = re.compile(r"^([\w-]+)/L(\d+)S(\d+)$")
_OLD_PASSAGE_ID = re.compile(r"^L(\d+)S(\d+)$")


@dataclass
class Context:
    """What the checks look at."""

    inputs: Inputs
    shapes: Path

    def first_origin(self, quad: Quad) -> Path | None:
        paths = self.inputs.origin.get(quad)
        return paths[0] if paths else None

    def curated_graphs(self) -> set[Node]:
        """The lexicon, the background and every graph declared as curated."""
        declared = {
            q[0] for q in self.inputs.quads if q[1] == RDF.type and q[2] in _CURATED_CLASSES
        }
        return set(CURATED_GRAPHS) | declared

    def data_quads(self) -> Iterable[Quad]:
        return (q for q in self.inputs.quads if q[3] not in BUILT_GRAPHS)

    def declaring_file(self, entity: Node) -> Path | None:
        for quad in self.inputs.quads:
            if quad[0] == entity and quad[1] == RDF.type and quad[3] not in BUILT_GRAPHS:
                return self.first_origin(quad)
        for quad in self.data_quads():
            if entity in quad[:3]:
                return self.first_origin(quad)
        return None

    def problem_at(self, check: str, message: str, quad: Quad, term: Node) -> Problem:
        path = self.first_origin(quad)
        return Problem(check, message, path, locate(path, term, after=quad[0]), focus=quad[0])


Check = Callable[[Context], list[Problem]]
CHECKS: dict[str, Check] = {}


def check(name: str) -> Callable[[Check], Check]:
    def register(func: Check) -> Check:
        CHECKS[name] = func
        return func

    return register


def _passage_lookup(inputs: Inputs) -> dict[URIRef, str]:
    texts: dict[URIRef, str] = {}
    for source in inputs.sources.values():
        for passage in source.passages.values():
            texts[source.passage_iri(passage)] = passage.text
    return texts


@check("quotes")
def check_quotes(ctx: Context) -> list[Problem]:
    """Every passage graph is introduced by its quote, exactly as the article says it."""
    inputs = ctx.inputs
    texts = _passage_lookup(inputs)
    problems: list[Problem] = []
    quoted: set[tuple[Path, URIRef]] = set()
    for path, passage, quote in inputs.quotes:
        quoted.add((path, passage))
        line = locate(path, Literal(quote[:60])) or locate(path, passage)
        expected = texts.get(passage)
        if expected is None:
            problems.append(
                Problem("quotes", _missing_passage(inputs, passage), path, line, passage)
            )
        elif quote != expected:
            problems.append(
                Problem("quotes", _wrong_quote(inputs, quote, expected), path, line, passage)
            )
    curated = ctx.curated_graphs()
    seen: set[tuple[Path, Node]] = set()
    for quad in ctx.data_quads():
        graph = quad[3]
        origin = ctx.first_origin(quad)
        if origin is None or (origin, graph) in seen:
            continue
        path = origin
        seen.add((path, graph))
        if graph in curated:
            continue
        if not (isinstance(graph, URIRef) and str(graph).startswith(str(IJP))):
            problems.append(
                Problem(
                    "quotes",
                    "facts go in passage graphs (article:LnSn, one prefix per document), "
                    "ijg:lexicon or ijg:background",
                    path,
                    locate(path, graph),
                    graph,
                )
            )
        elif graph not in texts:
            problems.append(
                Problem("quotes", _missing_passage(inputs, graph), path, locate(path, graph), graph)
            )
        elif (path, graph) not in quoted:
            problems.append(
                Problem(
                    "quotes",
                    "passage graph without its quote line "
                    f'({_curie(inputs, graph)} ij:quote "..." .)',
                    path,
                    locate(path, graph),
                    graph,
                )
            )
    return problems


def _document_of(inputs: Inputs, name: str) -> SourceText | None:
    return next((s for s in inputs.sources.values() if s.name == name), None)


def _curie(inputs: Inputs, passage: Node) -> str:
    """``article:L35S1`` for a passage IRI (the prefix data files use for its document)."""
    local = str(passage)[len(str(IJP)) :]
    return local.replace("/", ":", 1) if "/" in local else short(passage)


def _missing_passage(inputs: Inputs, passage: Node) -> str:
    """Why ``passage`` names no passage, in the words of the document it points into."""
    local = str(passage)[len(str(IJP)) :]
    old = _OLD_PASSAGE_ID.match(local)
    if old:
        return (
            f"passage IRIs name their document: write article:{local} "
            "(@prefix article: <https://w3id.org/ijgraph/passage/article/>)"
        )
    match = _PASSAGE_ID.match(local)
    if not match:
        return "not a passage IRI: passages are {document}:L<line>S<sentence> (article:L35S1)"
    source = _document_of(inputs, match.group(1))
    if source is None:
        names = sorted(s.name for s in inputs.sources.values())
        hint = did_you_mean(match.group(1), names)
        return f"no source document {match.group(1)!r}{hint} (documents: {', '.join(names)})"
    line, sentence = int(match.group(2)), int(match.group(3))
    what = f"{source.name} ({source.path.name})"
    if source.last_line is not None and line > source.last_line:
        return (
            f"line {line} is past the last content line of {what} "
            f"({source.last_line}); it is not part of the document"
        )
    if line < source.first_line:
        return f"line {line} is before the first content line of {what} ({source.first_line})"
    on_line = [p for p in source.passages.values() if p.line == line]
    if not on_line:
        if line > source.line_count():
            return f"{what} has only {source.line_count()} lines"
        return f"line {line} of {what} is not a content line (blank, heading or reference)"
    return f"line {line} of {what} has {len(on_line)} sentence(s), not {sentence}"


def _wrong_quote(inputs: Inputs, quote: str, expected: str) -> str:
    """Say where a quote first differs from its passage, and how (curly vs straight quote)."""
    for source in inputs.sources.values():
        for passage in source.passages.values():
            if passage.text == quote:
                return (
                    f"quote is the text of {short(source.passage_iri(passage))}, not of this "
                    f"passage, which reads: {expected!r}"
                )
    index = next(
        (i for i, (a, b) in enumerate(zip(quote, expected, strict=False)) if a != b),
        min(len(quote), len(expected)),
    )
    found = _describe(quote[index : index + 1])
    wanted = _describe(expected[index : index + 1])
    context = expected[max(0, index - 20) : index]
    return (
        f"quote differs from the passage at character {index + 1} (after {context!r}): "
        f"found {found}, expected {wanted}; the passage reads: {expected!r}"
    )


def _describe(char: str) -> str:
    if not char:
        return "the end of the text"
    return f"{char!r} ({unicodedata.name(char, f'U+{ord(char):04X}')})"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``"; did you mean x?"`` for the closest candidates, or ``""``."""
    close = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + " or ".join(close) + "?"


@check("terms")
def check_terms(ctx: Context) -> list[Problem]:
    """Every class and property is defined by the ontology (or is a known standard term)."""
    ontology = {q[0] for q in ctx.inputs.quads if q[3] == IJG.ontology}
    classes = {q[0] for q in ctx.inputs.quads if q[3] == IJG.ontology and q[2] == OWL.Class}
    known_classes = [short(c) for c in classes | {SKOS.ConceptScheme}]
    known_properties = [
        short(t)
        for t in (ontology - classes) | EXTERNAL_TERMS
        if str(t)[-1:].islower() or "#" in str(t)
    ]
    problems = []
    for quad in ctx.data_quads():
        _, p, o, _ = quad
        if p not in ontology and p not in EXTERNAL_TERMS:
            hint = did_you_mean(short(p), known_properties)
            problems.append(ctx.problem_at("terms", f"unknown property {short(p)}{hint}", quad, p))
        if p == RDF.type and o not in classes and o not in EXTERNAL_TERMS:
            hint = did_you_mean(short(o), known_classes)
            problems.append(ctx.problem_at("terms", f"unknown class {short(o)}{hint}", quad, o))
    return problems


@check("dangling")
def check_dangling(ctx: Context) -> list[Problem]:
    """Every ijgraph IRI that is used is declared (typed) somewhere."""
    typed = {q[0] for q in ctx.inputs.quads if q[1] == RDF.type}
    allowed = typed | ctx.curated_graphs() | BUILT_GRAPHS
    problems = []
    reported: set[Node] = set()
    for quad in ctx.data_quads():
        for term in quad[:3]:  # graph names are the quotes check's business
            if term in reported or term in allowed or not is_local(term):
                continue
            if str(term).startswith(str(IJR)) or str(term).startswith(str(IJP)):
                reported.add(term)
                what = "passage" if str(term).startswith(str(IJP)) else "entity"
                problems.append(
                    ctx.problem_at(
                        "dangling",
                        f"{short(term)} is used but no {what} of that IRI is declared",
                        quad,
                        term,
                    )
                )
    return problems


_TZ = r"(Z|[+-]\d\d:\d\d)?"
#: Lexical forms of the XSD types the data uses (rdflib does not check all of them).
LEXICAL_FORMS = {
    XSD.gYear: re.compile(r"^-?\d{4,}" + _TZ + "$"),
    XSD.gYearMonth: re.compile(r"^-?\d{4,}-(0[1-9]|1[0-2])" + _TZ + "$"),
    XSD.date: re.compile(r"^-?\d{4,}-\d\d-\d\d" + _TZ + "$"),
    XSD.decimal: re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    XSD.integer: re.compile(r"^[+-]?\d+$"),
    XSD.positiveInteger: re.compile(r"^\+?0*[1-9]\d*$"),
    XSD.boolean: re.compile(r"^(true|false|1|0)$"),
}


def _well_formed(value: Literal) -> bool:
    form = LEXICAL_FORMS.get(value.datatype) if value.datatype is not None else None
    if form is not None and not form.match(str(value)):
        return False
    return not value.ill_typed


@check("literals")
def check_literals(ctx: Context) -> list[Problem]:
    """Typed literals have valid lexical forms; no blank nodes anywhere."""
    problems = []
    for quad in ctx.data_quads():
        s, p, o, _ = quad
        if isinstance(o, Literal) and not _well_formed(o):
            problems.append(
                ctx.problem_at(
                    "literals",
                    f"{short(p)} value {str(o)!r} is not a valid {short(o.datatype)}",
                    quad,
                    p,
                )
            )
        if any(isinstance(t, BNode) for t in quad):
            problems.append(
                Problem(
                    "literals",
                    "blank nodes are not allowed: give the node an IRI",
                    ctx.first_origin(quad),
                    None,
                    s,
                )
            )
    return problems


@check("shacl")
def check_shacl(ctx: Context) -> list[Problem]:
    """SHACL shapes (ontology/shapes.ttl) hold for each claim (passage graph) on its own."""
    from ijgraph.compiler.claims import shacl_problems

    return shacl_problems(ctx)


@check("sparql")
def check_violation_queries(ctx: Context) -> list[Problem]:
    """Quality checks in SPARQL (``queries/checks/*-violation.rq``), per claim."""
    from ijgraph.compiler.claims import sparql_problems

    return sparql_problems(ctx)


#: Checks run in stages: shapes and SPARQL checks only look at data that is well formed,
#: so that one mistake is reported once, by the check that names its cause.
STAGES = (("quotes", "terms", "dangling", "literals"), ("shacl", "sparql"))


def run_checks(inputs: Inputs, shapes: Path, names: Iterable[str] | None = None) -> list[Problem]:
    """Run the named checks (all by default, stage by stage) and return the problems found."""
    ctx = Context(inputs, shapes)
    problems = list(inputs.problems)
    wanted = set(names) if names is not None else set(CHECKS)
    for stage in STAGES:
        if problems:
            break
        for name in stage:
            if name in wanted:
                problems.extend(CHECKS[name](ctx))
    return problems
