"""Learned per-entry thresholds under an error bound (``max_error_rate=δ``).

The method (docs/judge.md, "Learned thresholds"): every cached entry has its own
unknown threshold ``t``: a new prompt at cosine similarity ``s`` to the entry
asks the same thing when ``s`` is above ``t`` (a soft step of width ``width``,
with a small share ``exceptions`` of pairs on the wrong side of it). Before an
entry has been observed, its ``t`` follows the population's distribution, which
is read off the curve P(same | s) pooled over every observation of every entry
(plus a weak prior curve). Each observation of the entry, a judged pair or a
feedback, updates a posterior over its ``t`` on a grid of similarities. Labels
may be wrong at the rate ``label_noise`` (the judge's own error), which the
likelihood allows for.

From that posterior, the probability ``p(s)`` that a candidate at ``s`` is right
is non-decreasing in ``s``, so the decision is three cut points per entry:

* ``serve`` where the expected error ``1 - p(s)`` is at most δ (a share
  ``explore_rate`` of those is sent to the judge instead, to keep learning);
* ``judge`` where a "yes" from the judge would leave the expected error of the
  served answer at most δ (with a judge erring at ``label_noise``, a candidate
  unlikely to be right is still unlikely after a "yes") and ``p(s)`` is at least
  ``min_hit_probability`` (below that a judge call is not worth its cost);
* ``miss`` everywhere else, and always below ``floor``.

Every served answer then has expected error at most δ, so their average has too:
that is the bound, under the model's assumptions (a monotone, step-like
P(same | s) per entry; observations representative of future requests).

How to wire it (the cache owns one policy per SemanticCache)::

    policy = ErrorBoundPolicy(max_error_rate=0.02, label_noise=0.0)
    decision = policy.decide(entry.id, similarity)   # "serve" | "judge" | "miss"
    if decision == "judge":
        yes = judge(...) >= 0.5
        policy.observe(entry.id, similarity, yes)      # every judged pair
    ...
    policy.observe(hit.entry_id, hit.similarity, correct)   # every feedback
    stored = policy.entry_json(entry.id)   # small JSON dict (or None): keep it with the entry
    policy.load_entry(entry.id, stored)    # on open / first sight after a restart
    policy.forget(entry.id)                # when the entry is deleted or evicted

Search candidates down to ``policy.floor``; below it every decision is "miss".
"""

from __future__ import annotations

import math
import random
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Final

import numpy as np

from .._errors import ConfigError
from .base import Decision

__all__ = [
    "DEFAULT_EXPLORE_RATE",
    "DEFAULT_FLOOR",
    "DEFAULT_MIN_HIT_PROBABILITY",
    "ErrorBoundPolicy",
    "Prior",
]

#: Share of would-be "serve" decisions sent to the judge instead (and of would-be
#: "miss" decisions where a "yes" would be safe to serve), to keep learning.
DEFAULT_EXPLORE_RATE: Final = 0.02
#: Below this cosine similarity a candidate is always a miss (nothing is learned there).
DEFAULT_FLOOR: Final = 0.6
#: A candidate less likely than this to be right is a miss without asking the judge.
DEFAULT_MIN_HIT_PROBABILITY: Final = 0.05

_STEP: Final = 0.005  # grid of similarities (and of thresholds)
_MAX_WEIGHT: Final = 64.0  # an entry's observations beyond this are halved (recent ones count more)
# The population curve is refitted after 32 new observations, or 5% of all seen
# (whichever is more): each refit makes every entry recompute its cuts once.
_REFIT_EVERY: Final = 32
_REFIT_SHARE: Final = 0.05
_JSON_VERSION: Final = 1
_MAX_PENDING: Final = 10_000  # explored "serve" candidates awaiting their verdict
_MAX_AUDIT: Final = 4096.0  # audits beyond this are halved (recent ones count more)


@dataclass(frozen=True, slots=True)
class Prior:
    """The population curve before any observation: P(same | s) as a logistic.

    ``midpoint`` is the similarity where half the pairs are the same question,
    ``width`` its scale (similarity units), ``weight`` the pseudo-observations per
    grid step (0.005) it counts as once real observations arrive. The defaults fit
    the shipped all-MiniLM-L6-v2 model's cosine similarities (its default
    threshold is 0.79); another embedder wants its own.

    ``step_width`` is the width of one entry's own step: how gradually that
    entry's paraphrases give way to its look-alikes as the similarity falls;
    ``exceptions`` is the share of one entry's pairs on the wrong side of its
    step (a look-alike above it, a paraphrase below it).
    """

    midpoint: float = 0.85
    width: float = 0.04
    weight: float = 1.0
    step_width: float = 0.01
    exceptions: float = 0.002

    def __post_init__(self) -> None:
        if not 0.0 < self.midpoint < 1.0:
            raise ConfigError(f"Prior.midpoint must be between 0 and 1; got {self.midpoint!r}")
        for name in ("width", "weight", "step_width"):
            value = getattr(self, name)
            if not value > 0:
                raise ConfigError(f"Prior.{name} must be a positive number; got {value!r}")
        if not 0.0 <= self.exceptions < 0.5:
            raise ConfigError(f"Prior.exceptions must be in [0, 0.5); got {self.exceptions!r}")


