"""``semcache fake-upstream``: serve the fake OpenAI-compatible upstream."""

from __future__ import annotations

import argparse
from typing import Any

from ._fake_upstream import FakeUpstream

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``fake-upstream`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "fake-upstream",
        help="serve a fake OpenAI-compatible LLM (deterministic answers) for tests and demos",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay before each answer")
    parser.add_argument("--chunk-delay-ms", type=float, default=0.0, help="delay between chunks")
    parser.add_argument(
        "--fail",
        default=None,
        help="fail every completion: a status code, timeout, drop, truncate, error-event, ...",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    import uvicorn

    app = FakeUpstream(
        latency_ms=args.latency_ms, chunk_delay_ms=args.chunk_delay_ms, fail=args.fail
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
