"""The evictor measures a store only when a put could take it over a limit."""

from __future__ import annotations

from collections.abc import Iterable

from semcache.eviction import Evictor, get_policy


class CountedStore:
    """A store of (id, size) entries that counts how often it is measured."""

    def __init__(self) -> None:
        self.entries: dict[str, int] = {}
        self.measured = 0

    def put(self, entry_id: str, size: int) -> None:
        self.entries[entry_id] = size

    def usage(self) -> tuple[int, int]:
        self.measured += 1
        return len(self.entries), sum(self.entries.values())

    def lowest_priority(self, n: int) -> list[tuple[str, int, float]]:
        return [(i, size, float(k)) for k, (i, size) in enumerate(self.entries.items())][:n]

    def expired(self, now: float, limit: int) -> list[str]:
        return []

    def delete(self, entry_ids: Iterable[str]) -> int:
        return sum(self.entries.pop(i, None) is not None for i in entry_ids)

    def footprint(self) -> int | None:  # owned by this process, as the local store is
        return None

    def limit_log(self, max_bytes: int) -> None:
        pass


class SharedStore(CountedStore):
    """A store other processes write to as well (as Milvus): no footprint."""

    footprint = None  # type: ignore[assignment]


def evictor(
    store: CountedStore, *, max_entries: int | None = None, max_bytes: int | None = None
) -> Evictor:
    return Evictor(
        get_policy("fifo"),
        store,
        max_entries=max_entries,
        max_bytes=max_bytes,
        sweep_interval=1e9,
    )


def test_far_from_its_limits_the_store_is_measured_once_per_64_puts() -> None:
    """max_entries=10,000: 640 puts of 100 bytes read usage() 10 times, not 640."""
    store = CountedStore()
    upkeep = evictor(store, max_entries=10_000, max_bytes=10**9)
    for i in range(640):
        store.put(f"e{i}", 100)
        upkeep.after_put(1.0, 100)
    assert store.measured == 10


def test_near_the_entry_limit_every_put_is_measured_and_the_limit_holds() -> None:
    """max_entries=5: the sixth put evicts at once; from then on every put is measured."""
    store = CountedStore()
    upkeep = evictor(store, max_entries=5)
    for i in range(12):
        store.put(f"e{i}", 10)
        evicted = upkeep.after_put(1.0, 10).evicted
        assert len(store.entries) <= 5
        assert evicted == (1 if i >= 5 else 0)
    assert store.measured >= 7


def test_a_put_larger_than_the_bytes_left_is_measured() -> None:
    """max_bytes=1,000 with 900 stored: a 200-byte put is measured and evicts."""
    store = CountedStore()
    upkeep = evictor(store, max_bytes=1_000)
    store.put("big", 900)
    upkeep.after_put(1.0, 900)
    store.put("more", 200)
    assert upkeep.after_put(1.0, 200).evicted == 1
    assert sum(store.entries.values()) <= 1_000


def test_a_store_shared_with_other_processes_is_measured_at_every_put() -> None:
    """A store without a footprint (Milvus, written by other proxies too): every put."""
    store = SharedStore()
    upkeep = evictor(store, max_entries=10_000)
    for i in range(5):
        store.put(f"e{i}", 1)
        upkeep.after_put(1.0, 1)
    assert store.measured == 5


def test_a_put_of_unknown_size_is_measured() -> None:
    """after_put without a size measures the store, as before."""
    store = CountedStore()
    upkeep = evictor(store, max_entries=10_000)
    for i in range(5):
        store.put(f"e{i}", 1)
        upkeep.after_put(1.0)
    assert store.measured == 5
