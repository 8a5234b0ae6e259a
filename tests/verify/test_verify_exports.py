"""The public surface of semcache.verify is exactly its sorted __all__."""

from __future__ import annotations

import semcache.verify


def test_all_lists_every_public_name_sorted() -> None:
    """Every public non-module name is in __all__, nothing else, in sorted order."""
    public = {
        name
        for name, value in vars(semcache.verify).items()
        if not name.startswith("_") and type(value).__name__ != "module"
    }
    assert public - {"annotations"} == set(semcache.verify.__all__)
    assert list(semcache.verify.__all__) == sorted(semcache.verify.__all__)
