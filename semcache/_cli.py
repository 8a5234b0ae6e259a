"""The ``semcache`` command line.

Each subcommand lives with the code it runs and is declared as an entry point of
the group ``semcache.commands`` (see pyproject.toml): its value names a
``register(subparsers)`` function that adds the parser and sets ``func``. So the
core names no other package (the proxy adds ``serve`` and ``demo`` by declaring
them), ``semcache --help`` imports what it needs, and nothing runs at import time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import entry_points

from ._errors import SemcacheError

__all__ = ["COMMANDS_GROUP", "build_parser", "main"]

#: The entry-point group of ``semcache`` subcommands.
COMMANDS_GROUP = "semcache.commands"


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="semcache", description="A semantic cache for LLM responses."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in sorted(entry_points(group=COMMANDS_GROUP), key=lambda point: point.name):
        command.load()(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except SemcacheError as exc:
        print(f"semcache: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
