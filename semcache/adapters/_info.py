"""What a drop-in client's answers say about the cache (their ``.semcache``),
shared by the OpenAI and Anthropic clients: nothing here knows an SDK."""

from __future__ import annotations

import logging
import time
from typing import Any

from .. import wire
from .._records import Hit

__all__ = ["annotate", "coalesced_info", "hit_info", "miss_info"]

_log = logging.getLogger("semcache")


def hit_info(hit: Hit) -> dict[str, Any]:
    """What ``.semcache`` says about a hit."""
    return {
        "status": "hit",
        "kind": hit.kind,
        "similarity": hit.similarity,
        "entry_id": hit.entry_id,
        "cached_at": hit.created_at,
    }


def coalesced_info() -> dict[str, Any]:
    """What ``.semcache`` says about an answer shared by an identical call in flight
    (single-flight): an exact hit on an answer that may not be stored yet."""
    return {
        "status": "hit",
        "kind": "exact",
        "similarity": 1.0,
        "entry_id": None,
        "cached_at": time.time(),
        "coalesced": True,
    }


def miss_info(call: wire.Call, stored: bool = False) -> dict[str, Any]:
    """What ``.semcache`` says about an upstream answer (a miss or a bypass)."""
    if call.key is None:
        return {"status": "bypass", "reason": call.reason}
    info: dict[str, Any] = {"status": "miss", "stored": stored}
    if not call.controls.read:
        info["reason"] = "refresh"
    return info


def annotate(obj: Any, info: dict[str, Any]) -> Any:
    """Attach ``info`` as the ``semcache`` attribute (SDK models allow extra fields)."""
    try:
        obj.semcache = info
    except (AttributeError, TypeError, ValueError):  # not a model of ours to annotate
        _log.debug("semcache: could not annotate %s", type(obj).__name__)
    return obj
