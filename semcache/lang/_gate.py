"""The language gate: which prompts the semantic tier may serve, and from which entries."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Collection, Sequence

from .._records import Candidate
from ._identify import UNDETERMINED, identify, languages_of

__all__ = [
    "DEFAULT_LANGUAGES",
    "LanguageGate",
    "language_gate",
    "model_languages",
    "treated_as",
]

#: What a model covers unless it says otherwise (an embedder's ``languages``).
DEFAULT_LANGUAGES = frozenset({"en"})
# What a text too short to identify is taken for when its letters are ASCII.
_PRIMARY = "en"


def treated_as(text: str, identify: Callable[[str], str] = identify) -> str:
    """The language a cache treats ``text`` as: its identified language, or for a
    text too short to tell, English (ASCII letters) or "und"."""
    found = identify(text)
    if found != UNDETERMINED:
        return found
    return _PRIMARY if all(c.isascii() for c in text if c.isalpha()) else UNDETERMINED


def model_languages(embedder: object) -> frozenset[str]:
    """The languages ``embedder`` declares it embeds well (its ``languages``
    attribute), or English only: a model that does not say is taken for an
    English one, like the checks written for it."""
    declared = getattr(embedder, "languages", None)
    return DEFAULT_LANGUAGES if declared is None else frozenset(declared)


class LanguageGate:
    """Decides, per prompt, whether the semantic tier may serve it, and from
    which candidates.

    A prompt whose language is not in ``covered`` gets the exact tier only: the
    model's vectors and the checks cannot tell its look-alikes apart. A covered
    prompt is only served a candidate cached in its own language: the cached
    answer is written in the cached prompt's language, rarely the one wanted by
    someone asking in another; that holds for a multilingual model too (the
    rejected alternative, cross-language hits there, would serve English answers
    to French questions). A text the identifier is unsure of may be in each of the
    languages it finds likely (:func:`semcache.lang.languages_of`: a short
    Portuguese prompt read as Italian is still served a Portuguese entry); two texts
    it is sure of in two languages are never alike. A text too short to identify
    ("dark mode") counts as English when its letters are ASCII, and as uncovered
    otherwise. Lookups are counted by language (``counts``). Thread-safe.

    Args:
        covered: the languages (ISO 639-1) served semantically.
        identify: text -> language code; default :func:`semcache.lang.identify`.
        candidates: text -> the languages it may be in; default
            :func:`semcache.lang.languages_of` with the default ``identify``, and
            ``identify``'s one language with another.
    """

    def __init__(
        self,
        covered: Collection[str],
        *,
        identify: Callable[[str], str] = identify,
        candidates: Callable[[str], Collection[str]] | None = None,
    ) -> None:
        self._covered = frozenset(covered)
        self._identify = identify
        if candidates is None:
            candidates = languages_of if identify is _identify_default else _one(identify)
        self._candidates = candidates
        self._counts: Counter[str] = Counter()
        self._lock = threading.Lock()

    @property
    def covered(self) -> frozenset[str]:
        """The languages served semantically."""
        return self._covered

    def language(self, text: str) -> str:
        """The language ``text`` is treated as: see :func:`treated_as`."""
        return treated_as(text, self._identify)

    def route(self, text: str) -> bool:
        """Count one lookup of ``text`` by its language; whether the semantic tier
        may serve it (False: the exact tier only)."""
        language = self.language(text)
        with self._lock:
            self._counts[language] += 1
        return bool(self._possible(text, language) & self._covered)

    def alike(self, text: str, candidates: Sequence[Candidate]) -> list[Candidate]:
        """The ``candidates`` whose cached prompt is (or may be) in a covered language
        ``text`` is (or may be) in, in order."""
        languages = self._possible(text, self.language(text)) & self._covered
        return [
            found
            for found in candidates
            if languages & self._possible(found[0].prompt, self.language(found[0].prompt))
        ]

    def _possible(self, text: str, language: str) -> frozenset[str]:
        if language in (_PRIMARY, UNDETERMINED):
            return frozenset({language})  # as language() reads it
        return frozenset(self._candidates(text)) | {language}

    def counts(self) -> dict[str, int]:
        """Lookups so far by language, most frequent first."""
        with self._lock:
            return dict(self._counts.most_common())

    def __repr__(self) -> str:
        return f"LanguageGate(covered={sorted(self._covered)})"


_identify_default = identify


def _one(identify: Callable[[str], str]) -> Callable[[str], Collection[str]]:
    return lambda text: (identify(text),)


def language_gate(embedder: object, checked: Collection[str]) -> LanguageGate:
    """The gate of a cache using ``embedder``: the languages it embeds well
    (:func:`model_languages`) that the checks also cover (English, and ``checked``:
    the cache passes ``semcache.verify.lang.LANGUAGES``; this package sits below the
    verifier, which identifies languages with it)."""
    return LanguageGate(model_languages(embedder) & (frozenset(checked) | {"en"}))