@dataclass(slots=True)
class _Cuts:
    """One entry's decision as cut points on the similarity axis."""

    version: int
    safe: float  # lowest s where a judge's "yes" may be served
    judge: float  # lowest s worth a judge call (>= safe)
    serve: float  # lowest s served without asking


class ErrorBoundPolicy:
    """Decides, per cached entry and similarity, whether to serve, ask the judge or miss.

    Args:
        max_error_rate: δ, the expected share of wrong answers among those served
            (0 < δ < 1).
        explore_rate: share of would-be "serve" decisions (and of would-be "miss"
            decisions where a "yes" would be safe) sent to the judge instead.
        prior: the population curve before observations (see :class:`Prior`).
        label_noise: how often an observation is wrong (the judge's own error
            rate, measured on labelled pairs); 0 trusts every verdict.
        min_hit_probability: below this chance of being right, a candidate is a
            miss without asking.
        floor: similarity below which every decision is "miss".
        seed: seeds the exploration draws (None: from the system).

    Similarities are cosines, higher is closer. Thread-safe; ``decide`` and
    ``observe`` cost tens of microseconds (a cached per-entry cut, recomputed on
    a grid after the entry's observations or the population curve change).
    Memory per entry is bounded: counts on a grid of 0.005, at most
    ``(1 - floor) / 0.005 + 1`` cells.
    """

    def __init__(
        self,
        max_error_rate: float,
        *,
        explore_rate: float = DEFAULT_EXPLORE_RATE,
        prior: Prior | None = None,
        label_noise: float = 0.0,
        min_hit_probability: float = DEFAULT_MIN_HIT_PROBABILITY,
        floor: float = DEFAULT_FLOOR,
        seed: int | None = None,
    ) -> None:
        self.max_error_rate = _fraction(max_error_rate, "max_error_rate", open_low=True)
        self.explore_rate = _fraction(explore_rate, "explore_rate")
        self.label_noise = _fraction(label_noise, "label_noise", high=0.5)
        self.min_hit_probability = _fraction(min_hit_probability, "min_hit_probability")
        self.floor = _fraction(floor, "floor", high=0.99)
        self.prior = prior if prior is not None else Prior()
        self._rng = random.Random(seed)  # noqa: S311 - exploration, not security
        self._lock = threading.Lock()
        self._grid = np.arange(self.floor, 1.0 + _STEP / 2, _STEP)
        self._counts: dict[str, dict[int, list[float]]] = {}  # entry -> cell -> [yes, no]
        self._cuts: dict[str, _Cuts] = {}  # of observed entries
        # Observed aliases ("<id>.<suffix>") by their first id: forget(id) drops them too.
        self._families: dict[str, set[str]] = {}
        self._shared: _Cuts | None = None  # of every entry never observed
        self._pooled = np.zeros((len(self._grid), 2))  # every observation, [yes, no]
        self._since_refit = 0
        self._seen = 0
        self._version = 0
        # The audit: explored "serve" candidates, their predicted error and what the
        # judge said, [count, predicted wrong, said wrong] (see _calibration).
        self._pending: OrderedDict[tuple[str, int], float] = OrderedDict()
        self._audit = np.zeros(3)
        self._calibration = 1.0
        self._proven = False  # the audit shows the unasked serves' error under δ (_prove)
        self._likelihood = self._step_matrix()
        eps = self.label_noise
        said_yes = eps + (1.0 - 2.0 * eps) * self._likelihood
        self._log_yes, self._log_no = np.log(said_yes), np.log1p(-said_yes)
        self._population = self._fit_population()
        self._log_population = np.log(self._population)

    # -- the hot path ----------------------------------------------------------

    def decide(self, entry_id: str, similarity: float) -> Decision:
        """What to do with a candidate of ``entry_id`` at ``similarity``: "serve" it
        without asking, "judge" it (serve only on a "yes"), or "miss"."""
        if not similarity >= self.floor:  # also NaN
            return "miss"
        with self._lock:
            cuts = self._cuts_for(entry_id)
            # Until the audit has shown the error of what the model would serve unasked
            # to be under δ, every such candidate is audited (judged), not served.
            explore = self._rng.random() < self.explore_rate
            audit = explore or not self._proven
            if audit and similarity >= cuts.serve:
                self._audit_pending(entry_id, similarity)
        if similarity >= cuts.serve:
            return "judge" if audit else "serve"
        if similarity >= cuts.judge:
            return "judge"
        if similarity >= cuts.safe and explore:
            return "judge"
        return "miss"

    def observe(self, entry_id: str, similarity: float, correct: bool) -> None:
        """Record that a prompt at ``similarity`` to ``entry_id`` was (not) answered by it.

        Call it for every judged pair (``correct``: the judge said yes) and every
        feedback. Observations below ``floor`` are ignored.
        """
        cell = self._cell(similarity)
        if cell is None:
            return
        column = 0 if correct else 1
        with self._lock:
            counts = self._counts.get(entry_id)
            if counts is None:
                counts = self._counts[entry_id] = self._joined(entry_id)
            counts.setdefault(cell, [0.0, 0.0])[column] += 1.0
            if sum(a + b for a, b in counts.values()) > _MAX_WEIGHT:
                for pair in counts.values():
                    pair[0] *= 0.5
                    pair[1] *= 0.5
            self._cuts.pop(entry_id, None)
            self._pooled[cell, column] += 1.0
            predicted = self._pending.pop((entry_id, cell), None)
            if predicted is not None:
                self._audit += (1.0, predicted, 0.0 if correct else 1.0)
                if self._audit[0] > _MAX_AUDIT:  # recent audits weigh more
                    self._audit *= 0.5
                self._proven = self._prove()
            self._count_for_refit(1)

    # -- persistence -------------------------------------------------------------

    def entry_json(self, entry_id: str) -> dict[str, Any] | None:
        """The entry's observations as a small JSON-able dict, or None if it has none.

        ``{"v": 1, "obs": [[similarity, yes, no], ...]}``: counts per similarity
        cell (0.005 wide), independent of this policy's settings.
        """
        with self._lock:
            counts = self._counts.get(entry_id)
            if not counts:
                return None
            rows = [
                [round(float(self._grid[cell]), 3), round(yes, 3), round(no, 3)]
                for cell, (yes, no) in sorted(counts.items())
            ]
        return {"v": _JSON_VERSION, "obs": rows}

    def load_entry(self, entry_id: str, data: dict[str, Any] | None) -> None:
        """Restore an entry's observations from :meth:`entry_json` (None: nothing).

        They replace what this policy knew of the entry and join the population
        curve. Raises ValueError for data this version cannot read.
        """
        if data is None:
            return
        rows = _read_rows(data)
        counts: dict[int, list[float]] = {}
        for similarity, yes, no in rows:
            cell = self._cell(similarity)
            if cell is not None:
                pair = counts.setdefault(cell, [0.0, 0.0])
                pair[0] += yes
                pair[1] += no
        with self._lock:
            for cell, (yes, no) in self._counts.pop(entry_id, {}).items():
                self._pooled[cell] -= (yes, no)
            np.maximum(self._pooled, 0.0, out=self._pooled)
            if counts:
                self._counts[entry_id] = self._joined(entry_id)
                self._counts[entry_id].update(counts)
                for cell, (yes, no) in counts.items():
                    self._pooled[cell] += (yes, no)
            self._cuts.pop(entry_id, None)
            self._count_for_refit(len(rows))

    def forget(self, entry_id: str) -> None:
        """Drop an entry's observations, and those of its aliases (ids under
        ``"<entry_id>."``), as they were deleted; the population keeps them. What
        keeps the policy's memory bounded by the entries stored."""
        with self._lock:
            family = self._families.get(entry_id.partition(".")[0], set())
            gone = [entry_id, *(a for a in family if a.startswith(entry_id + "."))]
            for member in gone:
                self._counts.pop(member, None)
                self._cuts.pop(member, None)
                family.discard(member)
            if not family:
                self._families.pop(entry_id.partition(".")[0], None)

    def __len__(self) -> int:
        """How many entries this policy holds observations of."""
        with self._lock:
            return len(self._counts)

    def _joined(self, entry_id: str) -> dict[int, list[float]]:
        """A new entry's (empty) counts; an alias joins its family. Under the lock."""
        root, dot, _ = entry_id.partition(".")
        if dot:
            self._families.setdefault(root, set()).add(entry_id)
        return {}

    def __contains__(self, entry_id: object) -> bool:
        """Whether this policy holds observations of ``entry_id``."""
        with self._lock:
            return entry_id in self._counts

    # -- inspection ---------------------------------------------------------------

    def probability(self, entry_id: str, similarity: float) -> float:
        """The estimated probability that ``entry_id`` answers a prompt at ``similarity``."""
        cell = self._cell(similarity)
        if cell is None:
            return 0.0
        with self._lock:
            return float(self._curve(entry_id)[cell])

    def cuts(self, entry_id: str) -> dict[str, float]:
        """The entry's cut points: lowest similarity to "judge" and to "serve"."""
        with self._lock:
            found = self._cuts_for(entry_id)
        return {"judge": found.judge, "serve": found.serve}

    # -- the model -----------------------------------------------------------------

    def _cell(self, similarity: float) -> int | None:
        if not similarity >= self.floor - _STEP / 2:
            return None
        return min(round((min(similarity, 1.0) - self.floor) / _STEP), len(self._grid) - 1)

    def _count_for_refit(self, added: int) -> None:
        self._since_refit += added
        self._seen += added
        if self._since_refit >= max(_REFIT_EVERY, _REFIT_SHARE * self._seen):
            self._since_refit = 0
            self._population = self._fit_population()
            self._log_population = np.log(self._population)
            self._calibration = self._calibrate()
            self._version += 1

    def _audit_pending(self, entry_id: str, similarity: float) -> None:
        cell = self._cell(similarity)
        if cell is None:
            return
        self._pending[(entry_id, cell)] = float(1.0 - self._curve(entry_id)[cell])
        while len(self._pending) > _MAX_PENDING:
            self._pending.popitem(last=False)

    def _prove(self) -> bool:
        """Whether the audit shows, at 95% confidence, that what the model serves
        unasked is wrong at most at δ.

        The audited candidates are an unbiased sample of the "serve" region (all of
        them until this holds, a share ``explore_rate`` after). The judge says "no"
        to one with probability ``ε + w (1 - 2ε)`` (``w`` the true error rate,
        ``ε`` the judge's own); the one-sided 95% Wilson upper bound of the "no"
        rate, turned back into ``w``, must be at most δ. With no "no" at all that
        takes about ``2.7 / δ`` audits (270 at δ = 1%); with a judge that errs,
        many more (a noisy "no" cannot be told from a wrong answer).
        """
        count, _, said_wrong = self._audit.tolist()
        if count < 1.0:
            return False
        eps = self.label_noise
        upper = _wilson_upper(said_wrong, count)
        return (upper - eps) / (1.0 - 2.0 * eps) <= self.max_error_rate

    def _calibrate(self) -> float:
        """How many times more wrong answers the audit saw than the model predicted (>= 1).

        The audit asks the judge about a share ``explore_rate`` of the candidates
        the model would serve unasked: an unbiased sample of them. Its "no" count,
        less the judge's own errors, over the errors the model predicted for them
        (one pseudo-error each side, so a few audits move it little) scales the
        predicted error of every "serve" decision. It only tightens: a model that
        is too cautious stays so.
        """
        count, predicted, said_wrong = self._audit.tolist()
        eps = self.label_noise
        wrong = max(said_wrong - eps * count, 0.0) / (1.0 - 2.0 * eps)
        return max(1.0, (wrong + 1.0) / (predicted + 1.0))

    def _step_matrix(self) -> np.ndarray:
        """P(same | s, t) for thresholds t (rows: the grid, then "never") and s (columns)."""
        thresholds = np.append(self._grid, 2.0)
        z = (self._grid[None, :] - thresholds[:, None]) / self.prior.step_width
        step = 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))
        eta = self.prior.exceptions
        return np.asarray(eta + (1.0 - 2.0 * eta) * step)

    def _fit_population(self) -> np.ndarray:
        """The distribution of an entry's threshold, read off the pooled curve.

        The pooled share of "yes" per cell (with the prior's pseudo-counts) is made
        non-decreasing (pool-adjacent-violators), corrected for label noise; its
        increments are the mass of thresholds at each cell, what it never reaches
        the mass of "never the same".
        """
        prior = self.prior
        curve = 1.0 / (1.0 + np.exp(-(self._grid - prior.midpoint) / prior.width))
        eps = self.label_noise
        noisy_prior = eps + (1.0 - 2.0 * eps) * curve
        weight = self._pooled.sum(axis=1) + prior.weight
        rate = (self._pooled[:, 0] + prior.weight * noisy_prior) / weight
        clean = np.clip((_isotonic(rate, weight) - eps) / (1.0 - 2.0 * eps), 0.0, 1.0)
        mass = np.diff(np.concatenate(([0.0], clean, [1.0])))
        mass = np.maximum(mass, 0.0) + 1e-6  # no threshold ruled out before evidence
        return np.asarray(mass / mass.sum())

    def _curve(self, entry_id: str) -> np.ndarray:
        """p(s) on the grid for one entry: its posterior over t, through the step."""
        counts = self._counts.get(entry_id)
        if not counts:
            return np.asarray(self._population @ self._likelihood)
        cells = np.fromiter(counts, dtype=np.intp, count=len(counts))
        tallies = np.array(list(counts.values()))
        log_post = (
            self._log_population
            + self._log_yes[:, cells] @ tallies[:, 0]
            + self._log_no[:, cells] @ tallies[:, 1]
        )
        post = np.exp(log_post - log_post.max())
        post /= post.sum()
        return np.asarray(post @ self._likelihood)

    def _cuts_for(self, entry_id: str) -> _Cuts:
        # Entries never observed share the population's cuts: one computation per
        # refit, and no memory per entry.
        observed = entry_id in self._counts
        found = self._cuts.get(entry_id) if observed else self._shared
        if found is not None and found.version == self._version:
            return found
        p = self._curve(entry_id)
        delta, eps = self.max_error_rate, self.label_noise
        wrong_after_yes = eps * (1.0 - p) / np.maximum((1.0 - eps) * p + eps * (1.0 - p), 1e-12)
        safe = self._first(wrong_after_yes <= delta)
        judge = self._first((wrong_after_yes <= delta) & (p >= self.min_hit_probability))
        serve = self._first(self._calibration * (1.0 - p) <= delta)
        found = _Cuts(self._version, safe, max(judge, safe), serve)
        if observed:
            self._cuts[entry_id] = found
        else:
            self._shared = found
        return found

    def _first(self, ok: np.ndarray) -> float:
        """Lowest grid similarity from which ``ok`` holds all the way up (inf: nowhere)."""
        if not ok[-1]:
            return math.inf
        bad = np.flatnonzero(~ok)
        start = 0 if len(bad) == 0 else int(bad[-1]) + 1
        # A similarity between two grid points counts as the lower one (p only
        # rises with s), so the cut is a grid point.
        return float(self._grid[start])


