"""An embedder wrapper that coalesces concurrent calls into shared model runs."""

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .base import Embedder, Vectors

__all__ = ["DEFAULT_MAX_BATCH", "DEFAULT_WORKERS", "BatchingEmbedder"]

#: Texts one model run takes at most from the queue.
DEFAULT_MAX_BATCH = 64
#: Model runs in flight at once: one per core (each run is single-threaded work).
DEFAULT_WORKERS = min(2, os.cpu_count() or 1)


class _Request:
    """One call's texts and, once its run is over, their vectors (or its error).

    ``done`` is set for a blocking caller; an event loop's caller gives ``future``
    instead and is woken through its loop (no thread waits for it)."""

    __slots__ = ("done", "error", "future", "loop", "stats", "texts", "vectors")

    def __init__(
        self,
        texts: list[str],
        loop: asyncio.AbstractEventLoop | None = None,
        *,
        waited: bool = True,
    ) -> None:
        self.texts = texts
        self.loop = loop
        self.future: asyncio.Future[None] | None = None if loop is None else loop.create_future()
        # Only a blocking caller that may be queued waits on it; an Event is a Condition
        # and a lock, a few µs per lookup that runs inline.
        self.done = threading.Event() if waited and loop is None else None
        self.vectors: Vectors | None = None
        self.stats: list[Any] | None = None
        self.error: BaseException | None = None

    def finish(self) -> None:
        if self.loop is None:
            if self.done is not None:
                self.done.set()
            return
        with contextlib.suppress(RuntimeError):  # that loop has closed: nobody to wake
            self.loop.call_soon_threadsafe(_wake, self.future)

    def result(self) -> tuple[Vectors, list[Any] | None]:
        if self.error is not None:
            raise self.error
        assert self.vectors is not None
        return self.vectors, self.stats


def _wake(future: asyncio.Future[None] | None) -> None:
    if future is not None and not future.done():  # a cancelled caller is gone
        future.set_result(None)


