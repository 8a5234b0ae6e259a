"""Settings of the proxy: defaults, validation, and where they come from.

Sources, highest precedence first: command-line flags, ``SEMCACHE_*`` environment
variables, an optional TOML file (``--config FILE``), the ``DEFAULT_*`` constants
below. Cache settings left unset (None) fall back to the cache's own defaults.
"""

from __future__ import annotations

import dataclasses
import importlib
import ipaddress
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from semcache import ConfigError, wire
from semcache.eviction import POLICIES
from semcache.wire import CONTEXT_MODES, MAX_NAMESPACE

__all__ = [
    "ANONYMOUS_MODES",
    "DEFAULT_ANONYMOUS",
    "DEFAULT_BODY_TIMEOUT",
    "DEFAULT_CACHE_EMBEDDINGS",
    "DEFAULT_CACHE_LENGTH",
    "DEFAULT_COALESCE_TIMEOUT",
    "DEFAULT_HEADER_TIMEOUT",
    "DEFAULT_HOST",
    "DEFAULT_JUDGE_DEADLINE",
    "DEFAULT_KEEP_ALIVE",
    "DEFAULT_LIMIT_CONCURRENCY",
    "DEFAULT_LOG_LEVEL",
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_HEADER_BYTES",
    "DEFAULT_PORT",
    "DEFAULT_PRICES",
    "DEFAULT_PRICE_PER_MILLION",
    "DEFAULT_SYNC_WRITES",
    "DEFAULT_UPSTREAM_TIMEOUT",
    "JUDGE_MODES",
    "Settings",
    "load_settings",
    "parse_size",
]

DEFAULT_HOST: Final = "127.0.0.1"
DEFAULT_PORT: Final = 8080
#: Largest request body accepted on the cached endpoints (bytes).
DEFAULT_MAX_BODY_BYTES: Final = 8 * 1024 * 1024
#: Seconds to wait for the upstream (connect, and between bytes of an answer).
DEFAULT_UPSTREAM_TIMEOUT: Final = 600.0
DEFAULT_LOG_LEVEL: Final = "info"
#: Whether answers cut by the token limit (finish_reason "length") are cached.
DEFAULT_CACHE_LENGTH: Final = False
#: Estimated USD per million tokens (prompt and completion alike) by model-name
#: prefix, longest prefix wins; only used for the "cost saved" estimate.
DEFAULT_PRICES: Final[Mapping[str, float]] = {
    "gpt-4o-mini": 0.60,
    "gpt-4o": 10.0,
    "gpt-4.1-mini": 1.60,
    "gpt-4.1": 8.0,
    "gpt-4": 30.0,
    "gpt-3.5": 1.5,
    "o1": 60.0,
    "o3": 8.0,
}
#: Estimated USD per million tokens for models not in the table.
DEFAULT_PRICE_PER_MILLION: Final = 1.0

_LOG_LEVELS = ("debug", "info", "warning", "error")

#: What requests without any credential do: bypass the cache (the default: nothing
#: tells such callers apart, and an upstream that needs a key refuses them anyway)
#: or share the one namespace ``anonymous`` (a keyless upstream such as a local model).
ANONYMOUS_MODES: Final = ("bypass", "share")
DEFAULT_ANONYMOUS: Final = "bypass"
#: Seconds an idle keep-alive connection is kept open (uvicorn timeout_keep_alive).
DEFAULT_KEEP_ALIVE: Final = 5.0
#: Largest HTTP/1.1 request line plus headers, in bytes (uvicorn h11_max_incomplete_event_size).
DEFAULT_MAX_HEADER_BYTES: Final = 64 * 1024
#: Most connections and requests at once; more get a 503 (None: no limit).
DEFAULT_LIMIT_CONCURRENCY: Final = 1000
#: Seconds a client may take to send a request body on the cached endpoints, and
#: between two chunks of a relayed body; past it the request ends with a 408.
DEFAULT_BODY_TIMEOUT: Final = 60.0
#: Seconds a client may take to send a request line and its headers (from the
#: connection opening, or the previous answer ending); past it the connection is closed.
DEFAULT_HEADER_TIMEOUT: Final = 10.0
#: Whether a miss's answer is committed to the store before the response ends
#: (True) or written in the background after it (False: faster; up to the pending
#: writes are lost on a crash).
DEFAULT_SYNC_WRITES: Final = False
#: Seconds a request waits for an identical one in flight (single-flight); 0: off.
DEFAULT_COALESCE_TIMEOUT: Final = wire.DEFAULT_COALESCE_TIMEOUT
#: Whether POST /v1/embeddings answers are cached (exact matches only).
DEFAULT_CACHE_EMBEDDINGS: Final = True
#: How the judge (--judge-model) is used: before serving a band candidate, in the
#: background to make verified aliases, or not at all (the default without a judge).
JUDGE_MODES: Final = ("sync", "async", "off")
#: Seconds a sync lookup waits for the judge (and the judge call's own timeout).
DEFAULT_JUDGE_DEADLINE: Final = 1.5

