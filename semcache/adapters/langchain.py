"""A LangChain cache backed by a :class:`~semcache.SemanticCache`.

Needs the ``semcache[langchain]`` extra (langchain-core)::

    from langchain_core.globals import set_llm_cache
    from semcache import SemanticCache
    from semcache.adapters.langchain import LangChainCache

    set_llm_cache(LangChainCache(SemanticCache("./cache")))

Every LangChain chat model and LLM then answers a repeated or reworded prompt from
the cache. The key follows the rest of semcache: the ``llm_string`` LangChain
passes (model, temperature, stop words and every other invocation parameter) and
the conversation before the last human message go into the scope, which must
match exactly; the last human message's text (an LLM's whole prompt) is what is
embedded and matched semantically. Generations are stored as JSON (messages in
langchain-core's own serialization, read back with ``allowed_objects="messages"``),
never pickled. A fault inside the cache is logged and becomes a miss.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

try:
    from langchain_core.caches import RETURN_VAL_TYPE, BaseCache
    from langchain_core.load import dumpd, loads
    from langchain_core.messages import BaseMessage
    from langchain_core.outputs import ChatGeneration, Generation
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "semcache.adapters.langchain needs langchain-core: pip install 'semcache[langchain]'"
    ) from exc

import anyio.to_thread

from .. import wire
from .._cache import SemanticCache
from .._config import MAX_NAMESPACE, check_threshold, check_ttl
from .._errors import ConfigError
from .._keys import scope_digest
from .._records import Key

__all__ = ["LangChainCache"]

#: Bumped when the stored form of generations changes (old entries then miss).
_FORMAT = 1


class LangChainCache(BaseCache):
    """langchain-core's ``BaseCache`` over a :class:`~semcache.SemanticCache`.

    Args:
        cache: the SemanticCache to read and fill (the caller keeps and closes it).
        namespace: the namespace of these entries; :meth:`clear` empties only it.
        threshold: similarity a semantic hit needs (None: the cache's own).
        ttl: seconds an entry lives (None: the cache's default).

    Thread-safe as far as the cache is; the async methods run the cache on a
    worker thread (embedding is CPU work).
    """

    def __init__(
        self,
        cache: SemanticCache,
        *,
        namespace: str = "default",
        threshold: float | None = None,
        ttl: float | None = None,
    ) -> None:
        if not isinstance(namespace, str) or not 1 <= len(namespace) <= MAX_NAMESPACE:
            raise ConfigError(
                f"namespace must be a string of 1 to {MAX_NAMESPACE} characters; got {namespace!r}"
            )
        self._cache = cache
        self._namespace = namespace
        threshold = None if threshold is None else check_threshold(threshold)
        self._controls = wire.Controls(ttl=check_ttl(ttl), threshold=threshold)

    def lookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        """The cached generations for ``prompt`` under ``llm_string``, or None."""
        hit = wire.lookup(self._cache, self._call(prompt, llm_string))
        return None if hit is None else _generations(hit.response)

    def update(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        """Store ``return_val`` for ``prompt`` under ``llm_string`` (never raises)."""
        stored = _stored(return_val)
        if stored is not None:
            wire.store(self._cache, self._call(prompt, llm_string), stored)

    def clear(self, **kwargs: Any) -> None:
        """Remove every entry of this cache's namespace."""
        self._cache.clear(namespace=self._namespace)

    async def alookup(self, prompt: str, llm_string: str) -> RETURN_VAL_TYPE | None:
        """:meth:`lookup` on a worker thread."""
        return await anyio.to_thread.run_sync(self.lookup, prompt, llm_string)

    async def aupdate(self, prompt: str, llm_string: str, return_val: RETURN_VAL_TYPE) -> None:
        """:meth:`update` on a worker thread."""
        await anyio.to_thread.run_sync(self.update, prompt, llm_string, return_val)

    async def aclear(self, **kwargs: Any) -> None:
        """:meth:`clear` on a worker thread."""
        await anyio.to_thread.run_sync(self.clear)

    def _call(self, prompt: str, llm_string: str) -> wire.Call:
        text, context = split_prompt(prompt)
        scope = json.dumps(
            {"langchain": _FORMAT, "llm": llm_string, "context": context},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return wire.Call(Key(self._namespace, scope_digest(scope), text), self._controls)


def split_prompt(prompt: str) -> tuple[str, Any]:
    """The text to embed and the context that must match exactly.

    A chat model's prompt is its messages in langchain-core's JSON: the last human
    message's text is embedded; every other message (and any non-text part of the
    last human one) is context. Any other prompt is embedded whole.
    """
    messages = _messages(prompt)
    last = _last_human(messages) if messages is not None else None
    if messages is None or last is None:
        return prompt, None
    kwargs = messages[last]["kwargs"]
    text, parts = _content(kwargs.get("content"))
    if not text.strip():
        return prompt, None
    human = {k: v for k, v in kwargs.items() if k != "content"}
    return text, {"before": messages[:last], "human": [human, parts], "after": messages[last + 1 :]}


def _messages(prompt: str) -> list[dict[str, Any]] | None:
    if not prompt.startswith("["):
        return None
    try:
        parsed = json.loads(prompt)
    except ValueError:
        return None
    if not isinstance(parsed, list) or not all(_is_message(item) for item in parsed):
        return None
    return parsed


def _is_message(item: object) -> bool:
    return (
        isinstance(item, dict)
        and item.get("lc") == 1
        and isinstance(item.get("kwargs"), dict)
        and isinstance(item["kwargs"].get("type"), str)
    )


def _last_human(messages: Sequence[Mapping[str, Any]]) -> int | None:
    humans = [i for i, message in enumerate(messages) if message["kwargs"]["type"] == "human"]
    return humans[-1] if humans else None


def _content(content: object) -> tuple[str, list[Any]]:
    """The text of a message's content and its other parts (images, files)."""
    if isinstance(content, str):
        return content, []
    if not isinstance(content, list):
        return "", [content]
    texts, others = [], []
    for part in content:
        if isinstance(part, str):
            texts.append(part)
        elif isinstance(part, dict) and part.get("type") == "text" and "text" in part:
            texts.append(str(part["text"]))
            others.append({k: v for k, v in part.items() if k not in ("type", "text")})
        else:
            others.append(part)
    return "\n".join(texts), others


# -- generations <-> stored JSON ------------------------------------------------------


def _stored(generations: RETURN_VAL_TYPE) -> dict[str, Any] | None:
    """Generations as compact JSON: a chat generation is its message (which holds the
    text), a plain one its text; None when one is neither (not cached)."""
    items: list[dict[str, Any]] = []
    for generation in generations:
        info = generation.generation_info
        if isinstance(generation, ChatGeneration):
            items.append({"message": dumpd(generation.message), "info": info})
        elif type(generation) is Generation:
            items.append({"text": generation.text, "info": info})
        else:
            return None
    return {"format": _FORMAT, "generations": items}


def _generations(stored: object) -> list[Generation] | None:
    """Stored JSON back as generations; None (a miss) for anything else."""
    if not isinstance(stored, dict) or stored.get("format") != _FORMAT:
        return None
    out: list[Generation] = []
    for item in stored.get("generations") or []:
        if "message" in item:
            message = _message(item["message"])
            if message is None:
                return None
            out.append(ChatGeneration(message=message, generation_info=item.get("info")))
        else:
            out.append(Generation(text=str(item.get("text", "")), generation_info=item.get("info")))
    return out or None


def _message(data: object) -> BaseMessage | None:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*`loads` is in beta")
        try:
            message = loads(json.dumps(data), allowed_objects="messages")
        except (TypeError, ValueError, KeyError):
            return None
    return message if isinstance(message, BaseMessage) else None
