"""add_nowait: a put for a writer that must not wait (an event loop), and the log's
checkpoints, which such a put leaves to a thread of the store."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from semcache._records import Entry, dump_response
from semcache.store.local import LocalStore

DIM = 16
Vectors = Callable[[int], np.ndarray]
MakeEntry = Callable[..., Entry]


def open_store(path: Path | None, **settings: Any) -> LocalStore:
    return LocalStore(path, dim=DIM, model="test-model", **settings)


def add_nowait(store: LocalStore, entry: Entry, vector: np.ndarray, key: str) -> bool:
    payload = dump_response(entry.response)
    return store.add_nowait(entry, vector, exact_key=key, priority=0.0, payload=payload)


def test_a_free_store_adds_at_once(tmp_path: Path, entry: MakeEntry, vectors: Vectors) -> None:
    """add_nowait on a free store stores the entry as add does."""
    (v,) = vectors(1)
    with open_store(tmp_path) as store:
        assert add_nowait(store, entry("a"), v, "k-a")
        found = store.find_exact("k-a")
        assert found is not None and found.id == "a"


def test_a_held_store_adds_nothing(tmp_path: Path, entry: MakeEntry, vectors: Vectors) -> None:
    """While another thread holds the store, add_nowait returns False and stores nothing."""
    (v,) = vectors(1)
    with open_store(tmp_path) as store:
        held, release = threading.Event(), threading.Event()

        def hold() -> None:
            with store._lock:
                held.set()
                release.wait(10)

        holder = threading.Thread(target=hold)
        holder.start()
        assert held.wait(10)
        try:
            assert not add_nowait(store, entry("a"), v, "k-a")
        finally:
            release.set()
            holder.join()
        assert store.find_exact("k-a") is None


def test_a_put_that_would_build_a_graph_is_refused(
    tmp_path: Path, entry: MakeEntry, vectors: Vectors
) -> None:
    """The put that would promote a flat bucket to a graph (a build) is left to add."""
    vs = vectors(4)
    with open_store(tmp_path, flat_limit=4) as store:
        for i in range(3):
            assert add_nowait(store, entry(f"e{i}"), vs[i], f"k{i}")
        assert not add_nowait(store, entry("e3"), vs[3], "k3")
        assert store.find_exact("k3") is None


def test_a_due_checkpoint_is_left_to_the_next_add(
    tmp_path: Path, entry: MakeEntry, vectors: Vectors
) -> None:
    """A log due a checkpoint every second commit: two nowait puts run none, the third
    is refused while it is due; add runs it, and nowait puts go on."""
    vs = vectors(6)
    with open_store(tmp_path) as store:
        store.limit_log(64 * 1024)  # 16 pages: two commits
        done = [add_nowait(store, entry(f"e{i}"), vs[i], f"k{i}") for i in range(3)]
        assert done == [True, True, False]
        payload = dump_response(None)
        store.add(entry("e2"), vs[2], exact_key="k2", priority=0.0, payload=payload)
        assert add_nowait(store, entry("e3"), vs[3], "k3")
    with open_store(tmp_path) as store:
        assert all(store.find_exact(f"k{i}") is not None for i in range(4))


def test_the_log_stays_short_under_a_stream_of_nowait_puts(
    tmp_path: Path, entry: MakeEntry, vectors: Vectors
) -> None:
    """500 back-to-back puts, each tried with add_nowait first and made with add when
    refused (as the proxy does), 64 KiB log limit: the log file stays near its limit
    (500 commits without a checkpoint take 16 MB), and half the puts were nowait."""
    vs = vectors(500)
    nowait = 0
    with open_store(tmp_path, flat_limit=1000) as store:
        store.limit_log(64 * 1024)
        for i in range(500):
            if add_nowait(store, entry(f"e{i}"), vs[i], f"k{i}"):
                nowait += 1
            else:
                payload = dump_response(entry(f"e{i}").response)
                store.add(entry(f"e{i}"), vs[i], exact_key=f"k{i}", priority=0.0, payload=payload)
        size = (tmp_path / "entries.sqlite3-wal").stat().st_size
        assert store.usage()[0] == 500
    assert size < 256 * 1024 and nowait >= 250, (size, nowait)
