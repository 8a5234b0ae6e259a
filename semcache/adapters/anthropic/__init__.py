"""Drop-in ``anthropic`` clients that answer from a :class:`~semcache.SemanticCache`.

Change one import line (needs the ``semcache[anthropic]`` extra)::

    from semcache.adapters.anthropic import Anthropic   # was: from anthropic import Anthropic

    client = Anthropic(cache=SemanticCache("./cache"))
    reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[...])
    reply.semcache    # {"status": "hit", "kind": "semantic", "similarity": 0.93, ...}

``messages.create`` (streamed or not) goes through the cache; everything else is the
SDK's own client, unchanged. Answers are the SDK's own types (``Message`` and its
stream events) with an extra ``semcache`` field, as in
:mod:`semcache.adapters.openai`: ``"hit"``, ``"miss"`` (with ``stored``) or
``"bypass"`` (with ``reason``). A streamed call returns a
:class:`~semcache.adapters.openai.CachedStream` (async:
:class:`~semcache.adapters.openai.AsyncCachedStream`). Per-call controls go in
``extra_headers`` (the ``x-semcache-*`` headers and ``Cache-Control``); they are
removed before the request goes upstream. ``with_raw_response`` and
``with_streaming_response`` go through the cache (``x-semcache`` on ``.headers``,
``.parse()`` as ``create``); ``messages.stream()`` passes through uncached. Concurrent
identical calls wait for the one in flight (``cache_coalesce_timeout``). A fault
inside the cache never breaks a call; upstream errors are never cached.
"""

from __future__ import annotations

try:
    import anthropic as _anthropic  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "semcache.adapters.anthropic needs the anthropic SDK: pip install 'semcache[anthropic]'"
    ) from exc

from ._clients import Anthropic, AsyncAnthropic

__all__ = ["Anthropic", "AsyncAnthropic"]
