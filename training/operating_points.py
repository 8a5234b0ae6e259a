"""Measure the operating points table: semcache/quality/data/operating_points.json.

For each target precision P (0.70 to 0.93), the lowest threshold t such that at t
and at every higher threshold on the grid, the default verifier's served pairs
of the QQP dev set reach precision P. QQP is used here only to *choose operating
points*, as its licence allows; nothing trained ships from it.

Run: python training/operating_points.py   (vectors cached in training/.cache/)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _data import ROOT, cosines, qqp

from semcache.quality._eval import Scores, summarize
from semcache.quality._guards import conflict

OUT = ROOT / "semcache" / "quality" / "data" / "operating_points.json"
GRID = np.round(np.arange(0.70, 0.995, 0.005), 3)
TARGETS = np.round(np.arange(0.70, 0.935, 0.01), 2)


def qqp_scores() -> Scores:
    """Served scores of the default verifier on QQP dev (fast path, cached vectors)."""
    pairs = qqp()
    cos = cosines(pairs, "qqp")
    passes = np.array([conflict(p.b, p.a) is None for p in pairs])
    labels = np.array([p.label for p in pairs])
    return Scores(np.where(passes, cos, -np.inf), labels, tuple("" for _ in pairs))


def table(scores: Scores) -> list[tuple[float, float]]:
    precision = np.array([summarize(scores, float(t)).precision for t in GRID])
    envelope = np.minimum.accumulate(precision[::-1])[::-1]  # worst at t and above
    points = []
    for target in TARGETS:
        ok = np.flatnonzero(envelope >= target)
        if ok.size:
            points.append((float(target), float(GRID[ok[0]])))
    return points


def main() -> None:
    points = table(qqp_scores())
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "measured_on": "QQP dev pairs (shared/data/qqp_pairs_dev.jsonl.gz), "
                "default verifier, all-MiniLM-L6-v2 int8",
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
