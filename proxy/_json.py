"""The proxy's one JSON codec: orjson where installed (the ``fast`` extra), else the
standard library, with the standard library's results either way.

orjson parses and writes the same JSON as ``json`` for everything the proxy sees
but three cases, which go to ``json`` instead: integers too long for 64 bits
(orjson reads them as floats, which would round two different values to one key),
what orjson refuses to read (``NaN``, lone surrogates, nesting past 1,024 levels,
bad UTF-8: ``json`` then parses it or raises the error it always did), and what it
refuses to write (big integers, lone surrogates). Output is compact UTF-8, as
Starlette's ``JSONResponse`` writes it; floats may be spelled differently
(``1e-5`` for ``1e-05``), never with another value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.responses import JSONResponse

__all__ = ["FAST", "JsonBody", "dumps", "loads", "loads_keepable", "loads_storable"]

try:
    import orjson
except ImportError:  # pragma: no cover - the fast extra is not installed
    orjson = None  # type: ignore[assignment]

#: Whether orjson is in use.
FAST = orjson is not None

# 19 digits in a row may be a number past 64 bits (2**63 has 19); rare in real bodies,
# and where they are (in a string, say) the standard library is only slower. They are
# found in the bytes mapped by class (digits to "0", tab and line breaks to "\n", the
# rest to " "): one translate and a substring search, ~9x less CPU than a regex scan.
_CLASSES = bytes(48 if 48 <= b <= 57 else 10 if b in (9, 10, 13) else 32 for b in range(256))
_LONG_DIGITS = b"0" * 19


def loads(data: bytes | str) -> Any:
    """Parse JSON as ``json.loads`` does (raising its ``ValueError`` or ``RecursionError``)."""
    if orjson is not None:
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
        if _LONG_DIGITS not in raw.translate(_CLASSES):
            try:
                return orjson.loads(raw)
            except orjson.JSONDecodeError:
                pass  # json decides: it reads NaN and lone surrogates, or raises its error
    return json.loads(data)


def _read(data: bytes) -> tuple[Any, bytes | None]:
    """:func:`loads`, and ``data``'s byte classes where orjson read it (UTF-8 without a
    byte-order mark, ``NaN``, infinities, lone surrogates or integers past 64 bits,
    which ``dump_response`` refuses or writes otherwise), else None."""
    if orjson is None:
        return loads(data), None
    classes = data.translate(_CLASSES)
    if _LONG_DIGITS in classes:
        return json.loads(data), None
    try:
        return orjson.loads(data), classes
    except orjson.JSONDecodeError:
        return json.loads(data), None  # NaN, a lone surrogate: json reads or refuses it


def loads_keepable(data: bytes) -> tuple[Any, bool]:
    """:func:`loads`, and whether ``data`` may be stored as it is for its value (the
    ``encoded`` of ``SemanticCache.insert``): orjson read it, and it has no tab or line
    break, the only bytes a store escapes that could stand outside a string (JSON
    strings hold none unescaped). Spaces between tokens may remain: still JSON."""
    value, classes = _read(data)
    return value, classes is not None and b"\n" not in classes


def loads_storable(data: bytes) -> tuple[Any, bytes | None]:
    """:func:`loads`, and the JSON to store for its value without encoding it again on
    the writer thread (``encoded`` of ``SemanticCache.insert``), or None: ``data``
    itself where :func:`loads_keepable` vouches for it; where only its tabs and line
    breaks stand in the way (a pretty-printed answer, as OpenAI's are), orjson's
    compact writing of what orjson read, which is what ``dump_response`` stores up to
    the spelling of floats (``1e-5`` for ``1e-05``), at a tenth of its CPU."""
    value, classes = _read(data)
    if classes is None:
        return value, None
    return value, data if b"\n" not in classes else orjson.dumps(value)


def dumps(value: Any, *, default: Callable[[Any], Any] | None = None) -> bytes:
    """Compact UTF-8 JSON of ``value`` (``default`` as in ``json.dumps``)."""
    if orjson is not None:
        try:
            return orjson.dumps(value, default=default)
        except TypeError:
            pass  # a big integer or a lone surrogate: json writes (or refuses) it
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=default)
    return text.encode("utf-8")


class JsonBody(JSONResponse):
    """A ``JSONResponse`` encoded by :func:`dumps`."""

    def render(self, content: Any) -> bytes:
        return dumps(content)
