"""BatchingEmbedder: concurrent calls share model runs and get their own vectors."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Sequence

import numpy as np
import pytest

from semcache.embed.base import Vectors
from semcache.embed.batching import BatchingEmbedder
from semcache.testing import HashingEmbedder


class SlowEmbedder(HashingEmbedder):
    """Records each run's texts; the first run waits until released."""

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[list[str]] = []
        self.release = threading.Event()
        self.running = threading.Event()  # the first run has begun (and is held)
        self.fail_on: str | None = None

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.runs.append(list(texts))
        if len(self.runs) == 1:
            self.running.set()
            self.release.wait(10)
        if self.fail_on in texts:
            raise RuntimeError("model crashed")
        return super().embed(texts)


def _call_in_threads(
    embedder: BatchingEmbedder, batches: list[list[str]], held: SlowEmbedder | None = None
) -> tuple[list[object], list[threading.Thread]]:
    """Start the first call and, given the SlowEmbedder it runs in (``held``), wait
    until its run is held there, then start the others and wait until every call is
    in the embedder (queued, or taken by a worker for the next run)."""
    results: list[object] = [None] * len(batches)

    def call(i: int) -> None:
        try:
            results[i] = embedder.embed(batches[i])
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(batches))]
    threads[0].start()
    if held is None:
        time.sleep(0.05)  # the first call is now running
    else:
        assert held.running.wait(10)
    for t in threads[1:]:
        t.start()
    if held is not None:
        _wait_for(lambda: embedder._in_flight == len(batches))
    return results, threads


def _wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_a_lone_call_runs_at_once() -> None:
    """With nothing else in flight, a call is one run of its own texts."""
    inner = SlowEmbedder()
    inner.release.set()
    vectors = BatchingEmbedder(inner).embed(["a b", "c d"])
    assert inner.runs == [["a b", "c d"]]
    np.testing.assert_allclose(vectors, HashingEmbedder().embed(["a b", "c d"]))


def test_calls_arriving_during_a_run_share_the_next_run() -> None:
    """Calls queued behind a run are embedded together, each getting its own rows."""
    inner = SlowEmbedder()
    batching = BatchingEmbedder(inner, workers=1)
    texts = [[f"question {i}"] for i in range(6)]
    results, threads = _call_in_threads(batching, texts, inner)
    # The first runs on its own thread; the worker holds the second, waiting for its
    # slot; the other four wait in the queue.
    _wait_for(lambda: batching._queue.qsize() == 4)
    inner.release.set()
    for t in threads:
        t.join(10)
    assert len(inner.runs) == 2
    assert sorted(inner.runs[1]) == sorted(t[0] for t in texts[1:])
    for text, vectors in zip(texts, results, strict=True):
        np.testing.assert_allclose(vectors, HashingEmbedder().embed(text))


def test_a_failed_run_raises_in_each_of_its_callers_only() -> None:
    """An error reaches every call of the failed run; later calls still work."""
    inner = SlowEmbedder()
    inner.fail_on = "bad"
    batching = BatchingEmbedder(inner, workers=1)
    results, threads = _call_in_threads(batching, [["first"], ["bad"], ["also queued"]], inner)
    # The worker holds one of the two, the other waits in the queue.
    _wait_for(lambda: batching._queue.qsize() == 1)
    inner.release.set()
    for t in threads:
        t.join(10)
    assert isinstance(results[0], np.ndarray)
    assert all(isinstance(r, RuntimeError) for r in results[1:])
    assert batching.embed(["fine again"]).shape == (1, 64)


