"""SPARQL query files (``.rq``) with a header of ``#+ key: value`` lines.

>>> text = "#+ title: All types\\n#+ tags: demo, types\\nSELECT ?t WHERE { ?s a ?t }"
>>> q = parse_query(text, "types")
>>> q.title, q.tags, q.text.splitlines()[-1]
('All types', ('demo', 'types'), 'SELECT ?t WHERE { ?s a ?t }')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RqQuery", "parse_query", "read_catalog", "read_query"]

_HEADER = re.compile(r"^#\+\s*([\w-]+)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class RqQuery:
    """A query file: its name (file stem), header fields and text."""

    name: str
    title: str
    description: str
    tags: tuple[str, ...]
    text: str
    path: Path | None = None
    fields: tuple[tuple[str, str], ...] = ()


def parse_query(text: str, name: str, path: Path | None = None) -> RqQuery:
    """Read the ``#+`` header of ``text``; the whole text stays the query."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            key, value = match.group(1).lower(), match.group(2)
            fields[key] = f"{fields[key]} {value}".strip() if key in fields else value
        elif line.strip() and not line.lstrip().startswith("#"):
            break
    tags = tuple(t.strip() for t in fields.get("tags", "").split(",") if t.strip())
    return RqQuery(
        name=name,
        title=fields.get("title", name),
        description=fields.get("description", ""),
        tags=tags,
        text=text,
        path=path,
        fields=tuple(sorted(fields.items())),
    )


def read_query(path: Path) -> RqQuery:
    return parse_query(path.read_text(encoding="utf-8"), path.stem, path)


def read_catalog(directory: Path) -> dict[str, RqQuery]:
    """Every ``.rq`` file of ``directory`` by name, sorted."""
    return {p.stem: read_query(p) for p in sorted(directory.glob("*.rq"))}
