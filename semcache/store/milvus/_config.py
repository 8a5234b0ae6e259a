"""Settings of the Milvus store, and the store URIs that name them."""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import parse_qs, unquote, urlsplit

from ..._errors import ConfigError

__all__ = [
    "CONSISTENCY_LEVELS",
    "DEFAULT_COLLECTION",
    "DEFAULT_CONSISTENCY",
    "DEFAULT_PORT",
    "DEFAULT_RETRY_AFTER",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WRITE_TIMEOUT",
    "SCHEMES",
    "MilvusConfig",
    "parse_uri",
]

#: The store URI schemes of Milvus, and the transport each one names.
SCHEMES: Final = {"milvus": "http", "milvus+http": "http", "milvus+https": "https"}

#: Collection the entries live in.
DEFAULT_COLLECTION: Final = "semcache"
#: Read consistency. Bounded: another process's write is visible within the
#: server's ``common.gracefulTime`` (5 s by default), reads never wait for it.
DEFAULT_CONSISTENCY: Final = "Bounded"
#: Port of a Milvus server when the URI names none.
DEFAULT_PORT: Final = 19530
#: Seconds a lookup (search, exact match, get) may take before it fails open.
DEFAULT_TIMEOUT: Final = 2.0
#: Seconds one write attempt may take (writes are tried 3 times).
DEFAULT_WRITE_TIMEOUT: Final = 5.0
#: Seconds calls fail fast after Milvus was found unreachable, before it is tried again.
DEFAULT_RETRY_AFTER: Final = 1.0

CONSISTENCY_LEVELS: Final = ("Strong", "Bounded", "Session", "Eventually")
_QUERY_KEYS: Final = ("collection", "consistency", "timeout", "token")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,254}")


@dataclass(frozen=True, slots=True, kw_only=True)
class MilvusConfig:
    """Where the Milvus store lives and how it talks to it.

    ``address`` is what pymilvus connects to: a Milvus Lite file (a path ending
    in ``.db``) or ``http(s)://host:port``. ``token`` is ``user:password`` or an
    API key; it never appears in ``repr`` or logs.
    """

    address: str
    token: str = dataclasses.field(default="", repr=False)
    db_name: str = ""
    collection: str = DEFAULT_COLLECTION
    consistency: str = DEFAULT_CONSISTENCY
    timeout: float = DEFAULT_TIMEOUT
    write_timeout: float = DEFAULT_WRITE_TIMEOUT
    retry_after: float = DEFAULT_RETRY_AFTER

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.collection):
            raise ConfigError(
                f"Milvus collection name must be a letter or '_' then letters, digits or '_' "
                f"(at most 255); got {self.collection!r}"
            )
        if self.consistency not in CONSISTENCY_LEVELS:
            raise ConfigError(
                f"consistency must be one of {', '.join(CONSISTENCY_LEVELS)}; "
                f"got {self.consistency!r}"
            )
        for name in ("timeout", "write_timeout", "retry_after"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0 < value < math.inf:
                raise ConfigError(f"{name} must be a positive number of seconds; got {value!r}")

    @property
    def is_lite(self) -> bool:
        """Whether this is a Milvus Lite file (run inside this process)."""
        return not self.address.startswith(("http://", "https://"))

    def __repr__(self) -> str:
        token = ", token='***'" if self.token else ""
        return (
            f"MilvusConfig(address={self.address!r}{token}, db_name={self.db_name!r}, "
            f"collection={self.collection!r}, consistency={self.consistency!r})"
        )


def parse_uri(uri: str) -> MilvusConfig:
    """The settings a store URI names.

    ``milvus:///abs/path/cache.db`` (empty host) is a Milvus Lite file;
    ``milvus://host[:port][/database]`` a server over plain gRPC,
    ``milvus+https://...`` one over TLS. The token comes from the user info
    (``milvus://user:password@host`` or ``milvus://TOKEN@host``) or a ``token``
    query parameter. Other query parameters: ``collection``, ``consistency``
    (Strong, Bounded, Session, Eventually) and ``timeout`` (lookup seconds).
    """
    parts = urlsplit(uri)
    if parts.scheme not in SCHEMES:
        raise ConfigError(f"not a Milvus store URI: {_masked(uri)!r}; use milvus://host:19530")
    options = _options(parts.query, uri)
    if not parts.netloc:
        return _config(_lite_path(parts.path, uri), "", "", options)
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError as exc:
        raise ConfigError(f"bad port in Milvus URI {_masked(uri)!r}: {exc}") from exc
    token = options.get("token") or _user_token(parts.username, parts.password)
    address = f"{SCHEMES[parts.scheme]}://{parts.hostname}:{port}"
    return _config(address, token, unquote(parts.path.strip("/")), options)


def _config(address: str, token: str, db_name: str, options: dict[str, str]) -> MilvusConfig:
    return MilvusConfig(
        address=address,
        token=token,
        db_name=db_name,
        collection=options.get("collection", DEFAULT_COLLECTION),
        consistency=options.get("consistency", DEFAULT_CONSISTENCY).capitalize(),
        timeout=_seconds(options.get("timeout", str(DEFAULT_TIMEOUT))),
    )


def _options(query: str, uri: str) -> dict[str, str]:
    found = parse_qs(query, keep_blank_values=True)
    unknown = sorted(set(found) - set(_QUERY_KEYS))
    if unknown:
        raise ConfigError(
            f"unknown Milvus URI parameter(s) {', '.join(unknown)} in {_masked(uri)!r}; "
            f"known: {', '.join(_QUERY_KEYS)}"
        )
    return {key: values[-1] for key, values in found.items()}


def _seconds(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ConfigError(f"timeout must be a number of seconds; got {text!r}") from None


def _lite_path(path: str, uri: str) -> str:
    if not path.endswith(".db") or not Path(unquote(path)).is_absolute():
        raise ConfigError(
            f"a Milvus Lite URI names an absolute path ending in .db, like "
            f"milvus:///var/lib/semcache/cache.db; got {_masked(uri)!r}"
        )
    return unquote(path)


def _user_token(user: str | None, password: str | None) -> str:
    user, password = unquote(user or ""), unquote(password or "")
    if user and password:
        return f"{user}:{password}"
    return user or password


def _masked(uri: str) -> str:
    """``uri`` without its user info or token, for messages and logs."""
    parts = urlsplit(uri)
    if "@" not in parts.netloc and "token" not in parse_qs(parts.query):
        return uri
    netloc = parts.netloc.rpartition("@")[2]
    query = "&".join(
        f"{key}=***" if key == "token" else f"{key}={value[-1]}"
        for key, value in parse_qs(parts.query, keep_blank_values=True).items()
    )
    return parts._replace(netloc=netloc, query=query).geturl()
