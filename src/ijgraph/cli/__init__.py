"""The ``ijgraph`` command line: a thin shell over the Python API.

Each sub-command lives in its own module of this package and registers itself
on :data:`main` when that module is imported; :data:`COMMANDS` says which
module that is, so that a command imports only what it needs (``ijgraph query``
never loads rdflib, networkx or pyvis). User errors become a message on stderr
and a non-zero exit, never a traceback: the group's last-resort handler turns
an unexpected exception into one line naming it (exit 70, "internal error"),
and a failed write to standard output (``> /dev/full``) into a message.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import math
import os
import sys
from pathlib import Path
from typing import Any

import click

from ijgraph.compiler.diagnostics import DataError
from ijgraph.errors import IjgraphError

__all__ = ["SECONDS", "UserError", "main", "write_stdout"]


#: The --root option that every command takes.
ROOT = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Project checkout (default: found from the current directory).",
)


class UserError(click.ClickException):
    """An error caused by the user's input: message, no traceback, exit code 1."""


class _Seconds(click.ParamType):
    """A positive, finite number of seconds (``nan`` and ``inf`` are refused)."""

    name = "seconds"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or seconds <= 0 or seconds > 1e6:
            self.fail(f"{value!r} must be a number of seconds above 0 and at most 1e6", param, ctx)
        return seconds


SECONDS = _Seconds()


def write_stdout(data: bytes) -> None:
    """Write ``data`` (plus a final newline) to standard output, or raise UserError saying why."""
    out = sys.stdout.buffer
    try:
        out.write(data if data.endswith(b"\n") else data + b"\n")
        out.flush()
    except BrokenPipeError:
        _silence_stdout()  # the reader (e.g. `head`) left early: not an error
    except OSError as err:
        _silence_stdout()
        raise UserError(
            f"cannot write the answer to standard output: {err.strerror or err}"
        ) from None


def _silence_stdout() -> None:
    """Point fd 1 at /dev/null so that the interpreter's final flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


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
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except OSError as err:
            if err.errno in (errno.ENOSPC, errno.EPIPE, errno.EIO):
                _silence_stdout()  # most likely standard output itself
            click.echo(
                f"error: {err.strerror or err}" + (f": {err.filename}" if err.filename else ""),
                err=True,
            )
            sys.exit(1)
        except RecursionError:
            click.echo("error: the input is nested too deeply to process", err=True)
            sys.exit(1)
        except IjgraphError as err:  # raised on purpose, with a message
            click.echo(f"error: {err}", err=True)
            sys.exit(1)
        except Exception as err:  # the last resort: one line, never a traceback
            click.echo(f"internal error: {type(err).__name__}: {err}", err=True)
            sys.exit(70)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ijgraph")
def main() -> None:
    """ijgraph: a sourced knowledge graph of India-Japan ties.

    Build and validate the graph, query it with SPARQL, explore it in the browser
    and export it in the standard RDF and graph formats.
    """
