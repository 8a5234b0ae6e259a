"""Compaction and saving of the local store's graphs, big ones off the store lock.

A graph with too many deleted slots (HnswBucket.needs_compaction) is rebuilt from
SQLite. A small one is rebuilt at once under the store lock: that takes well
under a second. A big one takes minutes (about 380 s for 1M entries on 2 cores),
and holding the lock that long would stall every get and put of the store, so a
worker thread rebuilds it in three steps:

1. under the lock: open a read snapshot of the bucket in SQLite and start a
   Journal of the changes made to the bucket from then on (BucketSet.watch);
2. off the lock: read the bucket's rowids and vectors from the snapshot (several
   seconds at 1M entries), build the new bucket, then catch it up with the
   journal in a few rounds, so that little is left for the last step;
3. under the lock: replay the rest of the journal and swap the new bucket in.

Searches meanwhile use the old graph, where deleted entries are marked deleted.
Dropping or replacing the bucket meanwhile cancels its journal: the build stops
at its next chunk, or is not swapped in. A failed build is logged and the old
graph kept; the bucket is tried again RETRY_SECONDS later.

The same worker saves big graphs when the store asks it to (``save_soon``): the
store's ``save_held`` holds the graph still under the lock, writes it off the
lock and puts it back under the lock (see LocalStore._save_held): searches go on
meanwhile, where saving under the lock held them all up for seconds at 1M entries.

One worker serves all buckets of a store, one job at a time (a build uses every
core); it exits when nothing is queued, so an idle store holds no thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

from ._buckets import BucketSet, Journal
from ._kinds import Bucket, BuildStopped, HnswBucket, Labels, Matrix, fresh_bucket

__all__ = ["BACKGROUND_MIN", "RETRY_SECONDS", "CompactionSite", "Compactor", "Reader"]

#: Graphs of at least this many live entries are compacted and saved in the background.
BACKGROUND_MIN = 20_000
#: After a failed background compaction, a bucket waits this long for the next try.
RETRY_SECONDS = 300.0
_CATCH_UP_ROUNDS = 3  # off-lock replays of the journal before the swap ...
_CATCH_UP_MIN = 1_000  # ... each done only if the journal holds more changes than this

_COMPACT, _SAVE = "compact", "save"
#: Reads the rowids and vectors a bucket had when the reader was made.
Reader = Callable[[], tuple[Labels, Matrix]]

_log = logging.getLogger("semcache.store")


class CompactionSite(Protocol):
    """What a Compactor needs of the store whose graphs it compacts.

    ``lock`` is the store lock: it guards ``buckets`` and the compactor.
    """

    @property
    def lock(self) -> threading.RLock:
        """The store lock."""
        ...

    @property
    def buckets(self) -> BucketSet:
        """The buckets compacted."""
        ...

    def reader(self, bucket: str) -> Reader:
        """Runs under the lock: how to read the bucket as it is at that moment,
        which the worker then does without it."""
        ...

    def swapped(self, bucket: str) -> None:
        """Runs under the lock once a new bucket is swapped in (to save it if due)."""
        ...

    def save_held(self, bucket: str) -> None:
        """Runs without the lock, in the worker, for ``save_soon``: save the graph."""
        ...


class _Job:
    """One background compaction: its bucket, journal and (until built) the
    reader of the bucket's rowids and vectors as they were when it started."""

    def __init__(self, bucket: str, journal: Journal, read: Reader) -> None:
        self.bucket = bucket
        self.journal = journal
        self._read: Reader | None = read

    def load(self) -> tuple[Labels, Matrix]:
        """Read the bucket (once: the job then lets the reader go)."""
        if self._read is None:
            raise RuntimeError(f"compaction of bucket {self.bucket} was already built")
        read, self._read = self._read, None
        return read()


