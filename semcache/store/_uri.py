"""Store URIs: which backend a ``store=`` string selects."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from .._errors import ConfigError
from .base import Store

__all__ = ["open_store"]

_MILVUS_SCHEMES = ("milvus", "milvus+http", "milvus+https")


def open_store(uri: str | None, path: str | Path | None, *, dim: int, model: str) -> Store:
    """Open the store a URI names.

    ``None``, ``""`` or ``local`` → the local store at ``path`` (None: in memory);
    ``milvus:///path/file.db`` → Milvus Lite; ``milvus://host:19530`` or
    ``milvus+https://host`` → a Milvus server (see semcache.store.milvus).
    """
    if not uri or uri == "local":
        from .local import LocalStore

        return LocalStore(path, dim=dim, model=model)
    scheme = urlsplit(uri).scheme
    if scheme in _MILVUS_SCHEMES:
        from .milvus import MilvusStore

        return MilvusStore.from_uri(uri, dim=dim, model=model)
    raise ConfigError(
        f"unknown store URI {uri!r}; use 'local' (default), 'milvus:///path/file.db' "
        "or 'milvus://host:19530'"
    )
