"""Conversations in substance: what an entry keeps of its conversation, and the check.

A chat request keyed with ``context="exact"`` has every earlier turn, byte for byte,
in its scope. With ``context="substance"`` the scope keeps only what must match
exactly (model, parameters, system prompt, tools, non-text parts), and the entry
keeps a compact record of its conversation: the earlier user turns' text. A
candidate is then served only if the two conversations agree in substance
(:class:`ContextCheck`). The dialects build the :class:`Conversation` of a request
(semcache.wire.context); this module is what the cache needs of it.

The record travels in the payload the cache already encodes (an envelope around the
response, unwrapped on every read), so the local store and Milvus carry it with no
schema change, and entries written in exact mode are read as before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from ._errors import ConfigError
from ._keys import normalize_text, scope_digest
from ._records import Candidate, Entry, Key

__all__ = [
    "CONTEXT_MODES",
    "DEFAULT_CONTEXT",
    "DEFAULT_CONTEXT_FLOOR",
    "DEFAULT_FINAL_FLOOR",
    "ContextCheck",
    "Conversation",
    "ConversationKey",
    "View",
    "check_context",
    "plain",
    "unwrap",
    "view",
    "wrap",
]

#: How the earlier turns of a conversation must match: "exact" (byte for byte, in
#: the scope) or "substance" (in entities, numbers and intent; see ContextCheck).
CONTEXT_MODES: Final = ("exact", "substance")
#: The mode a cache uses unless told otherwise (docs/quality.md, "Conversations").
DEFAULT_CONTEXT: Final = "exact"
#: Cosine similarity (higher is closer) two histories need before the verifier's
#: checks run on them (tuned on benchmarks/data/multiturn_dev.jsonl).
DEFAULT_CONTEXT_FLOOR: Final = 0.75
#: Cosine similarity the two final user turns need on their own (tuned likewise).
DEFAULT_FINAL_FLOOR: Final = 0.7

_ENVELOPE: Final = frozenset({"semcache.context", "semcache.response"})


def check_context(value: object, name: str = "context") -> str:
    """``value`` as a context mode, or ConfigError naming it and the choices."""
    if value not in CONTEXT_MODES:
        raise ConfigError(f"{name} must be one of {', '.join(CONTEXT_MODES)}; got {value!r}")
    return str(value)


@dataclass(frozen=True, slots=True)
class Conversation:
    """The substance view of a conversation request.

    ``scope`` is the digest of what must still match exactly, ``text`` what is
    embedded (the final user turn, with the previous user turn before it when the
    final one leans on it), ``final`` the final user turn (what the verifier
    compares), ``history`` the earlier user turns that carry content
    (small talk left out), ``needs`` whether the answer depends on them: a final turn
    that refers back ("it", "the second step", "why?") or a history that states facts
    or standing instructions. A conversation that does not need its history is
    matched like a single question.
    """

    scope: str
    text: str
    final: str
    history: tuple[str, ...]
    needs: bool

    @property
    def digest(self) -> str:
        """What the exact tier adds to the scope: the normalized history, if needed."""
        if not self.needs:
            return ""
        return scope_digest("\n".join(normalize_text(turn) for turn in self.history))


@dataclass(frozen=True, slots=True)
class ConversationKey(Key):
    """A :class:`~semcache.Key` of a conversation: ``scope`` and ``text`` are the exact
    view (every earlier turn in the scope), ``conversation`` the substance view."""

    conversation: Conversation


@dataclass(frozen=True, slots=True)
class View:
    """A key as one lookup or insert uses it in its context mode.

    ``key`` holds the bucket (``scope``) and the text to embed; ``exact_scope`` is
    what the exact tier hashes with the text (the scope, plus the normalized history
    when the answer depends on it); ``final`` is what the verifier compares (the
    final user turn; ``key.text`` without a conversation).
    """

    key: Key
    exact_scope: str
    final: str
    history: tuple[str, ...] = ()
    needs: bool = False

    @property
    def checked(self) -> tuple[str, ...]:
        """The texts a later check of an entry stored under this view compares (its
        final turn and its joined history), to embed with ``key.text`` in one run."""
        return (self.final, _joined(self.history)) if self.needs else ()

    @property
    def record(self) -> dict[str, Any] | None:
        """What an entry stored under this view keeps of its conversation."""
        return {"history": list(self.history), "final": self.final} if self.needs else None


def view(key: Key, mode: str) -> View:
    """``key`` as ``mode`` ("exact" or "substance") uses it: a conversation key in
    substance mode is looked up under its substance view, anything else as it is."""
    talk = key.conversation if isinstance(key, ConversationKey) else None
    if mode != "substance" or talk is None:
        return View(key, key.scope, key.text)
    digest = talk.digest
    exact = f"{talk.scope}/{digest}" if digest else talk.scope
    substance = Key(key.namespace, talk.scope, talk.text)
    return View(substance, exact, talk.final, talk.history, talk.needs)


def wrap(response: Any, record: Mapping[str, Any] | None) -> Any:
    """The response as stored: in an envelope with ``record`` when there is one (or
    when it already looks like an envelope, so that reading it back is unambiguous)."""
    if record is None and not _enveloped(response):
        return response
    return {
        "semcache.context": None if record is None else dict(record),
        "semcache.response": response,
    }


def unwrap(response: Any) -> tuple[Any, Mapping[str, Any] | None]:
    """(the caller's response, the conversation record or None) of a stored response."""
    if not _enveloped(response):
        return response, None
    record = response["semcache.context"]
    return response["semcache.response"], record if isinstance(record, Mapping) else None


def plain(entry: Entry) -> Entry:
    """``entry`` with its stored envelope, if any, unwrapped: the caller's response,
    and the final user turn as the prompt (what was embedded had context before it)."""
    if not _enveloped(entry.response):
        return entry
    response, record = unwrap(entry.response)
    final = None if record is None else record.get("final")
    prompt = final if isinstance(final, str) and final.strip() else entry.prompt
    return dataclasses.replace(entry, response=response, prompt=prompt)


def _enveloped(response: Any) -> bool:
    return isinstance(response, dict) and response.keys() == _ENVELOPE


Embed = Callable[[Sequence[str]], np.ndarray]
Choose = Callable[[str, Sequence[tuple[Entry, float]], float], Any]


class ContextCheck:
    """Which cached entry, if any, answers a lookup in its conversation.

    Two conversations agree when neither needs its history (a self-contained
    question after unrelated turns), or when both have one and their earlier user
    turns, joined, are as close as ``floor`` (cosine, higher is closer) and pass the
    verifier as two prompts would: the same entities, numbers and intent, in other
    words if need be. Identical histories (after normalization) agree at once.

    A lookup with a history is then served the closest agreeing candidate only if
    its similarity (of the texts embedded with their context) reaches the threshold
    *and* the two final user turns pass the verifier at their own similarity, which
    must reach ``final_floor``: a shared history makes "When was she born?" and
    "When did she die?" look alike, their own vectors do not. A lookup without a
    history is decided by the verifier as before. Vectors come from the cache's
    memo, so a text is embedded once. Thread-safe (holds no state of its own).
    """

    def __init__(
        self,
        embed: Embed,
        choose: Choose,
        *,
        floor: float = DEFAULT_CONTEXT_FLOOR,
        final_floor: float = DEFAULT_FINAL_FLOOR,
    ) -> None:
        self._embed = embed
        self._choose = choose
        self._floor = floor
        self._final_floor = final_floor

    def choose(
        self, lookup: View, candidates: Sequence[Candidate], threshold: float
    ) -> Candidate | None:
        """The candidate to serve for ``lookup`` (as :meth:`admit` shows it), or None."""
        if not lookup.history:  # no conversation: the verifier decides, as before
            chosen: Candidate | None = self._choose(
                lookup.final, self.admit(lookup, candidates), threshold
            )
            return chosen
        for entry, similarity in candidates:
            if similarity < threshold:
                return None
            record = unwrap(entry.response)[1]
            entry = plain(entry)
            self._embed(_compared(lookup, entry, record))  # one model run for the checks
            if self.agrees(lookup.history, lookup.needs, record):  # the closest decides
                return self._final(lookup, entry, similarity, record is not None)
        return None

    def _final(
        self, lookup: View, entry: Entry, similarity: float, context: bool
    ) -> Candidate | None:
        """``(entry, similarity)`` if the two final turns pass the verifier on their own."""
        own = similarity  # both embedded as the final turn alone: the same similarity
        if normalize_text(lookup.final) == normalize_text(entry.prompt):
            own = 1.0
        elif context or lookup.key.text != lookup.final:
            own = self._similarity(lookup.final, entry.prompt)
        floor = min(self._final_floor, similarity)
        chosen = self._choose(lookup.final, [(entry, own)], floor)
        return None if chosen is None else (entry, similarity)

    def admit(self, lookup: View, candidates: Sequence[Candidate]) -> list[Candidate]:
        """The candidates whose conversation agrees with ``lookup``'s, closest first,
        each as the verifier and the caller see it: the stored envelope unwrapped
        and, for an entry of a conversation, its final user turn as the prompt."""
        admitted = []
        for entry, similarity in candidates:
            record = unwrap(entry.response)[1]
            if self.agrees(lookup.history, lookup.needs, record):
                admitted.append((plain(entry), similarity))
        return admitted

    def agrees(self, query: Sequence[str], needs: bool, record: Mapping[str, Any] | None) -> bool:
        """Whether the lookup's history ``query`` (``needs``: whether its final turn
        depends on it) agrees with an entry's ``record`` (None: it needs none)."""
        cached = _history(record)
        if not needs and cached is None:
            return True
        if not query or not cached:
            return False
        ours, theirs = _joined(query), _joined(cached)
        if normalize_text(ours) == normalize_text(theirs):
            return True
        similarity = self._similarity(ours, theirs)
        if similarity < self._floor:
            return False
        return self._choose(ours, [(_probe(theirs), similarity)], self._floor) is not None

    def _similarity(self, a: str, b: str) -> float:
        vectors = self._embed([a, b])
        return float(np.dot(vectors[0], vectors[1]))


def _compared(lookup: View, entry: Entry, record: Mapping[str, Any] | None) -> list[str]:
    """The texts the checks of ``entry`` against ``lookup`` will embed (only those:
    identical texts, and texts embedded as they were searched, are not)."""
    texts = []
    cached = _history(record)
    if cached and lookup.history:
        ours, theirs = _joined(lookup.history), _joined(cached)
        if normalize_text(ours) != normalize_text(theirs):
            texts += [ours, theirs]
    contextual = record is not None or lookup.key.text != lookup.final
    if contextual and normalize_text(lookup.final) != normalize_text(entry.prompt):
        texts += [lookup.final, entry.prompt]
    return texts


def _probe(prompt: str) -> Entry:
    """An entry holding ``prompt``, to ask the verifier about two texts."""
    return Entry(
        id="semcache.context", namespace="", scope="", prompt=prompt, response=None,
        created_at=0.0, accessed_at=0.0,
    )  # fmt: skip


def _history(record: Mapping[str, Any] | None) -> tuple[str, ...] | None:
    turns = None if record is None else record.get("history")
    if not isinstance(turns, list):
        return None
    return tuple(turn for turn in turns if isinstance(turn, str))


def _joined(turns: Sequence[str]) -> str:
    return "\n".join(turns)
