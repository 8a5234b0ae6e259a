"""An embedder wrapper that remembers the vectors, and token stats, of recent texts."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._errors import ConfigError
from .base import Embedder, Vectors

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_SIZE", "MemoEmbedder"]

#: Texts remembered at most.
DEFAULT_SIZE = 4096
#: Bytes the remembered entries take at most: 64 MiB. MiniLM's 384-dim vectors
#: reach DEFAULT_SIZE first (about 9 MB); a 4096-dim model is held to ~3,900 texts.
DEFAULT_MAX_BYTES = 64 * 1024**2
# Bytes counted per entry besides its vector: the 16-byte key's bytes object, the
# dict node, the array header and a TokenStats (measured at about 600).
_ENTRY_OVERHEAD = 640
_DIGEST_SIZE = 16

TokenStatsFn = Callable[[Sequence[str]], Sequence[Any]]


class _Remembered:
    __slots__ = ("stats", "vector")

    def __init__(self, vector: Vectors | None, stats: Any) -> None:
        self.vector = vector  # None: only the stats were asked for
        self.stats = stats  # what the model's token_stats gives for the text, or None

    @property
    def nbytes(self) -> int:
        return (0 if self.vector is None else self.vector.nbytes) + _ENTRY_OVERHEAD


class _Embedded(_Remembered):
    """An entry made by embedding its text: it has a vector."""

    __slots__ = ()
    vector: Vectors


class MemoEmbedder:
    """Wraps an embedder with an LRU memory of recent texts' vectors and token stats.

    A miss is looked up and then stored with the same text, and hot prompts
    repeat: remembering the vector saves the second embedding (milliseconds, the
    largest cost of a lookup). When the model's runs also give token stats
    (``embed_with_stats``, as OnnxEmbedder's do), they are kept with the vector, so
    the verifier's unknown-token check (``token_stats``) does not tokenize a text
    the lookup has just embedded.

    Entries are keyed by a 16-byte BLAKE2b digest of the text, never the text
    itself (a 4.7 MB prompt costs its 16 bytes), and bounded both in number
    (``size``) and in bytes (``max_bytes``, vectors plus a fixed per-entry
    overhead); the least recently used go first. Thread-safe; the wrapped model
    runs outside the lock.
    """

    def __init__(
        self, embedder: Embedder, size: int = DEFAULT_SIZE, *, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
            raise ConfigError(f"max_bytes must be an integer >= 0; got {max_bytes!r}")
        self._inner = embedder
        self._size = size
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        self._memo: OrderedDict[bytes, _Remembered] = OrderedDict()
        self._bytes = 0
        with_stats = getattr(embedder, "embed_with_stats", None)
        self._with_stats: Callable[..., tuple[Vectors, Sequence[Any] | None]] | None = (
            with_stats if callable(with_stats) else None
        )
        stats = getattr(embedder, "token_stats", None)
        self._model_stats: TokenStatsFn | None = stats if callable(stats) else None

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

    @property
    def token_stats(self) -> TokenStatsFn | None:
        """``token_stats(texts)``: the model's token stats of each text, from memory
        for remembered texts, from the model otherwise; None if the model has none."""
        return self._token_stats if self._model_stats is not None else None

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Vectors of ``texts``; only the texts not remembered reach the model."""
        keys, found, missing = self._split(texts)
        if missing:
            if self._with_stats is not None:
                vectors, stats = self._with_stats(list(missing.values()))
            else:
                vectors, stats = self._inner.embed(list(missing.values())), None
            self._learn(found, missing, vectors, stats)
        return self._stacked(keys, found)

    @property
    def embeds_async(self) -> bool:
        """Whether :meth:`embed_async` can await the model (the wrapped embedder has
        ``embed_with_stats_async``, as BatchingEmbedder has)."""
        return callable(getattr(self._inner, "embed_with_stats_async", None))

    async def embed_async(self, texts: Sequence[str]) -> Vectors:
        """:meth:`embed` for a caller on an event loop: the model's run is awaited
        (needs :attr:`embeds_async`); remembered texts are answered at once."""
        keys, found, missing = self._split(texts)
        if missing:
            run = self._inner.embed_with_stats_async  # type: ignore[attr-defined]
            vectors, stats = await run(list(missing.values()))
            self._learn(found, missing, vectors, stats)
        return self._stacked(keys, found)

    def _split(
        self, texts: Sequence[str]
    ) -> tuple[list[bytes], dict[bytes, Vectors], dict[bytes, str]]:
        """The keys of ``texts``, the remembered vectors, and the texts to embed."""
        keys = _keys(texts)
        found = self._recall(keys)
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
        return keys, found, missing

    def _learn(
        self,
        found: dict[bytes, Vectors],
        missing: dict[bytes, str],
        vectors: Vectors,
        stats: Sequence[Any] | None,
    ) -> None:
        fresh = _entries(vectors, stats, len(missing))
        self._remember(list(missing), fresh)
        found.update((key, entry.vector) for key, entry in zip(missing, fresh, strict=True))

    def _stacked(self, keys: list[bytes], found: dict[bytes, Vectors]) -> Vectors:
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[key] for key in keys]).astype(np.float32, copy=False)

    def _token_stats(self, texts: Sequence[str]) -> list[Any]:
        keys = _keys(texts)
        with self._lock:
            known = [self._stats_of(key) for key in keys]
        missing = [text for text, stats in zip(texts, known, strict=True) if stats is None]
        if not missing:
            return known
        assert self._model_stats is not None
        fresh = dict(zip(missing, self._model_stats(missing), strict=True))
        self._keep_stats({_digest(text): stats for text, stats in fresh.items()})
        return [
            stats if stats is not None else fresh[text]
            for text, stats in zip(texts, known, strict=True)
        ]

    def _stats_of(self, key: bytes) -> Any:
        entry = self._memo.get(key)
        return None if entry is None else entry.stats

    def _keep_stats(self, stats: dict[bytes, Any]) -> None:
        """Stats asked of the model are remembered too (with no vector if none is)."""
        with self._lock:
            for key, found in stats.items():
                entry = self._memo.get(key)
                if entry is not None:
                    entry.stats = found
                else:
                    self._add(key, _Remembered(None, found))
            self._shrink()

    def _recall(self, keys: list[bytes]) -> dict[bytes, Vectors]:
        """The remembered vectors among ``keys``, marked as used."""
        with self._lock:
            found = {}
            for key in keys:
                entry = self._memo.get(key)
                if entry is not None and entry.vector is not None:
                    found[key] = entry.vector
                    self._memo.move_to_end(key)
        return found

    def _remember(self, keys: list[bytes], entries: Sequence[_Remembered]) -> None:
        with self._lock:
            for key, entry in zip(keys, entries, strict=True):
                self._add(key, entry)
            self._shrink()

    def _add(self, key: bytes, entry: _Remembered) -> None:
        old = self._memo.pop(key, None)  # stats only, or a concurrent call embedded it too
        if old is not None:
            self._bytes -= old.nbytes
        self._memo[key] = entry
        self._bytes += entry.nbytes

    def _shrink(self) -> None:
        while self._memo and (len(self._memo) > self._size or self._bytes > self._max_bytes):
            _, dropped = self._memo.popitem(last=False)
            self._bytes -= dropped.nbytes


def _entries(vectors: Vectors, stats: Sequence[Any] | None, count: int) -> list[_Embedded]:
    per_text = [None] * count if stats is None else list(stats)
    # A copy of each row: a view would keep the model's whole batch array alive,
    # and the byte bound counts what each entry holds.
    return [
        _Embedded(np.array(vector, dtype=np.float32), found)
        for vector, found in zip(vectors, per_text, strict=True)
    ]


def _keys(texts: Sequence[str]) -> list[bytes]:
    keys = []
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts[{index}] must be a str; got {type(text).__name__}")
        keys.append(_digest(text))
    return keys


def _digest(text: str) -> bytes:
    # surrogatepass: a lone surrogate (from a JSON "\ud800") still gets a key.
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=_DIGEST_SIZE).digest()