class BatchingEmbedder:
    """Runs the texts of concurrent ``embed`` calls through the model together.

    Under load (a proxy serving many lookups at once) one model run per lookup
    pays a run's fixed cost every time and, since each small run is
    single-threaded, leaves cores idle. Here ``workers`` threads take calls from
    one queue; a worker that frees up takes every call waiting (up to
    ``max_batch`` texts) as one run. On an event loop,
    :meth:`embed_with_stats_async` queues the same way and is woken by the worker
    through the loop: no thread of the caller's waits.

    With ``inline`` (the default), a call made while the embedder is idle (no run in
    progress, no other call waiting) runs the model on the caller's own thread:
    the hand-off to a worker and back (two thread wake-ups and a GIL hand-over,
    about 0.2 ms of CPU beside a 2 ms model run) buys nothing when there is nobody
    to share the run with, and onnxruntime releases the GIL while it runs. An
    event loop's call first yields to the loop once, so that the requests already
    ready to run reach the embedder too and are seen: then the call is queued, and
    the loop is never held by the model while other lookups wait.

    Thread-safe. Workers are daemon threads started on first use. An error of a
    run is raised in every call whose texts it held. When the wrapped model offers
    ``embed_with_stats`` (OnnxEmbedder), runs use it, so ``embed_with_stats`` here
    hands each call its texts' token stats along with their vectors.
    """

    def __init__(
        self,
        embedder: Embedder,
        *,
        workers: int = DEFAULT_WORKERS,
        max_batch: int = DEFAULT_MAX_BATCH,
        inline: bool = True,
    ) -> None:
        self._inner = embedder
        self._workers = workers
        self._max_batch = max_batch
        self._inline = inline
        self._queue: queue.SimpleQueue[_Request] = queue.SimpleQueue()
        self._start_lock = threading.Lock()
        self._started = False
        # Calls in the embedder: queued, in a worker's run, running inline, or (an
        # event loop's) deciding. Zero is idle.
        self._in_flight = 0
        self._flight_lock = threading.Lock()
        # Model runs at once, the callers' own included: one per worker (per core).
        self._slots = threading.Semaphore(workers)
        self._model_texts = 0
        self._model_seconds = 0.0

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
    def model_cpu(self) -> tuple[int, float]:
        """Texts embedded so far and the CPU seconds their model runs took, read with
        ``time.thread_time`` on the thread of each run (a caller's or a worker's): the
        model as it costs inside requests, cold after idle gaps included, where a
        back-to-back benchmark of the model sees it warm. A model that runs on threads
        of its own besides the caller's (onnxruntime with more than one intra-op
        thread) is undercounted by their share."""
        with self._flight_lock:
            return self._model_texts, self._model_seconds

    @property
    def token_stats(self) -> Callable[[Sequence[str]], Sequence[Any]] | None:
        """The wrapped model's ``token_stats(texts)`` (not batched: it does not embed),
        or None if it has none."""
        stats = getattr(self._inner, "token_stats", None)
        return stats if callable(stats) else None

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Vectors of ``texts``, computed in a run shared with concurrent calls."""
        return self.embed_with_stats(texts)[0]

    def embed_with_stats(self, texts: Sequence[str]) -> tuple[Vectors, list[Any] | None]:
        """Vectors of ``texts`` and, if the model's runs give them, their token stats
        (else None), computed in a run shared with concurrent calls."""
        request = _Request(list(texts))
        if self._inline and self._enter(alone=True):
            if self._run_inline(request):
                return request.result()
        else:
            self._enter()
        self._submit(request)
        assert request.done is not None  # a blocking caller's request is waited on
        request.done.wait()
        return request.result()

    async def embed_with_stats_async(
        self, texts: Sequence[str]
    ) -> tuple[Vectors, list[Any] | None]:
        """:meth:`embed_with_stats` for a caller on a running asyncio event loop: the
        call waits in the loop, not in a thread (a worker wakes the loop when its
        run is over), or, alone in an idle embedder (``inline``), runs the model on
        the loop's thread. Cancelling the caller does not stop the run it is in."""
        self._enter()
        if self._inline:
            try:
                await asyncio.sleep(0)  # the loop's ready requests enter first
            except BaseException:  # cancelled while deciding: not in the embedder
                self._leave(1)
                raise
            alone = _Request(list(texts), waited=False)  # run here or not at all
            if self._alone() and self._run_inline(alone):
                return alone.result()
        request = _Request(list(texts), asyncio.get_running_loop())
        assert request.future is not None
        self._submit(request)
        await request.future
        return request.result()

    def _enter(self, *, alone: bool = False) -> bool:
        """Count a call in; with ``alone``, only if no other call is in (else False)."""
        with self._flight_lock:
            if alone and self._in_flight:
                return False
            self._in_flight += 1
            return True

    def _alone(self) -> bool:
        with self._flight_lock:
            return self._in_flight == 1

    def _leave(self, calls: int, *, texts: int = 0, seconds: float = 0.0) -> None:
        with self._flight_lock:
            self._in_flight -= calls
            self._model_texts += texts
            self._model_seconds += seconds

    def _run_inline(self, request: _Request) -> bool:
        """Run ``request`` (counted in) on this thread if a run's slot is free at once
        (a worker may still hold one for a moment); whether it ran."""
        if not self._slots.acquire(blocking=False):
            return False
        try:
            self._run([request], wake=False)
        finally:
            self._slots.release()
        return True

    def _submit(self, request: _Request) -> None:
        """Queue ``request`` (it is counted in) for the workers."""
        self._start()
        self._queue.put(request)

    def _start(self) -> None:
        if self._started:
            return
        with self._start_lock:
            if not self._started:
                for i in range(self._workers):
                    name = f"semcache-embed-{i}"
                    threading.Thread(target=self._work, name=name, daemon=True).start()
                self._started = True

    def _work(self) -> None:
        while True:
            first = self._queue.get()
            with self._slots:  # calls queued meanwhile join this run
                self._run(self._take(first))

    def _take(self, first: _Request) -> list[_Request]:
        batch = [first]
        size = len(first.texts)
        while size < self._max_batch:
            try:
                request = self._queue.get_nowait()
            except queue.Empty:
                break
            batch.append(request)
            size += len(request.texts)
        return batch

    def _run(self, batch: list[_Request], *, wake: bool = True) -> None:
        texts = [text for r in batch for text in r.texts]
        started = time.thread_time()
        try:
            vectors, stats = self._model_run(texts)
            start = 0
            for request in batch:
                end = start + len(request.texts)
                request.vectors = vectors[start:end]
                request.stats = None if stats is None else list(stats[start:end])
                start = end
        except BaseException as exc:  # handed to each caller and raised there
            for request in batch:
                request.error = exc
        # Counted out before the callers wake: their next call may be alone.
        self._leave(len(batch), texts=len(texts), seconds=time.thread_time() - started)
        if wake:
            for request in batch:
                request.finish()

    def _model_run(self, texts: list[str]) -> tuple[Vectors, Sequence[Any] | None]:
        # A model that spreads a call's runs over threads of its own (OnnxEmbedder,
        # whose shipped model runs one text per run) would start a thread pool for
        # every batch taken here; the workers are already one per core, so each is
        # handed one run's texts at a time.
        size = getattr(self._inner, "batch_size", None)
        step = size if isinstance(size, int) and size > 0 else max(len(texts), 1)
        if len(texts) <= step:
            return self._one_run(texts)
        parts = [self._one_run(texts[i : i + step]) for i in range(0, len(texts), step)]
        vectors = np.concatenate([part[0] for part in parts])
        if any(part[1] is None for part in parts):
            return vectors, None
        return vectors, [s for part in parts for s in part[1] or ()]

    def _one_run(self, texts: list[str]) -> tuple[Vectors, Sequence[Any] | None]:
        with_stats = getattr(self._inner, "embed_with_stats", None)
        if callable(with_stats):
            vectors, stats = with_stats(texts)
            return vectors, stats
        return self._inner.embed(texts), None

    def __repr__(self) -> str:
        return (
            f"BatchingEmbedder({self._inner!r}, workers={self._workers}, "
            f"max_batch={self._max_batch}, inline={self._inline})"
        )
