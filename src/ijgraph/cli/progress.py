"""Progress bars for long steps, shown only to a person at a terminal.

A bar appears when stderr is a TTY and the ``CI`` environment variable is not
set; in pipes, logs and CI the same code runs silently. The bar wraps an
iterable (``track``) or counts units reported by the caller (``counter``).

>>> list(track(range(3), label="demo", enabled=False))
[0, 1, 2]
>>> with counter(10, label="demo", enabled=False) as advance:
...     advance(4)
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import click

__all__ = ["counter", "show_progress", "track"]

T = TypeVar("T")


def show_progress() -> bool:
    """True when a person is watching: stderr is a terminal and we are not in CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def track(
    items: Iterable[T], *, label: str, length: int | None = None, enabled: bool | None = None
) -> Iterator[T]:
    """Yield ``items`` unchanged, drawing a bar on stderr when :func:`show_progress`."""
    if not (show_progress() if enabled is None else enabled):
        yield from items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield from bar


@contextlib.contextmanager
def counter(
    total: int, *, label: str, enabled: bool | None = None
) -> Iterator[Callable[[int], None]]:
    """A context giving ``advance(n)``, which moves a bar of ``total`` units by ``n``."""
    if not (show_progress() if enabled is None else enabled):
        yield lambda n: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update
