"""LocalStore beyond the contract: files, recovery, locking, buckets, scale."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from _graph_support import fill, nearest

from semcache._errors import (
    ConfigError,
    InvalidRequestError,
    SchemaMismatchError,
    StoreError,
    StoreLockedError,
)
from semcache._records import Entry, dump_response
from semcache.store.local import LocalStore, bucket_id
from semcache.testing import BruteForceIndex

DIM = 16
MODEL = "test-model"
Vectors = Callable[[int], np.ndarray]
MakeEntry = Callable[..., Entry]


def open_store(path: Path | None, **settings: Any) -> LocalStore:
    settings.setdefault("dim", DIM)
    return LocalStore(path, model=MODEL, **settings)


def add(store: LocalStore, entry: Entry, vector: np.ndarray, *, exact_key: str) -> None:
    """``store.add`` with the payload a SemanticCache passes: the response's JSON."""
    store.add(
        entry, vector, exact_key=exact_key, priority=0.0, payload=dump_response(entry.response)
    )


def assert_all_found(store: LocalStore, vs: np.ndarray, ids: list[str]) -> None:
    """Each vector's nearest entry is its own."""
    assert [nearest(store, v)[0] for v in vs] == ids


def graph_files(directory: Path) -> list[str]:
    return sorted(p.suffix for p in (directory / "index").iterdir())


def sidecar(directory: Path) -> dict[str, Any]:
    (path,) = (directory / "index").glob("*.json")
    return json.loads(path.read_text())  # type: ignore[no-any-return]


