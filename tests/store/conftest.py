"""Fixtures of the store tests: one ``store`` per backend, and entry factories.

The contract tests (test_contract.py) run against every backend listed in
``STORES``; a backend is added by adding its factory there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _milvus_support import milvus_lite_store

from semcache._records import Entry
from semcache.store import Backend
from semcache.store.local import LocalStore

DIM = 16
MODEL = "test-model"

StoreFactory = Callable[[Path], Backend]

STORES: dict[str, StoreFactory] = {
    "local-memory": lambda tmp: LocalStore(None, dim=DIM, model=MODEL),
    "local-disk": lambda tmp: LocalStore(tmp / "store", dim=DIM, model=MODEL),
    "milvus-lite": lambda tmp: milvus_lite_store(tmp, dim=DIM, model=MODEL),
}


@pytest.fixture(params=list(STORES))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """An empty store of each backend, closed afterwards."""
    opened = STORES[request.param](tmp_path)
    yield opened
    opened.close()


def unit(rng: np.random.Generator, n: int, dim: int = DIM) -> np.ndarray:
    """``n`` random unit vectors, float32."""
    x = rng.standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def make_entry(entry_id: str, *, namespace: str = "ns", scope: str = "", **fields: Any) -> Entry:
    """An Entry with sensible defaults for the fields a test does not care about."""
    values: dict[str, Any] = {
        "prompt": f"prompt of {entry_id}",
        "response": {"answer": entry_id},
        "created_at": 1000.0,
        "accessed_at": 1000.0,
        "size": 100,
    }
    values.update(fields)
    return Entry(id=entry_id, namespace=namespace, scope=scope, **values)


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded random generator."""
    return np.random.default_rng(1234)


@pytest.fixture
def vectors(rng: np.random.Generator) -> Callable[[int], np.ndarray]:
    """Makes ``n`` random unit vectors of the test dimension."""
    return lambda n: unit(rng, n)


@pytest.fixture
def entry() -> Callable[..., Entry]:
    """The ``make_entry`` factory."""
    return make_entry
