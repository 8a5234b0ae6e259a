"""Compaction of big graphs in the background, off the store lock.

``background`` makes every graph "big" (BACKGROUND_MIN = 0), and ``HeldBuild``
replaces the worker's build with one that waits for the test: what the store does
while a build is in flight is then exercised on small data, without timing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _graph_support import (
    BUCKET,
    DIM,
    PATIENCE,
    Vectors,
    assert_exact,
    fill,
    finish,
    in_time,
    nearest,
    open_store,
)

from semcache._records import Entry, dump_response
from semcache.store.local import LocalStore, _compaction
from semcache.store.local._kinds import Bucket, HnswBucket, fresh_bucket
from semcache.store.local._sqlite import Snapshot


class HeldBuild:
    """Stands in for the worker's build: waits until released or told to stop
    (by ``close``, or by the bucket being dropped), then builds for real."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started, self.release = threading.Event(), threading.Event()
        self.stopped = False
        self.fail: Exception | None = None
        self.calls = 0
        self.built: list[Bucket] = []
        monkeypatch.setattr(_compaction, "fresh_bucket", self)

    def __call__(self, *args: Any, stop: Callable[[], bool]) -> Bucket:
        self.calls += 1
        self.started.set()
        self._wait(stop)
        if self.fail is not None:
            raise self.fail
        built = fresh_bucket(*args, stop=stop)
        self.built.append(built)
        return built

    def _wait(self, stop: Callable[[], bool]) -> None:
        deadline = time.monotonic() + PATIENCE
        while not self.release.wait(0.005):
            if stop():
                self.stopped = True
                return
            assert time.monotonic() < deadline, "the test never released the build"


