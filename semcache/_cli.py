"""The ``semcache`` command line.

Each subcommand lives with the code it runs and registers itself through a
``register(subparsers)`` function in its module; this file only lists them, so
``semcache --help`` imports what it needs and nothing runs at import time.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from ._errors import SemcacheError

__all__ = ["main"]

# subcommand -> module with a `register(subparsers)` that adds the parser and sets
# `func` (a callable taking the parsed args and returning an exit code).
_COMMANDS: dict[str, str] = {
    "serve": "semcache_proxy._cli",
    "demo": "semcache_proxy._demo",
    "eval": "semcache.quality._evalcli",
    "fake-upstream": "semcache.testing._cli",
}


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="semcache", description="A semantic cache for LLM responses."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in _COMMANDS.values():
        importlib.import_module(module_name).register(subparsers)
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
