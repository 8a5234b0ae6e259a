"""The one exception tree of semcache.

Every error semcache raises on purpose is a :class:`SemcacheError`. Errors of the
backends (hnswlib, sqlite3, onnxruntime, httpx, pymilvus) are translated where they
enter semcache, with ``raise ... from exc`` so the original stays visible.

Misconfiguration raises; a fault inside a lookup does not (the cache fails open and
the lookup becomes a miss), see :class:`semcache.SemanticCache`.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "EmbeddingError",
    "InvalidRequestError",
    "SchemaMismatchError",
    "SemcacheError",
    "StoreError",
    "StoreLockedError",
]


class SemcacheError(Exception):
    """Base class of every error semcache raises on purpose."""


class ConfigError(SemcacheError, ValueError):
    """A setting is invalid: the message names the value and the fix."""


class InvalidRequestError(SemcacheError, ValueError):
    """An argument of a call (prompt, response, request body) is invalid."""


class EmbeddingError(SemcacheError):
    """The embedding model could not be loaded or run."""


class StoreError(SemcacheError):
    """The store (index or payload database) failed."""


class StoreLockedError(StoreError):
    """Another process owns the data directory."""


class SchemaMismatchError(StoreError):
    """A store was written by an incompatible version or with another embedder."""
