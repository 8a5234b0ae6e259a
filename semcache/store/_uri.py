"""Store URIs: which backend a ``store=`` string selects."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from .._errors import ConfigError, InvalidRequestError
from .base import Backend

__all__ = ["open_store"]


def open_store(
    store: str | Backend | None, path: str | Path | None, *, dim: int, model: str
) -> Backend:
    """The store a SemanticCache uses: ``store`` itself if it is a Backend object,
    else the store its URI names at ``path``.

    ``None``, ``""`` or ``local`` → the local store at ``path`` (None: in memory);
    ``milvus:///path/file.db`` → Milvus Lite; ``milvus://host:19530`` or
    ``milvus+https://host`` → a Milvus server (see semcache.store.milvus).
    """
    if store is None or isinstance(store, str):
        return _open_uri(store, path, dim=dim, model=model)
    if path is not None:
        raise InvalidRequestError("give either a path or a Store object, not both")
    return store


def _open_uri(uri: str | None, path: str | Path | None, *, dim: int, model: str) -> Backend:
    if not uri or uri == "local":
        from .local import LocalStore

        return LocalStore(path, dim=dim, model=model)
    # The Milvus package owns its schemes; importing it loads no pymilvus yet.
    from .milvus import SCHEMES, MilvusStore

    if urlsplit(uri).scheme in SCHEMES:
        return MilvusStore.from_uri(uri, dim=dim, model=model)
    raise ConfigError(
        f"unknown store URI {uri!r}; use 'local' (default), 'milvus:///path/file.db' "
        "or 'milvus://host:19530'"
    )