#: Size units: decimal (kB = 1000 bytes) and binary (KiB = 1024 bytes), as in `ls`/`df`.
_SIZE_UNITS: Final[Mapping[str, int]] = {
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "tb": 1000**4,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
    "tib": 1024**4,
}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Validated settings of one proxy; ``upstream`` is the only required one.

    ``upstream`` is the upstream's OpenAI base URL as an SDK would take it
    (``https://api.openai.com/v1``); a URL without a path gets ``/v1``.
    ``shared_namespace`` None (the default) keys the cache by a hash of each
    caller's API key; a name makes every caller share that namespace.
    ``admin_token`` None disables the admin endpoints. ``ui_token`` is the
    dashboard's read-only token: it views /semcache/ui but cannot delete, clear,
    report feedback or read prompts.

    ``judge_model`` turns the judge on: an OpenAI-compatible chat model at
    ``judge_url`` (default: the upstream), called with the operator's
    ``judge_key`` (never a caller's key; masked in ``repr``, never logged), in
    ``judge_mode`` ("sync" by default), at most ``judge_rate`` calls a second,
    each given ``judge_deadline`` seconds; ``max_error_rate`` adds learned
    per-entry thresholds under that error bound, allowing for the judge's own
    error rate ``judge_error`` (0 <= x < 0.5, measured on labelled pairs).

    ``context`` is how a conversation's earlier turns must match: "exact" (byte for
    byte) or "substance" (None: the cache's default; ``x-semcache-context`` per request).
    """

    upstream: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    data_dir: Path | None = None
    store: str | None = None
    threshold: float | None = None
    policy: str | None = None
    max_entries: int | None = None
    max_bytes: int | None = None
    ttl: float | None = None
    shared_namespace: str | None = None
    admin_token: str | None = field(default=None, repr=False)
    ui_token: str | None = field(default=None, repr=False)
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    cache_length: bool = DEFAULT_CACHE_LENGTH
    upstream_timeout: float = DEFAULT_UPSTREAM_TIMEOUT
    log_level: str = DEFAULT_LOG_LEVEL
    prices: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_PRICES))
    default_price: float = DEFAULT_PRICE_PER_MILLION
    anonymous: str = DEFAULT_ANONYMOUS
    keep_alive: float = DEFAULT_KEEP_ALIVE
    max_header_bytes: int = DEFAULT_MAX_HEADER_BYTES
    limit_concurrency: int | None = DEFAULT_LIMIT_CONCURRENCY
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    header_timeout: float = DEFAULT_HEADER_TIMEOUT
    #: Addresses whose X-Forwarded-For/-Proto are believed ("*": any; None: nobody's).
    forwarded_allow_ips: str | None = None
    sync_writes: bool = DEFAULT_SYNC_WRITES
    coalesce_timeout: float = DEFAULT_COALESCE_TIMEOUT
    cache_embeddings: bool = DEFAULT_CACHE_EMBEDDINGS
    judge_model: str | None = None
    judge_url: str | None = None
    judge_key: str | None = field(default=None, repr=False)
    judge_mode: str | None = None
    max_error_rate: float | None = None
    judge_rate: float | None = None
    judge_deadline: float = DEFAULT_JUDGE_DEADLINE
    judge_error: float = 0.0
    context: str | None = None
    onnx_variant: str | None = None
    onnx_threads: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "upstream", _check_upstream(self.upstream))
        _check_int(self.port, "port", 0, 65535)
        _check_int(self.max_body_bytes, "max_body_bytes", 1, None)
        _check_positive(self.upstream_timeout, "upstream_timeout")
        _check_positive(self.default_price, "default_price", zero=True)
        for prefix, price in self.prices.items():
            _check_positive(price, f"prices[{prefix!r}]", zero=True)
        if self.log_level not in _LOG_LEVELS:
            raise ConfigError(f"log_level must be one of {_LOG_LEVELS}; got {self.log_level!r}")
        if self.threshold is not None and not 0.0 <= self.threshold <= 1.0:
            raise ConfigError(f"threshold must be between 0 and 1; got {self.threshold!r}")
        for name in ("max_entries", "max_bytes"):
            if getattr(self, name) is not None:
                _check_int(getattr(self, name), name, 1, None)
        if self.policy is not None and self.policy not in POLICIES:
            raise ConfigError(f"policy must be one of {sorted(POLICIES)}; got {self.policy!r}")
        if self.ttl is not None:
            _check_positive(self.ttl, "ttl")
        if self.shared_namespace is not None and not self.shared_namespace.strip():
            raise ConfigError("shared_namespace must not be empty; leave it unset for per-key")
        if self.shared_namespace is not None and len(self.shared_namespace) > MAX_NAMESPACE:
            raise ConfigError(
                f"shared_namespace must be at most {MAX_NAMESPACE} characters; "
                f"got {len(self.shared_namespace)}"
            )
        if self.anonymous not in ANONYMOUS_MODES:
            raise ConfigError(f"anonymous must be one of {ANONYMOUS_MODES}; got {self.anonymous!r}")
        self._check_limits()
        self._check_judge()
        if self.context is not None and self.context not in CONTEXT_MODES:
            raise ConfigError(
                f"context must be one of {', '.join(CONTEXT_MODES)} (how a conversation's "
                f"earlier turns must match); got {self.context!r}"
            )
        if self.forwarded_allow_ips is not None:
            _check_forwarded(self.forwarded_allow_ips)
        if self.admin_token is not None and len(self.admin_token) < 8:
            raise ConfigError("admin_token must be at least 8 characters; use a random token")
        if self.ui_token is not None and len(self.ui_token) < 8:
            raise ConfigError("ui_token must be at least 8 characters; use a random token")
        if self.ui_token is not None and self.ui_token == self.admin_token:
            raise ConfigError("ui_token must differ from admin_token; it is the read-only one")

    def _check_judge(self) -> None:
        if self.judge_model is not None and not self.judge_model.strip():
            raise ConfigError("judge_model must name a model, e.g. --judge-model gpt-4o-mini")
        if self.judge_mode is not None and self.judge_mode not in JUDGE_MODES:
            raise ConfigError(
                f"judge_mode must be one of {', '.join(JUDGE_MODES)}; got {self.judge_mode!r}"
            )
        if self.judge_model is None:
            for name in ("judge_url", "judge_key", "max_error_rate", "judge_rate"):
                if getattr(self, name) is not None:
                    raise ConfigError(f"{name} needs a judge: also give --judge-model MODEL")
            if self.judge_mode not in (None, "off"):
                raise ConfigError(
                    f"judge_mode {self.judge_mode!r} needs a judge: also give --judge-model MODEL"
                )
        if self.judge_url is not None:
            object.__setattr__(self, "judge_url", _check_url(self.judge_url, "judge_url"))
        if self.max_error_rate is not None:
            rate = self.max_error_rate
            if not (isinstance(rate, int | float) and not isinstance(rate, bool) and 0 < rate < 1):
                raise ConfigError(
                    f"max_error_rate must be a fraction between 0 and 1 (excluded), "
                    f"e.g. 0.02 for 2%; got {rate!r}"
                )
        if self.judge_rate is not None:
            _check_positive(self.judge_rate, "judge_rate")
        _check_positive(self.judge_deadline, "judge_deadline")
        error = self.judge_error
        if isinstance(error, bool) or not isinstance(error, int | float) or not 0 <= error < 0.5:
            raise ConfigError(
                "judge_error is the judge's own error rate, a fraction 0 <= x < 0.5 "
                f"(e.g. --judge-error 0.02, measured on labelled pairs); got {error!r}"
            )
        if error and self.max_error_rate is None:
            raise ConfigError(
                f"judge_error {error!r} only applies to learned thresholds: also give "
                "--max-error-rate (e.g. 0.02), or leave --judge-error out"
            )
        if self.judge_key is not None and not self.judge_key.strip():
            raise ConfigError("judge_key must not be empty; leave it unset for a keyless judge")

    @property
    def judge_base_url(self) -> str:
        """Where the judge's ``/chat/completions`` is: ``judge_url``, else the upstream."""
        return self.judge_url if self.judge_url is not None else self.upstream

    def _check_limits(self) -> None:
        for name in ("keep_alive", "body_timeout", "header_timeout"):
            _check_positive(getattr(self, name), name)
        _check_int(self.max_header_bytes, "max_header_bytes", 1024, None)
        _check_positive(self.coalesce_timeout, "coalesce_timeout", zero=True)
        if self.limit_concurrency is not None:
            _check_int(self.limit_concurrency, "limit_concurrency", 1, None)

    def __repr__(self) -> str:
        shown = [
            f"{f.name}={getattr(self, f.name)!r}"
            for f in dataclasses.fields(self)
            if f.repr and f.name not in ("prices",)
        ]
        masked = [
            f"{name}={'None' if getattr(self, name) is None else repr('***')}"
            for name in ("admin_token", "ui_token", "judge_key")
        ]
        return f"Settings({', '.join(shown + masked)})"

    def price_per_million(self, model: str) -> float:
        """Estimated USD per million tokens of ``model`` (longest matching prefix)."""
        matches = [p for p in self.prices if model.startswith(p)]
        return self.prices[max(matches, key=len)] if matches else self.default_price


def _check_upstream(url: object) -> str:
    if not isinstance(url, str) or not url:
        raise ConfigError("upstream is required: --upstream https://api.openai.com/v1")
    return _check_url(url, "upstream")


def _check_url(url: object, name: str) -> str:
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"{name} must be an http:// or https:// URL such as https://api.openai.com/v1; "
            f"got {url!r}"
        )
    path = parts.path.rstrip("/") or "/v1"
    return parts._replace(path=path, query="", fragment="").geturl()


def _check_forwarded(value: str) -> None:
    """``forwarded_allow_ips``: "*", or addresses and networks separated by commas."""
    items = [item.strip() for item in value.split(",")]
    for item in items:
        if item == "*":
            continue
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ConfigError(
                f"forwarded_allow_ips must be '*' or IP addresses / networks separated by "
                f"commas (e.g. 127.0.0.1,10.0.0.0/8); {item!r} in {value!r} is none; leave "
                f"it unset to trust no forwarded header"
            ) from None


def _check_int(value: object, name: str, low: int, high: int | None) -> None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= low
    if not ok or (high is not None and value > high):  # type: ignore[operator]
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ConfigError(f"{name} must be a whole number {bound}; got {value!r}")


def _check_positive(value: object, name: str, *, zero: bool = False) -> None:
    number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    if number is None or math.isnan(number) or number < 0 or (number == 0 and not zero):
        kind = "non-negative" if zero else "positive"
        raise ConfigError(f"{name} must be a {kind} number; got {value!r}")


# -- sources ------------------------------------------------------------------


def _flag(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"expected true or false, got {text!r}")


def _optional_float(text: str) -> float | None:
    return None if text.strip().lower() in ("", "none") else float(text)


def _optional_int(text: str) -> int | None:
    return None if text.strip().lower() in ("", "none") else int(text)


def parse_size(text: str) -> int:
    """Bytes from ``"1048576"``, ``"512MiB"``, ``"1GB"``, ``"1.5 GiB"`` (kB = 1000 bytes,
    KiB = 1024); ValueError naming the accepted units otherwise."""
    match = _SIZE.fullmatch(text)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in (*_SIZE_UNITS, ""):
        raise ValueError(
            f"expected a size such as 1048576, 512MiB or 1GB (units: B, kB, MB, GB, TB, "
            f"KiB, MiB, GiB, TiB); got {text!r}"
        )
    number = float(match.group(1)) * _SIZE_UNITS.get(unit, 1)
    if not number.is_integer() and unit in ("", "b"):
        raise ValueError(f"a size in bytes is a whole number; got {text!r}")
    return int(number)


def _optional_size(text: str) -> int | None:
    return None if text.strip().lower() in ("", "none") else parse_size(text)


#: setting name -> how to read it from an environment variable's text.
_PARSERS: Final[dict[str, Callable[[str], Any]]] = {
    "upstream": str,
    "host": str,
    "port": int,
    "data_dir": Path,
    "store": str,
    "threshold": float,
    "policy": str,
    "max_entries": _optional_int,
    "max_bytes": _optional_size,
    "ttl": _optional_float,
    "shared_namespace": str,
    "admin_token": str,
    "ui_token": str,
    "max_body_bytes": parse_size,
    "cache_length": _flag,
    "upstream_timeout": float,
    "log_level": str,
    "default_price": float,
    "anonymous": str,
    "keep_alive": float,
    "max_header_bytes": parse_size,
    "limit_concurrency": _optional_int,
    "body_timeout": float,
    "header_timeout": float,
    "forwarded_allow_ips": str,
    "sync_writes": _flag,
    "coalesce_timeout": float,
    "cache_embeddings": _flag,
    "judge_model": str,
    "judge_url": str,
    "judge_key": str,
    "judge_mode": str,
    "max_error_rate": _optional_float,
    "judge_rate": _optional_float,
    "judge_deadline": float,
    "judge_error": float,
    "context": str,
    "onnx_variant": str,
    "onnx_threads": int,
}


#: Settings that are sizes in bytes: given as numbers or with units ("1GB", "512MiB").
_SIZES: Final = ("max_bytes", "max_body_bytes", "max_header_bytes")


def from_environ(environ: Mapping[str, str]) -> dict[str, Any]:
    """Settings given as ``SEMCACHE_<NAME>`` environment variables."""
    found: dict[str, Any] = {}
    for name, parse in _PARSERS.items():
        text = environ.get(f"SEMCACHE_{name.upper()}")
        if text is None:
            continue
        try:
            found[name] = parse(text)
        except ValueError as exc:
            raise ConfigError(f"SEMCACHE_{name.upper()}={text!r} is invalid: {exc}") from exc
    return found


def _tomllib() -> Any:
    for name in ("tomllib", "tomli"):  # tomli: the same parser on Python 3.10
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ConfigError("--config needs Python 3.11+ or `pip install tomli`")


def from_toml(path: Path) -> dict[str, Any]:
    """Settings from a TOML file: top-level keys named like the settings
    (dashes or underscores), and an optional ``[prices]`` table."""
    tomllib = _tomllib()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {str(path)!r}: {exc}") from exc
    found = {key.replace("-", "_"): value for key, value in data.items()}
    known = {f.name for f in dataclasses.fields(Settings)}
    unknown = sorted(set(found) - known)
    if unknown:
        raise ConfigError(f"unknown setting(s) {unknown} in {str(path)!r}; known: {sorted(known)}")
    if "data_dir" in found:
        found["data_dir"] = Path(found["data_dir"])
    for name in _SIZES:
        if isinstance(found.get(name), str):  # max_bytes = "1GB"
            try:
                found[name] = parse_size(found[name])
            except ValueError as exc:
                raise ConfigError(f"{name} in {str(path)!r}: {exc}") from exc
    return found


def load_settings(
    flags: Mapping[str, Any], environ: Mapping[str, str], config: Path | None = None
) -> Settings:
    """Merge the sources (flags > environment > config file > defaults) into Settings.

    ``flags`` maps setting names to values given on the command line (None: not given).
    """
    if config is None and environ.get("SEMCACHE_CONFIG"):
        config = Path(environ["SEMCACHE_CONFIG"])
    merged: dict[str, Any] = from_toml(config) if config is not None else {}
    merged.update(from_environ(environ))
    merged.update({k: v for k, v in flags.items() if v is not None})
    if "upstream" not in merged:
        raise ConfigError(
            "upstream is required: pass --upstream URL, set SEMCACHE_UPSTREAM, "
            'or put upstream = "..." in the config file'
        )
    try:
        return Settings(**merged)
    except TypeError as exc:  # a wrongly typed value from the TOML file
        raise ConfigError(f"invalid settings: {exc}") from exc
