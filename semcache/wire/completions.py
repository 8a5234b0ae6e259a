"""``POST /v1/completions``: the legacy completions dialect.

The text is the prompt (one string, or a list of exactly one); the scope is the
model and every parameter not in ``IGNORED_PARAMS``. Batches, token-id prompts and
``echo`` are valid but not cached.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .._errors import InvalidRequestError
from .._records import Key
from . import _stream
from ._body import SAMPLED_N, check_body, describe, digest, is_sampled_n, split_body

__all__ = ["COMPLETIONS", "Completions"]


class Completions:
    """The legacy ``text_completion`` dialect (see :class:`~semcache.wire.Dialect`)."""

    name = "completion"
    #: Streams are ``data:`` chunks ended by ``data: [DONE]``.
    typed_events = False

    def key(self, body: Mapping[str, Any], *, namespace: str) -> Key:
        """The cache key: the prompt as text, model and parameters as scope."""
        model, params = split_body(body, "prompt")
        text = _prompt_text(body)
        if text is None:
            raise InvalidRequestError(
                "prompt must be one string (or a list of exactly one string) to be cached; "
                f"got {describe(body.get('prompt'))}"
            )
        if not text.strip():
            raise InvalidRequestError(
                "prompt has no text to embed; a request is cached under its text "
                "(send it with x-semcache-bypass: 1, or add text)"
            )
        scope = {"endpoint": "completion", "model": model, "params": params}
        return Key(namespace, digest(scope), text)

    def bypass_reason(
        self, body: Mapping[str, Any], *, cache_sampled_n: bool = False
    ) -> str | None:
        """A batch or token-id prompt, no text, ``echo``, or sampled ``n > 1``."""
        check_body(body, "prompt")  # as key() checks it, without building the scope
        text = _prompt_text(body)
        if text is None:
            return f"prompt is {describe(body.get('prompt'))}, not one string"
        if not text.strip():
            return "the prompt has no text to embed"
        if body.get("echo"):
            return "echo=true returns the prompt itself in the answer"
        return SAMPLED_N if not cache_sampled_n and is_sampled_n(body) else None

    def is_complete(self, response: object, *, allow_length: bool = True) -> bool:
        """Every choice has its text and a successful ``finish_reason``."""
        return _stream.is_complete(response, answer_field="text", allow_length=allow_length)

    def assemble(self, chunks: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
        """One ``text_completion`` from its stream: texts joined per choice."""
        return _stream.assemble(
            chunks, object_name="text_completion", delta_into=None, finish=_finish_choice
        )

    def replay(
        self,
        response: Mapping[str, Any],
        *,
        include_usage: bool = False,
        words_per_chunk: int = _stream.DEFAULT_WORDS_PER_CHUNK,
    ) -> list[dict[str, Any]]:
        """A stored answer as chunks: the text a few words at a time, then the finish."""
        return _stream.replay(
            response,
            id_prefix="cmpl-",
            chunk_object="text_completion",
            pieces=_pieces,
            include_usage=include_usage,
            words_per_chunk=words_per_chunk,
        )

    def refresh(self, response: Mapping[str, Any]) -> dict[str, Any]:
        """A copy with a fresh ``id`` and ``created``."""
        return {**_stream.copy(response), **_stream.identity("cmpl-")}


COMPLETIONS = Completions()


def _prompt_text(body: Mapping[str, Any]) -> str | None:
    prompt = body.get("prompt")
    if isinstance(prompt, str):
        return prompt
    if isinstance(prompt, list | tuple) and len(prompt) == 1 and isinstance(prompt[0], str):
        return prompt[0]
    return None


def _finish_choice(state: dict[str, Any]) -> dict[str, Any]:
    return {"text": "", **state}


def _pieces(choice: Mapping[str, Any], words: int) -> list[dict[str, Any]]:
    end = {"logprobs": choice.get("logprobs"), "finish_reason": choice.get("finish_reason")}
    texts = _stream.split_words(choice.get("text") or "", words)
    return [{"text": text, "logprobs": None, "finish_reason": None} for text in texts] + [
        {"text": "", **end}
    ]