def _wilson_upper(successes: float, n: float, z: float = 1.645) -> float:
    """One-sided upper confidence bound (95% at the default z) of a proportion."""
    p = successes / n
    centre = p + z * z / (2.0 * n)
    half = z * math.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n))
    return min(1.0, (centre + half) / (1.0 + z * z / n))


def _isotonic(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The non-decreasing sequence closest to ``values`` in weighted least squares."""
    blocks: list[list[float]] = []  # [mean, weight, length]
    for value, weight in zip(values.tolist(), weights.tolist(), strict=True):
        blocks.append([value, weight, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, total, length = blocks.pop()
            previous = blocks[-1]
            combined = previous[1] + total
            previous[0] = (previous[0] * previous[1] + mean * total) / combined
            previous[1] = combined
            previous[2] += length
    return np.concatenate([np.full(int(length), mean) for mean, _, length in blocks])


def _fraction(value: object, name: str, *, high: float = 1.0, open_low: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{name} must be a number; got {value!r}")
    number = float(value)
    low_ok = number > 0.0 if open_low else number >= 0.0
    if not (low_ok and number < high) or math.isnan(number):
        low = "0 (excluded)" if open_low else "0"
        raise ConfigError(f"{name} must be between {low} and {high} (excluded); got {value!r}")
    return number


def _read_rows(data: dict[str, Any]) -> list[tuple[float, float, float]]:
    if not isinstance(data, dict) or data.get("v") != _JSON_VERSION:
        raise ValueError(
            f"entry observations must be a dict with v={_JSON_VERSION} "
            f"(from ErrorBoundPolicy.entry_json); got {data!r:.80}"
        )
    rows = data.get("obs")
    if not isinstance(rows, list):
        raise ValueError(f"entry observations need an 'obs' list; got {rows!r:.80}")
    parsed = []
    for row in rows:
        if not (
            isinstance(row, list)
            and len(row) == 3
            and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in row)
            and all(math.isfinite(x) and x >= 0 for x in row)
        ):
            raise ValueError(f"an observation must be [similarity, yes, no] >= 0; got {row!r:.80}")
        parsed.append((float(row[0]), float(row[1]), float(row[2])))
    return parsed
