"""A deterministic, dependency-free embedder for fast tests."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from ..embed.base import Vectors

__all__ = ["HashingEmbedder"]

_WORD = re.compile(r"\w+")


class HashingEmbedder:
    """Bag-of-words feature hashing: same text, same vector, on every machine.

    Texts sharing most of their words get a high cosine similarity, texts sharing
    none get about 0, which is all tests of the cache mechanics need. Thread-safe
    (no state). Not a language model: paraphrases with other words do not match.
    """

    def __init__(self, dim: int = 64) -> None:
        if dim < 2:
            raise ValueError(f"dim must be at least 2; got {dim}")
        self._dim = dim

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def name(self) -> str:
        return f"hashing-{self._dim}"

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit vector per text, shape ``(len(texts), dim)``, float32."""
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                out[row, value % self._dim] += 1.0 if value >> 63 else -1.0
            norm = float(np.linalg.norm(out[row]))
            if norm == 0.0:
                out[row, 0] = 1.0  # an empty bag still needs a unit vector
            else:
                out[row] /= norm
        return out


class CountingEmbedder(HashingEmbedder):
    """A HashingEmbedder that records every text it embeds, in order (``texts``).

    For tests asserting how often the model runs (e.g. that a hit needs no
    embedding). Appending to a list is atomic, so it is thread-safe enough for that.
    """

    def __init__(self, dim: int = 64) -> None:
        super().__init__(dim)
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Record ``texts``, then embed them like HashingEmbedder."""
        self.texts.extend(texts)
        return super().embed(texts)
