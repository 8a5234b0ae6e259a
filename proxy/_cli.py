"""``semcache serve``: run the caching proxy."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from ._settings import DEFAULT_HOST, DEFAULT_PORT, load_settings

__all__ = ["register"]

_GRACEFUL_SECONDS = 30

# (flag, setting, type, help); every setting can also come from SEMCACHE_<SETTING>.
_FLAGS: list[tuple[str, str, Any, str]] = [
    ("--upstream", "upstream", str, "upstream OpenAI base URL, e.g. https://api.openai.com/v1"),
    ("--host", "host", str, f"address to listen on (default {DEFAULT_HOST})"),
    ("--port", "port", int, f"port to listen on (default {DEFAULT_PORT})"),
    ("--data-dir", "data_dir", Path, "cache directory (default: in memory, lost on exit)"),
    ("--store", "store", str, "store URI: local (default), milvus:///file.db, milvus://host:19530"),
    ("--threshold", "threshold", float, "similarity a semantic hit needs, 0..1"),
    ("--policy", "policy", str, "eviction policy: lru, lfu, fifo or cost"),
    ("--max-entries", "max_entries", int, "entry limit of the cache"),
    ("--max-bytes", "max_bytes", int, "byte limit of the cache"),
    ("--ttl", "ttl", float, "seconds an entry lives (default: until evicted)"),
    ("--shared-namespace", "shared_namespace", str, "share one namespace across all API keys"),
    ("--admin-token", "admin_token", str, "enables /semcache admin endpoints (prefer env)"),
    ("--max-body-bytes", "max_body_bytes", int, "largest request body accepted"),
    ("--upstream-timeout", "upstream_timeout", float, "seconds to wait for the upstream"),
    ("--log-level", "log_level", str, "debug (logs prompts), info, warning or error"),
]


def register(subparsers: Any) -> None:
    """Add the ``serve`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="run the OpenAI-compatible caching proxy",
        description="Run the OpenAI-compatible caching proxy. Every flag can also be set "
        "as SEMCACHE_<NAME> (e.g. SEMCACHE_ADMIN_TOKEN) or in a TOML file (--config).",
    )
    for flag, dest, kind, text in _FLAGS:
        parser.add_argument(flag, dest=dest, type=kind, default=None, help=text)
    parser.add_argument(
        "--cache-length",
        dest="cache_length",
        action="store_const",
        const=True,
        default=None,
        help='also cache answers cut by max_tokens (finish_reason "length")',
    )
    parser.add_argument("--config", type=Path, default=None, help="TOML file with settings")
    parser.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from ._app import create_app
    from ._log import configure_logging

    flags = {dest: getattr(args, dest) for _, dest, _, _ in _FLAGS}
    flags["cache_length"] = args.cache_length
    settings = load_settings(flags, os.environ, args.config)
    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=_GRACEFUL_SECONDS,
    )
    return 0
