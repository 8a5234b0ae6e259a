"""Saving big graphs in the background, off the store lock.

``HeldWrite`` replaces the index file writer with one that, once armed, waits for
the test: what the store does while a graph is being written is then exercised
on small data, without timing. Every graph counts as big (BACKGROUND_MIN = 0).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
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
)

from semcache.store.local import LocalStore, _compaction
from semcache.store.local._indexfiles import IndexFiles, Written
from semcache.store.local._kinds import FlatBucket, HeldGraph, HnswBucket, HnswParams


class HeldWrite:
    """Stands in for IndexFiles.write: once ``armed``, waits until released, then
    writes for real (or raises ``fail``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.armed = False
        self.started, self.release = threading.Event(), threading.Event()
        self.fail: Exception | None = None
        self.writes = 0
        real = IndexFiles.write

        def write(files: IndexFiles, *args: Any) -> Written:
            if self.armed:
                self.started.set()
                assert self.release.wait(PATIENCE), "the test never released the write"
                if self.fail is not None:
                    raise self.fail
            self.writes += 1
            return real(files, *args)

        monkeypatch.setattr(IndexFiles, "write", write)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldWrite]:
    monkeypatch.setattr(_compaction, "BACKGROUND_MIN", 0)
    write = HeldWrite(monkeypatch)
    yield write
    write.release.set()


def open_store(path: Path) -> LocalStore:
    """Graphs from 32 entries on, saved once 8 changed (or a quarter of them)."""
    return LocalStore(path, dim=DIM, model="test-model", flat_limit=32, save_every=8)


def start_save(store: LocalStore, vs: np.ndarray, held: HeldWrite) -> list[str]:
    """Fill a 100-entry graph, saved; then change 25 more entries: a save starts
    and waits in the writer."""
    ids = fill(store, vs[:100])
    store._compactor.wait()
    held.armed = True
    store.delete(ids[:25])
    assert held.started.wait(PATIENCE)
    return ids


def test_store_serves_and_changes_during_a_save(
    held: HeldWrite, vectors: Vectors, tmp_path: Path
) -> None:
    """Searches, puts and deletes complete while the graph is written, and see
    every change at once; afterwards the graph holds them all, also after reopening."""
    vs, queries = vectors(131), vectors(20)
    with open_store(tmp_path) as store:
        ids = start_save(store, vs, held)
        assert isinstance(store._buckets.get(BUCKET), HeldGraph)
        new = in_time(lambda: fill(store, vs[100:130], start=100))
        in_time(lambda: store.delete(ids[25:35] + new[:5]))
        in_time(lambda: fill(store, vs[130:], start=50))  # e50 again (same key)
        live = {int(i[1:]): vs[int(i[1:])] for i in ids[35:] + new[5:]} | {50: vs[130]}
        in_time(lambda: assert_exact(store, live, [*queries, *live.values()]))
        finish(store, held)
        graph = store._buckets.get(BUCKET)
        assert isinstance(graph, HnswBucket) and len(graph) == len(live)
        assert_exact(store, live, [*queries, *live.values()])
    with open_store(tmp_path) as store:
        assert_exact(store, live, [*queries, *live.values()])


