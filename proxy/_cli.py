"""``semcache serve``: run the caching proxy."""

from __future__ import annotations

import argparse
import os
import socket
from pathlib import Path
from typing import Any

from semcache import ConfigError, SemanticCache, StoreError, StoreLockedError

from ._server import uvicorn_limits
from ._settings import DEFAULT_HOST, DEFAULT_PORT, Settings, load_settings, parse_size

__all__ = ["register"]

_GRACEFUL_SECONDS = 30


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as exc:  # argparse shows only an ArgumentTypeError's own words
        raise argparse.ArgumentTypeError(str(exc)) from exc


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
    ("--max-bytes", "max_bytes", _size, "byte limit of the cache: 1073741824, 1GB, 512MiB"),
    ("--ttl", "ttl", float, "seconds an entry lives (default: until evicted)"),
    ("--shared-namespace", "shared_namespace", str, "share one namespace across all API keys"),
    ("--admin-token", "admin_token", str, "enables /semcache admin endpoints (prefer env)"),
    ("--ui-token", "ui_token", str, "read-only token of the dashboard /semcache/ui (prefer env)"),
    ("--max-body-bytes", "max_body_bytes", _size, "largest request body accepted (8MiB)"),
    ("--upstream-timeout", "upstream_timeout", float, "seconds to wait for the upstream"),
    ("--log-level", "log_level", str, "debug (logs prompts), info, warning or error"),
    ("--anonymous", "anonymous", str, "requests without credentials: bypass (default) or share"),
    ("--keep-alive", "keep_alive", float, "seconds an idle keep-alive connection stays open (5)"),
    ("--max-header-bytes", "max_header_bytes", _size, "largest request line + headers (64KiB)"),
    ("--limit-concurrency", "limit_concurrency", int, "connections at once; more get 503 (1000)"),
    ("--body-timeout", "body_timeout", float, "seconds to send a body, 408 after (60)"),
    ("--header-timeout", "header_timeout", float, "seconds to send the request head (10)"),
    ("--forwarded-allow-ips", "forwarded_allow_ips", str, "trust X-Forwarded-* from these IPs"),
    ("--coalesce-timeout", "coalesce_timeout", float, "wait for an identical request (5; 0: off)"),
    ("--judge-model", "judge_model", str, "judge ambiguous candidates with this chat model"),
    ("--judge-url", "judge_url", str, "OpenAI base URL of the judge (default: the upstream)"),
    ("--judge-key", "judge_key", str, "the judge's API key, an operator key (prefer env)"),
    ("--judge-mode", "judge_mode", str, "sync (default with a judge), async or off"),
    ("--max-error-rate", "max_error_rate", float, "learn per-entry thresholds under this bound"),
    ("--judge-rate", "judge_rate", float, "judge calls per second at most (default: no limit)"),
    ("--judge-deadline", "judge_deadline", float, "seconds a lookup waits for the judge (1.5)"),
    ("--judge-error", "judge_error", float, "the judge's own error rate, for --max-error-rate"),
    ("--context", "context", str, "earlier turns of a chat must match: exact or substance"),
    ("--onnx-variant", "onnx_variant", str, "the model variant (default: this CPU's measured row)"),
    ("--onnx-threads", "onnx_threads", int, "onnxruntime intra-op threads per model run"),
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
    parser.add_argument(
        "--sync-writes",
        dest="sync_writes",
        action="store_const",
        const=True,
        default=None,
        help="commit a miss's answer to the store before the response ends (default: after)",
    )
    parser.add_argument(
        "--no-cache-embeddings",
        dest="cache_embeddings",
        action="store_const",
        const=False,
        default=None,
        help="pass POST /v1/embeddings through uncached (default: exact cache)",
    )
    parser.add_argument("--config", type=Path, default=None, help="TOML file with settings")
    parser.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from ._app import create_app
    from ._log import configure_logging

    settings = _settings(args)
    configure_logging(settings.log_level)
    # Bind and open the cache before uvicorn starts: a port in use, a bad store or a
    # locked directory is then one clear error line, not a traceback from the lifespan.
    listening = _bind(settings.host, settings.port)
    try:
        cache = _open(settings)
    except BaseException:
        listening.close()
        raise
    app = create_app(settings, cache=cache, close_cache=True)
    config = uvicorn.Config(
        app,
        log_level=settings.log_level,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=_GRACEFUL_SECONDS,
        **uvicorn_limits(settings),
    )
    uvicorn.Server(config).run(sockets=[listening])
    return 0


def _settings(args: argparse.Namespace) -> Settings:
    flags = {dest: getattr(args, dest) for _, dest, _, _ in _FLAGS}
    flags["cache_length"] = args.cache_length
    flags["sync_writes"] = args.sync_writes
    flags["cache_embeddings"] = args.cache_embeddings
    try:
        return load_settings(flags, os.environ, args.config)
    except ConfigError as exc:
        raise ConfigError(_name_flags(str(exc))) from exc


def _open(settings: Settings) -> SemanticCache:
    from ._app import open_cache

    try:
        return open_cache(settings)
    except StoreLockedError as exc:
        raise StoreLockedError(
            f"{exc} — e.g. another `semcache serve`; or pass --data-dir"
        ) from exc
    except StoreError as exc:
        if settings.data_dir is None or settings.store not in (None, "", "local"):
            raise
        raise StoreError(f"{exc} — pass a --data-dir this user can write to") from exc


def _name_flags(message: str) -> str:
    """A Settings message in the command's terms: ``--max-bytes ...``, not ``max_bytes ...``."""
    name, _, rest = message.partition(" ")
    flag = next((f for f, dest, _, _ in _FLAGS if dest == name), None)
    if flag is None:
        return message
    return f"{flag} (or SEMCACHE_{name.upper()}) {rest}"


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as exc:
        listening.close()
        raise ConfigError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc} — "
            "pick another --port, or stop what holds it"
        ) from exc
    listening.set_inheritable(True)
    return listening
