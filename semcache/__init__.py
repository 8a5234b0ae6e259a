"""semcache: a semantic cache for LLM responses.

from semcache import SemanticCache
with SemanticCache("./cache-dir") as cache:
    cache.put("What is the capital of France?", "Paris")
    hit = cache.get("what's France's capital city?")
"""

from __future__ import annotations

from ._cache import SemanticCache
from ._config import DEFAULT_THRESHOLD
from ._errors import (
    ConfigError,
    EmbeddingError,
    InvalidRequestError,
    SchemaMismatchError,
    SemcacheError,
    StoreError,
    StoreLockedError,
)
from ._records import Entry, Hit, Key
from .adapters.decorator import cached

__all__ = [
    "DEFAULT_THRESHOLD",
    "ConfigError",
    "EmbeddingError",
    "Entry",
    "Hit",
    "InvalidRequestError",
    "Key",
    "SchemaMismatchError",
    "SemanticCache",
    "SemcacheError",
    "StoreError",
    "StoreLockedError",
    "cached",
]

__version__ = "0.2.0"
