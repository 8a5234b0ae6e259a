"""The ``semcache`` command line.

Each subcommand lives with the code it runs and is declared as an entry point of
the group ``semcache.commands`` (see pyproject.toml): its value names a
``register(subparsers)`` function that adds the parser and sets ``func``. So the
core names no other package (the proxy adds ``serve`` and ``demo`` by declaring
them), ``semcache --help`` imports what it needs, and nothing runs at import time.

Every error a command reports before it runs (a bad flag, a setting out of range,
a store that cannot be opened) is one line on stderr, ``semcache: error: ...``,
and exit code 2; no traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points
from typing import NoReturn

from . import __version__
from ._errors import SemcacheError

__all__ = ["COMMANDS_GROUP", "EXIT_USAGE", "build_parser", "main"]

#: The entry-point group of ``semcache`` subcommands.
COMMANDS_GROUP = "semcache.commands"
#: Exit code of a command that could not start: a bad flag, setting or store.
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (argparse prints the whole usage first).

    Subparsers are made with the parser's own class, so every subcommand has it.
    """

    def error(self, message: str) -> NoReturn:
        fail(f"{message} — see `{self.prog} --help`")


def fail(message: str) -> NoReturn:
    """Print ``semcache: error: <message>`` as one line and exit with EXIT_USAGE."""
    print(f"semcache: error: {_one_line(message)}", file=sys.stderr)
    raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every registered subcommand."""
    parser = _Parser(prog="semcache", description="A semantic cache for LLM responses.")
    parser.add_argument("--version", action="version", version=f"semcache {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    # By name: a stale copy of the package's metadata (an old egg-info) declares them twice.
    commands = {point.name: point for point in entry_points(group=COMMANDS_GROUP)}
    for name in sorted(commands):
        commands[name].load()(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    try:
        args = build_parser().parse_args(argv)
        code: int = args.func(args)
    except SystemExit as exc:  # argparse (--help, --version, a bad flag) and fail()
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except SemcacheError as exc:
        print(f"semcache: error: {_one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `semcache eval --curve | head`: the reader has gone
        _silence_stdout()
        return 0
    return code


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _silence_stdout() -> None:
    # What is still buffered would raise again when Python flushes stdout at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
