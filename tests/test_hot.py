"""SemanticCache.repeat_hit: an exact hit served again without the store, only while
its entry is live and unchanged."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from semcache import Hit, Key, SemanticCache
from semcache.testing import HashingEmbedder

KEY = Key("tenant", "scope", "what is a hot entry")


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[SemanticCache]:
    with SemanticCache(tmp_path / "c", embedder=HashingEmbedder()) as opened:
        yield opened


def _hit(cache: SemanticCache, key: Key = KEY) -> Hit:
    cache.insert(key, {"answer": 1})
    # A lookup that writes the buffered hits: the store's buffer is then fresh (hits
    # buffered for a second are written by the next lookup, not by repeat_hit).
    assert cache.lookup(key) is not None
    hit = asyncio.run(cache.lookup_async(key))
    assert hit is not None and hit.kind == "exact"
    return hit


def test_an_exact_hit_is_served_again_and_counted(cache: SemanticCache) -> None:
    """The entry of a lookup's exact hit is served again and counted as a hit."""
    hit = _hit(cache)
    again = cache.repeat_hit(KEY, hit)
    assert again is not None and (again.entry_id, again.response) == (hit.entry_id, hit.response)
    assert cache.stats()["exact_hits"] == 3  # the two lookups of _hit, then this one


def test_a_deleted_entry_is_not_served_again(cache: SemanticCache) -> None:
    """After a delete (or a clear) the lookup decides again."""
    hit = _hit(cache)
    cache.delete(hit.entry_id)
    assert cache.repeat_hit(KEY, hit) is None
    hit = _hit(cache)
    cache.clear()
    assert cache.repeat_hit(KEY, hit) is None


def test_a_replaced_entry_is_not_served_again(cache: SemanticCache) -> None:
    """A put of the same prompt replaces the entry: the old one is not served."""
    hit = _hit(cache)
    cache.insert(KEY, {"answer": 2})
    assert cache.repeat_hit(KEY, hit) is None


def test_an_evicted_entry_is_not_served_again(tmp_path: Path) -> None:
    """An entry the evictor removes is not served again."""
    with SemanticCache(tmp_path / "e", embedder=HashingEmbedder(), max_entries=1) as cache:
        hit = _hit(cache)
        cache.insert(Key("tenant", "scope", "another prompt entirely"), {"answer": 3})
        assert cache.repeat_hit(KEY, hit) is None


def test_a_semantic_hit_is_never_served_again(cache: SemanticCache) -> None:
    """Only exact hits repeat: a semantic one depends on the text."""
    hit = _hit(cache)
    semantic = Hit(
        response=hit.response,
        similarity=0.9,
        prompt=hit.prompt,
        kind="semantic",
        entry_id=hit.entry_id,
        namespace=hit.namespace,
        scope=hit.scope,
        created_at=hit.created_at,
        verified=hit.verified,
    )
    assert cache.repeat_hit(KEY, semantic) is None


def test_the_hot_entries_stay_within_their_byte_budget() -> None:
    """Past the byte budget the oldest remembered entry goes first."""
    from semcache._hot import HotEntries
    from semcache._records import Entry

    def entry(n: int) -> Entry:
        return Entry(
            id=f"e{n}",
            namespace="t",
            scope="s",
            prompt="p",
            response={},
            created_at=0.0,
            accessed_at=0.0,
            expires_at=None,
            size=100,
            cost=1.0,
        )

    hot = HotEntries(max_bytes=250)
    for n in range(3):
        hot.remember(f"k{n}", entry(n), hot.epoch)
    assert (hot.get("e0"), len(hot)) == (None, 2)