def test_saved_file_is_the_graph_as_held(
    held: HeldWrite, vectors: Vectors, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The file written in the background holds the graph as it was when held:
    reopened without the changes made since, it is caught up with exactly those."""
    vs = vectors(110)
    with open_store(tmp_path) as store:
        ids = start_save(store, vs, held)
        fill(store, vs[100:], start=100)
        store.delete(ids[25:28])
        finish(store, held)
        store._compactor.stop()  # no more saves: what is on disk stays as written
        store._closed = True  # skip the save on close; release the directory
        store._release()
    with caplog.at_level(logging.INFO, logger="semcache.store"), open_store(tmp_path) as store:
        assert [nearest(store, v) for v in vs[100:]] == [[f"e{i}"] for i in range(100, 110)]
        assert nearest(store, vs[26]) != ["e26"] and nearest(store, vs[30]) == ["e30"]
    assert "caught up: 10 added, 3 removed" in caplog.text


def test_clearing_during_a_save_discards_the_file(
    held: HeldWrite, vectors: Vectors, tmp_path: Path
) -> None:
    vs = vectors(100)
    with open_store(tmp_path) as store:
        start_save(store, vs, held)
        assert in_time(lambda: store.clear("ns")) == 75
        finish(store, held)
        assert store._buckets.get(BUCKET) is None
        assert sorted(p.name for p in (tmp_path / "index").iterdir()) == []
        assert store.search(vs[50], namespace="ns", scope="", k=1) == []


def test_close_during_a_save_waits_and_saves_everything(
    held: HeldWrite, vectors: Vectors, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    vs = vectors(105)
    store = open_store(tmp_path)
    start_save(store, vs, held)
    fill(store, vs[100:], start=100)
    for left in ("tmp", "old"):  # as a crash in the middle of a save leaves them
        (tmp_path / "index" / f"{BUCKET}.hnsw.0badf00d.{left}").write_bytes(b"x")
    threading.Timer(0.05, held.release.set).start()
    store.close()  # waits for the write, then saves the changes made meanwhile
    assert sorted(p.suffix for p in (tmp_path / "index").iterdir()) == [".hnsw", ".json"]
    with caplog.at_level(logging.INFO, logger="semcache.store"), open_store(tmp_path) as store:
        assert nearest(store, vs[103]) == ["e103"]
    assert "caught up" not in caplog.text and "rebuilding" not in caplog.text


def test_failed_write_is_logged_and_saved_later(
    held: HeldWrite, vectors: Vectors, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    vs = vectors(104)
    with caplog.at_level(logging.WARNING, logger="semcache.store"), open_store(tmp_path) as store:
        held.fail = OSError("disk full")
        start_save(store, vs, held)
        fill(store, vs[100:], start=100)
        finish(store, held)
        assert "saving the index of bucket" in caplog.text and "disk full" in caplog.text
        graph = store._buckets.get(BUCKET)
        assert isinstance(graph, HnswBucket) and len(graph) == 79
        assert graph.changes >= 25  # not saved: counted for the next save
        assert not list((tmp_path / "index").glob("*.tmp"))
        held.armed = False
    with open_store(tmp_path) as store:  # closing saved it
        assert nearest(store, vs[102]) == ["e102"] and nearest(store, vs[10]) != ["e10"]


def test_held_graph_merges_waiting_changes(vectors: Vectors) -> None:
    """Unit: adds wait beside the graph and are searched; removals are filtered out
    of its results; release applies both."""
    vs = vectors(60)
    graph = HnswBucket.build(HnswParams(), np.arange(50, dtype=np.int64), vs[:50])
    held = HeldGraph(graph)
    held.add(np.arange(50, 60, dtype=np.int64), vs[50:])
    held.remove(np.array([3, 55], np.int64))  # one from the graph, one waiting
    assert len(held) == 58 and len(graph) == 50  # the graph itself is untouched
    labels, sims = held.search(vs[52], k=3, ef=64)
    assert labels[0] == 52 and np.all(np.diff(sims) <= 0)
    assert held.search(vs[3], k=1, ef=64)[0][0] != 3
    assert held.search(vs[55], k=1, ef=64)[0][0] != 55
    released = held.release()
    assert released is graph and len(graph) == 58
    truth = FlatBucket(
        np.array([i for i in range(60) if i not in (3, 55)]),
        vs[[i for i in range(60) if i not in (3, 55)]],
    )
    for q in vs[::7]:
        assert graph.search(q, 5, 64)[0].tolist() == truth.search(q, 5, 64)[0].tolist()


def test_deleted_labels_are_exactly_those_still_held(vectors: Vectors) -> None:
    """What a saved file records as deleted: labels marked deleted whose slots were
    not reused (hnswlib reuses slots of deleted labels for new ones), also for a
    graph loaded with a deleted list."""
    vs = vectors(130)
    graph = HnswBucket.build(HnswParams(), np.arange(100, dtype=np.int64), vs[:100])
    graph.remove(np.arange(30, dtype=np.int64))
    graph.add(np.arange(100, 120, dtype=np.int64), vs[100:120])  # 20 slots reused
    live = set(range(30, 120))
    present = set(np.asarray(graph.index.get_ids_list()).tolist())
    assert set(graph.deleted_labels().tolist()) == present - live and len(present - live) == 10
    reloaded = HnswBucket(graph.index, live=90, deleted=graph.deleted_labels())
    reloaded.remove(np.array([50], np.int64))
    reloaded.add(np.arange(120, 130, dtype=np.int64), vs[120:])
    live = (live - {50}) | set(range(120, 130))
    present = set(np.asarray(graph.index.get_ids_list()).tolist())
    assert set(reloaded.deleted_labels().tolist()) == present - live


def test_removed_labels_stay_bounded_without_saves(vectors: Vectors) -> None:
    """A graph that is never saved (an in-memory store) at its size limit, where
    every put removes one entry: what it remembers of removed labels stays bounded."""
    vs = vectors(3100)
    graph = HnswBucket.build(HnswParams(), np.arange(100, dtype=np.int64), vs[:100])
    for i in range(100, 3100):
        graph.remove(np.array([i - 100], np.int64))
        graph.add(np.array([i], np.int64), vs[i : i + 1])
    remembered = sum(len(part) for part in graph._removed)
    assert remembered <= 1025 and len(graph) == 100
    live = set(range(3000, 3100))
    present = set(np.asarray(graph.index.get_ids_list()).tolist())
    assert set(graph.deleted_labels().tolist()) == present - live
