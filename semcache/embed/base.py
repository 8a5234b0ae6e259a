"""The Embedder protocol: text in, unit vectors out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

__all__ = ["Embedder", "Vectors"]

Vectors = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into vectors.

    ``embed`` returns an array of shape ``(len(texts), dim)``, dtype float32, each
    row L2-normalized, so the inner product of two rows is their cosine similarity
    (higher is closer). Implementations must be safe to call from several threads.
    ``name`` identifies the model: a store refuses vectors of another model.
    """

    @property
    def dim(self) -> int: ...

    @property
    def name(self) -> str: ...

    def embed(self, texts: Sequence[str]) -> Vectors: ...
