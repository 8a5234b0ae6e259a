"""The requests answered lately by exact hits, kept so that the same request again is
served without being parsed, keyed or looked up.

A request is the same if it comes to the same path with the same body bytes, the
same tenant (the digest of its credentials) and the same cache controls (the
``x-semcache-*``, ``Cache-Control`` and ``Pragma`` headers): then its parse, its key
and its lookup would be the same. Whether the entry may still be served is the cache's
to say (:meth:`semcache.SemanticCache.repeat_hit`: removed, expired, or no longer
among the hot entries means a full lookup); what the request asked for (``max-age``)
is checked here again. Tenants never share an answer: the tenant is in the key.

Kept are answers whose bytes can be served again with a fresh identity (a
:class:`Template`: chat and completions, whole or streamed); the others are parsed and
looked up every time. Memory is bounded: at most ``DEFAULT_HOT_ANSWERS`` requests, each
body at most ``DEFAULT_HOT_BODY_BYTES``, and ``DEFAULT_HOT_ANSWER_BYTES`` of bodies and
answers in all, the oldest kept first out. Used on the event loop only.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from semcache import Hit, SemanticCache, wire

from ._json import dumps

__all__ = [
    "DEFAULT_HOT_ANSWERS",
    "DEFAULT_HOT_ANSWER_BYTES",
    "DEFAULT_HOT_BODY_BYTES",
    "HotAnswers",
    "Kept",
    "RenderKey",
    "Renderings",
    "RequestKey",
    "Template",
]

#: Requests kept.
DEFAULT_HOT_ANSWERS: Final = 1024
#: Larger bodies are not kept (they would hold their bytes twice over).
DEFAULT_HOT_BODY_BYTES: Final = 16 * 1024
#: The bodies and answer bytes kept, at most this in all.
DEFAULT_HOT_ANSWER_BYTES: Final = 16 * 1024 * 1024

#: (path, tenant, cache controls, body): what makes two requests the same.
RequestKey = tuple[str, str | None, tuple[tuple[bytes, bytes], ...], bytes]
#: (entry id, dialect, stream, include_usage): what one rendering of an entry depends on.
RenderKey = tuple[str, str, bool, bool]


@dataclass(frozen=True)
class Kept:
    """A request's parsed call, its exact hit and how it was served."""

    call: wire.Call
    hit: Hit
    served: Template
    size: int  # the body's and the answer's bytes


_CREATED = b'"created":'
#: The random part of a served ``id`` (``secrets.token_hex(12)``, as the dialects make it).
_ID_HEX = 24


@dataclass(frozen=True)
class Template:
    """An answer's bytes as served once, to serve again with a fresh ``id`` and
    ``created``: every occurrence of the served id (random, so found nowhere else)
    and of its ``"created":`` field is replaced. Made only where each ``"created":``
    in the bytes is the served one (:meth:`of`), so no other field can be rewritten."""

    content: bytes
    media_type: str
    id_: bytes  # the id as written, quoted
    created: bytes  # b'"created":<time>' as written

    @classmethod
    def of(cls, content: bytes, media_type: str, identity: Mapping[str, Any]) -> Template | None:
        """The template of ``content``, served with ``identity`` (its ``id`` and
        ``created``), or None if they cannot be told apart in it."""
        served_id, created = identity.get("id"), identity.get("created")
        if not isinstance(served_id, str) or len(served_id) <= _ID_HEX:
            return None
        if not isinstance(created, int) or isinstance(created, bool):
            return None
        id_, stamp = dumps(served_id), _CREATED + dumps(created)
        count = content.count(id_)
        if count == 0 or content.count(stamp) != count or content.count(_CREATED) != count:
            return None
        return cls(content, media_type, id_, stamp)

    def render(self) -> bytes:
        """The bytes with a fresh id (the same prefix) and the current time."""
        fresh = self.id_[: -_ID_HEX - 1] + secrets.token_hex(12).encode() + b'"'
        now = _CREATED + str(int(time.time())).encode()
        return self.content.replace(self.id_, fresh).replace(self.created, now)