@pytest.fixture
def background(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every graph counts as big: compactions run on the worker thread."""
    monkeypatch.setattr(_compaction, "BACKGROUND_MIN", 0)


@pytest.fixture
def where(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch, background: None) -> Iterator[HeldBuild]:
    """A build that waits for ``release``; released at the end in any case."""
    build = HeldBuild(monkeypatch)
    yield build
    build.release.set()


def assert_all_found(store: LocalStore, vs: np.ndarray, ids: list[str]) -> None:
    assert [nearest(store, v)[0] for v in vs] == ids


def start_compaction(store: LocalStore, vs: np.ndarray, held: HeldBuild) -> list[str]:
    """Fill a 200-entry graph, delete 60 (over a quarter): a build starts."""
    ids = fill(store, vs[:200])
    store.delete(ids[:60])
    assert held.started.wait(PATIENCE)
    return ids


def compaction_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "semcache-compaction"]


# -- while a build is in flight ----------------------------------------------------


def test_store_serves_during_a_build(held: HeldBuild, vectors: Vectors) -> None:
    """Searches, gets and puts complete while a compaction build is in flight."""
    vs = vectors(210)
    with open_store(None) as store:
        start_compaction(store, vs, held)
        assert nearest(store, vs[100]) == ["e100"]
        assert store.get("e150") is not None
        fill(store, vs[200:], start=200)
        assert nearest(store, vs[205]) == ["e205"]
        assert held.built == []  # all of the above ran beside the build
        finish(store, held)
        assert store._buckets.get(BUCKET) is held.built[0]


@pytest.mark.parametrize("catch_up_min", [0, 1000], ids=["caught-up-off-lock", "at-swap"])
def test_changes_during_a_build_are_replayed(
    held: HeldBuild,
    vectors: Vectors,
    where: Path,
    monkeypatch: pytest.MonkeyPatch,
    catch_up_min: int,
) -> None:
    """Adds and deletes made during a build are in the new graph, which then answers
    exactly as a brute-force search over the live entries, also after reopening."""
    monkeypatch.setattr(_compaction, "_CATCH_UP_MIN", catch_up_min)
    vs, queries = vectors(261), vectors(20)
    with open_store(where) as store:
        ids = start_compaction(store, vs, held)
        new = fill(store, vs[200:260], start=200)
        store.delete(ids[60:80] + new[:10])
        fill(store, vs[260:], start=100)  # e100 again (same key): a delete and an add
        finish(store, held)
        graph = store._buckets.get(BUCKET)
        assert graph is held.built[0] and isinstance(graph, HnswBucket)
        # built from 140, plus 51 added; the 10 added and deleted again were skipped
        assert (graph.index.element_count, graph.deleted) == (191, 21)
        live = {int(i[1:]): vs[int(i[1:])] for i in ids[80:] + new[10:]} | {100: vs[260]}
        assert_exact(store, live, [*queries, *live.values()])
    with open_store(where) as store:
        assert_exact(store, live, [*queries, *live.values()])


def test_open_compacts_a_big_graph_in_the_background(
    held: HeldBuild, vectors: Vectors, where: Path
) -> None:
    """A saved graph with too many deleted slots is compacted after the open, on the
    worker: the store opens and answers while that build is still held."""
    vs = vectors(200)
    with open_store(where) as store:
        start_compaction(store, vs, held)  # closed mid-build: saved with 60 deleted
    held.started.clear()
    with open_store(where) as store:
        assert held.started.wait(PATIENCE)
        assert nearest(store, vs[150]) == ["e150"]
        assert held.built == []  # the open did not wait for the build
        finish(store, held)
        graph = store._buckets.get(BUCKET)
        assert graph is held.built[0] and isinstance(graph, HnswBucket)
        assert graph.deleted == 0
        assert_all_found(store, vs[60:], [f"e{i}" for i in range(60, 200)])


def test_reused_caller_buffer_during_a_build(held: HeldBuild, vectors: Vectors) -> None:
    """A vector array the caller overwrites after add() is replayed as it was added."""
    vs = vectors(202)
    with open_store(None) as store:
        start_compaction(store, vs, held)
        buffer = vs[200].copy()
        entry = Entry(
            id="mine",
            namespace="ns",
            scope="",
            prompt="p",
            response=1,
            created_at=1.0,
            accessed_at=1.0,
        )
        payload = dump_response(entry.response)
        store.add(entry, buffer, exact_key="mine", priority=0.0, payload=payload)
        buffer[:] = vs[201]
        finish(store, held)
        assert store._buckets.get(BUCKET) is held.built[0]
        assert nearest(store, vs[200]) == ["mine"]


# -- close, failures, drops ----------------------------------------------------------


def test_close_during_a_build_loses_nothing(
    monkeypatch: pytest.MonkeyPatch,
    background: None,
    vectors: Vectors,
    where: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """close() stops a build in flight, leaves no thread behind, and the store
    reopens with every entry, including those changed during the build."""
    held = HeldBuild(monkeypatch)
    vs = vectors(240)
    store = open_store(where)
    ids = start_compaction(store, vs, held)
    new = fill(store, vs[200:], start=200)
    store.delete(ids[60:70])
    with caplog.at_level(logging.WARNING, "semcache.store"):
        store.close()
    assert held.stopped and held.built == []
    assert compaction_threads() == []
    assert caplog.text == ""  # a stopped build is not a failure
    with open_store(where) as store:
        assert store.usage() == (170, 1700)
        assert_all_found(store, vs[70:], ids[70:] + new)
        assert {e for v in vs[:70] for e in nearest(store, v, k=5)}.isdisjoint(ids[:70])


def test_failed_build_keeps_the_old_graph(
    held: HeldBuild,
    vectors: Vectors,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A build that raises is logged, the old graph keeps answering, and the
    bucket is tried again only after RETRY_SECONDS."""
    held.fail = RuntimeError("no memory for the graph")
    vs = vectors(200)
    with caplog.at_level(logging.WARNING, "semcache.store"), open_store(None) as store:
        ids = fill(store, vs)
        old = store._buckets.get(BUCKET)
        store.delete(ids[:60])
        finish(store, held)
        assert "no memory for the graph" in caplog.text
        assert store._buckets.get(BUCKET) is old
        assert_all_found(store, vs[60:], ids[60:])
        store.delete(ids[60:65])
        store._compactor.wait()
        assert held.calls == 1
        monkeypatch.setattr(_compaction, "RETRY_SECONDS", 0.0)
        held.fail = None
        store.delete(ids[65:70])
        store._compactor.wait()
        assert held.calls == 2 and store._buckets.get(BUCKET) is held.built[0]
        assert_all_found(store, vs[70:], ids[70:])


DROPS: dict[str, Callable[[LocalStore, list[str]], object]] = {
    "clear": lambda store, ids: store.clear(),
    "clear-namespace": lambda store, ids: store.clear("ns"),
    "delete-all": lambda store, ids: store.delete(ids),
}


@pytest.mark.parametrize("drop", list(DROPS))
def test_dropped_bucket_is_not_brought_back(held: HeldBuild, vectors: Vectors, drop: str) -> None:
    """Emptying a bucket during its build wins: the build is abandoned, and the
    bucket refilled meanwhile (and promoted to a new graph) stays as it is."""
    vs = vectors(240)
    with open_store(None) as store:
        ids = start_compaction(store, vs, held)
        DROPS[drop](store, ids)
        new = fill(store, vs[200:], start=200)
        promoted = store._buckets.get(BUCKET)
        assert isinstance(promoted, HnswBucket)
        finish(store, held)
        assert held.built == []
        assert store._buckets.get(BUCKET) is promoted
        assert store.usage() == (40, 400)
        assert_all_found(store, vs[200:], new)
        assert {e for v in vs[:200] for e in nearest(store, v, k=5)} <= set(new)


# -- small graphs -------------------------------------------------------------------


def test_small_graphs_are_compacted_at_once(vectors: Vectors) -> None:
    """Below BACKGROUND_MIN entries, a graph is rebuilt within the delete, no thread."""
    vs = vectors(200)
    with open_store(None) as store:
        ids = fill(store, vs)
        old = store._buckets.get(BUCKET)
        store.delete(ids[:60])
        graph = store._buckets.get(BUCKET)
        assert graph is not old and isinstance(graph, HnswBucket) and graph.deleted == 0
        assert store._compactor._thread is None
        assert_all_found(store, vs[60:], ids[60:])


def test_shrunk_graph_becomes_flat_in_the_background(held: HeldBuild, vectors: Vectors) -> None:
    """A background rebuild follows the same rule: a small result is a flat bucket."""
    vs = vectors(100)
    with open_store(None) as store:
        ids = fill(store, vs)
        store.delete(ids[:90])
        finish(store, held)
        assert store._buckets.get(BUCKET) is held.built[0]
        assert held.built[0].kind == "flat"
        assert_all_found(store, vs[90:], ids[90:])


# -- reading the bucket off the lock ---------------------------------------------------


def test_bucket_is_read_from_a_snapshot_off_the_lock(
    background: None, monkeypatch: pytest.MonkeyPatch, vectors: Vectors, where: Path
) -> None:
    """The worker reads the bucket's vectors without the store lock, from a SQLite
    snapshot taken when its journal started: searches and writes go on meanwhile,
    and the new graph holds exactly the live entries."""
    started, release = threading.Event(), threading.Event()
    real = Snapshot.bucket

    def slow_read(snapshot: Snapshot, *args: Any) -> Any:
        started.set()
        assert release.wait(PATIENCE)
        return real(snapshot, *args)

    monkeypatch.setattr(Snapshot, "bucket", slow_read)
    vs, queries = vectors(220), vectors(10)
    with open_store(where) as store:
        ids = fill(store, vs[:200])
        store.delete(ids[:60])
        assert started.wait(PATIENCE)
        new = in_time(lambda: fill(store, vs[200:], start=200))
        in_time(lambda: store.delete(ids[60:70] + new[:5]))
        live = {int(i[1:]): vs[int(i[1:])] for i in ids[70:] + new[5:]}
        in_time(lambda: assert_exact(store, live, [*queries, *live.values()]))
        release.set()
        store._compactor.wait()
        graph = store._buckets.get(BUCKET)
        # built from the 140 read, plus 15 added; the 10 deleted since are marked deleted
        assert isinstance(graph, HnswBucket) and (len(graph), graph.deleted) == (145, 10)
        assert_exact(store, live, [*queries, *live.values()])


def test_snapshot_keeps_its_view_while_the_store_writes(vectors: Vectors, where: Path) -> None:
    vs = vectors(40)
    with open_store(where) as store:
        ids = fill(store, vs[:30])
        snapshot = store._check_open().snapshot()
        assert snapshot is not None
        fill(store, vs[30:], start=30)
        store.delete(ids[:5])
        labels, vectors_then = snapshot.bucket(BUCKET, DIM)
        assert len(labels) == 30 and np.allclose(vectors_then, vs[:30])
    assert LocalStore(None, dim=DIM, model="m")._check_open().snapshot() is None
