"""Eviction policies: each orders entries the way its name promises (lowest goes first)."""

from __future__ import annotations

import pytest

from semcache import ConfigError, Entry
from semcache.eviction import POLICIES, get_policy


def entry(**kw: float) -> Entry:
    base = {"created_at": 100.0, "accessed_at": 100.0, "hits": 0, "size": 100, "cost": 10.0}
    base.update(kw)
    return Entry(id="x", namespace="n", scope="", prompt="p", response=None, **base)  # type: ignore[arg-type]


def test_lru_ranks_by_last_access() -> None:
    """LRU: the entry accessed longer ago has the lower priority."""
    lru = get_policy("lru")
    assert lru.priority(entry(accessed_at=1), 0) < lru.priority(entry(accessed_at=2), 0)


def test_lfu_ranks_by_hits_then_recency() -> None:
    """LFU: fewer hits go first; equal hits fall back to recency."""
    lfu = get_policy("lfu")
    assert lfu.priority(entry(hits=1, accessed_at=2e9), 0) < lfu.priority(entry(hits=2), 0)
    assert lfu.priority(entry(hits=1, accessed_at=1e9), 0) < lfu.priority(
        entry(hits=1, accessed_at=1.1e9), 0
    )


def test_fifo_ranks_by_creation_only() -> None:
    """FIFO: the older entry goes first however often it was hit."""
    fifo = get_policy("fifo")
    assert fifo.priority(entry(created_at=1, hits=99), 0) < fifo.priority(entry(created_at=2), 0)


def test_cost_prefers_valuable_small_frequent_entries() -> None:
    """GDSF: more hits, more cost saved, or fewer bytes each raise the priority."""
    cost = get_policy("cost")
    low = cost.priority(entry(), 0)
    assert cost.priority(entry(hits=3), 0) > low
    assert cost.priority(entry(cost=100), 0) > low
    assert cost.priority(entry(size=10), 0) > low


def test_cost_clock_ages_entries_that_are_not_hit() -> None:
    """GDSF: an entry (re)prioritized after the clock advanced outranks an old one."""
    cost = get_policy("cost")
    assert cost.priority(entry(hits=5), clock=0) < cost.priority(entry(), clock=10)


def test_unknown_policy_names_the_choices() -> None:
    """An unknown name raises ConfigError listing the valid ones."""
    with pytest.raises(
        ConfigError, match="unknown eviction policy 'mru'; choose one of: cost, fifo, lfu, lru"
    ):
        get_policy("mru")
    assert set(POLICIES) == {"lru", "lfu", "fifo", "cost"}