class Compactor:
    """Compacts the graphs of one store's BucketSet (see CompactionSite).

    The store lock guards the buckets and this object. ``settle`` and
    ``save_soon`` are called with it held; ``stop`` and ``wait`` without (the
    worker takes it).
    """

    def __init__(self, site: CompactionSite) -> None:
        self._site = site
        self._buckets = site.buckets
        self._lock = site.lock
        self._queue: deque[tuple[str, str]] = deque()  # (COMPACT or SAVE, bucket)
        self._busy: set[tuple[str, str]] = set()  # queued or running
        self._failed_at: dict[str, float] = {}
        self._thread: threading.Thread | None = None
        self._running = False
        self._stopping = False

    def settle(self, bucket: str) -> None:
        """Compact the bucket if its graph has too many deleted slots: at once when
        it is small, else in the background."""
        found = self._buckets.get(bucket)
        if not isinstance(found, HnswBucket) or not found.needs_compaction():
            return
        if (_COMPACT, bucket) in self._busy:
            return
        if not self.in_background(len(found)):
            self._buckets.rebuild(bucket)
        elif not self._failed_recently(bucket):
            self._submit((_COMPACT, bucket))

    @staticmethod
    def in_background(size: int) -> bool:
        """Whether a graph of ``size`` live entries is compacted and saved here."""
        return size >= BACKGROUND_MIN

    def save_soon(self, bucket: str) -> None:
        """Have the worker save the bucket's graph (once, however often asked before)."""
        self._submit((_SAVE, bucket))

    def _submit(self, job: tuple[str, str]) -> None:
        if job in self._busy or self._stopping:
            return
        self._busy.add(job)
        self._queue.append(job)
        self._wake()

    def _failed_recently(self, bucket: str) -> bool:
        failed = self._failed_at.get(bucket)
        return failed is not None and time.monotonic() - failed < RETRY_SECONDS

    def _wake(self) -> None:
        if self._running:
            return
        if self._thread is not None:
            # The last worker has left the lock for good and is returning: joining
            # it keeps the promise of at most one thread, at no cost.
            self._thread.join()
        self._running = True
        self._thread = threading.Thread(target=self._run, name="semcache-compaction", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Give up queued jobs and wait for the worker to leave: a build in flight
        stops at its next chunk; one already built is swapped in first; a save in
        flight is finished."""
        with self._lock:
            self._stopping = True
            thread = self._thread
        if thread is not None:
            thread.join()

    def wait(self) -> None:
        """Wait until no compaction or save is queued or running."""
        while True:
            with self._lock:
                thread, running = self._thread, self._running
            if not running or thread is None:
                return
            thread.join()

    # -- the worker -------------------------------------------------------------

    def _run(self) -> None:
        while (job := self._next()) is not None:
            if isinstance(job, str):
                self._save_now(job)
                continue
            try:
                self._compact(job)
            except BuildStopped:
                pass  # the bucket was dropped or replaced, or the store is closing
            except Exception as exc:  # fail open: the old graph stays in use
                self._failed(job.bucket, exc)
            finally:
                with self._lock:
                    self._buckets.unwatch(job.bucket, job.journal)
                    self._busy.discard((_COMPACT, job.bucket))

    def _save_now(self, bucket: str) -> None:
        try:
            self._site.save_held(bucket)
        except Exception as exc:  # the graph stays in use; SQLite holds every entry
            _log.warning(
                "semcache: saving the index of bucket %s failed (%s: %s); "
                "it is saved again after more changes or on close",
                bucket,
                type(exc).__name__,
                exc,
            )
        finally:
            with self._lock:
                self._busy.discard((_SAVE, bucket))

    def _next(self) -> _Job | str | None:
        """The next job: a compaction (its journal started and its snapshot
        taken), or the bucket to save; None when the worker should exit."""
        with self._lock:
            while self._queue and not self._stopping:
                what, bucket = self._queue.popleft()
                if what == _SAVE:
                    return bucket
                job = self._start(bucket)
                if job is not None:
                    return job
                self._busy.discard((what, bucket))
            self._queue.clear()
            self._busy.clear()
            self._running = False  # the last use of the lock by this thread
            return None

    def _start(self, bucket: str) -> _Job | None:
        found = self._buckets.get(bucket)
        if not isinstance(found, HnswBucket) or not found.needs_compaction():
            return None  # dropped, replaced or rebuilt since it was queued
        try:
            read = self._site.reader(bucket)
        except Exception as exc:  # the database could not be read: try again later
            self._failed(bucket, exc)
            return None
        return _Job(bucket, self._buckets.watch(bucket), read)

    def _compact(self, job: _Job) -> None:
        fresh = self._build(job)
        for _ in range(_CATCH_UP_ROUNDS):
            with self._lock:
                if self._stopping or job.journal.cancelled or len(job.journal) <= _CATCH_UP_MIN:
                    break
                changes = job.journal.take()
            changes.apply(fresh)  # off the lock: only this thread knows ``fresh``
        with self._lock:
            if self._buckets.swap(job.bucket, job.journal, fresh):
                self._failed_at.pop(job.bucket, None)
                _log.info("semcache: bucket %s compacted (%d entries)", job.bucket, len(fresh))
                self._site.swapped(job.bucket)

    def _build(self, job: _Job) -> Bucket:
        labels, vectors = job.load()  # off the lock, from the snapshot
        buckets = self._buckets  # params and flat_limit never change: safe off the lock
        return fresh_bucket(
            buckets.params,
            buckets.flat_limit,
            labels,
            vectors,
            stop=lambda: self._stopping or job.journal.cancelled,
        )

    def _failed(self, bucket: str, exc: Exception) -> None:
        _log.warning(
            "semcache: compacting bucket %s in the background failed (%s: %s); "
            "its graph stays as it is, next try in %.0f s",
            bucket,
            type(exc).__name__,
            exc,
            RETRY_SECONDS,
        )
        with self._lock:
            self._failed_at[bucket] = time.monotonic()
