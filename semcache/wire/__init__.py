"""The wire layer: API requests and responses as the cache sees them.

One module per API dialect (:mod:`~semcache.wire.chat`,
:mod:`~semcache.wire.completions`, :mod:`~semcache.wire.responses`,
:mod:`~semcache.wire.messages` for Anthropic) turns a request body into a cache
:class:`~semcache.Key` and converts between a stored answer and the stream a
caller may ask for; :mod:`~semcache.wire.controls` reads the ``x-semcache-*``
headers; :mod:`~semcache.wire.exchange` is the fail-open lookup and store of one
call, shared by the proxy, the drop-in clients and the ``@cached`` decorator, and
:mod:`~semcache.wire.flight` lets concurrent identical calls wait for the one in
flight (single-flight); :mod:`~semcache.wire.context` reads a conversation's earlier
turns for ``context="substance"`` (the :class:`ConversationKey` the chat, responses
and messages dialects make).
Everything here works on JSON-level dicts, never on SDK types or HTTP.
"""

from __future__ import annotations

from .._config import MAX_NAMESPACE
from .._conversation import CONTEXT_MODES, Conversation, ConversationKey
from ._body import IGNORED_PARAMS
from .base import Dialect
from .chat import CHAT, ChatCompletions
from .completions import COMPLETIONS, Completions
from .controls import (
    BODY_FIELD,
    CONTROL_HEADERS,
    PREFIX,
    Controls,
    parse_controls,
    strip_body_controls,
    strip_controls,
)
from .embeddings import EMBEDDINGS, Embeddings
from .exchange import (
    Call,
    lookup,
    lookup_async,
    lookup_nowait,
    prepare,
    settle,
    store,
    usage_tokens,
)
from .flight import DEFAULT_COALESCE_TIMEOUT, Flights, Seat
from .messages import MESSAGES, Messages
from .responses import RESPONSES, Responses

__all__ = [
    "BODY_FIELD",
    "CHAT",
    "COMPLETIONS",
    "CONTEXT_MODES",
    "CONTROL_HEADERS",
    "DEFAULT_COALESCE_TIMEOUT",
    "EMBEDDINGS",
    "IGNORED_PARAMS",
    "MAX_NAMESPACE",
    "MESSAGES",
    "PREFIX",
    "RESPONSES",
    "Call",
    "ChatCompletions",
    "Completions",
    "Controls",
    "Conversation",
    "ConversationKey",
    "Dialect",
    "Embeddings",
    "Flights",
    "Messages",
    "Responses",
    "Seat",
    "lookup",
    "lookup_async",
    "lookup_nowait",
    "parse_controls",
    "prepare",
    "settle",
    "store",
    "strip_body_controls",
    "strip_controls",
    "usage_tokens",
]
