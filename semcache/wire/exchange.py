"""The exchange: the cache's part in one call, shared by its three faces.

The proxy, the drop-in clients and the ``@cached`` decorator each turn their
input into a :class:`Call` (:func:`prepare` for an API request body), then ask
:func:`lookup` for a fresh, complete cached answer and hand an upstream answer
to :func:`store`. Both fail open: a fault inside the cache is logged and becomes
a miss (or an answer not stored), never an error to the caller. Both block on CPU
work (embedding), so async faces run them in a worker thread, or await
:func:`lookup_async`, which runs on the loop what does not wait.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .._errors import InvalidRequestError
from .._records import Hit, Key
from ._body import checking_once
from .controls import Controls, strip_body_controls
from .embeddings import Embeddings

if TYPE_CHECKING:
    from .._cache import RunSync, SemanticCache
    from .base import Dialect
    from .flight import Seat

__all__ = [
    "Call",
    "lookup",
    "lookup_async",
    "lookup_nowait",
    "prepare",
    "settle",
    "store",
    "usage_tokens",
]

_log = logging.getLogger("semcache")


@dataclass(frozen=True, slots=True)
class Call:
    """One call as the cache sees it: its key, its controls, and its dialect.

    ``key`` is None when the cache is skipped; ``reason`` then says why.
    ``dialect`` is None for answers of no API dialect (the decorator's results):
    any JSON value is then a complete answer.
    """

    key: Key | None
    controls: Controls = field(default_factory=Controls)
    dialect: Dialect | None = None
    body: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None

    @property
    def reads(self) -> bool:
        """Whether a cached answer may be served."""
        return self.key is not None and self.controls.read

    @property
    def writes(self) -> bool:
        """Whether a new answer may be stored."""
        return self.key is not None and self.controls.write

    @property
    def stream(self) -> bool:
        """Whether the caller asked for a stream."""
        return self.body.get("stream") is True

    @property
    def include_usage(self) -> bool:
        """Whether the caller asked for a usage chunk at the end of a stream."""
        options = self.body.get("stream_options")
        return isinstance(options, Mapping) and options.get("include_usage") is True

    def complete(self, response: object, *, allow_length: bool = True) -> bool:
        """Whether ``response`` is a complete, successful answer of this call's dialect."""
        if self.dialect is None:
            return True
        return self.dialect.is_complete(response, allow_length=allow_length)


def prepare(
    dialect: Dialect,
    body: Mapping[str, Any],
    controls: Controls,
    *,
    namespace: str,
    cache_sampled_n: bool = False,
) -> Call:
    """Key one API request body under ``namespace``, as its controls allow.

    LiteLLM's ``cache`` controls object is left out of the key and of ``Call.body``
    (read it with ``parse_controls(headers, body)``).

    A call whose controls neither read nor write is not keyed at all. Raises
    :class:`~semcache.InvalidRequestError` naming the field for a malformed body;
    a valid body that must not be cached (no user turn, ``echo``, sampled ``n``)
    gets ``key=None`` and its reason.
    """
    if not (controls.read or controls.write):
        why = "x-semcache-bypass" if controls.bypass else "Cache-Control: no-store, no-cache"
        return Call(None, controls, dialect, body, why)
    body = strip_body_controls(body)  # LiteLLM's cache object: read into controls
    with checking_once():  # key() does not walk the body bypass_reason() checked again
        reason = dialect.bypass_reason(body, cache_sampled_n=cache_sampled_n)
        if reason is not None:
            return Call(None, controls, dialect, body, reason)
        return Call(dialect.key(body, namespace=namespace), controls, dialect, body)


def lookup(cache: SemanticCache, call: Call) -> Hit | None:
    """The cached answer for ``call``: fresh enough for its ``max-age`` and complete
    for its dialect, or None. Never raises: a fault inside the cache is a miss."""
    if not call.reads or call.key is None:
        return None
    try:
        hit = cache.lookup(
            call.key,
            threshold=call.controls.threshold,
            judge=call.controls.judge,
            context=call.controls.context,
        )
    except Exception:  # fail open: a broken cache is a miss, never a failed call
        _log.warning("semcache: cache lookup failed; treating it as a miss", exc_info=True)
        return None
    return _servable(call, hit)


async def lookup_async(
    cache: SemanticCache, call: Call, run_sync: RunSync | None = None
) -> Hit | None:
    """:func:`lookup` for a caller on an asyncio event loop (``SemanticCache.lookup_async``:
    the embedding awaited, no worker thread where nothing waits; ``run_sync`` runs
    what could block on a worker thread). Never raises."""
    if not call.reads or call.key is None:
        return None
    try:
        hit = await cache.lookup_async(
            call.key,
            threshold=call.controls.threshold,
            judge=call.controls.judge,
            context=call.controls.context,
            run_sync=run_sync,
        )
    except Exception:  # fail open: a broken cache is a miss, never a failed call
        _log.warning("semcache: cache lookup failed; treating it as a miss", exc_info=True)
        return None
    return _servable(call, hit)


def _servable(call: Call, hit: Hit | None) -> Hit | None:
    """``hit`` if it is fresh enough for the call's ``max-age`` and complete."""
    if hit is None or not call.controls.fresh_enough(hit.created_at, time.time()):
        return None
    if not call.complete(hit.response):
        _log.warning("semcache: entry %s is not a complete %s answer", hit.entry_id, _of(call))
        return None
    return hit


def lookup_nowait(cache: SemanticCache, call: Call) -> tuple[bool, Hit | None]:
    """:func:`lookup`'s answer if the cache can give it at once (an exact hit, see
    ``SemanticCache.lookup_nowait``): ``(True, hit or None)``; else ``(False, None)``,
    and :func:`lookup` (on a worker thread) decides. For event loops; never raises."""
    if not call.reads or call.key is None:
        return True, None
    hit = cache.lookup_nowait(call.key, context=call.controls.context)
    if hit is None:
        return False, None
    if not call.controls.fresh_enough(hit.created_at, time.time()):
        return True, None
    if not call.complete(hit.response):
        _log.warning("semcache: entry %s is not a complete %s answer", hit.entry_id, _of(call))
        return True, None
    return True, hit


def store(
    cache: SemanticCache,
    call: Call,
    response: Any,
    *,
    allow_length: bool = True,
    encoded: bytes | str | None = None,
) -> bool:
    """Store ``response`` if the call may write and it is complete (``allow_length``:
    a ``length``-truncated answer counts); returns whether it was stored. Never
    raises: a fault inside the cache is logged. ``encoded``: as for
    ``SemanticCache.insert``."""
    if not call.writes or call.key is None:
        return False
    if not call.complete(response, allow_length=allow_length):
        return False
    tokens = usage_tokens(response)
    if isinstance(call.dialect, Embeddings):  # vectors as bytes, not JSON floats
        response, encoded = call.dialect.pack(response), None
    try:
        cache.insert(
            call.key,
            response,
            ttl=call.controls.ttl,
            cost=None if tokens is None else float(tokens),
            context=call.controls.context,
            encoded=encoded,
        )
    except InvalidRequestError as exc:  # not JSON, or larger than max_bytes
        _log.warning("semcache: answer is not JSON or over max_bytes; not cached: %s", exc)
        return False
    except Exception:
        _log.warning("semcache: could not store an answer; it was still served", exc_info=True)
        return False
    return True


def settle(
    cache: SemanticCache, call: Call, seat: Seat, response: Any, *, allow_length: bool = True
) -> bool:
    """The leader's answer: hand it to the calls waiting for it if it is complete,
    store it, then leave the flight (so that calls arriving meanwhile are served too).
    Returns whether it was stored; never raises for a fault inside the cache."""
    try:
        if call.complete(response, allow_length=allow_length):
            seat.publish(response)
        return store(cache, call, response, allow_length=allow_length)
    finally:
        seat.leave()


def usage_tokens(response: object) -> int | None:
    """``usage.total_tokens`` of an answer (Anthropic: input plus output tokens) if it
    is a positive whole number, else None."""
    usage = response.get("usage") if isinstance(response, Mapping) else None
    if not isinstance(usage, Mapping):
        return None
    tokens = usage.get("total_tokens")
    if tokens is None:
        parts = [usage.get("input_tokens"), usage.get("output_tokens")]
        counts = [part for part in parts if isinstance(part, int) and _count(part)]
        tokens = sum(counts) if len(counts) == len(parts) else None
    return tokens if isinstance(tokens, int) and _count(tokens) and tokens > 0 else None


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _of(call: Call) -> str:
    return call.dialect.name if call.dialect is not None else "stored"
