"""Per-request cache controls carried in HTTP headers.

The same headers work on the proxy (request headers) and on the drop-in client
(``extra_headers=``). Parsing is strict: a value that cannot be read raises
:class:`~semcache.InvalidRequestError` naming the header, the value and the fix,
because a silently ignored ``x-semcache-bypass: yes please`` would serve a cached
answer the caller asked not to get.

Headers (names are case-insensitive):

``x-semcache-namespace: NAME``
    Cache under another namespace (1 to 256 printable characters).
``x-semcache-bypass: 1``
    Neither read nor write the cache.
``x-semcache-refresh: 1``
    Do not read; call upstream and store the new answer.
``x-semcache-ttl: SECONDS``
    Lifetime of the entry this request stores (a positive number).
``x-semcache-threshold: FLOAT``
    Similarity threshold for this lookup, between 0 and 1.
``x-semcache-context: exact|substance``
    How a conversation's earlier turns must match for this call: byte for byte, or
    in substance (entities, numbers, intent); default: the cache's ``context``.
``x-semcache-judge: skip``
    Ask no judge for this lookup (verdicts it gave earlier still count);
    ``auto`` (the default) uses the cache's judge as configured.
``Cache-Control: no-store``
    Do not store the answer (RFC 9111 5.2.1.5); a cached answer may still be served.
``Cache-Control: no-cache`` (or ``max-age=0``)
    Do not serve from the cache without revalidation (RFC 9111 5.2.1.4); an answer
    cannot be revalidated, so this acts as refresh: call upstream, store the answer.
``Cache-Control: max-age=SECONDS``
    Serve only an entry stored at most that many seconds ago.
``Pragma: no-cache``
    The HTTP/1.0 ``no-cache`` (RFC 9111 5.4), honoured when there is no Cache-Control.

LiteLLM's per-request controls in the body are honoured too, and stripped before
the request goes upstream (:func:`strip_body_controls`): ``"cache": {"no-cache":
true, "no-store": true, "ttl": SECONDS, "s-maxage": SECONDS, "namespace": NAME}``.
A header wins over the body where both say something.

Booleans accept ``1/true/yes/on`` and ``0/false/no/off``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from .._config import MAX_NAMESPACE
from .._errors import InvalidRequestError

__all__ = [
    "BODY_FIELD",
    "CONTROL_HEADERS",
    "PREFIX",
    "Controls",
    "parse_controls",
    "strip_body_controls",
    "strip_controls",
]

#: The prefix of every semcache control header (matched case-insensitively).
PREFIX = "x-semcache-"
CONTROL_HEADERS = frozenset(
    PREFIX + name
    for name in ("namespace", "bypass", "refresh", "ttl", "threshold", "judge", "context")
)
#: The body field of LiteLLM's per-request cache controls.
BODY_FIELD = "cache"
_BODY_KEYS = frozenset({"no-cache", "no-store", "ttl", "s-maxage", "namespace"})
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Controls:
    """What one request asks of the cache; the defaults mean "use the cache normally".

    ``read`` and ``write`` are the decisions that follow from the flags.
    """

    namespace: str | None = None
    bypass: bool = False
    refresh: bool = False
    ttl: float | None = None
    threshold: float | None = None
    judge: bool = True
    context: str | None = None  # "exact" | "substance"; None: the cache's own
    no_store: bool = False
    no_cache: bool = False
    max_age: float | None = None

    @property
    def read(self) -> bool:
        """Whether a cached answer may be served."""
        return not (self.bypass or self.refresh or self.no_cache)

    @property
    def write(self) -> bool:
        """Whether a new upstream answer may be stored."""
        return not (self.bypass or self.no_store)

    def fresh_enough(self, created_at: float, now: float) -> bool:
        """Whether an entry stored at ``created_at`` satisfies ``max-age`` at ``now``."""
        return self.max_age is None or now - created_at <= self.max_age


def parse_controls(
    headers: Mapping[str, object], body: Mapping[str, object] | None = None
) -> Controls:
    """The controls in ``headers`` (any mapping; names are matched case-insensitively)
    and in the LiteLLM ``cache`` object of ``body``, if given.

    Values that are not strings (e.g. the openai SDK's ``Omit`` marker) are skipped.
    Raises :class:`~semcache.InvalidRequestError` for an unknown ``x-semcache-*``
    header or a value that cannot be read.
    """
    values = _lowered(headers)
    for name, value in _from_body(body).items():
        joined = f"{values[name]}, {value}" if name == "cache-control" and name in values else None
        values[name] = joined or values.get(name, value)
    if "cache-control" not in values and "no-cache" in values.get("pragma", "").lower():
        values["cache-control"] = "no-cache"
    unknown = sorted(name for name in values if _is_control(name) and name not in CONTROL_HEADERS)
    if unknown:
        raise InvalidRequestError(
            f"unknown header {unknown[0]}; the request headers semcache reads are "
            f"{', '.join(sorted(CONTROL_HEADERS))}"
        )
    directives = _cache_control(values.get("cache-control", ""))
    no_cache = "no-cache" in directives or directives.get("max-age") == "0"
    return Controls(
        namespace=_namespace(values.get(PREFIX + "namespace")),
        bypass=_flag(values, PREFIX + "bypass"),
        refresh=_flag(values, PREFIX + "refresh"),
        ttl=_seconds(values.get(PREFIX + "ttl"), PREFIX + "ttl"),
        threshold=_threshold(values.get(PREFIX + "threshold")),
        judge=_judge(values.get(PREFIX + "judge")),
        context=_context(values.get(PREFIX + "context")),
        no_store="no-store" in directives,
        no_cache=no_cache,
        max_age=_max_age(directives.get("max-age")),
    )


def strip_controls(headers: Mapping[str, V]) -> dict[str, V]:
    """``headers`` without the ``x-semcache-*`` ones, to forward upstream."""
    return {name: value for name, value in headers.items() if not _is_control(name)}


def strip_body_controls(body: Mapping[str, V]) -> dict[str, V]:
    """``body`` without LiteLLM's ``cache`` controls object, to forward upstream."""
    return {
        name: value
        for name, value in body.items()
        if not (name == BODY_FIELD and isinstance(value, Mapping))
    }


def _from_body(body: Mapping[str, object] | None) -> dict[str, str]:
    """LiteLLM's ``cache`` object as the headers that mean the same."""
    given = body.get(BODY_FIELD) if body is not None else None
    if not isinstance(given, Mapping):
        return {}
    unknown = sorted(str(name) for name in given if name not in _BODY_KEYS)
    if unknown:
        raise InvalidRequestError(
            f"cache.{unknown[0]} is not a cache control; the body's cache object takes "
            f"{', '.join(sorted(_BODY_KEYS))}"
        )
    out: dict[str, str] = {}
    directives = [name for name in ("no-cache", "no-store") if _body_flag(given, name)]
    if "s-maxage" in given:
        directives.append(f"max-age={_body_seconds(given['s-maxage'], 's-maxage')}")
    if directives:
        out["cache-control"] = ", ".join(directives)
    if "ttl" in given:
        out[PREFIX + "ttl"] = str(_body_seconds(given["ttl"], "ttl"))
    if given.get("namespace") is not None:
        out[PREFIX + "namespace"] = str(given["namespace"])
    return out


def _body_flag(given: Mapping[str, object], name: str) -> bool:
    value = given.get(name, False)
    if not isinstance(value, bool):
        raise InvalidRequestError(f"cache.{name} must be true or false; got {value!r}")
    return value


def _body_seconds(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise InvalidRequestError(
            f"cache.{name} must be a number of seconds, e.g. 600; got {value!r}"
        )
    return int(value)


def _is_control(name: str) -> bool:
    return name.lower().startswith(PREFIX)


def _lowered(headers: Mapping[str, object]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in headers.items():
        if not isinstance(value, str):
            continue
        key = name.lower()
        if key in out and out[key] != value and key != "cache-control":
            raise InvalidRequestError(
                f"header {key} is given twice with different values "
                f"({out[key]!r} and {value!r}); send it once"
            )
        out[key] = f"{out[key]}, {value}" if key == "cache-control" and key in out else value
    return out


def _flag(values: Mapping[str, str], name: str) -> bool:
    raw = values.get(name)
    if raw is None:
        return False
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InvalidRequestError(f"{name} must be 1 or 0 (or true/false); got {raw!r}")


def _number(raw: str, name: str, expected: str) -> float:
    try:
        value = float(raw.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InvalidRequestError(f"{name} must be {expected}; got {raw!r}")
    return value


def _seconds(raw: str | None, name: str) -> float | None:
    if raw is None:
        return None
    expected = "a positive number of seconds, e.g. 3600"
    value = _number(raw, name, expected)
    if value <= 0:
        raise InvalidRequestError(f"{name} must be {expected}; got {raw!r}")
    return value


def _threshold(raw: str | None) -> float | None:
    if raw is None:
        return None
    name, expected = PREFIX + "threshold", "a number between 0 and 1, e.g. 0.9"
    value = _number(raw, name, expected)
    if not 0.0 <= value <= 1.0:
        raise InvalidRequestError(f"{name} must be {expected}; got {raw!r}")
    return value


def _judge(raw: str | None) -> bool:
    if raw is None:
        return True
    word = raw.strip().lower()
    if word in ("skip", *_FALSE):
        return False
    if word in ("auto", *_TRUE):
        return True
    raise InvalidRequestError(f"{PREFIX}judge must be skip or auto; got {raw!r}")


def _context(raw: str | None) -> str | None:
    if raw is None:
        return None
    word = raw.strip().lower()
    if word not in ("exact", "substance"):
        raise InvalidRequestError(f"{PREFIX}context must be exact or substance; got {raw!r}")
    return word


def _namespace(raw: str | None) -> str | None:
    if raw is None:
        return None
    value = raw.strip()
    if not value or len(value) > MAX_NAMESPACE or not value.isprintable():
        raise InvalidRequestError(
            f"{PREFIX}namespace must be 1 to {MAX_NAMESPACE} printable characters "
            f"(no control characters); got {raw[:140]!r}"
        )
    return value


def _cache_control(raw: str) -> dict[str, str]:
    """Directives of a Cache-Control value, lower-cased; unknown ones are kept and ignored."""
    directives: dict[str, str] = {}
    for item in raw.split(","):
        name, _, argument = item.strip().partition("=")
        if name:
            directives[name.strip().lower()] = argument.strip().strip('"')
    return directives


def _max_age(raw: str | None) -> float | None:
    if raw is None:
        return None
    if not raw.isdigit():
        raise InvalidRequestError(
            f"Cache-Control max-age must be a whole number of seconds, e.g. max-age=600; "
            f"got max-age={raw!r}"
        )
    return float(raw)
