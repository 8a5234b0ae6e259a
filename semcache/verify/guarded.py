"""The default verifier: a cosine threshold, then lexical guards, then alignment checks.

Embeddings blur exactly the words that change an answer: "enable" and
"disable", "2018" and "2022", "France" and "Germany", "Celsius to Fahrenheit"
and back. The guards (semcache.verify._guards) look at those words directly
and veto a candidate that differs in one of them. The alignment checks
(semcache.verify._align) judge the shape of what differs instead: a payload, a
time, a qualifier only one prompt has, a content word swapped.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from typing import Protocol

from .._errors import ConfigError
from .._records import Candidate
from ._align import DEFAULT_REWORDED_FLOOR, DEFAULT_SWAP_FLOOR, DIFFERENCES, difference
from ._guards import GUARDS, conflict_among
from ._rescue import (
    DEFAULT_RESCUE_RATIO,
    MAX_RESCUE_TYPOS,
    rescue_floor,
    rescue_reach,
    rescue_typos,
)
from .lang import conflict as language_conflict
from .lang import guards_for
from .lang import reads as language_reads

__all__ = ["DEFAULT_MAX_UNKNOWN", "FEEDBACK_MARGIN", "GuardedVerifier", "default_verifier"]

_log = logging.getLogger("semcache")

#: Share of [UNK] tokens above which a query gets exact hits only.
DEFAULT_MAX_UNKNOWN = 0.25


class TokenStatsLike(Protocol):
    """What the verifier needs to know of how the model sees a text."""

    @property
    def unknown_fraction(self) -> float: ...

    @property
    def truncated(self) -> bool: ...


TokenStatsFn = Callable[[Sequence[str]], Sequence[TokenStatsLike]]

#: A wrong hit at similarity s raises its entry's own threshold to s + this.
FEEDBACK_MARGIN = 0.01
_MAX_FLOORS = 100_000  # entries with a raised threshold kept (least recent dropped)


class GuardedVerifier:
    """Serves the closest candidate if it reaches the threshold and no guard vetoes it.

    Only the closest candidate decides: when it is a look-alike ("convert C to F"
    for "convert F to C"), the lookup misses rather than falling through to a
    farther candidate. Falling through was measured to serve more wrong answers
    than right ones (all 999 GPTCache paraphrase origins in one cache: +16 hits,
    all wrong; 2,000 QQP pairs: +7 hits, 4 of them wrong): what lies farther than
    a look-alike is rarely the same question. The guards run
    only on candidates at or above the threshold, the only ones they can change
    the decision for, and cost well under a millisecond per candidate (each text's
    analysis is memoized). Thread-safe.

    Args:
        guards: names of the checks to run, from ``GUARDS`` (lexical) and
            ``DIFFERENCES`` (alignment); default: all of both.
        token_stats: the embedder's ``token_stats(texts)`` (in SemanticCache, its
            MemoEmbedder's, which remembers them with the vectors). A query whose share of
            unknown tokens exceeds ``max_unknown`` gets no semantic hit (its vector
            says little), nor does one longer than the model reads (its vector
            ignores the tail, so two long prompts differing only at the end would
            look identical). None: those checks are skipped.
        max_unknown: see ``token_stats``.
        swap_floor: the similarity below which a short prompt with one or two
            content words swapped in place (the rest of the sentence kept) is
            refused (the ``substitution`` check); above it, the ``edit`` check
            still refuses a swap in place that no synonym, root or alias explains,
            so the floor decides alone only for a word swapped for one of the
            request frame.
        reworded_floor: the similarity below which words swapped or added inside a
            reworded sentence are refused (``substitution``, ``qualifier``,
            ``reworded``).
        rescue: serve a closest candidate below the threshold ``t``, down to the
            rescue floor ``t - 0.75 * (1 - t)`` (0.641 at the default 0.795; never
            below 0.60; none at 1.0), when the two prompts have the same words once
            filler is dropped (semcache.verify._rescue) and every check passes at
            the candidate's own similarity. False: the threshold alone decides.
    """

    def __init__(
        self,
        *,
        guards: Collection[str] | None = None,
        token_stats: TokenStatsFn | None = None,
        max_unknown: float = DEFAULT_MAX_UNKNOWN,
        swap_floor: float = DEFAULT_SWAP_FLOOR,
        reworded_floor: float = DEFAULT_REWORDED_FLOOR,
        rescue: bool = True,
    ) -> None:
        names = (*GUARDS, *DIFFERENCES) if guards is None else tuple(guards)
        unknown = sorted(set(names) - set(GUARDS) - set(DIFFERENCES))
        if unknown:
            known = sorted(GUARDS) + sorted(DIFFERENCES)
            raise ConfigError(f"unknown guard(s) {unknown}; choose from {known}")
        if not 0.0 <= max_unknown <= 1.0:
            raise ConfigError(f"max_unknown must be between 0 and 1; got {max_unknown!r}")
        for name, floor in (("swap_floor", swap_floor), ("reworded_floor", reworded_floor)):
            if not 0.0 <= floor <= 1.0:
                raise ConfigError(f"{name} must be between 0 and 1; got {floor!r}")
        if not isinstance(rescue, bool):
            raise ConfigError(f"rescue must be True or False; got {rescue!r}")
        self._guards = names
        self._lexical = tuple(n for n in names if n in GUARDS)
        self._aligned = tuple(n for n in names if n in DIFFERENCES)
        self._swap_floor = swap_floor
        self._reworded_floor = reworded_floor
        self._rescue = DEFAULT_RESCUE_RATIO if rescue else 0.0  # the floor's ratio
        self._token_stats = token_stats
        self._max_unknown = max_unknown
        self._floors: OrderedDict[str, float] = OrderedDict()
        self._floors_lock = threading.Lock()

    @property
    def guards(self) -> tuple[str, ...]:
        """Names of the checks this verifier runs, in order."""
        return self._guards

    def choose(
        self, query: str, candidates: Sequence[Candidate], threshold: float
    ) -> Candidate | None:
        """The closest candidate, if it reaches ``threshold`` (or, with ``rescue``, the
        rescue floor below it with the evidence of the same words) and its own raised
        threshold (the entry's ``floor`` and this verifier's, after feedback) and
        passes every guard; otherwise None."""
        if not candidates:
            return None
        best = candidates[0]
        entry, similarity = best
        if similarity < max(self._floor(entry.id), entry.floor):
            return None  # a wrong hit's raised threshold holds for the rescue too
        if similarity < threshold and not self._rescued(query, entry.prompt, similarity, threshold):
            return None
        if self._unrepresentable(query):
            return None
        return best if self.reason(query, entry.prompt, similarity) is None else None

    def lowest(self, threshold: float) -> float:
        """The lowest similarity :meth:`choose` can serve at ``threshold``: the rescue
        floor (the threshold itself without ``rescue``). SemanticCache reads the
        candidates down to it."""
        return rescue_floor(threshold, self._rescue, MAX_RESCUE_TYPOS)

    def _rescued(self, query: str, cached: str, similarity: float, threshold: float) -> bool:
        """Whether the rescue's evidence holds and ``similarity`` reaches its floor."""
        if similarity < self.lowest(threshold):
            return False
        typos = rescue_typos(query, cached)
        return typos is not None and similarity >= rescue_floor(threshold, self._rescue, typos)

    def reach(self, query: str, cached: str, similarity: float) -> float:
        """The highest threshold at which ``cached``, found at ``similarity`` and
        passing every check, is served for ``query``: ``similarity``, or the highest
        whose rescue floor it reaches when the rescue's evidence holds (``semcache
        eval`` scores a pair by it, so one pass gives the whole curve)."""
        if rescue_reach(similarity, self._rescue, MAX_RESCUE_TYPOS) <= similarity:
            return similarity
        typos = rescue_typos(query, cached)
        return similarity if typos is None else rescue_reach(similarity, self._rescue, typos)

    def reason(self, query: str, cached: str, similarity: float = 1.0) -> str | None:
        """The name of the check that vetoes serving ``cached`` for ``query`` at cosine
        ``similarity``, or None. The default, 1.0, leaves out the floors that
        need the similarity (``substitution``, ``reworded``, a reworded ``qualifier``)."""
        found = conflict_among(query, cached, guards_for(query, cached, self._lexical))
        if found is None:  # French, German, Spanish, Portuguese (#19): aligned in theirs
            found = language_conflict(query, cached, similarity, aligned=self._aligned)
        if found is None and self._aligned and not language_reads(query, cached):
            found = difference(
                query,
                cached,
                similarity,
                swap_floor=self._swap_floor,
                reworded_floor=self._reworded_floor,
                names=self._aligned,
            )
        return found

    def feedback(self, entry_id: str, similarity: float, *, correct: bool) -> None:
        """Learn from a served hit. A wrong one raises that entry's own threshold
        above ``similarity`` (vCache-style per-entry thresholds), so the entry is no
        longer served for that query or anything as far from it; a closer paraphrase
        still is. Kept in memory, for the most recent 100,000 entries;
        ``SemanticCache.feedback`` also stores it in the entry (``Entry.floor``),
        which survives restarts and is shared by every process using the store."""
        if correct:
            return
        with self._floors_lock:
            floor = max(self._floors.get(entry_id, 0.0), similarity + FEEDBACK_MARGIN)
            self._floors[entry_id] = floor
            self._floors.move_to_end(entry_id)
            while len(self._floors) > _MAX_FLOORS:
                self._floors.popitem(last=False)

    def _floor(self, entry_id: str) -> float:
        return self._floors.get(entry_id, 0.0)

    def _unrepresentable(self, query: str) -> bool:
        if self._token_stats is None:
            return False
        try:
            stats = self._token_stats([query])[0]
            return stats.truncated or stats.unknown_fraction > self._max_unknown
        except Exception:  # a tokenizer fault must not break the lookup; be strict
            _log.warning("semcache: token check failed; no semantic hit", exc_info=True)
            return True

    def __repr__(self) -> str:
        return (
            f"GuardedVerifier(guards={list(self._guards)}, max_unknown={self._max_unknown}, "
            f"swap_floor={self._swap_floor}, reworded_floor={self._reworded_floor}, "
            f"rescue={bool(self._rescue)})"
        )


def default_verifier(embedder: object = None) -> GuardedVerifier:
    """The verifier SemanticCache uses unless given one: every guard, and the
    unknown-token and truncation checks when ``embedder`` offers ``token_stats``
    (SemanticCache passes its MemoEmbedder, which answers them for a text it has
    just embedded without tokenizing it again)."""
    stats = getattr(embedder, "token_stats", None)
    return GuardedVerifier(token_stats=stats if callable(stats) else None)
