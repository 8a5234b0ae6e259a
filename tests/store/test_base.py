"""The store protocols: how the methods of a store are split, and who needs which."""

from __future__ import annotations

from semcache.store import Backend, Bookkeeping, Maintenance, Store


def _methods(protocol: type) -> set[str]:
    return {name for name in vars(protocol) if not name.startswith("_")}


def test_store_is_the_hot_path() -> None:
    """Store holds what a lookup and a put need, and nothing else."""
    assert _methods(Store) == {"find_exact", "search", "add", "touch"}


def test_bookkeeping_is_what_eviction_needs() -> None:
    """Bookkeeping holds what eviction and expiry need."""
    assert _methods(Bookkeeping) == {"usage", "lowest_priority", "expired", "delete"}


def test_maintenance_is_the_rest() -> None:
    """Maintenance holds the remaining methods."""
    assert _methods(Maintenance) == {"get", "iterate", "clear", "raise_floor", "close"}


def test_backend_is_all_three() -> None:
    """Backend is exactly the three protocols together, and adds no method of its own."""
    assert {Store, Bookkeeping, Maintenance} <= set(Backend.__mro__)
    assert _methods(Backend) == set()
