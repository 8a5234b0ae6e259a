"""OnnxEmbedder: a BERT-style sentence model on onnxruntime, any model directory.

onnxruntime and tokenizers are imported when a model is first loaded, never at import time.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..._errors import ConfigError, EmbeddingError
from ..base import Vectors
from ._batches import Ids, batches, padded_feeds
from ._files import existing_file, load_tokenizer, sha256_setting, verify_sha256
from ._session import shared_session
from ._tokens import TokenStats, encode, stats_of
from ._tuning import OnnxTuning, select_tuning

if TYPE_CHECKING:
    from tokenizers import Encoding, Tokenizer

__all__ = ["DEFAULT_BATCH_SIZE", "DEFAULT_MAX_LENGTH", "DEFAULT_THREADS", "OnnxEmbedder"]

DEFAULT_MAX_LENGTH = 256  # what sentence-transformers uses for all-MiniLM-L6-v2
DEFAULT_BATCH_SIZE = 32
# Each model run uses one thread; `threads` runs of one embed call go at once. Measured
# with benchmarks/bench_embed.py on the 2-core target, onnxruntime's own intra-op
# threads embed one short prompt no faster (4.3 vs 4.2 ms, 20% more CPU) unless its
# threads busy-wait (3.1 ms, but twice the CPU, and 2-3x slower once other processes
# want the cores), while two batches run side by side use both cores with less CPU
# than intra-op threads do. Concurrent callers (a server) each get a core as well.
DEFAULT_THREADS = min(2, os.cpu_count() or 1)

# A model run holds a (batch, heads, length, length) attention tensor: 32 texts of
# 256 tokens need 100 MB for each. Capping padded tokens per run bounds that peak
# (about 100 MB for MiniLM) at no cost in speed, since 2048 rows keep the matrix
# products just as efficient.
_MAX_BATCH_TOKENS = 2048
_OUTPUT = "last_hidden_state"


@dataclass(frozen=True)
class _Loaded:
    session: Any  # onnxruntime.InferenceSession (untyped package)
    tokenizer: Tokenizer
    inputs: frozenset[str]
    dim: int
    unk_id: int | None


class OnnxEmbedder:
    """Embeds texts with an ONNX BERT-style sentence model and a ``tokenizers`` tokenizer.

    Each text is tokenized, truncated to ``max_length`` tokens, run through the model,
    mean-pooled over its tokens and L2-normalized: ``embed`` returns float32 unit rows,
    so the inner product of two rows is their cosine similarity (higher is closer).
    This matches sentence-transformers for models such as all-MiniLM-L6-v2.

    Nothing is loaded until the first ``embed`` (or ``load()``). Thread-safe: loading
    is guarded by a lock and onnxruntime sessions and tokenizers are safe to share,
    so concurrent calls give the same vectors as serial ones.
    """

    def __init__(
        self,
        model_path: str | os.PathLike[str],
        tokenizer_path: str | os.PathLike[str],
        *,
        name: str | None = None,
        max_length: int = DEFAULT_MAX_LENGTH,
        batch_size: int = DEFAULT_BATCH_SIZE,
        threads: int | None = None,
        sha256: str | None = None,
        dim: int | None = None,
        tuning: OnnxTuning | None = None,
    ) -> None:
        """Configure (not load) a model.

        ``sha256`` pins the model file: it is checked before loading. ``threads``: how
        many batches one ``embed`` call runs at once (default ``DEFAULT_THREADS``).
        ``batch_size``: texts per model run; use 1 for a model with dynamically
        quantized activations (one scale per run), or a text's vector will depend on
        the texts batched with it. ``dim``, if
        given, answers ``.dim`` without loading the model; loading checks it.
        ``tuning``: onnxruntime's threads inside one run and their spinning; default
        :func:`select_tuning` (this CPU's row of the measured table).
        """
        self._model_path = existing_file(model_path, "model_path")
        self._tokenizer_path = existing_file(tokenizer_path, "tokenizer_path")
        self._max_length = _positive_int(max_length, "max_length", minimum=3)
        self._batch_size = _positive_int(batch_size, "batch_size")
        self._threads = DEFAULT_THREADS if threads is None else _positive_int(threads, "threads")
        self._sha256 = None if sha256 is None else sha256_setting(sha256)
        self._dim_hint = None if dim is None else _positive_int(dim, "dim")
        self._name = _default_name(self._model_path) if name is None else _name_setting(name)
        self._tuning = select_tuning() if tuning is None else _tuning_setting(tuning)
        self._lock = threading.Lock()
        self._loaded: _Loaded | None = None

    @classmethod
    def from_dir(cls, model_dir: str | os.PathLike[str], **settings: Any) -> OnnxEmbedder:
        """The model in ``model_dir`` (``model.onnx`` + ``tokenizer.json``), named after it.

        ``settings`` are the keyword arguments of the constructor.
        """
        directory = Path(model_dir)
        if not directory.is_dir():
            raise ConfigError(
                f"model_dir must be a directory holding model.onnx and tokenizer.json; "
                f"got {str(directory)!r}"
            )
        settings.setdefault("name", directory.resolve().name)
        return cls(directory / "model.onnx", directory / "tokenizer.json", **settings)

    @property
    def name(self) -> str:
        """Identifies the model; a store refuses vectors of another name."""
        return self._name

    @property
    def dim(self) -> int:
        """Length of each vector (loads the model unless ``dim=`` was given)."""
        return self._dim_hint if self._dim_hint is not None else self._state().dim

    @property
    def tuning(self) -> OnnxTuning:
        """The onnxruntime settings this embedder's session runs with, and their source."""
        return self._tuning

    @property
    def batch_size(self) -> int:
        """Texts per model run (a call of more runs them on up to ``threads`` threads)."""
        return self._batch_size

    @property
    def max_length(self) -> int:
        """Tokens per text the model sees, special tokens included; the rest is cut."""
        return self._max_length

    def __repr__(self) -> str:
        state = "loaded" if self._loaded is not None else "not loaded"
        return f"OnnxEmbedder(name={self._name!r}, model_path={str(self._model_path)!r}, {state})"

    def load(self) -> None:
        """Load the tokenizer and model now rather than on first use.

        Raises :class:`EmbeddingError` if either cannot be loaded (or the model's sha256
        does not match ``sha256=``). Loading happens once; later calls return at once.
        """
        self._state()

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit vector per text: shape ``(len(texts), dim)``, float32, input order."""
        return self.embed_with_stats(texts)[0]

    def embed_with_stats(self, texts: Sequence[str]) -> tuple[Vectors, list[TokenStats]]:
        """``embed(texts)`` and ``token_stats(texts)`` from one tokenization of each text.

        For a layer that keeps both (``MemoEmbedder``): a lookup then tokenizes its
        text once, for the vector and for the verifier's unknown-token check.
        """
        items = _checked_texts(texts)
        loaded = self._state()
        encodings = self._encode(loaded, items)
        stats = [stats_of(e, loaded.unk_id) for e in encodings]
        out = np.empty((len(encodings), loaded.dim), dtype=np.float32)

        def run(rows: list[int]) -> None:
            out[rows] = self._run(loaded, [encodings[i] for i in rows])

        # Batches, not operators, are spread over threads: see DEFAULT_THREADS.
        per_run = min(self._batch_size, max(4, -(-len(encodings) // self._threads)))
        runs = list(batches([len(e.ids) for e in encodings], per_run, _MAX_BATCH_TOKENS))
        workers = min(self._threads, len(runs))
        if workers < 2:
            for rows in runs:
                run(rows)
        else:
            with ThreadPoolExecutor(workers) as pool:
                list(pool.map(run, runs))  # re-raises a run's EmbeddingError
        return out, stats

    def token_stats(self, texts: Sequence[str]) -> list[TokenStats]:
        """Token counts of each text as the model sees it (tokenizes; does not embed)."""
        items = _checked_texts(texts)
        loaded = self._state()
        return [stats_of(e, loaded.unk_id) for e in self._encode(loaded, items)]

    def unknown_fraction(self, texts: Sequence[str]) -> list[float]:
        """Share of [UNK] among the non-special tokens of each text, in [0, 1].

        High for text the tokenizer cannot represent (emoji, unsupported scripts): its
        vector says little. A text with no tokens at all (whitespace) gives 1.0.
        """
        return [s.unknown_fraction for s in self.token_stats(texts)]

    def _state(self) -> _Loaded:
        loaded = self._loaded
        if loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = self._open()
                loaded = self._loaded
        return loaded

    def _open(self) -> _Loaded:
        if self._sha256 is not None:
            verify_sha256(self._model_path, self._sha256, fix="replace it or change sha256=")
        tokenizer = load_tokenizer(self._tokenizer_path, self._max_length)
        session = shared_session(self._model_path, self._tuning)
        inputs = frozenset(i.name for i in session.get_inputs())
        missing = {"input_ids", "attention_mask"} - inputs
        if missing or _OUTPUT not in {o.name for o in session.get_outputs()}:
            raise EmbeddingError(
                f"{str(self._model_path)!r} is not a BERT-style sentence model: it needs "
                f"inputs input_ids and attention_mask and output {_OUTPUT}; use such a model"
            )
        unk = getattr(tokenizer.model, "unk_token", None)
        unk_id = tokenizer.token_to_id(unk) if isinstance(unk, str) else None
        # One run at full length reads dim and proves max_length fits the model's
        # position table, so a long prompt cannot fail later; it also warms the session.
        probe = tokenizer.encode("x " * self._max_length)
        dim = int(self._forward(session, inputs, padded_feeds([probe])).shape[-1])
        self._check_dim(dim)
        return _Loaded(session, tokenizer, inputs, dim, unk_id)

    def _check_dim(self, dim: int) -> None:
        if self._dim_hint is not None and dim != self._dim_hint:
            raise EmbeddingError(
                f"{str(self._model_path)!r} makes vectors of dim {dim}, but dim="
                f"{self._dim_hint} was given; pass dim={dim} or omit it"
            )

    def _encode(self, loaded: _Loaded, texts: list[str]) -> list[Encoding]:
        return [self._encode_one(loaded.tokenizer, text) for text in texts]

    def _encode_one(self, tokenizer: Tokenizer, text: str) -> Encoding:
        return encode(tokenizer, text, self._max_length)

    def _run(self, loaded: _Loaded, encodings: list[Encoding]) -> Vectors:
        feeds = padded_feeds(encodings)
        hidden = self._forward(loaded.session, loaded.inputs, feeds)
        mask = feeds["attention_mask"].astype(np.float32)
        summed = np.einsum("btd,bt->bd", hidden, mask)
        pooled: Vectors = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Vectors = pooled / np.maximum(norms, 1e-12)
        return unit

    def _forward(self, session: Any, inputs: frozenset[str], feeds: dict[str, Ids]) -> Vectors:
        try:
            (hidden,) = session.run([_OUTPUT], {k: v for k, v in feeds.items() if k in inputs})
        except Exception as exc:  # onnxruntime raises its own untyped exceptions
            raise EmbeddingError(f"running {str(self._model_path)!r} failed: {exc}") from exc
        return np.asarray(hidden, dtype=np.float32)


def _checked_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("texts must be a sequence of strings, not one string; wrap it: [text]")
    items = list(texts)
    for index, text in enumerate(items):
        if not isinstance(text, str):
            raise TypeError(f"texts[{index}] must be a str; got {type(text).__name__}")
    return items


def _positive_int(value: int, setting: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"{setting} must be an integer >= {minimum}; got {value!r}")
    return value


def _tuning_setting(value: OnnxTuning) -> OnnxTuning:
    if not isinstance(value, OnnxTuning):
        raise ConfigError(f"tuning must be an OnnxTuning; got {value!r}")
    return value


def _name_setting(value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"name must be a non-empty string; got {value!r}")
    return value


def _default_name(model_path: Path) -> str:
    # "model.onnx" says nothing; its directory usually names the model.
    stem = model_path.stem
    return model_path.absolute().parent.name if stem == "model" else stem
