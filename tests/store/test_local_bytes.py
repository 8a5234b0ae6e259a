"""max_bytes on disk: the evictor bounds the local store's footprint (SQLite pages in
use, the write-ahead log and its index, the graph files), so the directory stays within it."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from semcache import SemanticCache
from semcache._records import Entry
from semcache.store.local import LocalStore
from semcache.testing import HashingEmbedder

#: What the directory may exceed max_bytes by: one put's log frames (a transaction
#: touches ~8 pages of 4 KiB) before the evictor measures again.
SLACK = 40 * 1024


def _dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _fill(cache: SemanticCache, n: int, answer: str) -> None:
    for i in range(n):
        cache.put(f"question number {i} about the thing {i * 7919}", answer)


def test_the_data_directory_stays_within_max_bytes(tmp_path: Path) -> None:
    """max_bytes=200_000, 1 KB answers, 600 puts: the directory never exceeds it + SLACK."""
    with SemanticCache(tmp_path, embedder=HashingEmbedder(), max_bytes=200_000) as cache:
        peak = 0
        for i in range(600):
            cache.put(f"question number {i} about the thing {i * 7919}", "a" * 1000)
            peak = max(peak, _dir_bytes(tmp_path))
        stats = cache.stats()
    assert peak <= 200_000 + SLACK, peak
    assert stats["entries"] >= 5 and stats["evictions"] > 0


def test_the_write_ahead_log_is_kept_to_its_share(tmp_path: Path) -> None:
    """With max_bytes=2 MB the log stays near an eighth of it, not SQLite's 4 MB."""
    with SemanticCache(tmp_path, embedder=HashingEmbedder(), max_bytes=2_000_000) as cache:
        _fill(cache, 1500, "b" * 1000)
        log = (tmp_path / "entries.sqlite3-wal").stat().st_size
    assert log <= 2_000_000 // 8 + SLACK, log


def test_vectors_count_towards_max_bytes(tmp_path: Path) -> None:
    """Same prompts and answers: 1,024-dimensional vectors leave room for fewer entries."""
    kept = {}
    for dim in (16, 1024):
        with SemanticCache(
            tmp_path / str(dim), embedder=HashingEmbedder(dim), max_bytes=400_000
        ) as cache:
            _fill(cache, 400, "c" * 200)
            kept[dim] = cache.stats()["entries"]
    assert kept[1024] < kept[16] * 0.8, kept


def test_index_files_are_counted(tmp_path: Path) -> None:
    """A saved graph's files are part of the footprint."""
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(100, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    entries = [
        Entry(
            id=f"e{i}",
            namespace="ns",
            scope="",
            prompt=f"p{i}",
            response=i,
            created_at=1.0,
            accessed_at=1.0,
            size=10,
        )
        for i in range(100)
    ]
    with LocalStore(tmp_path, dim=16, model="m", flat_limit=8) as store:
        store.add_many(entries, vectors, [f"k{i}" for i in range(100)], [1.0] * 100)
        before = store.footprint()
        store.flush()  # writes the graph files; SQLite is not written
        graphs = _dir_bytes(tmp_path / "index")
        after = store.footprint()
    assert graphs > 100 * 16 * 4  # a graph holds every vector again
    assert before is not None and after is not None
    assert after >= before + graphs
    with LocalStore(None, dim=16, model="m") as memory:
        assert memory.footprint() is None  # in memory: no footprint
