"""Helpers shared by the tests of the local store's background work (compaction
and saving): a small store, filling it, and checking its answers exactly."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from semcache._records import Entry
from semcache.store.local import LocalStore, bucket_id
from semcache.testing import BruteForceIndex

DIM = 16
BUCKET = bucket_id("ns", "")
Vectors = Callable[[int], np.ndarray]
PATIENCE = 60.0  # seconds before a stuck test fails instead of hanging


def open_store(path: Path | None) -> LocalStore:
    return LocalStore(path, dim=DIM, model="test-model", flat_limit=32)


def fill(
    store: LocalStore, vs: np.ndarray, *, start: int = 0, namespace: str = "ns", scope: str = ""
) -> list[str]:
    """add_many one entry per vector, ids (and keys) e<start>, e<start+1>, ...;
    returns the ids."""
    ids = [f"e{start + i}" for i in range(len(vs))]
    entries = [
        Entry(
            id=i,
            namespace=namespace,
            scope=scope,
            prompt=f"p {i}",
            response=i,
            created_at=1.0,
            accessed_at=1.0,
            size=10,
        )
        for i in ids
    ]
    store.add_many(entries, vs, [f"key-{i}" for i in ids], [0.0] * len(ids))
    return ids


def nearest(store: LocalStore, v: np.ndarray, k: int = 1, namespace: str = "ns") -> list[str]:
    return [e.id for e, _ in store.search(v, namespace=namespace, scope="", k=k)]


def assert_exact(store: LocalStore, live: dict[int, np.ndarray], queries: list[np.ndarray]) -> None:
    """Each query's 5 nearest entries are the exact 5 nearest live vectors."""
    truth = BruteForceIndex(DIM)
    truth.add(list(live), np.stack(list(live.values())))
    for q in queries:
        expected, _ = truth.knn(q, 5)
        assert nearest(store, q, k=5) == [f"e{i}" for i in expected.tolist()]


def in_time(call: Callable[[], Any]) -> Any:
    """``call()`` on another thread, failing (not hanging) if it waits on the save."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()
    thread.join(PATIENCE)
    assert result, "the call waited for the save in flight"
    return result[0]


class Held(Protocol):
    release: threading.Event


def finish(store: LocalStore, held: Held) -> None:
    """Let the held background job go on, and wait until the worker is idle."""
    held.release.set()
    store._compactor.wait()