class HotAnswers:
    """Exact hits by the request they answered (see the module): at most ``limit``
    requests, of bodies up to ``max_body_bytes``, and ``max_bytes`` of bodies and
    answer bytes in all (oldest kept first out)."""

    def __init__(
        self,
        limit: int = DEFAULT_HOT_ANSWERS,
        max_body_bytes: int = DEFAULT_HOT_BODY_BYTES,
        max_bytes: int = DEFAULT_HOT_ANSWER_BYTES,
    ) -> None:
        self._limit, self._max_body_bytes, self._max_bytes = limit, max_body_bytes, max_bytes
        self._kept: dict[RequestKey, Kept] = {}
        self._bytes = 0

    def keep(self, request: RequestKey, call: wire.Call, hit: Hit, served: Template | None) -> None:
        """Remember that ``call`` (parsed from ``request``) got the exact hit ``hit``,
        served as ``served``. Only an answer with a template is kept (its size is known:
        the bytes are all it holds beside the request)."""
        if hit.kind != "exact" or call.key is None or served is None:
            return
        size = len(request[3]) + len(served.content)
        if len(request[3]) > self._max_body_bytes or size > self._max_bytes:
            return
        self._forget(request)
        self._kept[request] = Kept(call, hit, served, size)
        self._bytes += size
        while len(self._kept) > self._limit or self._bytes > self._max_bytes:
            self._forget(next(iter(self._kept)))

    def again(self, cache: SemanticCache, request: RequestKey) -> Kept | None:
        """What was kept for ``request``, with a fresh exact hit, if it was answered
        lately and its entry may still be served; None: parse and look it up (and
        it is forgotten)."""
        found = self._kept.get(request)
        if found is None:
            return None
        key, hit = found.call.key, found.hit
        assert key is not None  # only keyed calls are kept
        fresh = found.call.controls.fresh_enough(hit.created_at, time.time())
        again = cache.repeat_hit(key, hit) if fresh else None
        if again is None:
            self._forget(request)
            return None
        return Kept(found.call, again, found.served, found.size)

    def __len__(self) -> int:
        return len(self._kept)

    def _forget(self, request: RequestKey) -> None:
        found = self._kept.pop(request, None)
        if found is not None:
            self._bytes -= found.size


class Renderings:
    """How entries were served lately, by entry and the form asked for (a
    :data:`RenderKey`), to serve any later hit on them from bytes: a semantic hit, or
    an exact one of another request, then costs no copy, encoding or replay of the
    answer. An entry's answer never changes (a new answer is a new entry), so its
    template stays right for as long as it is kept; whether the entry may still be
    served is the lookup's to say, every time. At most ``limit`` templates and
    ``max_bytes`` of their bytes, the oldest kept first out. Used on the event loop only.
    """

    def __init__(self, limit: int = DEFAULT_HOT_ANSWERS, max_bytes: int = DEFAULT_HOT_ANSWER_BYTES):
        self._limit, self._max_bytes = limit, max_bytes
        self._kept: dict[RenderKey, Template] = {}
        self._bytes = 0

    def get(self, key: RenderKey) -> Template | None:
        """The template kept for ``key``, if any."""
        return self._kept.get(key)

    def keep(self, key: RenderKey, template: Template | None) -> None:
        """Remember how ``key`` was served (nothing if it has no template)."""
        if template is None or len(template.content) > self._max_bytes:
            return
        self._forget(key)
        self._kept[key] = template
        self._bytes += len(template.content)
        while len(self._kept) > self._limit or self._bytes > self._max_bytes:
            self._forget(next(iter(self._kept)))

    def __len__(self) -> int:
        return len(self._kept)

    def _forget(self, key: RenderKey) -> None:
        found = self._kept.pop(key, None)
        if found is not None:
            self._bytes -= len(found.content)
