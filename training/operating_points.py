"""Measure the operating points table: semcache/verify/data/operating_points.json.

For each target precision P (0.70 to 0.93), the lowest threshold t such that at t
and at every higher threshold on the grid that serves at least MIN_SERVED pairs,
the default verifier's served pairs of the QQP dev set reach precision P. QQP is
used here only to *choose operating points*, as its licence allows; nothing
trained ships from it.

Run: python training/operating_points.py   (vectors cached in training/.cache/)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _data import ROOT, qqp
from _vectors import embed

from semcache.embed.onnx import MINILM_NAME
from semcache.eval import Scores, score_fast
from semcache.verify import default_verifier

OUT = ROOT / "semcache" / "verify" / "data" / "operating_points.json"
GRID = np.round(np.arange(0.70, 0.995, 0.0025), 4)
TARGETS = np.round(np.arange(0.70, 0.935, 0.01), 2)
# Thresholds serving fewer pairs than this are left out of the envelope: a precision
# over a few dozen near-duplicates (0.68 over 25 pairs at 0.995) is noise, not a point.
MIN_SERVED = 200


class _CachedModel:
    """The default model with vectors cached in training/.cache/ (see _vectors.py)."""

    def __init__(self) -> None:
        from semcache.embed import default_embedder

        self._model = default_embedder()
        self.dim, self.name = self._model.dim, self._model.name
        self.unknown_fraction = self._model.unknown_fraction

    def embed(self, texts: list[str]) -> np.ndarray:
        return embed(texts, "qqp")


def qqp_scores() -> Scores:
    """Served scores of the default verifier on QQP dev, as `semcache eval` computes them."""
    model = _CachedModel()
    pairs = qqp()
    model.embed([text for pair in pairs for text in (pair.a, pair.b)])  # one pass, saved once
    return score_fast(pairs, model, default_verifier(model))


def precision_at(scores: Scores, threshold: float) -> float:
    served = scores.served >= threshold
    return float((served & (scores.labels == 1)).sum() / max(int(served.sum()), 1))


def table(scores: Scores) -> list[tuple[float, float]]:
    grid = [t for t in GRID if (scores.served >= t).sum() >= MIN_SERVED]
    precision = np.array([precision_at(scores, float(t)) for t in grid])
    envelope = np.minimum.accumulate(precision[::-1])[::-1]  # worst at t and above
    points = []
    for target in TARGETS:
        ok = np.flatnonzero(envelope >= target)
        if ok.size:
            points.append((float(target), float(grid[ok[0]])))
    return points


def main() -> None:
    points = table(qqp_scores())
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "measured_on": "QQP dev pairs (shared/data/qqp_pairs_dev.jsonl.gz), "
                f"default verifier, {MINILM_NAME}",
                "points": points,
            },
            indent=1,
        )
        + "\n"
    )
    for p, t in points:
        print(f"min_precision {p:.2f} -> threshold {t:.3f}")


if __name__ == "__main__":
    main()
