"""Milvus Lite for the store tests: one file and server per test session, a collection per store.

Starting Milvus Lite takes about a second, creating a collection a fraction of
that; so every test's store is a new collection in one shared Milvus Lite file,
whose in-process server a never-closed "anchor" store keeps running until the
session ends (milvus-lite stops it at exit).
"""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path
from typing import Any

import pytest

from semcache.store.milvus import MilvusConfig, MilvusStore

_anchors: dict[Path, MilvusStore] = {}


def require_milvus_lite() -> None:
    """Skip the calling test, saying why, when the semcache[milvus] extra is missing."""
    for module in ("pymilvus", "milvus_lite"):
        pytest.importorskip(
            module, reason=f"{module} is not installed: pip install 'semcache[milvus]'"
        )


def shared_file(tmp: Path) -> Path:
    """The session's shared Milvus Lite file, next to the test's ``tmp_path``."""
    require_milvus_lite()
    path = tmp.parent / "shared-milvus-lite.db"
    if path not in _anchors:
        anchor = MilvusConfig(address=str(path), collection="anchor")
        _anchors[path] = MilvusStore(anchor, dim=2, model="anchor")
    return path


def lite_config(tmp: Path, **changes: Any) -> MilvusConfig:
    """Settings of a new, empty collection in the session's shared Milvus Lite file."""
    config = MilvusConfig(address=str(shared_file(tmp)), collection=f"c{uuid.uuid4().hex}")
    return dataclasses.replace(config, **changes)


def milvus_lite_store(tmp: Path, *, dim: int, model: str, **options: Any) -> MilvusStore:
    """A MilvusStore on a new collection of the shared Milvus Lite file."""
    return MilvusStore(lite_config(tmp), dim=dim, model=model, **options)
