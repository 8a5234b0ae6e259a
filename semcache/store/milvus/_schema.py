"""The Milvus collection of the store: its schema, indexes and version marker."""

from __future__ import annotations

import json
import logging
from typing import Any, Final

from ..._errors import SchemaMismatchError
from ._rows import BODY_FIELDS, CHUNK, MAX_TEXT

__all__ = ["SCHEMA_VERSION", "ensure_collection"]

#: Version of the row layout; a collection written with another one is refused.
SCHEMA_VERSION: Final = "2"
HNSW_PARAMS: Final = {"M": 16, "efConstruction": 200}
_DIGEST = 32
_log = logging.getLogger("semcache.store")


def ensure_collection(
    client: Any, name: str, *, dim: int, model: str, consistency: str, timeout: float
) -> str:
    """Create collection ``name`` if missing, check its marker, load it.

    Returns the vector index type ("HNSW", or "AUTOINDEX" where the server
    offers no HNSW). Raises SchemaMismatchError for a collection written with
    another schema version, embedder or dimension.
    """
    if not client.has_collection(name, timeout=timeout):
        _create(client, name, dim=dim, model=model, consistency=consistency, timeout=timeout)
    check_marker(client.describe_collection(name, timeout=timeout), name, dim=dim, model=model)
    client.load_collection(name, timeout=timeout)
    found = client.describe_index(name, "vector", timeout=timeout) or {}
    return "HNSW" if found.get("index_type") == "HNSW" else "AUTOINDEX"


def marker(dim: int, model: str) -> dict[str, str]:
    """The collection properties that say what wrote it."""
    return {"semcache.schema": SCHEMA_VERSION, "semcache.model": model, "semcache.dim": str(dim)}


def check_marker(info: dict[str, Any], name: str, *, dim: int, model: str) -> None:
    """Raise SchemaMismatchError unless ``info`` describes a collection this store can use."""
    found = _found_marker(info)
    if found is None:
        raise SchemaMismatchError(
            f"Milvus collection {name!r} exists but was not created by semcache (no "
            "semcache.schema property); pick another one with ?collection=NAME in the store URI"
        )
    if found.get("semcache.schema") != SCHEMA_VERSION:
        raise SchemaMismatchError(
            f"Milvus collection {name!r} has semcache schema version "
            f"{found.get('semcache.schema')!r}; this semcache uses version {SCHEMA_VERSION!r}: "
            "use another collection (?collection=NAME) or drop this one"
        )
    wanted = marker(dim, model)
    if (found.get("semcache.model"), found.get("semcache.dim")) != (
        wanted["semcache.model"],
        wanted["semcache.dim"],
    ):
        raise SchemaMismatchError(
            f"Milvus collection {name!r} holds vectors of embedder "
            f"{found.get('semcache.model')!r} (dim {found.get('semcache.dim')}); this cache "
            f"embeds with {model!r} (dim {dim}): use that embedder, another collection "
            "(?collection=NAME), or drop the collection to start over"
        )


def _found_marker(info: dict[str, Any]) -> dict[str, str] | None:
    properties = {str(k): str(v) for k, v in (info.get("properties") or {}).items()}
    if "semcache.schema" in properties:
        return properties
    # Servers that drop unknown properties keep the description.
    description = str(info.get("description") or "")
    if description.startswith("semcache "):
        try:
            found = json.loads(description.removeprefix("semcache "))
        except ValueError:
            return None
        return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else None
    return None


def _create(
    client: Any, name: str, *, dim: int, model: str, consistency: str, timeout: float
) -> None:
    schema = _schema(client, dim, model)
    try:
        client.create_collection(
            name,
            schema=schema,
            consistency_level=consistency,
            properties=marker(dim, model),
            timeout=timeout,
        )
    except Exception:
        if not client.has_collection(name, timeout=timeout):
            raise
        return  # another process created it first; its marker is checked next
    _index_vector(client, name, timeout)
    for field in _SCALAR_INDEXED:
        _index_scalar(client, name, field, timeout)


def _schema(client: Any, dim: int, model: str) -> Any:
    from pymilvus import DataType

    description = "semcache " + json.dumps(marker(dim, model), sort_keys=True)
    schema = client.create_schema(
        auto_id=False, enable_dynamic_field=False, description=description
    )
    schema.add_field("pk", DataType.VARCHAR, is_primary=True, max_length=_DIGEST)
    schema.add_field("entry_id", DataType.VARCHAR, max_length=MAX_TEXT)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    schema.add_field("tenant", DataType.VARCHAR, max_length=_DIGEST, is_partition_key=True)
    for field in ("scope_key", "exact_hash"):
        schema.add_field(field, DataType.VARCHAR, max_length=_DIGEST)
    for field in ("namespace", "scope"):
        schema.add_field(field, DataType.VARCHAR, max_length=MAX_TEXT)
    for field in BODY_FIELDS:
        schema.add_field(field, DataType.VARCHAR, max_length=CHUNK)
    for field in ("created_at", "accessed_at", "expires_at", "cost", "priority", "floor"):
        schema.add_field(field, DataType.DOUBLE)
    for field in ("hits", "size"):
        schema.add_field(field, DataType.INT64)
    return schema


# Scalar indexes make the hard filters and the eviction/expiry range queries
# cheap on a server. INVERTED serves both equality and ranges and is the one
# scalar index every Milvus (Lite included) offers; a field without one is
# still filtered, by a scan.
_SCALAR_INDEXED: Final = ("tenant", "scope_key", "exact_hash", "priority", "expires_at")


def _index_vector(client: Any, name: str, timeout: float) -> None:
    for kind, params in (("HNSW", HNSW_PARAMS), ("AUTOINDEX", {})):
        index = client.prepare_index_params()
        index.add_index(field_name="vector", index_type=kind, metric_type="IP", params=params)
        try:
            client.create_index(name, index, timeout=timeout, sync=False)
            return
        except Exception as exc:
            if kind == "AUTOINDEX":
                raise
            _log.info("semcache: Milvus offers no HNSW index (%s); using AUTOINDEX", exc)


def _index_scalar(client: Any, name: str, field: str, timeout: float) -> None:
    index = client.prepare_index_params()
    index.add_index(field_name=field, index_type="INVERTED")
    try:
        client.create_index(name, index, timeout=timeout, sync=False)
    except Exception as exc:
        _log.info("semcache: no INVERTED index on %s (%s); it is filtered by a scan", field, exc)
