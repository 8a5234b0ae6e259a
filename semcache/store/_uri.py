"""Store URIs: which backend a ``store=`` string selects."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from .._errors import ConfigError, InvalidRequestError
from .base import Store

__all__ = ["open_store", "store_for"]

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


def store_for(store: str | Store | None, path: str | Path | None, *, dim: int, model: str) -> Store:
    """The store a SemanticCache uses: ``store`` itself if it is a Store object,
    else the store its URI (None: local) names at ``path``."""
    if store is None or isinstance(store, str):
        return open_store(store, path, dim=dim, model=model)
    if path is not None:
        raise InvalidRequestError("give either a path or a Store object, not both")
    return store
