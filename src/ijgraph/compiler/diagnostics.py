"""Problems found in the inputs, and the error that carries them to the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ijgraph.errors import IjgraphError
from ijgraph.vocab.prefixes import short

if TYPE_CHECKING:
    from rdflib.term import Node

__all__ = ["DataError", "Problem", "short"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the inputs, located as precisely as we can."""

    check: str
    message: str
    path: Path | None = None
    line: int | None = None
    focus: Node | None = None

    def format(self, root: Path | None = None) -> str:
        where = ""
        if self.path is not None:
            shown = self.path
            if root is not None:
                try:
                    shown = self.path.resolve().relative_to(root.resolve())
                except (ValueError, OSError, RuntimeError):  # elsewhere, or a symlink loop
                    shown = self.path
            where = f"{shown}:{self.line}: " if self.line else f"{shown}: "
        focus = f"{short(self.focus)}: " if self.focus is not None else ""
        return f"{where}{focus}{self.message} [{self.check}]"


class DataError(IjgraphError):
    """The inputs do not validate; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem], root: Path | None = None) -> None:
        self.problems = problems
        self.root = root
        super().__init__(self.report())

    def report(self) -> str:
        lines = [p.format(self.root) for p in self.problems]
        count = len(self.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.")
        return "\n".join(lines)
