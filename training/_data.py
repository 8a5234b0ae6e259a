"""Shared loading for training and evaluation scripts (not part of the package)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from _vectors import embed  # noqa: E402

from semcache.eval import Pair, read_pairs  # noqa: E402


def qqp() -> list[Pair]:
    return read_pairs(SHARED / "qqp_pairs_dev.jsonl.gz")


def gptcache() -> list[Pair]:
    return read_pairs(SHARED / "paraphrase_pairs_gptcache.json")


def contextual() -> list[dict]:
    return [json.loads(line) for line in open(SHARED / "contextual_dev.jsonl")]


def cosines(pairs: list[Pair], name: str) -> np.ndarray:
    """Cosine similarity of each pair with the default model (vectors cached)."""
    texts = sorted({t for p in pairs for t in (p.a, p.b)})
    vecs = embed(texts, name)
    index = {t: i for i, t in enumerate(texts)}
    a = vecs[[index[p.a] for p in pairs]]
    b = vecs[[index[p.b] for p in pairs]]
    return np.einsum("ij,ij->i", a, b)


def pr_at(scores: np.ndarray, labels: np.ndarray, t: float) -> tuple[float, float, int]:
    served = scores >= t
    tp = int((served & (labels == 1)).sum())
    n = int(served.sum())
    return (tp / n if n else 1.0), tp / max(int(labels.sum()), 1), n


def recall_at_precision(scores: np.ndarray, labels: np.ndarray, p: float) -> tuple[float, float]:
    """Best recall with precision >= p over thresholds; returns (recall, threshold)."""
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], labels[order]
    tp = np.cumsum(y)
    n = np.arange(1, len(y) + 1)
    ok = (tp / n >= p) & np.r_[s[1:] != s[:-1], True]
    if not ok.any():
        return 0.0, 1.0
    i = np.flatnonzero(ok)[np.argmax(tp[ok])]
    return float(tp[i] / y.sum()), float(s[i])
