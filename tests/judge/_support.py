"""An embedder with chosen similarities, and judges that count their calls."""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping, Sequence

import numpy as np

from semcache.judge import JudgeRequest

DIM = 64


class TableEmbedder:
    """Texts at chosen cosine similarities to one base text.

    ``similarities`` maps a text to its similarity to the base (the base itself:
    1.0). Two texts other than the base are at the product of their similarities
    (each has its own orthogonal direction); an unknown text is orthogonal to all.
    """

    name = "table-embedder"
    dim = DIM

    def __init__(self, similarities: Mapping[str, float]) -> None:
        self._similarities = dict(similarities)
        self._slots: dict[str, int] = {}
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vector(text) for text in texts]).astype(np.float32)

    def _vector(self, text: str) -> np.ndarray:
        with self._lock:
            slot = self._slots.setdefault(text, len(self._slots) + 1)
        vector = np.zeros(DIM)
        s = self._similarities.get(text)
        if s is None:
            vector[slot % (DIM - 1) + 1] = 1.0
            return vector
        vector[0] = s
        vector[slot % (DIM - 1) + 1] = math.sqrt(max(0.0, 1.0 - s * s))
        return vector


class RuleJudge:
    """Says yes for the prompts in ``yes``; counts and records its calls. Thread-safe."""

    def __init__(self, yes: set[str], *, wait: threading.Event | None = None) -> None:
        self.yes, self.calls = yes, 0
        self.requests: list[JudgeRequest] = []
        self._wait = wait
        self._lock = threading.Lock()

    def judge(self, request: JudgeRequest) -> float:
        if self._wait is not None:
            self._wait.wait(10)
        with self._lock:
            self.calls += 1
            self.requests.append(request)
        return 0.9 if request.prompt in self.yes else 0.1
