"""JudgeGate: the judge's part in a lookup (modes, verdicts, aliases, learned thresholds).

``SemanticCache`` hands the gate the closest candidate of a lookup; the gate says
whether it is served and how it was verified, or that it is a miss:

* a candidate the verifier serves above the threshold is served ("threshold"),
  unless learned thresholds (``policy``) decide instead ("learned", "judge" or miss);
* a candidate in the band between ``floor`` and the threshold (or one the
  verifier's guards vetoed there) is judged: a remembered verdict for the same
  (entry, text) answers at once; otherwise ``sync`` asks the judge and waits up to
  ``deadline`` seconds (past it: a miss), ``async`` asks it in the background and
  misses now.
* a "yes" makes the new text a verified *alias* of the entry: a normal entry with
  the same answer under the new text (a judge verdict on itself marks it), made in
  the background, so repeats are exact hits and near-repeats semantic ones. Its id
  is the entry's, a dot and a suffix (:func:`alias_id`): both stores delete an
  entry's aliases with it (delete, eviction, expiry, a new answer).

Verdicts are remembered in memory and kept in the store when it offers
``record_verdict`` (both shipped stores do): they survive restarts, and go with
their entry. A judge that raises, times out or returns something that is not a
probability is a miss, counted and never remembered. Thread-safe.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import logging
import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, Final, Literal

from .._keys import normalize_text
from .._records import Entry, Verified
from .base import Judge, JudgeBudgetError, JudgeRequest, JudgeTimeoutError
from .function import probability
from .learned import ErrorBoundPolicy

__all__ = [
    "DEFAULT_JUDGE_DEADLINE",
    "DEFAULT_JUDGE_WORKERS",
    "DEFAULT_MAX_PENDING",
    "JUDGE_MODES",
    "JudgeGate",
    "JudgeMode",
    "alias_id",
    "alias_owner",
    "answer_text",
    "text_digest",
]

JudgeMode = Literal["off", "sync", "async"]
JUDGE_MODES: Final = ("off", "sync", "async")
#: Seconds a sync lookup waits for the judge before it is a miss.
DEFAULT_JUDGE_DEADLINE: Final = 1.5
#: Threads that run judge calls (and write verdicts and aliases).
DEFAULT_JUDGE_WORKERS: Final = 4
#: Judge calls waiting or running at most; beyond, a candidate is not judged (a miss).
DEFAULT_MAX_PENDING: Final = 256
_MEMO: Final = 10_000  # entries whose verdicts are remembered in memory
_YES: Final = 0.5
_ALIASABLE: Final = re.compile(r"[0-9a-f]{1,64}(?:\.[0-9a-f]{1,64}){0,3}")  # 4 levels at most
_log = logging.getLogger("semcache")

#: What the gate counts (``stats()``).
_COUNTERS: Final = (
    "calls", "yes", "no", "errors", "timeouts", "budget", "deadline", "backlog",
    "remembered", "aliases", "skipped",
)  # fmt: skip

Store = Any  # a Backend, maybe with Verdicts: read with getattr (optional methods)
AddAlias = Callable[[Entry, str], "str | None"]


class JudgeGate:
    """Decides, with a judge, whether a lookup's closest candidate is served.

    Args:
        judge: the judge (see :class:`~semcache.judge.Judge`).
        mode: "sync" or "async" (see the module docstring).
        floor: similarity from which a candidate is judged ("surely different" below).
        deadline: seconds a sync lookup waits for the judge.
        store: the cache's store; verdicts are kept there if it has ``record_verdict``.
        add_alias: ``add_alias(entry, text)`` stores the entry's answer under ``text``
            and returns the new entry's id (None: not stored).
        policy: learned per-entry thresholds; None: the static threshold and band.
        workers, max_pending: judge threads, and calls waiting or running at most.
    """

    def __init__(
        self,
        judge: Judge,
        *,
        mode: JudgeMode,
        floor: float,
        deadline: float,
        store: Store,
        add_alias: AddAlias,
        policy: ErrorBoundPolicy | None = None,
        workers: int = DEFAULT_JUDGE_WORKERS,
        max_pending: int = DEFAULT_MAX_PENDING,
    ) -> None:
        self.judge, self.mode, self.floor, self.deadline = judge, mode, floor, deadline
        self.policy = policy
        self._store, self._add_alias = store, add_alias
        self._pool = concurrent.futures.ThreadPoolExecutor(workers, "semcache-judge")
        self._max_pending = max_pending
        self._pending: dict[tuple[str, str], concurrent.futures.Future[float | None]] = {}
        self._writes: set[concurrent.futures.Future[None]] = set()  # verdicts and aliases
        self._memo: OrderedDict[str, dict[str, tuple[float, float]]] = OrderedDict()
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(_COUNTERS, 0)
        self._closed = False

    # -- the lookup ---------------------------------------------------------------

    def exact(self, entry: Entry) -> Verified:
        """How an exact hit on ``entry`` was verified: "judge" for an alias."""
        mine = self._verdicts(entry.id).get(text_digest(entry.prompt))
        return "judge" if mine is not None and mine[0] >= _YES else "threshold"

    def decide(
        self, text: str, entry: Entry, similarity: float, *, passed: bool, guarded: bool, skip: bool
    ) -> Verified | None:
        """How the candidate ``entry`` at ``similarity`` to ``text`` is served, or None.

        ``passed``: the verifier serves it at the lookup's threshold; ``guarded``:
        no guard of the verifier vetoes it (at the band's floor); ``skip``: no judge
        call for this lookup (remembered verdicts still count).
        """
        if similarity < entry.floor:  # feedback said wrong this far: the judge cannot overrule it
            return None
        if self.policy is not None:
            self._load_policy(entry.id)
            decision = self.policy.decide(entry.id, similarity)
            if decision == "serve" and guarded:
                # A verdict already given on this very (entry, text) overrules the model:
                # an audited "no" must not be served again at each repeat.
                known = self._verdicts(entry.id).get(text_digest(text))
                if known is None:
                    return "learned"
                return "judge" if known[0] >= _YES else None
            if decision == "miss":
                return None
        elif passed:
            return "threshold"
        elif similarity < self.floor:
            return None
        return self._judged(text, entry, similarity, skip=skip)

    def feedback(self, entry_id: str, similarity: float, *, correct: bool) -> None:
        """A caller's feedback on a hit: an observation for learned thresholds, kept
        with the entry (as a verdict under a feedback key)."""
        if self.policy is None:
            return
        self._load_policy(entry_id)
        self.policy.observe(entry_id, similarity, correct)
        key = f"feedback/{similarity:.3f}"
        self._remember(entry_id, key, 1.0 if correct else 0.0, similarity)
        self._persist(entry_id, key, 1.0 if correct else 0.0, similarity)

    def forget(self, entry_id: str) -> None:
        """The entry was deleted: drop what is remembered of it."""
        with self._lock:
            self._memo.pop(entry_id, None)
        if self.policy is not None:
            self.policy.forget(entry_id)

    def stats(self) -> dict[str, int]:
        """Counters: judge calls and their yes/no, errors, timeouts, refusals over the
        judge's budget, sync lookups past the deadline, candidates not judged for a
        full backlog or a skip, verdicts answered from memory or the store, aliases;
        with learned thresholds, ``learned_entries``: entries with observations."""
        with self._lock:
            counts = dict(self._counts)
        if self.policy is not None:
            counts["learned_entries"] = len(self.policy)
        return counts

    def idle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for judge calls in flight; whether none is left."""
        end = time.monotonic() + timeout
        while True:
            with self._lock:
                running: list[concurrent.futures.Future[Any]] = [
                    *self._pending.values(),
                    *self._writes,
                ]
            if not running:
                return True
            left = end - time.monotonic()
            if left <= 0:
                return False
            concurrent.futures.wait(running, timeout=left)

    def close(self) -> None:
        """Stop taking calls; waits up to ``deadline`` seconds for those in flight."""
        with self._lock:
            self._closed = True
        self.idle(self.deadline)
        self._pool.shutdown(wait=False, cancel_futures=True)

    # -- judging -------------------------------------------------------------------

    def _judged(self, text: str, entry: Entry, similarity: float, *, skip: bool) -> Verified | None:
        digest = text_digest(text)
        known = self._verdicts(entry.id).get(digest)
        if known is not None:
            self._count("remembered")
            return "judge" if known[0] >= _YES else None
        if skip:
            self._count("skipped")
            return None
        future = self._submit(text, digest, entry, similarity)
        if future is None or self.mode == "async":
            return None
        try:
            p = future.result(timeout=self.deadline)
        except concurrent.futures.TimeoutError:  # it goes on: its verdict is kept for later
            self._count("deadline")
            return None
        return "judge" if p is not None and p >= _YES else None

    def _submit(
        self, text: str, digest: str, entry: Entry, similarity: float
    ) -> concurrent.futures.Future[float | None] | None:
        key = (entry.id, digest)
        with self._lock:
            if key in self._pending:  # the same question is already asked: share it
                return self._pending[key]
            if self._closed or len(self._pending) >= self._max_pending:
                self._counts["backlog"] += 1
                return None
            future = self._pool.submit(self._run, text, digest, entry, similarity)
            self._pending[key] = future
        future.add_done_callback(lambda _: self._done(key))
        return future

    def _done(self, key: tuple[str, str]) -> None:
        with self._lock:
            self._pending.pop(key, None)

    def _run(self, text: str, digest: str, entry: Entry, similarity: float) -> float | None:
        request = JudgeRequest(entry.prompt, answer_text(entry.response), text)
        self._count("calls")
        try:
            p = probability(self.judge.judge(request), f"judge {self.judge!r}")
        except JudgeTimeoutError:
            self._count("timeouts")
            return None
        except JudgeBudgetError:
            self._count("budget")
            return None
        except Exception:  # a judge fault is a miss, never an error to the caller
            _log.warning("semcache: the judge failed; the candidate is a miss", exc_info=True)
            self._count("errors")
            return None
        self._count("yes" if p >= _YES else "no")
        self._remember(entry.id, digest, p, similarity)
        if self.policy is not None:
            self.policy.observe(entry.id, similarity, p >= _YES)
        write = None
        with self._lock:  # writes off the caller's path (a sync lookup has its answer)
            if not self._closed:
                write = self._pool.submit(self._keep, text, digest, entry, p, similarity)
                self._writes.add(write)
        if write is not None:  # outside the lock: a finished write runs its callback here
            write.add_done_callback(self._written)
        return p

    def _written(self, write: concurrent.futures.Future[None]) -> None:
        with self._lock:
            self._writes.discard(write)

    def _keep(self, text: str, digest: str, entry: Entry, p: float, similarity: float) -> None:
        self._persist(entry.id, digest, p, similarity)
        if p < _YES:
            return
        try:
            alias = self._add_alias(entry, text)
        except Exception:
            _log.warning("semcache: could not store a verified alias", exc_info=True)
            return
        if alias is not None:
            self._count("aliases")
            self._remember(alias, digest, p, 1.0)
            self._persist(alias, digest, p, 1.0)

    # -- verdicts --------------------------------------------------------------------

    def _verdicts(self, entry_id: str) -> Mapping[str, tuple[float, float]]:
        with self._lock:
            found = self._memo.get(entry_id)
            if found is not None:
                self._memo.move_to_end(entry_id)
                return found
        read = getattr(self._store, "verdicts", None)
        stored: dict[str, tuple[float, float]] = {}
        if callable(read):
            try:
                stored = dict(read(entry_id))
            except Exception:  # unknown verdicts: the judge is asked again
                _log.warning("semcache: could not read verdicts", exc_info=True)
                return {}
        with self._lock:
            mine = self._memo.setdefault(entry_id, stored)
            while len(self._memo) > _MEMO:
                self._memo.popitem(last=False)
            return mine

    def _remember(self, entry_id: str, digest: str, p: float, similarity: float) -> None:
        self._verdicts(entry_id)  # loaded first, so a later read does not hide this one
        with self._lock:
            self._memo.setdefault(entry_id, {})[digest] = (p, similarity)

    def _persist(self, entry_id: str, digest: str, p: float, similarity: float) -> None:
        record = getattr(self._store, "record_verdict", None)
        if not callable(record):
            return
        try:
            record(entry_id, digest, p, similarity)
        except Exception:  # kept in memory only; asked again after a restart
            _log.warning("semcache: could not store a verdict", exc_info=True)

    def _load_policy(self, entry_id: str) -> None:
        """Feed the policy an entry's stored verdicts the first time it is seen."""
        assert self.policy is not None
        if entry_id in self.policy:
            return
        verdicts = self._verdicts(entry_id).values()  # remembered after the first read
        rows = [[s, 1.0, 0.0] if p >= _YES else [s, 0.0, 1.0] for p, s in verdicts]
        if rows:
            try:
                self.policy.load_entry(entry_id, {"v": 1, "obs": rows})
            except ValueError:
                _log.warning("semcache: unreadable observations of %s", entry_id, exc_info=True)

    def _count(self, name: str) -> None:
        with self._lock:
            self._counts[name] += 1


def alias_id(entry_id: str) -> str | None:
    """A new id for a verified alias of ``entry_id``: the entry's id, a dot and a
    random suffix, so that the stores find (and delete) an entry's aliases by id.
    None for an id that cannot have aliases (not hex digits and dots, as the cache
    makes them, or already an alias of an alias of an alias of an alias)."""
    if not _ALIASABLE.fullmatch(entry_id):
        return None
    return f"{entry_id}.{uuid.uuid4().hex[:16]}"


def alias_owner(entry_id: str) -> str | None:
    """The id of the entry ``entry_id`` is an alias of, or None if it is none."""
    owner, dot, _ = entry_id.rpartition(".")
    return owner if dot and _ALIASABLE.fullmatch(entry_id) else None


def text_digest(text: str) -> str:
    """The key of a verdict: a digest of the text as the exact tier sees it."""
    data = normalize_text(text).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=12, person=b"semcache-judge").hexdigest()


def answer_text(response: object) -> str:
    """The text of a stored answer as a judge reads it: the message of an OpenAI chat
    completion, a completion's text, a Responses or Anthropic answer's text parts,
    a string as is; anything else as compact JSON."""
    if isinstance(response, str):
        return response
    if isinstance(response, Mapping):
        parts = _texts(response)
        if parts:
            return "\n".join(parts)
    return json.dumps(response, ensure_ascii=False, separators=(",", ":"), default=str)


def _texts(response: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    for choice in response.get("choices") or []:
        if isinstance(choice, Mapping):
            message = choice.get("message")
            content = message.get("content") if isinstance(message, Mapping) else choice.get("text")
            if isinstance(content, str):
                found.append(content)
    items = [*(response.get("output") or []), *(response.get("content") or [])]
    for item in items:
        if isinstance(item, Mapping):
            if isinstance(item.get("text"), str):
                found.append(item["text"])
            for part in item.get("content") or []:
                if isinstance(part, Mapping) and isinstance(part.get("text"), str):
                    found.append(part["text"])
    return found
