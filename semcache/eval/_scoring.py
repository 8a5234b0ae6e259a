"""Evaluation on labelled pairs: for each pair, cache ``a`` and look up ``b``.

Two equivalent paths compute, for every pair, the *served score*: the similarity
at which the lookup was served with the threshold at 0, or -inf if it was not
served at all. Both verifiers here use the threshold as a floor on similarity,
so a pair is served at threshold t exactly when its served score is >= t; one
pass gives the whole precision/recall curve. (A pair the default verifier would
rescue below the threshold scores the highest threshold whose rescue floor it
reaches, ``GuardedVerifier.reach``.)

- ``fast``: embeds every distinct text once in batches, then runs the exact-tier
  test (normalized texts equal) and the verifier on each pair's single
  candidate, as SemanticCache does for a namespace holding only ``a``.
- ``cache``: a real in-memory SemanticCache, one namespace per pair: put(a),
  get(b, threshold=0). Slower; it measures real lookup latency.

A conversation pair whose contexts differ is never served (its scopes differ).
``errors`` lists the false hits and missed paraphrases at a threshold, with the
check that refused each miss.

tests/eval/test_eval.py checks that both paths give the same scores.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._cache import SemanticCache
from .._keys import normalize_text
from .._records import Entry
from ..embed import Embedder
from ..lang import language_gate
from ..verify import Verifier
from ..verify.asked import asked
from ..verify.lang import LANGUAGES as CHECKED_LANGUAGES
from ._pairs import Pair, texts_of

__all__ = [
    "Progress",
    "Scores",
    "Summary",
    "by_kind",
    "errors",
    "score_fast",
    "score_through_cache",
    "summarize",
    "sweep",
]

_BATCH = 64
#: Wraps an iterable to show progress: ``progress(items, total, description)``.
Progress = Callable[[Iterable[Any], int, str], Iterable[Any]]


def _no_progress(items: Iterable[Any], total: int, desc: str) -> Iterable[Any]:
    return items


@dataclass(frozen=True)
class Scores:
    """Per-pair served scores and the latencies measured while computing them."""

    served: np.ndarray  # similarity when served at threshold 0, else -inf
    labels: np.ndarray
    kinds: tuple[str, ...]
    latency_ms: dict[str, float] = field(default_factory=dict)
    similarity: np.ndarray | None = None  # cosine of each pair (fast path only)
    vetoes: tuple[str, ...] = ()  # per pair: what refused it at threshold 0, or ""


def _entry(prompt: str) -> Entry:
    return Entry(
        id="eval", namespace="eval", scope="", prompt=prompt, response=None,
        created_at=0.0, accessed_at=0.0,
    )  # fmt: skip


def _embed_all(
    texts: Sequence[str], embedder: Embedder, progress: Progress
) -> tuple[dict[str, np.ndarray], float]:
    vectors: dict[str, np.ndarray] = {}
    texts = sorted(texts, key=len)  # similar lengths per batch: less padding
    started = time.perf_counter()
    batches = range(0, len(texts), _BATCH)
    for i in progress(batches, len(batches), "embedding"):
        chunk = list(texts[i : i + _BATCH])
        # what each prompt asks, as SemanticCache embeds it (semcache.verify.asked)
        vectors.update(zip(chunk, embedder.embed([asked(t) for t in chunk]), strict=True))
    per_text = (time.perf_counter() - started) * 1000 / max(len(texts), 1)
    return vectors, per_text


def score_fast(
    pairs: Sequence[Pair], embedder: Embedder, verifier: Verifier, progress: Progress = _no_progress
) -> Scores:
    """Served scores through batch embedding and the verifier (see module doc)."""
    vectors, embed_ms = _embed_all(texts_of(pairs), embedder, progress)
    served = np.full(len(pairs), -math.inf)
    cosine = np.array([float(np.dot(vectors[p.a], vectors[p.b])) for p in pairs])
    vetoes = [""] * len(pairs)
    verify_ms = []
    languages = language_gate(embedder, CHECKED_LANGUAGES)  # as SemanticCache's (semcache.lang)
    for i, pair in enumerate(progress(pairs, len(pairs), "verifying")):
        if pair.context_a != pair.context_b:
            vetoes[i] = "context"  # another scope: the cache never compares the two
            continue
        if normalize_text(pair.a) == normalize_text(pair.b):
            served[i] = 1.0  # the exact tier answers before any embedding
            continue
        if not (languages.route(pair.b) and languages.alike(pair.b, [(_entry(pair.a), 0.0)])):
            vetoes[i] = "language"  # uncovered, or another language: the exact tier only
            continue
        started = time.perf_counter()
        chosen = verifier.choose(pair.b, [(_entry(pair.a), float(cosine[i]))], 0.0)
        verify_ms.append((time.perf_counter() - started) * 1000)
        if chosen is not None:
            served[i] = _reach(verifier, pair, chosen[1])
        else:
            vetoes[i] = _veto(verifier, pair, float(cosine[i]))
    latency = {"embed_per_text": embed_ms, **_percentiles("verify", verify_ms)}
    kinds = tuple(p.kind for p in pairs)
    return Scores(served, _labels(pairs), kinds, latency, cosine, tuple(vetoes))


def _reach(verifier: Verifier, pair: Pair, similarity: float) -> float:
    """The highest threshold serving a pair served at ``similarity`` with the threshold
    at 0: the similarity, or more for a verifier that serves some candidates below its
    threshold (``GuardedVerifier.reach``: the rescue), capped at 1."""
    reach = getattr(verifier, "reach", None)
    served = reach(pair.b, pair.a, similarity) if callable(reach) else similarity
    return min(float(served), 1.0)


def _veto(verifier: Verifier, pair: Pair, similarity: float) -> str:
    """The name of the check that refused a pair (a verifier with ``reason``), or
    "verifier"."""
    reason = getattr(verifier, "reason", None)
    named = reason(pair.b, pair.a, similarity) if callable(reason) else None
    return str(named) if named else "verifier"


def score_through_cache(
    pairs: Sequence[Pair], embedder: Embedder, verifier: Verifier, progress: Progress = _no_progress
) -> Scores:
    """Served scores through a real SemanticCache, one namespace per pair."""
    served = np.full(len(pairs), -math.inf)
    lookup_ms = []
    with SemanticCache(None, embedder=embedder, verifier=verifier) as cache:
        for i, pair in enumerate(progress(pairs, len(pairs), "lookups")):
            namespace = f"eval-{i}"
            cache.put(pair.a, "cached", namespace=namespace, scope=pair.context_a or None)
            started = time.perf_counter()
            hit = cache.get(
                pair.b, namespace=namespace, scope=pair.context_b or None, threshold=0.0
            )
            lookup_ms.append((time.perf_counter() - started) * 1000)
            if hit is not None:
                served[i] = _reach(verifier, pair, hit.similarity)
    latency = _percentiles("lookup", lookup_ms)
    return Scores(served, _labels(pairs), tuple(p.kind for p in pairs), latency)


def _labels(pairs: Sequence[Pair]) -> np.ndarray:
    return np.array([p.label for p in pairs], dtype=np.int64)


def _percentiles(name: str, values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    p50, p95 = np.percentile(values, [50, 95])
    return {f"{name}_p50": float(p50), f"{name}_p95": float(p95)}


@dataclass(frozen=True)
class Summary:
    """Counts and rates at one threshold."""

    threshold: float
    pairs: int
    positives: int
    hits: int
    false_hits: int
    precision: float
    recall: float
    f1: float
    negatives_served: float  # share of label-0 pairs that were served

    def as_dict(self) -> dict[str, float | int]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def summarize(scores: Scores, threshold: float) -> Summary:
    """Precision, recall and counts when serving at ``threshold``."""
    served = scores.served >= threshold
    positive = scores.labels == 1
    hits, true_hits = int(served.sum()), int((served & positive).sum())
    precision = true_hits / hits if hits else 1.0
    recall = true_hits / int(positive.sum()) if positive.any() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    negatives = int((~positive).sum())
    return Summary(
        threshold=round(threshold, 4), pairs=len(served), positives=int(positive.sum()),
        hits=hits, false_hits=hits - true_hits, precision=round(precision, 4),
        recall=round(recall, 4), f1=round(f1, 4),
        negatives_served=round((hits - true_hits) / negatives, 4) if negatives else 0.0,
    )  # fmt: skip


def sweep(
    scores: Scores, start: float = 0.5, stop: float = 1.0, step: float = 0.01
) -> list[Summary]:
    """Summaries at thresholds from ``start`` to ``stop`` (inclusive)."""
    count = round((stop - start) / step) + 1
    return [summarize(scores, start + i * step) for i in range(count)]


def by_kind(scores: Scores, threshold: float) -> dict[str, float]:
    """Share of pairs served, per ``kind`` (for files that label kinds)."""
    served = scores.served >= threshold
    kinds = sorted(set(scores.kinds) - {""})
    return {
        kind: round(
            float(np.mean([s for s, k in zip(served, scores.kinds, strict=True) if k == kind])), 4
        )
        for kind in kinds
    }


def errors(scores: Scores, pairs: Sequence[Pair], threshold: float) -> list[dict[str, Any]]:
    """The false hits and the missed paraphrases at ``threshold``, in file order:
    ``{"error": "false hit" | "missed", "kind", "similarity", "why", "a", "b"}``,
    where ``why`` is what refused a miss ("below threshold", a check's name,
    "context")."""
    served = scores.served >= threshold
    out = []
    for i, pair in enumerate(pairs):
        if bool(served[i]) == bool(pair.label):
            continue
        similarity = None if scores.similarity is None else round(float(scores.similarity[i]), 4)
        why = scores.vetoes[i] if scores.vetoes else ""
        if not served[i] and similarity is not None and similarity < threshold and why != "context":
            why = "below threshold"
        out.append({
            "error": "missed" if pair.label else "false hit", "kind": pair.kind,
            "similarity": similarity, "why": why or None, "a": pair.a, "b": pair.b,
        })  # fmt: skip
    return out
