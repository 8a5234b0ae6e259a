"""semcache.eval: its sorted __all__, and its place above the cache."""

from __future__ import annotations

import subprocess
import sys

import semcache.eval


def test_all_lists_every_public_name_sorted() -> None:
    """Every public non-module name is in __all__, nothing else, in sorted order."""
    public = {
        name
        for name, value in vars(semcache.eval).items()
        if not name.startswith("_") and type(value).__name__ != "module"
    }
    assert public - {"annotations"} == set(semcache.eval.__all__)
    assert list(semcache.eval.__all__) == sorted(semcache.eval.__all__)


def test_import_semcache_does_not_import_eval() -> None:
    """Evaluation sits above the cache: importing semcache (or verify) leaves it out."""
    code = "import sys, semcache, semcache.verify; print('semcache.eval' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "False"
