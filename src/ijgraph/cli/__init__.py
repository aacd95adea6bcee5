"""The ``ijgraph`` command line: a thin shell over the Python API.

Each sub-command lives in its own module of this package and registers itself
on :data:`main`; user errors become a message on stderr and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import Any

import click

from ..problems import DataError

__all__ = ["UserError", "main"]


class UserError(click.ClickException):
    """An error caused by the user's input: message, no traceback, exit code 1."""


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as err:
            click.echo(err.report(), err=True)
            sys.exit(1)
        except (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError) as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ijgraph")
def main() -> None:
    """ijgraph: a sourced knowledge graph of India-Japan ties.

    Build and validate the graph, query it with SPARQL, explore it in the browser
    and export it in the standard RDF and graph formats.
    """


# Every module of this package registers its commands on `main` when imported.
for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")
