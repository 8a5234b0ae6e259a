"""Experiment: a learned scorer over lexical pair features. NOT shipped (see below).

A logistic regression over (cosine, lexical pair features) fitted on
training/data/train_pairs.jsonl (see build_pairs.py for provenance; no QQP text).
Pairs a guard vetoes are left out: the scorer only ever sees pairs that pass.

The shipped form is a *similarity shift*: with logit = a*cos + w.f + b, the
verifier compares cos + clip(w.f / a, -MAX_SHIFT, MAX_SHIFT) to the threshold,
so the threshold keeps its meaning (a cosine similarity) and the model moves a
pair up or down by the evidence its words give.

Outcome (docs/quality.md): on QQP dev, where this model never trained, it lowers
recall at 90% precision (0.195 against 0.219 for the guards alone), because on
the redistributable training data "more reworded" means "different", while on
real question pairs it means the opposite. So the package ships no learned
weights; this script stays to reproduce the finding.

Deterministic (liblinear, fixed seed). Needs scikit-learn (the `train` extra).
Run: python training/build_pairs.py && python training/train_scorer.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _data import ROOT, cosines, qqp, read_pairs, recall_at_precision
from _features import FEATURES, features

from semcache.verify import conflict

OUT = ROOT / "training" / ".cache" / "scorer.json"  # an experiment: never package data
MAX_SHIFT = 0.08
C = 1.0


def design(pairs: list, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(cos, features, labels, passes-guards) of ``pairs``."""
    cos = cosines(pairs, name)
    feats = np.stack([features(p.b, p.a) for p in pairs])
    labels = np.array([p.label for p in pairs])
    passes = np.array([conflict(p.b, p.a) is None for p in pairs])
    return cos, feats, labels, passes


def fit(cos: np.ndarray, feats: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    x = np.column_stack([cos, feats])
    model = LogisticRegression(C=C, solver="liblinear", random_state=0, max_iter=1000)
    model.fit(x, labels)
    coef = model.coef_[0]
    return float(coef[0]), coef[1:], float(model.intercept_[0])


def main() -> None:
    pairs = read_pairs(ROOT / "training" / "data" / "train_pairs.jsonl")
    cos, feats, labels, passes = design(pairs, "train")
    a, w, b = fit(cos[passes], feats[passes], labels[passes])
    print(f"cos weight {a:.2f}, intercept {b:.2f}")
    for name, weight in zip(FEATURES, w, strict=True):
        print(f"  {name:15s} {weight:+.3f}  (shift per unit {weight / a:+.4f})")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "format": "semcache-scorer/1",
                "features": list(FEATURES),
                "shift_weights": [round(float(v / a), 6) for v in w],
                "max_shift": MAX_SHIFT,
                "trained_on": "training/data/train_pairs.jsonl (MIT sources + ours; no QQP)",
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {OUT}")
    evaluate_on_qqp(a, w)


def evaluate_on_qqp(a: float, w: np.ndarray) -> None:
    """Recall at 90% precision on QQP dev: guards alone vs guards + this scorer."""
    cos, feats, labels, passes = design(qqp(), "qqp")
    shift = np.clip((feats @ w - np.median(feats[labels == 1] @ w)) / a, -MAX_SHIFT, MAX_SHIFT)
    for name, score in (("guards", cos), ("guards + scorer", cos + shift)):
        recall, threshold = recall_at_precision(np.where(passes, score, 0.0), labels, 0.9)
        print(f"QQP dev, {name}: recall {recall:.3f} at precision 0.90 (threshold {threshold:.3f})")


if __name__ == "__main__":
    main()
