"""The public surface of semcache is exactly what __all__ says."""

from __future__ import annotations

import semcache


def test_all_lists_every_public_name() -> None:
    """Every public (non-underscore, non-module) name is in __all__, and nothing else."""
    public = {
        name
        for name, value in vars(semcache).items()
        if not name.startswith("_") and type(value).__name__ != "module"
    }
    assert public - {"annotations"} == set(semcache.__all__)


def test_all_is_sorted() -> None:
    """__all__ is kept sorted (constants, then classes, then functions, as ruff's
    isort-style RUF022 keeps it), so additions are easy to review."""

    def kind(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2), name

    assert list(semcache.__all__) == sorted(semcache.__all__, key=kind)


def test_every_exported_name_resolves() -> None:
    """Each name in __all__ is importable from the top-level package."""
    for name in semcache.__all__:
        assert getattr(semcache, name) is not None
