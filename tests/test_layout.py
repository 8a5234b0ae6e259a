"""The layout's import rules: packages meet through public names only.

A module may import an underscore module (or an underscore name) only from a
package it lives in: ``semcache.store.local`` may use ``semcache.store.local._sqlite``
and ``semcache._records``, but the proxy, the benchmarks and sibling packages
inside ``semcache`` use each other's public names. ``training/`` (experiments, not
shipped) is not checked.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Source folder -> the package name it installs as.
PACKAGES = {"semcache": "semcache", "proxy": "semcache_proxy", "benchmarks": "benchmarks"}
CHECKED = ("semcache", "semcache_proxy")


def _modules() -> Iterator[tuple[str, Path]]:
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join([package, *parts]), path


def _is_package(module: str) -> bool:
    top, *rest = module.split(".")
    folder = next(name for name, package in PACKAGES.items() if package == top)
    return (ROOT / folder).joinpath(*rest, "__init__.py").exists()


def _imports(module: str, path: Path) -> Iterator[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) of every import in the file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                yield base, alias.name, node.lineno


def _owner_of_private(target: str, name: str | None) -> str | None:
    """The package whose private part ``target`` (or ``target.name``) is, if any."""
    parts = target.split(".")
    for index, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:index])
    if name is not None and name.startswith("_") and not name.startswith("__"):
        return target if _is_package(target) else target.rpartition(".")[0]
    return None


def _violations() -> list[str]:
    found = []
    for module, path in _modules():
        for target, name, line in _imports(module, path):
            if target.split(".")[0] not in CHECKED:
                continue
            owner = _owner_of_private(target, name)
            if owner is not None and not (module == owner or module.startswith(owner + ".")):
                shown = f"{target}.{name}" if name else target
                found.append(f"{path.relative_to(ROOT)}:{line} imports private {shown}")
    return found


def test_packages_use_each_others_public_names_only() -> None:
    """No module imports an underscore module or name of a package it is not inside."""
    assert _violations() == []


@pytest.mark.parametrize(
    ("module", "target", "name", "private"),
    [
        ("semcache_proxy._app", "semcache._cache", None, True),
        ("semcache.wire.chat", "semcache._records", "Key", False),
        ("semcache.store.milvus.store", "semcache.store.local._sqlite", "Db", True),
        ("semcache.store.local.store", "semcache.store.local._sqlite", "Db", False),
        ("semcache_proxy._app", "semcache.wire", "CHAT", False),
    ],
)
def test_the_rule_tells_private_from_public(
    module: str, target: str, name: str | None, private: bool
) -> None:
    """The rule itself: what counts as reaching into another package."""
    owner = _owner_of_private(target, name)
    crosses = owner is not None and not (module == owner or module.startswith(owner + "."))
    assert crosses is private
