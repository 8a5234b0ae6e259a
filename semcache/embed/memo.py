"""An embedder wrapper that remembers the vectors of recent texts."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from .base import Embedder, Vectors

__all__ = ["MemoEmbedder"]


class MemoEmbedder:
    """Wraps an embedder with an LRU memory of the last ``size`` texts' vectors.

    A miss is looked up and then stored with the same text, and hot prompts
    repeat: remembering the vector saves the second embedding (milliseconds, the
    largest cost of a lookup). Thread-safe; the wrapped model runs outside the lock.
    """

    def __init__(self, embedder: Embedder, size: int = 4096) -> None:
        self._inner = embedder
        self._size = size
        self._lock = threading.Lock()
        self._memo: OrderedDict[str, Vectors] = OrderedDict()

    @property
    def dim(self) -> int:
        return self._inner.dim

    @property
    def name(self) -> str:
        return self._inner.name

    @property
    def inner(self) -> Embedder:
        """The wrapped embedder."""
        return self._inner

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Vectors of ``texts``; only the texts not remembered reach the model."""
        found = self._recall(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            fresh = self._inner.embed(missing)
            found.update(zip(missing, fresh, strict=True))
            self._remember(missing, fresh)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[t] for t in texts]).astype(np.float32, copy=False)

    def _recall(self, texts: Sequence[str]) -> dict[str, Vectors]:
        with self._lock:
            found = {t: self._memo[t] for t in texts if t in self._memo}
            for text in found:
                self._memo.move_to_end(text)
        return found

    def _remember(self, texts: Sequence[str], vectors: Vectors) -> None:
        with self._lock:
            for text, vector in zip(texts, vectors, strict=True):
                self._memo[text] = vector
            while len(self._memo) > self._size:
                self._memo.popitem(last=False)
