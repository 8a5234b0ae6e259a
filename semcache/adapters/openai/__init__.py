"""Drop-in ``openai`` clients that answer from a :class:`~semcache.SemanticCache`.

Change one import line::

    from semcache.adapters.openai import OpenAI   # was: from openai import OpenAI

    client = OpenAI(cache=SemanticCache("./cache"))
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[...])
    reply.semcache    # {"status": "hit", "kind": "semantic", "similarity": 0.93, ...}

``chat.completions.create``, ``completions.create`` and ``responses.create`` (streamed
or not) and ``embeddings.create`` go through the cache; everything else is the SDK's
own client, unchanged.
Answers are the SDK's own types (``ChatCompletion``, ``ChatCompletionChunk``,
``Completion``, ``Response`` and its stream events) with an extra
``semcache`` field: ``status`` is ``"hit"`` (with ``kind``, ``similarity``,
``entry_id``, ``cached_at``), ``"miss"`` (with ``stored``) or ``"bypass"`` (with
``reason``). A streamed call returns a :class:`CachedStream` (an
:class:`AsyncCachedStream` on the async client), which iterates, closes and works
in ``with`` like the SDK's ``Stream``; its ``semcache`` attribute says the same.

A streamed miss is passed on chunk by chunk as it arrives and stored only if the
stream ends complete and successful: a consumer that stops early, or an upstream
that fails mid-stream, stores nothing. Upstream errors propagate unchanged and are
never cached. Per-call controls go in ``extra_headers`` (``x-semcache-bypass``,
``-refresh``, ``-ttl``, ``-threshold``, ``-namespace``, ``Cache-Control``; see
``docs/keys.md``), or in the client's ``default_headers`` for every call (a
call's own override them); they are removed before the request goes upstream.

``with_raw_response`` and ``with_streaming_response`` go through the cache too: the
raw response's ``.headers`` carry ``x-semcache`` (and on a hit ``x-semcache-kind``,
``-similarity``, ``-entry-id``; a hit makes no HTTP call) and ``.parse()`` gives the
same object as ``create`` (``.semcache`` included; a miss is stored when parsed).
``.parse()`` and ``.stream()`` helpers (structured outputs) pass through uncached.
``embeddings.create`` is an exact cache (vectors stored as bytes). Concurrent
identical calls wait for the one in flight (``cache_coalesce_timeout``, 5 s; 0: off)
and are served its answer (``.semcache["coalesced"]``). A fault inside the cache
never breaks a call: it is logged and the call goes upstream.
"""

from __future__ import annotations

from ._clients import AsyncOpenAI, OpenAI
from ._streams import AsyncCachedStream, CachedStream

__all__ = ["AsyncCachedStream", "AsyncOpenAI", "CachedStream", "OpenAI"]