def test_many_threads_get_the_same_vectors_as_serial_calls() -> None:
    """Under real concurrency every caller gets exactly its own vectors."""
    inner = HashingEmbedder()
    batching = BatchingEmbedder(inner, workers=2, max_batch=8)
    texts = [[f"text number {i}", f"other {i}"] for i in range(64)]
    out: dict[int, Vectors] = {}

    def call(i: int) -> None:
        out[i] = batching.embed(texts[i])

    threads = [threading.Thread(target=call, args=(i,)) for i in range(64)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    for i, pair in enumerate(texts):
        np.testing.assert_allclose(out[i], inner.embed(pair))


@pytest.mark.parametrize("attribute", ["dim", "name"])
def test_it_reports_the_wrapped_models_identity(attribute: str) -> None:
    """dim and name are the wrapped embedder's, so stores accept its vectors."""
    inner = HashingEmbedder(32)
    assert getattr(BatchingEmbedder(inner), attribute) == getattr(inner, attribute)


class ThreadRecorder(HashingEmbedder):
    """Records the thread each run is made on."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[str] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.threads.append(threading.current_thread().name)
        return super().embed(texts)


async def test_an_event_loop_awaits_its_vectors_without_a_waiting_thread() -> None:
    """Without ``inline``, a loop's call is queued and awaited: the vectors are the
    blocking call's, computed on a worker thread; the loop thread never runs the model."""
    inner = ThreadRecorder()
    batching = BatchingEmbedder(inner, inline=False)
    vectors, _ = await batching.embed_with_stats_async(["a b", "c d"])
    np.testing.assert_allclose(vectors, inner.embed(["a b", "c d"]))
    assert inner.threads[0].startswith("semcache-embed-")


def test_a_call_to_an_idle_embedder_runs_on_the_callers_thread() -> None:
    """With nothing else in flight, a blocking call is run by its own thread (no
    hand-off to a worker); no worker thread is even started."""
    inner = ThreadRecorder()
    batching = BatchingEmbedder(inner)
    vectors = batching.embed(["a b"])
    np.testing.assert_allclose(vectors, HashingEmbedder().embed(["a b"]))
    assert inner.threads == [threading.current_thread().name]
    assert not batching._started


async def test_a_lone_loop_call_runs_on_the_loop() -> None:
    """A loop's call alone in an idle embedder runs the model on the loop's thread."""
    inner = ThreadRecorder()
    batching = BatchingEmbedder(inner)
    vectors, _ = await batching.embed_with_stats_async(["a b"])
    np.testing.assert_allclose(vectors, HashingEmbedder().embed(["a b"]))
    assert inner.threads == [threading.current_thread().name]


async def test_concurrent_loop_calls_go_to_the_workers() -> None:
    """Calls made together on one loop all see each other and are queued: the loop
    thread runs none of them (it would hold up the others)."""
    inner = ThreadRecorder()
    batching = BatchingEmbedder(inner)
    texts = [[f"question {i}"] for i in range(8)]
    results = await asyncio.gather(*(batching.embed_with_stats_async(t) for t in texts))
    for text, (vectors, _) in zip(texts, results, strict=True):
        np.testing.assert_allclose(vectors, HashingEmbedder().embed(text))
    assert inner.threads and all(t.startswith("semcache-embed-") for t in inner.threads)


def test_a_run_on_the_callers_thread_takes_one_of_the_workers_slots() -> None:
    """While a call runs on its own thread, a call after it waits for a worker: no more
    runs at once than ``workers`` (one per core)."""
    inner = SlowEmbedder()
    batching = BatchingEmbedder(inner, workers=1)
    results, threads = _call_in_threads(batching, [["first"], ["second"]], inner)
    time.sleep(0.1)
    assert inner.runs == [["first"]]  # the second has not started beside it
    inner.release.set()
    for t in threads:
        t.join(10)
    assert inner.runs == [["first"], ["second"]]
    for text, vectors in zip([["first"], ["second"]], results, strict=True):
        np.testing.assert_allclose(vectors, HashingEmbedder().embed(text))


async def test_an_awaited_run_that_fails_raises_in_the_awaiting_coroutine() -> None:
    """A failed run's error is raised where the loop's caller awaits it."""
    inner = SlowEmbedder()
    inner.release.set()
    inner.fail_on = "bad"
    batching = BatchingEmbedder(inner)
    with pytest.raises(RuntimeError, match="model crashed"):
        await batching.embed_with_stats_async(["bad"])
    assert (await batching.embed_with_stats_async(["fine"]))[0].shape == (1, 64)


def test_a_model_of_one_text_per_run_is_handed_one_run_at_a_time() -> None:
    """A model with ``batch_size`` gets the queued texts in runs of that size (so it
    never spreads one call over threads of its own); each caller gets its own rows."""
    inner = SlowEmbedder()
    inner.batch_size = 1  # type: ignore[attr-defined]
    batching = BatchingEmbedder(inner, workers=1)
    texts = [[f"question {i}"] for i in range(4)]
    results, threads = _call_in_threads(batching, texts, inner)
    _wait_for(lambda: batching._queue.qsize() == 2)
    inner.release.set()
    for t in threads:
        t.join(10)
    assert all(len(run) == 1 for run in inner.runs) and len(inner.runs) == 4
    for text, vectors in zip(texts, results, strict=True):
        np.testing.assert_allclose(vectors, HashingEmbedder().embed(text))


class BusyEmbedder(HashingEmbedder):
    """Burns at least ``seconds`` of its thread's CPU per run."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def embed(self, texts: Sequence[str]) -> Vectors:
        started = time.thread_time()
        while time.thread_time() - started < self.seconds:
            pass
        return super().embed(texts)


def test_model_cpu_counts_texts_and_their_runs_thread_time() -> None:
    """model_cpu adds each run's texts and its thread CPU, inline and on workers alike."""
    batching = BatchingEmbedder(BusyEmbedder(0.01))
    assert batching.model_cpu == (0, 0.0)
    batching.embed(["a", "b"])
    texts, seconds = batching.model_cpu
    assert texts == 2 and seconds >= 0.01
    results, threads = _call_in_threads(batching, [["c"], ["d"], ["e"]])
    for thread in threads:
        thread.join(10)
    assert all(isinstance(result, np.ndarray) for result in results)
    texts, seconds = batching.model_cpu
    assert texts == 5 and seconds >= 0.03


def test_a_failed_run_is_counted_too() -> None:
    """A run that raises still took its texts' CPU: counted, not lost."""
    inner = SlowEmbedder()
    inner.release.set()
    inner.fail_on = "boom"
    batching = BatchingEmbedder(inner)
    with pytest.raises(RuntimeError):
        batching.embed(["boom"])
    assert batching.model_cpu[0] == 1
