"""Labelled pairs for evaluation: reading the supported file formats.

Two formats, optionally gzip-compressed (detected by content, not by name):

- JSON lines ``{"a": ..., "b": ..., "label": 0|1}`` (an optional ``"kind"`` is kept);
- a JSON list of ``{"origin": ..., "similar": ...}`` (GPTCache's benchmark
  format; every pair is a paraphrase, label 1), or of ``{"a", "b", "label"}`` objects.

``a`` and ``b`` are prompts, or conversations: lists of ``{"role", "content"}``
messages ending in a user message. A conversation's last user message is what is
embedded; the messages before it are its context, which must match exactly (as
the cache's scope does) for the pair to be served.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._errors import InvalidRequestError

__all__ = ["Pair", "read_pairs", "texts_of"]

_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Pair:
    """One labelled pair: ``a`` is cached, ``b`` is looked up; label 1 = should hit."""

    a: str
    b: str
    label: int
    kind: str = ""
    context_a: str = ""  # the messages before a's last user message (canonical JSON)
    context_b: str = ""


def read_pairs(path: str | Path, limit: int | None = None) -> list[Pair]:
    """The pairs in ``path`` (first ``limit`` only, if given).

    Raises InvalidRequestError naming the file, line and fix for anything unreadable.
    """
    text = _read_text(Path(path))
    name = str(path)
    if text.lstrip().startswith("["):
        pairs = _from_list(_parse(text, name, 1), name)
    else:
        pairs = _from_lines(text, name)
    if not pairs:
        raise InvalidRequestError(f"{name}: no pairs found; expected JSON lines of a, b, label")
    return pairs[:limit] if limit is not None else pairs


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
        if data.startswith(_GZIP_MAGIC):
            data = gzip.decompress(data)
        return data.decode("utf-8")
    except FileNotFoundError:
        raise InvalidRequestError(f"{path}: no such file; give a path to a pairs file") from None
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InvalidRequestError(
            f"{path}: cannot read it ({exc}); expected UTF-8 JSON lines, optionally gzipped"
        ) from exc


def _parse(text: str, name: str, line: int) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRequestError(
            f"{name}:{line + exc.lineno - 1}: not valid JSON ({exc.msg}); "
            'expected one {"a": ..., "b": ..., "label": 0|1} object per line'
        ) from exc


def _from_lines(text: str, name: str) -> list[Pair]:
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            pairs.append(_pair(_parse(line, name, number), f"{name}:{number}"))
    return pairs


def _from_list(items: Any, name: str) -> list[Pair]:
    if not isinstance(items, list):
        raise InvalidRequestError(f"{name}: expected a JSON list of pairs; got {type(items)}")
    return [_pair(item, f"{name}: item {i}") for i, item in enumerate(items)]


def _pair(item: Any, where: str) -> Pair:
    if isinstance(item, dict) and "origin" in item and "similar" in item:
        item = {"a": item["origin"], "b": item["similar"], "label": 1}
    if not isinstance(item, dict) or not {"a", "b", "label"} <= item.keys():
        raise InvalidRequestError(
            f'{where}: expected an object with "a", "b" and "label" '
            f'(or "origin" and "similar"); got {_short(item)}'
        )
    (a, context_a), (b, context_b) = _side(item["a"], where), _side(item["b"], where)
    label = item["label"]
    if not (a.strip() and b.strip()):
        raise InvalidRequestError(f'{where}: "a" and "b" must be non-empty strings')
    if label not in (0, 1) or isinstance(label, float):
        raise InvalidRequestError(f'{where}: "label" must be 0 or 1 (or a bool); got {label!r}')
    return Pair(a, b, int(label), str(item.get("kind", "")), context_a, context_b)


def _side(value: Any, where: str) -> tuple[str, str]:
    """(text, context) of a prompt or a conversation."""
    if isinstance(value, str):
        return value, ""
    if not isinstance(value, list) or not value or not all(_is_message(m) for m in value):
        raise InvalidRequestError(
            f'{where}: "a" and "b" must be strings or lists of {{"role", "content"}} '
            f"messages; got {_short(value)}"
        )
    if value[-1]["role"] != "user":
        raise InvalidRequestError(
            f"{where}: a conversation must end with a user message; "
            f"the last has role {value[-1]['role']!r}"
        )
    context = [{"role": m["role"], "content": m["content"]} for m in value[:-1]]
    return value[-1]["content"], json.dumps(context, ensure_ascii=False) if context else ""


def _is_message(message: Any) -> bool:
    return (
        isinstance(message, dict)
        and isinstance(message.get("role"), str)
        and isinstance(message.get("content"), str)
    )


def _short(item: Any) -> str:
    text = json.dumps(item, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def texts_of(pairs: Iterable[Pair]) -> list[str]:
    """Every distinct text of ``pairs``, in first-seen order."""
    return list(dict.fromkeys(t for p in pairs for t in (p.a, p.b)))
