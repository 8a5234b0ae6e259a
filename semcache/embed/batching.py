"""An embedder wrapper that coalesces concurrent calls into one model run."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from .base import Embedder, Vectors

__all__ = ["BatchingEmbedder"]

DEFAULT_MAX_BATCH = 64


class _Request:
    __slots__ = ("error", "finished", "texts", "vectors", "wake")

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.wake = threading.Event()  # finished, or handed the lead of the next run
        self.finished = False
        self.vectors: Vectors | None = None
        self.error: BaseException | None = None


class BatchingEmbedder:
    """Runs the texts of concurrent ``embed`` calls through the model together.

    Under load (a proxy serving many lookups at once) one model run per lookup
    pays the fixed cost of a run each time; here, while one run is in progress,
    new calls queue, and the next run takes all of them as one batch. A lone
    call runs at once, with no waiting. Exactly one run is in progress at a time:
    the wrapped embedder spreads a batch over its own threads.

    Thread-safe. Errors of a run are raised in every call whose texts it held.
    """

    def __init__(self, embedder: Embedder, max_batch: int = DEFAULT_MAX_BATCH) -> None:
        self._inner = embedder
        self._max_batch = max_batch
        self._lock = threading.Lock()
        self._queue: list[_Request] = []
        self._busy = False

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
        """Vectors of ``texts``, computed in a batch with any concurrent calls."""
        request = _Request(list(texts))
        with self._lock:
            self._queue.append(request)
            leading, self._busy = not self._busy, True
        if not leading:
            request.wake.wait()
            leading = not request.finished  # woken unfinished: handed the lead
        if leading:
            self._run_next()  # a leader is first in the queue: its run includes its texts
        if request.error is not None:
            raise request.error
        assert request.vectors is not None
        return request.vectors

    def _run_next(self) -> None:
        with self._lock:
            batch = self._take()
        try:
            vectors = self._inner.embed([t for r in batch for t in r.texts])
            start = 0
            for request in batch:
                request.vectors = vectors[start : start + len(request.texts)]
                start += len(request.texts)
        except BaseException as exc:  # handed to each caller, raised there
            for request in batch:
                request.error = exc
        with self._lock:
            self._handoff()
        for request in batch:
            request.finished = True
            request.wake.set()

    def _take(self) -> list[_Request]:
        batch: list[_Request] = []
        size = 0
        while self._queue and (not batch or size + len(self._queue[0].texts) <= self._max_batch):
            request = self._queue.pop(0)
            batch.append(request)
            size += len(request.texts)
        return batch

    def _handoff(self) -> None:
        # The caller that ran this batch returns to its own work; the oldest waiting
        # call, if any, leads the next run (woken before it is finished).
        if self._queue:
            self._queue[0].wake.set()
        else:
            self._busy = False

    def __repr__(self) -> str:
        return f"BatchingEmbedder({self._inner!r}, max_batch={self._max_batch})"