@pytest.fixture
def where(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def big(where: Path, vectors: Vectors) -> Iterator[tuple[np.ndarray, list[str]]]:
    """A closed store at ``where`` with one 100-entry bucket kept as an hnswlib graph."""
    vs = vectors(100)
    with open_store(where, flat_limit=32) as store:
        ids = fill(store, vs)
    yield vs, ids


# -- persistence and recovery -----------------------------------------------------


def test_entries_survive_reopen(where: Path, big: tuple[np.ndarray, list[str]]) -> None:
    """After close and reopen, every entry is there and found by its vector."""
    vs, ids = big
    with open_store(where, flat_limit=32) as store:
        assert store.usage() == (100, 1000)
        assert store.get("e7") is not None
        assert_all_found(store, vs, ids)
    assert graph_files(where) == [".hnsw", ".json"]


def test_small_buckets_survive_reopen(where: Path, entry: MakeEntry, vectors: Vectors) -> None:
    """Entries of flat buckets are found again after reopen, and leave no index file."""
    vs = vectors(3)
    with open_store(where) as store:
        for i, v in enumerate(vs):
            add(store, entry(f"e{i}", namespace=f"n{i}"), v, exact_key=f"k{i}")
    with open_store(where) as store:
        assert [nearest(store, v, namespace=f"n{i}") for i, v in enumerate(vs)] == [
            ["e0"],
            ["e1"],
            ["e2"],
        ]
    assert graph_files(where) == []


def test_hits_are_written_on_close(where: Path, entry: MakeEntry, vectors: Vectors) -> None:
    """Buffered touches reach the database when the store is closed."""
    with open_store(where) as store:
        add(store, entry("a", hits=0), vectors(1)[0], exact_key="k")
        store.touch("a", accessed_at=5000.0, priority=7.0)
    with open_store(where) as store:
        found = store.get("a")
        assert found is not None and (found.hits, found.accessed_at) == (1, 5000.0)
        assert store.lowest_priority(1) == [("a", 100, 7.0)]


def test_raised_floor_survives_reopen(where: Path, entry: MakeEntry, vectors: Vectors) -> None:
    """A raised floor is on disk once raise_floor returns, and back after reopen."""
    with open_store(where) as store:
        add(store, entry("a"), vectors(1)[0], exact_key="k")
        store.raise_floor("a", 0.875)
    with open_store(where) as store:
        found = store.get("a")
        assert found is not None and found.floor == 0.875


def _damage(where: Path, how: str) -> None:
    (graph,) = (where / "index").glob("*.hnsw")
    if how == "deleted":
        graph.unlink()
    elif how == "truncated":
        graph.write_bytes(graph.read_bytes()[: graph.stat().st_size // 2])
    elif how == "garbage":
        graph.write_bytes(os.urandom(graph.stat().st_size))
    elif how == "bad-sidecar":
        graph.with_suffix(".json").write_text("{not json")
    elif how == "no-sidecar":
        graph.with_suffix(".json").unlink()


@pytest.mark.parametrize("how", ["deleted", "truncated", "garbage", "bad-sidecar", "no-sidecar"])
def test_damaged_index_is_rebuilt(
    where: Path, big: tuple[np.ndarray, list[str]], how: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A missing, truncated or garbage index file is rebuilt from SQLite, with a warning."""
    vs, ids = big
    _damage(where, how)
    with (
        caplog.at_level(logging.WARNING, "semcache.store"),
        open_store(where, flat_limit=32) as store,
    ):
        assert_all_found(store, vs, ids)
    assert "rebuilding" in caplog.text
    with open_store(where, flat_limit=32) as store:  # and the rebuilt file is good again
        assert_all_found(store, vs, ids)


def test_stale_index_is_caught_up(
    where: Path,
    big: tuple[np.ndarray, list[str]],
    vectors: Vectors,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An index saved before later adds and deletes is brought up to date on open."""
    vs, ids = big
    shutil.copytree(where / "index", where.parent / "saved")
    more = vectors(50)
    with open_store(where, flat_limit=32) as store:
        new_ids = fill(store, more, start=100)
        store.delete(ids[:30])
    shutil.rmtree(where / "index")
    shutil.copytree(where.parent / "saved", where / "index")  # the old graph comes back
    with caplog.at_level(logging.INFO, "semcache.store"), open_store(where, flat_limit=32) as store:
        assert_all_found(store, np.concatenate([vs[30:], more]), ids[30:] + new_ids)
        returned = {e for v in vs[:30] for e in nearest(store, v, k=10)}
        assert returned.isdisjoint(ids[:30])
    assert "50 added, 30 removed" in caplog.text


_CRASH = """
import os, sys
import numpy as np
from semcache._records import Entry
from semcache.store.local import LocalStore, bucket_id
store = LocalStore(sys.argv[1], dim=16, model="test-model", flat_limit=32)
vs = np.load(sys.argv[2])
entries = [Entry(id=f"x{i}", namespace="ns", scope="", prompt="p", response=i,
                 created_at=1.0, accessed_at=1.0, size=10) for i in range(len(vs))]
store.add_many(entries, vs, [f"kx{i}" for i in range(len(vs))], [0.0] * len(vs))
store.delete(["e0", "e1", "e2"])
store.touch("e3", accessed_at=9.0, priority=9.0)
os._exit(0)  # a crash: no close, no index save, no touch flush
"""


def test_crash_without_close_loses_nothing_written(
    where: Path, big: tuple[np.ndarray, list[str]], vectors: Vectors, tmp_path: Path
) -> None:
    """Adds and deletes of a process that died without close are all there on reopen."""
    vs, ids = big
    more = vectors(40)
    np.save(tmp_path / "more.npy", more)
    subprocess.run(
        [sys.executable, "-c", _CRASH, str(where), str(tmp_path / "more.npy")],
        check=True,
        timeout=120,
    )
    with open_store(where, flat_limit=32) as store:
        assert store.usage() == (137, 1370)
        assert_all_found(
            store, np.concatenate([vs[3:], more]), ids[3:] + [f"x{i}" for i in range(40)]
        )
        assert store.get("e0") is None


# -- locking ----------------------------------------------------------------------


def test_second_opener_is_refused(where: Path) -> None:
    """A second LocalStore on an open directory gets StoreLockedError naming it and the pid."""
    with open_store(where):
        with pytest.raises(StoreLockedError) as caught:
            open_store(where)
        message = str(caught.value)
        assert str(where) in message and str(os.getpid()) in message
        assert "another directory" in message
    with open_store(where):  # released on close
        pass


_HOLDER = """
import sys
from semcache.store.local import LocalStore, bucket_id
store = LocalStore(sys.argv[1], dim=16, model="test-model")
print("ready", flush=True)
sys.stdin.readline()
store.close()
"""


def test_other_process_is_refused(where: Path) -> None:
    """While another process owns the directory, opening it names that process."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(where)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError, match=f"in use by process {holder.pid}"):
            open_store(where)
    finally:
        holder.communicate("\n", timeout=60)
    with open_store(where):  # the holder closed it
        pass


def test_killed_owner_leaves_no_stale_lock(where: Path) -> None:
    """The lock dies with its process: after a kill the directory can be opened."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(where)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    holder.kill()
    holder.communicate(timeout=60)
    with open_store(where):
        pass


def test_memory_stores_need_no_lock() -> None:
    """Two in-memory stores coexist and share nothing."""
    with open_store(None) as one, open_store(None) as two:
        one.add(
            Entry(
                id="a",
                namespace="n",
                scope="",
                prompt="p",
                response=1,
                created_at=1.0,
                accessed_at=1.0,
            ),
            np.eye(DIM, dtype=np.float32)[0],
            exact_key="k",
            priority=0.0,
            payload="1",
        )
        assert two.usage() == (0, 0)


# -- schema -----------------------------------------------------------------------


def test_other_embedder_is_refused(where: Path) -> None:
    """A directory written by another embedder raises SchemaMismatchError naming both."""
    open_store(where).close()
    with pytest.raises(SchemaMismatchError) as caught:
        LocalStore(where, dim=DIM, model="other-model")
    message = str(caught.value)
    assert "'test-model'" in message and "'other-model'" in message
    assert "use the same embedder" in message


def test_other_dimension_is_refused(where: Path) -> None:
    """A directory written with another vector dimension raises SchemaMismatchError."""
    open_store(where).close()
    with pytest.raises(SchemaMismatchError, match=r"dim 16\).*dim 32\)"):
        open_store(where, dim=32)
    with open_store(where):  # the refused opener released the lock
        pass


def test_other_schema_version_is_refused(where: Path) -> None:
    """A directory of another schema version is refused, naming both versions."""
    open_store(where).close()
    with sqlite3.connect(where / "entries.sqlite3") as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    db.close()
    with pytest.raises(
        SchemaMismatchError, match="schema version 99, this semcache reads version 2"
    ):
        open_store(where)


# Schema version 1 as semcache wrote it (before entries had a floor), kept
# verbatim so that the migration is tested on a real version-1 file.
_SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    namespace TEXT NOT NULL,
    scope TEXT NOT NULL,
    bucket TEXT NOT NULL,
    exact_key TEXT NOT NULL UNIQUE,
    prompt TEXT NOT NULL,
    response TEXT NOT NULL,
    vector BLOB NOT NULL,
    created_at REAL NOT NULL,
    accessed_at REAL NOT NULL,
    expires_at REAL,
    hits INTEGER NOT NULL,
    size INTEGER NOT NULL,
    cost REAL NOT NULL,
    priority REAL NOT NULL
);
CREATE INDEX entries_bucket ON entries (bucket);
CREATE INDEX entries_priority ON entries (priority);
CREATE INDEX entries_expires ON entries (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX entries_namespace ON entries (namespace);
CREATE TABLE totals (id INTEGER PRIMARY KEY CHECK (id = 0), count INTEGER, bytes INTEGER);
INSERT INTO totals VALUES (0, 0, 0);
CREATE TRIGGER entries_added AFTER INSERT ON entries BEGIN
    UPDATE totals SET count = count + 1, bytes = bytes + NEW.size WHERE id = 0;
END;
CREATE TRIGGER entries_removed AFTER DELETE ON entries BEGIN
    UPDATE totals SET count = count - 1, bytes = bytes - OLD.size WHERE id = 0;
END;
"""


def _write_v1_store(where: Path, entries: list[Entry], vs: np.ndarray) -> None:
    where.mkdir()
    db = sqlite3.connect(where / "entries.sqlite3", isolation_level=None)
    db.executescript(f"BEGIN; {_SCHEMA_V1}")
    meta = {"schema_version": "1", "model": MODEL, "dim": str(DIM), "M": "16"}
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    for e, v in zip(entries, vs, strict=True):
        db.execute(
            "INSERT INTO entries (id, namespace, scope, bucket, exact_key, prompt, response, "
            "vector, created_at, accessed_at, expires_at, hits, size, cost, priority) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (e.id, e.namespace, e.scope, bucket_id(e.namespace, e.scope), f"key-{e.id}",
             e.prompt, json.dumps(e.response), np.asarray(v, "<f4").tobytes(), e.created_at,
             e.accessed_at, e.expires_at, e.hits, e.size, e.cost, 0.0),
        )  # fmt: skip
    db.execute("COMMIT")
    db.close()


def test_version_1_store_is_migrated(where: Path, entry: MakeEntry, vectors: Vectors) -> None:
    """A version-1 directory opens with its entries intact, each with floor 0, and
    is version 2 from then on (floors are kept across reopens)."""
    entries = [entry(f"e{i}", response={"n": i}, hits=i, cost=2.5) for i in range(3)]
    vs = vectors(3)
    _write_v1_store(where, entries, vs)
    with open_store(where) as store:
        found = [store.get(e.id) for e in entries]
        assert found == entries
        assert [e.floor for e in found if e is not None] == [0.0, 0.0, 0.0]
        assert [nearest(store, v)[0] for v in vs] == ["e0", "e1", "e2"]
        assert store.usage() == (3, 300)
        assert store.raise_floor("e1", 0.5)
    with sqlite3.connect(where / "entries.sqlite3") as db:
        version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    db.close()
    assert version == ("2",)
    with open_store(where) as store:
        found = store.get("e1")
        assert found is not None and found.floor == 0.5


def test_unusable_directory_is_refused(tmp_path: Path) -> None:
    """A data directory that cannot be created raises StoreError naming it."""
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match=r"cannot create the data directory .*file"):
        open_store(tmp_path / "file" / "store")


def test_foreign_database_is_refused(where: Path) -> None:
    """A file that is not a semcache database raises StoreError."""
    where.mkdir()
    (where / "entries.sqlite3").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a readable semcache store"):
        open_store(where)


# -- buckets: promotion, compaction, growth ---------------------------------------


def test_promotion_keeps_results(where: Path, vectors: Vectors) -> None:
    """A bucket growing past flat_limit becomes a graph and answers as before."""
    vs, queries = vectors(32), vectors(10)
    with open_store(where, flat_limit=32) as store:
        fill(store, vs[:31])
        before = [nearest(store, q, k=5) for q in queries]
        store.flush()
        assert graph_files(where) == []
        fill(store, vs[31:], start=31)
        store.flush()
        assert graph_files(where) == [".hnsw", ".json"]
        exact = np.argsort(-(queries @ vs.T), axis=1)[:, :5]
        assert [nearest(store, q, k=5) for q in queries] == [[f"e{i}" for i in r] for r in exact]
        assert all(
            set(b) <= set(a) | {"e31"}
            for a, b in zip([nearest(store, q, k=6) for q in queries], before, strict=True)
        )


def test_compaction_keeps_results(where: Path, vectors: Vectors) -> None:
    """Deleting over a quarter of a graph rebuilds it without the deleted slots."""
    vs = vectors(200)
    with open_store(where, flat_limit=32) as store:
        ids = fill(store, vs)
        store.delete(ids[:80])
        assert_all_found(store, vs[80:], ids[80:])
        assert {e for v in vs[:80] for e in nearest(store, v, k=5)}.isdisjoint(ids[:80])
    assert sidecar(where)["element_count"] == 120


def test_deleted_slots_are_reused(where: Path, vectors: Vectors) -> None:
    """New entries take the slots of deleted ones instead of growing the graph."""
    vs = vectors(240)
    with open_store(where, flat_limit=32) as store:
        ids = fill(store, vs[:200])
        store.delete(ids[:40])
        new_ids = fill(store, vs[200:], start=200)
        assert_all_found(store, vs[40:], ids[40:] + new_ids)
    assert sidecar(where)["element_count"] == 200


def test_shrunk_graph_becomes_flat(where: Path, vectors: Vectors) -> None:
    """A graph that shrinks below half of flat_limit is searched flat again."""
    vs = vectors(100)
    with open_store(where, flat_limit=64) as store:
        ids = fill(store, vs)
        store.delete(ids[:80])
        assert_all_found(store, vs[80:], ids[80:])
    assert graph_files(where) == []


def test_graph_grows_past_capacity(where: Path, entry: MakeEntry, vectors: Vectors) -> None:
    """Adding one by one to a fresh graph resizes it as needed."""
    vs = vectors(300)
    with open_store(where, flat_limit=16) as store:
        for i, v in enumerate(vs):
            add(store, entry(f"e{i}"), v, exact_key=f"k{i}")
        assert_all_found(store, vs, [f"e{i}" for i in range(300)])


def test_graph_is_saved_every_so_often(where: Path, entry: MakeEntry, vectors: Vectors) -> None:
    """With save_every, a busy graph is saved before close (bounding recovery work)."""
    store = open_store(where, flat_limit=16, save_every=10)
    try:
        for i, v in enumerate(vectors(60)):
            add(store, entry(f"e{i}"), v, exact_key=f"k{i}")
        assert graph_files(where) == [".hnsw", ".json"]
    finally:
        store.close()


def test_clear_removes_graph_files(where: Path, big: tuple[np.ndarray, list[str]]) -> None:
    """clear(namespace) drops the namespace's graphs from disk too."""
    with open_store(where, flat_limit=32) as store:
        assert store.clear("ns") == 100
        assert graph_files(where) == []
    with open_store(where, flat_limit=32) as store:
        assert store.usage() == (0, 0)


# -- scale: recall and isolation ---------------------------------------------------


def test_hnsw_recall_against_brute_force(rng: np.random.Generator) -> None:
    """On 20,000 random unit vectors in one graph, search finds the true neighbours.

    Queries are stored vectors moved to cosine ~0.9 from themselves, as a lookup of
    a paraphrase is; with default settings recall@10 is >= 0.95 and recall@1 (what
    a cache hit needs) >= 0.99.
    """
    dim, n = 32, 20_000
    vs = rng.standard_normal((n, dim)).astype(np.float32)
    vs /= np.linalg.norm(vs, axis=1, keepdims=True)
    moved = vs[rng.choice(n, 300, replace=False)] + 0.48 * unit_rows(rng, 300, dim)
    queries = moved / np.linalg.norm(moved, axis=1, keepdims=True)
    truth = BruteForceIndex(dim)
    truth.add(np.arange(n), vs)
    with open_store(None, dim=dim) as store:
        fill(store, vs)
        for k, required in [(10, 0.95), (1, 0.99)]:
            expected, _ = truth.knn(queries, k)
            found = [{int(e.id[1:]) for e in nearest_entries(store, q, k)} for q in queries]
            hits = sum(len(f & set(e.tolist())) for f, e in zip(found, expected, strict=True))
            assert hits / (k * len(queries)) >= required


def unit_rows(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    x = rng.standard_normal((n, dim)).astype(np.float32)
    return np.asarray(x / np.linalg.norm(x, axis=1, keepdims=True))


def nearest_entries(store: LocalStore, q: np.ndarray, k: int) -> list[Entry]:
    return [e for e, _ in store.search(q, namespace="ns", scope="", k=k)]


def test_isolation_at_scale(rng: np.random.Generator) -> None:
    """100,000 entries in one namespace never leak into another's single entry, or back."""
    dim = 8
    vs = rng.standard_normal((100_000, dim)).astype(np.float32)
    vs /= np.linalg.norm(vs, axis=1, keepdims=True)
    with open_store(None, dim=dim, M=8, ef_construction=40) as store:
        fill(store, vs, namespace="big")
        lone = Entry(
            id="lone",
            namespace="small",
            scope="",
            prompt="p",
            response=0,
            created_at=1.0,
            accessed_at=1.0,
        )
        add(store, lone, vs[123], exact_key="lone")  # same vector as e123
        for q in [vs[123], *vs[:20]]:
            assert nearest(store, q, k=10, namespace="small") == ["lone"]
            big_found = [e for e, _ in store.search(q, namespace="big", scope="", k=10)]
            assert len(big_found) == 10
            assert all(e.namespace == "big" and e.id != "lone" for e in big_found)
        assert nearest(store, vs[123], namespace="big") == ["e123"]


# -- bulk, iteration, validation, threads -------------------------------------------


def test_add_many_keeps_the_last_duplicate(entry: MakeEntry, vectors: Vectors) -> None:
    """In add_many, a later entry with the same key or id replaces an earlier one."""
    vs = vectors(3)
    with open_store(None) as store:
        store.add_many(
            [entry("a", response=1), entry("b", response=2), entry("a2", response=3)],
            vs,
            ["k1", "k2", "k1"],
            [0.0, 0.0, 0.0],
        )
        assert store.usage() == (2, 200)
        assert store.get("a") is None
        found = store.find_exact("k1")
        assert found is not None and found.response == 3


def test_add_many_across_buckets(vectors: Vectors) -> None:
    """add_many with entries of several pairs interleaved puts each in its own pair."""
    vs = vectors(30)
    pairs = [("a", ""), ("b", ""), ("a", "s")]
    entries = [
        Entry(
            id=f"e{i}",
            namespace=pairs[i % 3][0],
            scope=pairs[i % 3][1],
            prompt="p",
            response=i,
            created_at=1.0,
            accessed_at=1.0,
        )
        for i in range(30)
    ]
    with open_store(None, flat_limit=8) as store:
        store.add_many(entries, vs, [f"k{i}" for i in range(30)], [0.0] * 30)
        for i, v in enumerate(vs):
            namespace, scope = pairs[i % 3]
            found = store.search(v, namespace=namespace, scope=scope, k=20)
            assert found[0][0].id == f"e{i}"
            assert {e.id for e, _ in found} == {f"e{j}" for j in range(i % 3, 30, 3)}


def test_add_many_checks_lengths(entry: MakeEntry, vectors: Vectors) -> None:
    """add_many refuses mismatched lengths, naming what it got."""
    with open_store(None) as store, pytest.raises(InvalidRequestError, match="2 entries"):
        store.add_many([entry("a"), entry("b")], vectors(1), ["k1", "k2"], [0.0, 0.0])


def test_iterate_streams_all_pages(vectors: Vectors) -> None:
    """iterate yields every entry of a store larger than one page, even while deleting."""
    with open_store(None) as store:
        ids = fill(store, vectors(2500))
        seen = []
        for found in store.iterate():
            seen.append(found.id)
            store.delete([found.id])
        assert sorted(seen) == sorted(ids)
        assert store.usage() == (0, 0)


@pytest.mark.parametrize("bad", [np.zeros(DIM + 1), np.full(DIM, np.nan), np.zeros((2, DIM))])
def test_bad_vectors_are_refused(entry: MakeEntry, bad: np.ndarray) -> None:
    """Vectors of the wrong shape or with NaN raise InvalidRequestError naming the dim."""
    with open_store(None) as store:
        with pytest.raises(InvalidRequestError, match=f"{DIM} finite numbers"):
            add(store, entry("a"), bad, exact_key="k")
        with pytest.raises(InvalidRequestError, match=f"{DIM} finite numbers"):
            store.search(bad, namespace="ns", scope="", k=1)


def test_k_must_be_positive(vectors: Vectors) -> None:
    """search with k < 1 raises InvalidRequestError."""
    with open_store(None) as store, pytest.raises(InvalidRequestError, match="got 0"):
        store.search(vectors(1)[0], namespace="ns", scope="", k=0)


def test_unserializable_response_is_refused(entry: MakeEntry, vectors: Vectors) -> None:
    """A response that is not JSON raises InvalidRequestError naming the entry (add_many
    encodes responses; add stores the caller's encoding, its payload, as is)."""
    with open_store(None) as store, pytest.raises(InvalidRequestError, match="'a'"):
        store.add_many([entry("a", response=object())], vectors(1), ["k"], [0.0])


@pytest.mark.parametrize(
    ("setting", "value"), [("dim", 0), ("M", 1), ("ef", 0), ("flat_limit", 1), ("save_every", 0)]
)
def test_bad_settings_are_refused(setting: str, value: int) -> None:
    """Out-of-range settings raise ConfigError naming the setting and the value."""
    with pytest.raises(
        ConfigError, match=f"{setting} must be an integer of at least .*; got {value}"
    ):
        open_store(None, **{setting: value})


def test_missing_size_is_measured(entry: MakeEntry, vectors: Vectors) -> None:
    """An entry added with size 0 is stored with the size of prompt plus JSON response."""
    with open_store(None) as store:
        store.add(
            entry("a", size=0, prompt="héllo", response={"a": 1}),
            vectors(1)[0],
            exact_key="k",
            priority=0.0,
            payload='{"a":1}',
        )
        assert store.usage() == (1, len("héllo".encode()) + len('{"a":1}'))


def test_concurrent_use(vectors: Vectors) -> None:
    """Adds, searches and touches from several threads all land, without errors."""
    vs = vectors(800)
    errors: list[BaseException] = []
    with open_store(None, flat_limit=64) as store:

        def work(part: int) -> None:
            try:
                for i in range(part * 200, part * 200 + 200):
                    e = Entry(
                        id=f"e{i}",
                        namespace="ns",
                        scope="",
                        prompt="p",
                        response=i,
                        created_at=1.0,
                        accessed_at=1.0,
                        size=1,
                    )
                    add(store, e, vs[i], exact_key=f"k{i}")
                    store.search(vs[i], namespace="ns", scope="", k=4)
                    store.touch(f"e{i}", accessed_at=2.0, priority=1.0)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(p,)) for p in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert store.usage() == (800, 800)
        assert_all_found(store, vs, [f"e{i}" for i in range(800)])
        assert sum(e.hits for e in store.iterate()) == 800


def test_a_put_replacing_an_entry_deletes_its_aliases(entry: MakeEntry, vectors: Vectors) -> None:
    """An entry replaced under its exact key takes its aliases ("<id>.<n>") with it; a new
    entry's put deletes no other row."""
    with open_store(None) as store:
        vs = vectors(4)
        add(store, entry("a"), vs[0], exact_key="k-a")
        add(store, entry("a.1"), vs[1], exact_key="k-alias")
        add(store, entry("b"), vs[2], exact_key="k-b")
        add(store, entry("c"), vs[3], exact_key="k-a")  # replaces "a"
        assert store.get("a") is None and store.get("a.1") is None
        assert store.get("b") is not None and store.get("c") is not None
        assert store.usage()[0] == 2
