"""Checks on the raw input files before any parser sees them, and limits after reading.

Why: parsers and checkers fail badly on some inputs that are not RDF problems at
all: a FIFO named ``x.trig`` blocks a read forever, a symlink loop or bytes that
are not UTF-8 raise deep inside a library, a collection nested 20,000 levels deep
makes the build quadratic, an empty or broken ``shapes.ttl`` would silently switch
SHACL off, and a 200,000-character label stalls every page that shows it. Each
becomes a :class:`~ijgraph.compiler.diagnostics.Problem` naming the file and line.

:func:`preflight` runs on the files (nothing parsed yet); :func:`limits` on the
quads read (literal length, cycles in ``rdfs:subClassOf``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from ijgraph.compiler.diagnostics import Problem, short
from ijgraph.compiler.inputs import Inputs, data_files, locate
from ijgraph.vocab.namespaces import IJ, IJG
from ijgraph.vocab.project import Layout

__all__ = ["MAX_LITERAL", "MAX_NESTING", "limits", "preflight", "quiet_rdflib"]

#: Longest literal accepted (characters): a label or description, not a document.
MAX_LITERAL = 10_000
#: Deepest nesting of ( ) and [ ] accepted in a Turtle/TriG file.
MAX_NESTING = 64
_SHACL = "http://www.w3.org/ns/shacl#"


def _file_problem(path: Path, check: str) -> Problem | None:
    """Why ``path`` cannot be read as a text file, or None."""
    try:
        mode = os.stat(path).st_mode  # follows links; ELOOP for a symlink loop
    except FileNotFoundError:
        return None  # reported by whoever needs the file
    except OSError as err:
        return Problem(check, f"cannot read: {err.strerror or err}", path)
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO, socket or device"
        return Problem(check, f"is {kind}, not a regular file: refused", path)
    return None


def _decode(path: Path, raw: bytes, check: str) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        message = f"not UTF-8: byte 0x{raw[err.start]:02x} at column {column}; save it as UTF-8"
        return None, Problem(check, message, path, line)


_PLAIN = re.compile(r"[^\n#<\"'()\[\]]+")
_STRING_END = {
    '"""': re.compile(r'(?:[^"\\]|\\.|"(?!""))*"""', re.S),
    "'''": re.compile(r"(?:[^'\\]|\\.|'(?!''))*'''", re.S),
    '"': re.compile(r'(?:[^"\\\n]|\\.)*"'),
    "'": re.compile(r"(?:[^'\\\n]|\\.)*'"),
}


def _nesting(path: Path, text: str, check: str) -> Problem | None:
    """The first place where ( ) or [ ] nest deeper than MAX_NESTING (outside strings, IRIs)."""
    depth, line, i, n = 0, 1, 0, len(text)
    while i < n:
        plain = _PLAIN.match(text, i)
        if plain:
            i = plain.end()
            continue
        c = text[i]
        if c == "\n":
            line += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif c == "<":
            end = text.find(">", i)
            if end > 0 and "\n" not in text[i:end]:
                i = end + 1
                continue
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            match = _STRING_END[quote].match(text, i + len(quote))
            j = match.end() if match else n  # an unclosed string: the parser will say so
            line += text.count("\n", i, j)
            i = j
            continue
        elif c in "([":
            depth += 1
            if depth > MAX_NESTING:
                message = f"nested more than {MAX_NESTING} levels deep: refused"
                return Problem(check, message, path, line)
        elif c in ")]":
            depth = max(0, depth - 1)
        i += 1
    return None


def _text_file(path: Path, check: str, rdf: bool) -> tuple[str | None, list[Problem]]:
    problem = _file_problem(path, check)
    if problem is not None:
        return None, [problem]
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, [Problem(check, f"cannot read: {err.strerror or err}", path)]
    text, problem = _decode(path, raw, check)
    if problem is not None or text is None:
        return None, [problem] if problem else []
    nested = _nesting(path, text, check) if rdf else None
    return text, [nested] if nested else []


def _shapes(path: Path) -> list[Problem]:
    text, problems = _text_file(path, "shapes", rdf=True)
    if text is None or problems:
        return problems
    try:
        triples = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    except SyntaxError as err:
        line = err.lineno if isinstance(err.lineno, int) else None
        return [Problem("shapes", f"syntax error: {err}", path, line)]
    kinds = {_SHACL + "NodeShape", _SHACL + "PropertyShape"}
    if not any(t.object.value in kinds for t in triples if isinstance(t.object, ox.NamedNode)):
        return [
            Problem("shapes", "defines no SHACL shape: the SHACL check would check nothing", path)
        ]
    return []


def _sources(folder: Path) -> list[Problem]:
    """Source documents must be UTF-8 text; ij:lastContentLine a positive integer."""
    problems: list[Problem] = []
    if not folder.is_dir():
        return problems
    for path in sorted(folder.iterdir()):
        text, found = _text_file(path, "sources", rdf=path.suffix in (".ttl", ".trig"))
        problems += found
        if text is not None and path.name == "sources.ttl" and not found:
            problems += _last_lines(path, text)
    return problems


def _last_lines(path: Path, text: str) -> list[Problem]:
    try:
        triples = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    except SyntaxError:
        return []  # reported with its line by the reader
    out = []
    for t in triples:
        if t.predicate.value == str(IJ.lastContentLine) and not (
            isinstance(t.object, ox.Literal)
            and t.object.value.isdigit()
            and int(t.object.value) > 0
        ):
            value = t.object.value
            line = locate(path, Literal(value)) or locate(path, IJ.lastContentLine)
            out.append(
                Problem(
                    "sources", f"ij:lastContentLine {value!r} is not a positive integer", path, line
                )
            )
    return out


def preflight(lay: Layout, files: Iterable[Path] | None = None) -> list[Problem]:
    """Problems with the input files themselves, found without parsing them as a whole."""
    problems: list[Problem] = []
    for path in [lay.ontology, *(files if files is not None else _candidates(lay.data))]:
        problems += _text_file(path, "syntax", rdf=True)[1]
    problems += _shapes(lay.shapes)
    problems += _sources(lay.data / "sources")
    return problems


def _candidates(data_dir: Path) -> list[Path]:
    try:
        return data_files(data_dir)
    except OSError:
        return []


def limits(inputs: Inputs) -> list[Problem]:
    """Literals longer than MAX_LITERAL; classes that are their own superclass."""
    problems = []
    for quad in inputs.quads:
        o = quad[2]
        if isinstance(o, Literal) and len(o) > MAX_LITERAL:
            path = inputs.origin[quad][0] if inputs.origin.get(quad) else None
            line = locate(path, quad[0]) if path else None
            message = f"a literal of {len(o)} characters (limit {MAX_LITERAL}): shorten it"
            problems.append(Problem("literals", message, path, line, focus=quad[0]))
    problems += _cycles(inputs)
    return problems


def _cycles(inputs: Inputs) -> list[Problem]:
    parents: dict[URIRef, set[URIRef]] = {}
    where: dict[URIRef, Path] = {}
    for quad in inputs.quads:
        s, p, o, g = quad
        if (
            p == RDFS.subClassOf
            and g == IJG.ontology
            and isinstance(s, URIRef)
            and isinstance(o, URIRef)
            and inputs.origin.get(quad)
        ):
            parents.setdefault(s, set()).add(o)
            where[s] = inputs.origin[quad][0]
    out = []
    for cls in sorted(parents, key=str):
        seen, todo = set(), list(parents[cls])
        while todo:
            nxt = todo.pop()
            if nxt == cls:
                path = next(
                    iter(
                        inputs.origin.get(
                            (cls, RDFS.subClassOf, next(iter(parents[cls])), IJG.ontology), []
                        )
                    ),
                    None,
                )
                message = f"{short(cls)} is a subclass of itself (a cycle of rdfs:subClassOf)"
                out.append(Problem("ontology", message, path, locate(path, cls) if path else None))
                break
            if nxt not in seen:
                seen.add(nxt)
                todo.extend(parents.get(nxt, ()))
    return out


@contextlib.contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's logged tracebacks for ill-typed literals (our checks report them)."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
