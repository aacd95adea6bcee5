"""The ``ijgraph`` command line: a thin shell over the Python API.

Each sub-command lives in its own module of this package and registers itself
on :data:`main` when that module is imported; :data:`COMMANDS` says which
module that is, so that a command imports only what it needs (``ijgraph query``
never loads rdflib, networkx or pyvis). User errors become a message on stderr
and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import click

from ijgraph.compiler.diagnostics import DataError

__all__ = ["UserError", "main"]


#: The --root option that every command takes.
ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project checkout (default: found from the current directory).",
)


class UserError(click.ClickException):
    """An error caused by the user's input: message, no traceback, exit code 1."""


#: Command name -> the module of this package that defines it.
COMMANDS = {
    "build": "build",
    "passages": "sources",
    "sources": "sources",
    "source": "source_add",
    "quote": "sources",
    "render": "render",
    "query": "query",
    "examples": "query",
    "serve": "serve",
    "export": "export",
    "stats": "analytics",
    "neighbours": "analytics",
    "path": "analytics",
    "timeline": "analytics",
    "synth": "synth",
    "push": "remote",
    "remote-query": "remote",
    "search": "search",
}


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"{__name__}.{COMMANDS[cmd_name]}")
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as err:
            click.echo(err.report(), err=True)
            sys.exit(1)
        except BrokenPipeError:
            # The reader went away (`ijgraph build | head`): the work is done (files are
            # written before anything is printed); say nothing more, exit like `yes | head`.
            _silence_stdout()
            sys.exit(141)
        except (FileNotFoundError, PermissionError, IsADirectoryError, NotADirectoryError) as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(1)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ijgraph")
def main() -> None:
    """ijgraph: a sourced knowledge graph of India-Japan ties.

    Build and validate the graph, query it with SPARQL, explore it in the browser
    and export it in the standard RDF and graph formats.
    """
