"""The Milvus store: one cache shared by many processes through Milvus.

Needs the ``semcache[milvus]`` extra (pymilvus, milvus-lite), imported only when
a store is opened. Parts: ``_store`` (MilvusStore), ``_config`` (settings and
store URIs), ``_connect`` (clients, Milvus Lite's in-process server),
``_breaker`` (the circuit breaker every call goes through), ``_schema`` (the
collection), ``_rows`` (entries as rows), ``_writes``, ``_scan`` (eviction order
and usage totals), ``_touches`` (buffered hits written in the background).
"""

from __future__ import annotations

from ._config import SCHEMES, MilvusConfig
from ._store import MilvusStore

__all__ = ["SCHEMES", "MilvusConfig", "MilvusStore"]
