"""SemanticCache: exact tier, semantic tier, verification, eviction."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, Final

from ._config import (
    DEFAULT_CANDIDATES,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ENTRIES,
    DEFAULT_POLICY,
    DEFAULT_SWEEP_INTERVAL,
    DEFAULT_THRESHOLD,
    DEFAULT_TTL,
    CacheConfig,
    check_namespace,
    check_scope,
    check_text,
    check_threshold,
    check_ttl,
)
from ._conversation import (
    DEFAULT_CONTEXT,
    ContextCheck,
    View,
    check_context,
    plain,
    view,
    wrap,
)
from ._errors import ConfigError, InvalidRequestError, SemcacheError, StoreError
from ._hot import HotEntries
from ._keys import exact_key, scope_digest
from ._records import Candidate, Entry, Hit, HitKind, Key, Verified, dump_response
from ._stats import CacheStats
from .embed.base import Embedder, Vectors
from .embed.batching import BatchingEmbedder
from .embed.memo import MemoEmbedder
from .embed.multilingual import embedder_threshold, named_embedder
from .eviction import EvictionPolicy, Evictor, get_policy
from .judge import (
    DEFAULT_JUDGE_DEADLINE,
    JUDGE_MODES,
    ErrorBoundPolicy,
    Judge,
    JudgeGate,
    alias_id,
    alias_owner,
    as_judge,
)
from .lang import language_gate
from .store import Backend, open_store
from .verify import FEEDBACK_MARGIN, Verifier, default_verifier, operating_threshold
from .verify.asked import asked
from .verify.lang import LANGUAGES as CHECKED_LANGUAGES

__all__ = ["SemanticCache"]

_log = logging.getLogger("semcache")

#: Runs a blocking callable on a worker thread, from an event loop (lookup_async).
RunSync = Callable[[Callable[[], Any]], Awaitable[Any]]

#: Similarity from which a candidate below the threshold is judged ("surely
#: different" below it; also where learned thresholds start).
DEFAULT_JUDGE_FLOOR: Final = 0.6


class SemanticCache:
    """A semantic cache of LLM responses.

    ``get`` first tries the exact tier (a hash of namespace, scope and normalized
    prompt: no embedding), then embeds the prompt, searches the nearest entries
    of the same namespace and scope, and lets the verifier decide which, if any,
    answers it. ``put`` stores an answer and evicts by the policy when over
    ``max_entries`` or ``max_bytes``; entries past their TTL are never served.

    A failure inside a lookup (index, disk, embedding) is logged and becomes a
    miss; misconfiguration raises at construction. All methods are thread-safe.

    Args:
        path: data directory of the local store; None keeps everything in memory.
        embedder: any object with ``embed``, ``dim`` and ``name``; default: the
            bundled all-MiniLM-L6-v2 int8 ONNX model; "multilingual":
            multilingual-e5-small (the ``multilingual`` extra; docs/languages.md).
        threshold: cosine similarity (higher is closer) a semantic candidate needs.
        policy: eviction policy name ("lru", "lfu", "fifo", "cost") or object.
        max_entries, max_bytes: limits (None: no limit).
        ttl: default seconds an entry lives (None: until evicted).
        store: store URI ("local" default, "milvus:///file.db", "milvus://host:port")
            or a ``Store`` object.
        verifier: decides among candidates; default: ``GuardedVerifier`` (the
            threshold, then lexical guards; see docs/quality.md).
        candidates: nearest neighbours handed to the verifier.
        min_precision: instead of ``threshold``, a target precision; the threshold
            measured to reach it on the QQP dev pairs is used (see
            ``semcache.quality.operating_points()``).
        judge: a second opinion on the ambiguous band: a ``Judge`` (e.g.
            ``semcache.judge.LLMJudge``) or any callable
            ``fn(cached_prompt, cached_response, prompt)`` returning the probability
            (0..1) that the cached response answers ``prompt`` (see docs/judge.md).
        judge_mode: "sync" (the default with a judge): a candidate between
            ``judge_floor`` and the threshold is judged before it is served, within
            ``judge_deadline`` seconds (past it: a miss); "async": only candidates
            above the threshold are served, band candidates of misses are judged in
            the background and a "yes" makes the new prompt a verified alias of the
            entry; "off" (the default without a judge).
        max_error_rate: learn a threshold per entry from judged pairs and feedback,
            serving without asking only where the expected error stays under this
            bound (needs a judge; see ``semcache.judge.ErrorBoundPolicy``).
        judge_deadline, judge_floor: see ``judge_mode``.
        context: how a conversation's earlier turns must match (keys made by
            :mod:`semcache.wire`): "substance" (the default: in entities, numbers
            and intent; docs/quality.md, "Conversations") or "exact" (byte for byte).
        judge_error: the judge's own error rate (0 <= x < 0.5, measured on labelled
            pairs): learned thresholds allow for it (``ErrorBoundPolicy``'s
            ``label_noise``), so that the bound holds against the truth, not only
            against the judge's verdicts.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        embedder: Embedder | str | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        policy: str | EvictionPolicy = DEFAULT_POLICY,
        max_entries: int | None = DEFAULT_MAX_ENTRIES,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        ttl: float | None = DEFAULT_TTL,
        store: str | Backend | None = None,
        verifier: Verifier | None = None,
        candidates: int = DEFAULT_CANDIDATES,
        min_precision: float | None = None,
        judge: Judge | Callable[..., Any] | None = None,
        judge_mode: str | None = None,
        max_error_rate: float | None = None,
        judge_deadline: float = DEFAULT_JUDGE_DEADLINE,
        judge_floor: float = DEFAULT_JUDGE_FLOOR,
        judge_error: float = 0.0,
        context: str = DEFAULT_CONTEXT,
    ) -> None:
        embedder = named_embedder(embedder)  # "multilingual": semcache.embed.multilingual
        own = embedder_threshold(embedder, threshold, min_precision)  # a model's own points
        self._config = CacheConfig(
            threshold=operating_threshold(threshold, min_precision) if own is None else own,
            max_entries=max_entries,
            max_bytes=max_bytes,
            ttl=check_ttl(ttl),
            candidates=candidates,
        )
        self._model = _loaded(embedder or _default_embedder())
        # which prompts go past the exact tier
        self._languages = language_gate(self._model, CHECKED_LANGUAGES)
        self._usage: tuple[int, int] = (0, 0)  # entries, bytes: the last the store told
        # Remembered vectors first (a miss and its put embed the same text), then
        # concurrent lookups share model runs.
        self._batching = BatchingEmbedder(self._model)
        self._embedder = MemoEmbedder(self._batching)
        self._verifier: Verifier = (
            verifier if verifier is not None else default_verifier(self._embedder)
        )
        self._loop_verifier = verifier is None  # ours never waits: lookup_async may run it
        self._context = check_context(context)
        self._conversations = ContextCheck(self._embedder.embed, self._verifier.choose)
        self._store = open_store(store, path, dim=self._embedder.dim, model=self._embedder.name)
        self._gate: JudgeGate | None = None
        self._evictor = Evictor(
            get_policy(policy) if isinstance(policy, str) else policy,
            _Forgetting(self._store, self._forgotten),  # evictions and expiry forget too
            max_entries=max_entries,
            max_bytes=max_bytes,
            sweep_interval=DEFAULT_SWEEP_INTERVAL,
        )
        self._stats = CacheStats()
        self._hot = HotEntries()  # exact hits served again without the store (repeat_hit)
        self._write_lock = threading.Lock()
        self._closed = False
        try:
            self._gate = self._judge_gate(
                judge, judge_mode, max_error_rate, judge_deadline, judge_floor, judge_error
            )
        except BaseException:
            self._store.close()
            raise

    def _judge_gate(
        self,
        judge: Judge | Callable[..., Any] | None,
        mode: str | None,
        max_error_rate: float | None,
        deadline: float,
        floor: float,
        error: float,
    ) -> JudgeGate | None:
        mode = mode if mode is not None else ("off" if judge is None else "sync")
        if mode not in JUDGE_MODES:
            raise ConfigError(f"judge_mode must be one of {', '.join(JUDGE_MODES)}; got {mode!r}")
        if judge is None and (mode != "off" or max_error_rate is not None):
            raise ConfigError(
                f"judge_mode={mode!r} and max_error_rate need a judge: pass judge=fn or "
                "judge=LLMJudge(...), or leave judge_mode off"
            )
        threshold = self._config.threshold
        if not 0.0 <= check_threshold(floor) <= threshold:
            raise ConfigError(
                f"judge_floor must be between 0 and the threshold {threshold:g}; got {floor!r}"
            )
        if not (isinstance(deadline, int | float) and 0 < deadline < math.inf):
            raise ConfigError(
                f"judge_deadline must be a positive number of seconds, e.g. 1.5; got {deadline!r}"
            )
        if isinstance(error, bool) or not isinstance(error, int | float) or not 0 <= error < 0.5:
            raise ConfigError(
                "judge_error is the judge's own error rate (a fraction, 0 <= judge_error < 0.5, "
                f"e.g. 0.02 measured on labelled pairs); got {error!r}"
            )
        if judge is None or mode == "off":
            return None
        policy = (
            None
            if max_error_rate is None
            else ErrorBoundPolicy(max_error_rate, floor=floor, label_noise=float(error))
        )
        return JudgeGate(
            as_judge(judge),
            mode="sync" if mode == "sync" else "async",
            floor=floor,
            deadline=float(deadline),
            store=self._store,
            add_alias=self._alias,
            policy=policy,
        )

    # -- lookups -------------------------------------------------------------

    def get(
        self,
        prompt: str,
        *,
        namespace: str = "default",
        scope: str | None = None,
        threshold: float | None = None,
        judge: bool = True,
    ) -> Hit | None:
        """The cached answer for ``prompt`` in (namespace, scope), or None.

        ``threshold`` overrides the cache's similarity threshold for this call;
        ``judge=False`` asks no judge for it (verdicts already given still count).
        Never raises for a fault inside the cache (that is a miss); raises for
        invalid arguments and on a closed cache.
        """
        key = Key(namespace, scope_digest(check_scope(scope)), prompt)
        return self.lookup(key, threshold=threshold, judge=judge)

    def lookup(
        self,
        key: Key,
        *,
        threshold: float | None = None,
        judge: bool = True,
        context: str | None = None,
    ) -> Hit | None:
        """The cached answer for ``key`` (a scope already digested, as
        :mod:`semcache.wire` makes them), or None; otherwise like :meth:`get`.
        ``context`` overrides the cache's context mode for this lookup."""
        check_text(key.text, "prompt")
        check_namespace(key.namespace)
        limit = self._config.threshold if threshold is None else check_threshold(threshold)
        looked = view(key, self._context if context is None else check_context(context))
        self._check_open()
        started = time.perf_counter()
        try:
            hit = self._lookup(looked, limit, skip=not judge)
        except Exception:
            _log.warning("semcache: lookup failed; serving it as a miss", exc_info=True)
            self._stats.add("errors")
            hit = None
        self._stats.lookup(hit, time.perf_counter() - started)
        return hit

    def lookup_nowait(self, key: Key, *, context: str | None = None) -> Hit | None:
        """An exact hit for ``key`` if the store can give one at once, else None: then
        do the full :meth:`lookup`, which may still find one. For event loops: it
        runs no model and no judge, and nothing that waits (the local store answers
        only when no other thread holds it; other stores, a cache with a judge and a
        lookup in a conversation always get None). Never raises."""
        find = getattr(self._store, "find_exact_nowait", None)
        touch = getattr(self._store, "touch_nowait", None)
        if find is None or touch is None or self._gate is not None or self._closed:
            return None
        started = time.perf_counter()
        try:
            hit = self._exact_nowait(key, context, find, touch)
        except Exception:  # the full lookup meets the same fault, and logs and counts it
            return None
        if hit is not None:
            self._stats.lookup(hit, time.perf_counter() - started)
        return hit

    def _exact_nowait(
        self,
        key: Key,
        context: str | None,
        find: Callable[[str], tuple[bool, Entry | None]],
        touch: Callable[..., bool],
    ) -> Hit | None:
        check_text(key.text, "prompt")
        check_namespace(key.namespace)
        looked = view(key, self._context if context is None else check_context(context))
        if looked.history:  # agreeing on a conversation may embed it
            return None
        now, text = time.time(), looked.key.text
        done, stored = find(exact_key(looked.key.namespace, looked.exact_scope, text))
        if not done or stored is None or stored.expired(now):
            return None
        for entry, _ in self._conversations.admit(looked, [(stored, 1.0)]):
            touched = dataclasses.replace(entry, hits=entry.hits + 1, accessed_at=now)
            if not touch(entry.id, accessed_at=now, priority=self._evictor.priority(touched)):
                return None
            self._languages.route(text)  # counted as the full lookup counts it
            return _hit_of(entry, 1.0, "exact", "threshold")
        return None

    async def lookup_async(
        self,
        key: Key,
        *,
        threshold: float | None = None,
        judge: bool = True,
        context: str | None = None,
        run_sync: RunSync | None = None,
    ) -> Hit | None:
        """:meth:`lookup` for a caller on a running asyncio event loop.

        Where nothing has to wait (the local store free, the default verifier, no
        judge, no conversation to compare), the exact tier, the search and the
        verifier run on the loop and the embedding is awaited from the batching
        embedder: no worker thread, and one exact query. Anything that could block
        (the whole lookup with a judge, a conversation, another store or verifier; a
        store query while another thread holds the store) goes to ``run_sync``, a
        coroutine function that runs a blocking callable on a worker thread (default
        ``asyncio.to_thread``). Raises as :meth:`lookup` does; never for a fault
        inside the cache.
        """
        check_text(key.text, "prompt")
        check_namespace(key.namespace)
        limit = self._config.threshold if threshold is None else check_threshold(threshold)
        looked = view(key, self._context if context is None else check_context(context))
        self._check_open()
        run = _to_thread if run_sync is None else run_sync
        if not self._on_loop(looked):
            lookup = partial(self.lookup, key, threshold=threshold, judge=judge, context=context)
            hit: Hit | None = await run(lookup)
            return hit
        started = time.perf_counter()
        try:
            hit = await self._lookup_on_loop(looked, limit, run)
        except Exception:
            _log.warning("semcache: lookup failed; serving it as a miss", exc_info=True)
            self._stats.add("errors")
            hit = None
        self._stats.lookup(hit, time.perf_counter() - started)
        return hit

    def _on_loop(self, looked: View) -> bool:
        """Whether this lookup can run on an event loop (see :meth:`lookup_async`)."""
        store = self._store
        return (
            self._gate is None
            and not looked.history
            and self._loop_verifier
            and self._embedder.embeds_async
            and all(
                callable(getattr(store, name, None))
                for name in ("find_exact_nowait", "search_nowait", "touch_nowait")
            )
        )

    async def _lookup_on_loop(self, looked: View, threshold: float, run: RunSync) -> Hit | None:
        text, now, store = looked.key.text, time.time(), self._store
        covered = self._languages.route(text)  # counts the lookup by language
        exact = exact_key(looked.key.namespace, looked.exact_scope, text)
        epoch = self._hot.epoch  # read before the store: a removal in between is seen
        done, stored = store.find_exact_nowait(exact)  # type: ignore[attr-defined]
        if not done:
            stored = await run(partial(store.find_exact, exact))
        later: list[Callable[[], object]] = []  # touches that would have waited
        touch = partial(self._touch_nowait, later)
        candidates = [] if stored is None or stored.expired(now) else [(stored, 1.0)]
        hit = next(
            (
                self._serve(entry, 1.0, "exact", now, touch=touch)
                for entry, _ in self._conversations.admit(looked, candidates)
            ),
            None,
        )
        if hit is not None and stored is not None:
            touched = dataclasses.replace(stored, hits=stored.hits + 1, accessed_at=now)
            self._hot.remember(exact, touched, epoch)
        if hit is None and covered:
            vector = (await self._embedder.embed_async([asked(text)]))[0]
            args = self._search_args(looked, self._lowest(threshold))
            done, found = store.search_nowait(vector, **args)  # type: ignore[attr-defined]
            if not done:
                found = await run(partial(store.search, vector, **args))
            chosen = self._conversations.choose(looked, self._live(text, found, now), threshold)
            if chosen is not None and chosen[1] >= chosen[0].floor:
                hit = self._serve(chosen[0], chosen[1], "semantic", now, touch=touch)
        for deferred in later:
            try:
                await run(deferred)
            except Exception:  # bookkeeping only: the answer is still good
                _log.warning("semcache: could not record a hit", exc_info=True)
        return hit

    def repeat_hit(self, key: Key, hit: Hit) -> Hit | None:
        """``hit``, an exact hit :meth:`lookup_async` returned for ``key``, served again:
        recorded as that lookup records it (the entry's hit for eviction, the stats)
        but without reading the store, if the entry is still live and among the
        recently served ones. None where a lookup must decide: the entry removed,
        expired or no longer remembered, the store busy, the cache closed. Never
        raises for a fault inside the cache.

        For a caller that knows a request is the same as the one ``hit`` answered
        (the proxy: the same body, credential and controls).
        """
        started = time.perf_counter()
        entry = self._hot.get(hit.entry_id)
        now = time.time()
        if entry is None or hit.kind != "exact" or self._closed or entry.expired(now):
            return None
        try:
            touched = dataclasses.replace(entry, hits=entry.hits + 1, accessed_at=now)
            priority = self._evictor.priority(touched)
            touch_nowait = self._store.touch_nowait  # type: ignore[attr-defined]
            if not touch_nowait(entry.id, accessed_at=now, priority=priority):
                return None  # the store is busy: the lookup waits for it
            self._hot.update(touched)
            self._languages.route(key.text)  # counted as the lookup counts it
            again = _hit_of(entry, 1.0, "exact", "threshold")
        except Exception:  # fail open: the lookup meets the same fault, and logs it
            return None
        self._stats.lookup(again, time.perf_counter() - started)
        return again

    def _touch_nowait(
        self,
        later: list[Callable[[], object]],
        entry_id: str,
        *,
        accessed_at: float,
        priority: float,
    ) -> None:
        """Record a hit at once if the store can, else keep it in ``later``."""
        touch_nowait = self._store.touch_nowait  # type: ignore[attr-defined]
        if not touch_nowait(entry_id, accessed_at=accessed_at, priority=priority):
            later.append(
                partial(self._store.touch, entry_id, accessed_at=accessed_at, priority=priority)
            )

    def _lookup(self, looked: View, threshold: float, *, skip: bool) -> Hit | None:
        text, namespace = looked.key.text, looked.key.namespace
        now, gate = time.time(), self._gate
        covered = self._languages.route(text)  # counts the lookup by language
        stored = self._store.find_exact(exact_key(namespace, looked.exact_scope, text))
        exact = [] if stored is None or stored.expired(now) else [(stored, 1.0)]
        for entry, _ in self._conversations.admit(looked, exact):
            verified = "threshold" if gate is None else gate.exact(entry)
            return self._serve(entry, 1.0, "exact", now, verified)
        if not covered:  # a language the model or the checks do not cover: exact only
            return None
        vector = self._embedder.embed([asked(text)])[0]
        # Below the verifier's lowest point (the threshold, or its rescue floor)
        # nothing can be served, so those rows are not even read.
        searched = self._lowest(threshold)
        live = self._candidates(text, vector, looked, searched, now)
        # Only an entry whose conversation agrees in substance (context="substance").
        chosen = self._conversations.choose(looked, live, threshold)
        # An entry's raised threshold (feedback) holds whatever verifier is plugged in.
        passed = chosen is not None and chosen[1] >= chosen[0].floor
        if chosen is not None and passed and (gate is None or gate.policy is None):
            return self._serve(chosen[0], chosen[1], "semantic", now)
        if gate is None or looked.history:  # the judge sees no conversation
            return None
        low = min(threshold, gate.floor)
        # The judge's band is read only now, on what is a miss so far (so a hit costs
        # what it costs without a judge), and only when nothing reached the threshold:
        # the closest candidate, the one judged, is then already at hand.
        live = [candidate for candidate in live if candidate[1] >= low]
        if not live and low < searched:
            live = self._candidates(text, vector, looked, low, now)
        live = self._conversations.admit(looked, live)
        return self._judged(text, live[0], low, now, skip=skip) if live else None

    def _lowest(self, threshold: float) -> float:
        """The lowest similarity the verifier can serve at ``threshold``: its
        ``lowest(threshold)`` (the default's rescue floor), else the threshold."""
        lowest = getattr(self._verifier, "lowest", None)
        if not callable(lowest):
            return threshold
        return min(threshold, float(lowest(threshold)))

    def _candidates(
        self, text: str, vector: Vectors, looked: View, low: float, now: float
    ) -> list[Candidate]:
        """The nearest live entries of the lookup's namespace and scope, none below
        ``low``, none in another language; closest first."""
        found = self._store.search(vector, **self._search_args(looked, low))
        return self._live(text, found, now)

    def _search_args(self, looked: View, low: float) -> dict[str, Any]:
        return {
            "namespace": looked.key.namespace,
            "scope": looked.key.scope,
            "k": self._config.candidates,
            "min_similarity": low,
        }

    def _live(self, text: str, found: list[Candidate], now: float) -> list[Candidate]:
        live = [candidate for candidate in found if not candidate[0].expired(now)]
        return self._languages.alike(text, live)  # never an entry in another language

    def _judged(
        self, text: str, top: Candidate, low: float, now: float, *, skip: bool
    ) -> Hit | None:
        """The closest candidate as the judge gate decides (band, verdicts, learned)."""
        assert self._gate is not None
        entry, similarity = top
        # The verifier did not serve it (or learned thresholds decide): a candidate its
        # guards vetoed above the threshold is judged, never served as "threshold".
        passed = False
        guarded = self._verifier.choose(text, [top], low) is not None
        verified = self._gate.decide(
            text, entry, similarity, passed=passed, guarded=guarded, skip=skip
        )
        return (
            None if verified is None else self._serve(entry, similarity, "semantic", now, verified)
        )

    def _alias(self, entry: Entry, text: str) -> str | None:
        """Store ``entry``'s answer under ``text`` (a judge said it answers it), unless
        ``text`` has an answer of its own; returns the alias's id.

        The alias never outlives or outranks its entry: its id says whose alias it is
        (the stores delete it with the entry), it expires when the entry does, it
        starts at no higher an eviction priority, and its hits touch the entry too."""
        made = alias_id(entry.id)
        if self._closed or made is None:
            return None
        key = Key(entry.namespace, entry.scope, text)
        own = self._store.find_exact(exact_key(key.namespace, key.scope, text))
        now = time.time()
        if (own is not None and not own.expired(now)) or entry.expired(now):
            return None
        payload = dump_response(entry.response)
        alias = self._new_entry(key, entry.response, payload, None, entry.cost)
        alias = dataclasses.replace(alias, id=made, expires_at=entry.expires_at)
        self._add(key, alias, payload, cap=self._evictor.priority(entry))
        if self._store.get(entry.id) is None:  # deleted meanwhile: its alias goes too
            self._store.delete([made])
            return None
        return made

    def _serve(
        self,
        entry: Entry,
        similarity: float,
        kind: HitKind,
        now: float,
        verified: Verified = "threshold",
        *,
        touch: Callable[..., object] | None = None,
    ) -> Hit:
        touched = dataclasses.replace(entry, hits=entry.hits + 1, accessed_at=now)
        try:
            priority = self._evictor.priority(touched)
            (touch or self._store.touch)(entry.id, accessed_at=now, priority=priority)
            owner = None if self._gate is None else alias_owner(entry.id)
            if owner is not None:  # an alias's hit is its entry's: it never outranks it
                self._touch_owner(owner, now)
        except Exception:  # bookkeeping only: the answer is still good
            _log.warning("semcache: could not record a hit", exc_info=True)
        return _hit_of(entry, similarity, kind, verified)

    def _touch_owner(self, owner: str, now: float) -> None:
        found = self._store.get(owner)
        if found is not None:
            touched = dataclasses.replace(found, hits=found.hits + 1, accessed_at=now)
            self._store.touch(owner, accessed_at=now, priority=self._evictor.priority(touched))

    def _forgotten(self, entry_ids: list[str]) -> None:
        """Entries evicted or expired: the judge gate forgets them (and their aliases),
        and so do the remembered exact hits."""
        self._hot.forget(entry_ids)
        if self._gate is not None:
            for entry_id in entry_ids:
                self._gate.forget(entry_id)

    def feedback(self, hit: Hit, *, correct: bool) -> bool:
        """Report whether ``hit`` answered its lookup correctly; returns whether its
        entry exists (False: no such entry, nothing was recorded).

        A wrong exact hit deletes the entry (its answer is wrong for its own
        prompt). A wrong semantic hit raises that entry's own threshold
        (``Entry.floor``, kept in the store: it survives restarts and is shared by
        every process using the store) above the hit's similarity: the entry stops
        being served for that query and anything as far, while closer paraphrases
        still hit. A store failure there is logged, not raised.
        """
        self._check_open()
        if self._store.get(hit.entry_id) is None:
            return False
        if self._gate is not None:  # an observation for learned thresholds
            self._gate.feedback(hit.entry_id, hit.similarity, correct=correct)
        if correct:
            return True
        if hit.kind == "exact":
            return self.delete(hit.entry_id)
        record = getattr(self._verifier, "feedback", None)
        if callable(record):  # e.g. GuardedVerifier's in-memory thresholds
            record(hit.entry_id, hit.similarity, correct=False)
        try:
            self._store.raise_floor(hit.entry_id, hit.similarity + FEEDBACK_MARGIN)
        except Exception:  # the wrong hit may be served again, but the caller's call is fine
            _log.warning("semcache: could not store a raised entry threshold", exc_info=True)
            self._stats.add("errors")
        return True

    # -- writes --------------------------------------------------------------

    def put(
        self,
        prompt: str,
        response: Any,
        *,
        namespace: str = "default",
        scope: str | None = None,
        ttl: float | None = None,
        cost: float | None = None,
    ) -> str:
        """Store ``response`` (any JSON-serializable value) for ``prompt``; returns its id.

        ``ttl`` overrides the cache's default lifetime for this entry (seconds;
        ``math.inf`` for no expiry). ``cost`` is what one hit saves (e.g. response
        tokens); it weighs the "cost" eviction policy and defaults to an estimate
        from the response size. A put with the same prompt (after normalization),
        namespace and scope replaces the earlier entry.
        """
        key = Key(namespace, scope_digest(check_scope(scope)), prompt)
        return self.insert(key, response, ttl=ttl, cost=cost)

    def insert(
        self,
        key: Key,
        response: Any,
        *,
        ttl: float | None = None,
        cost: float | None = None,
        context: str | None = None,
        encoded: bytes | str | None = None,
    ) -> str:
        """Store ``response`` under ``key`` (a scope already digested, as
        :mod:`semcache.wire` makes them); otherwise like :meth:`put`. ``context``
        overrides the cache's context mode for this entry.

        ``encoded``: ``response`` as the JSON it was read from, if the caller has it
        (an upstream's body): stored as it is where nothing wraps the response, instead
        of encoding the response again. The caller vouches that it parses to
        ``response`` and is what ``dump_response`` would write up to spacing and number
        spelling: UTF-8, no ``NaN`` or infinity, no lone surrogate, no tab or line break.
        """
        check_text(key.text, "prompt")
        check_namespace(key.namespace)
        stored = view(key, self._context if context is None else check_context(context))
        wrapped = wrap(response, stored.record)  # the conversation travels in the payload
        payload = dump_response(wrapped, encoded if wrapped is response else None)
        response = wrapped
        life = self._config.ttl if ttl is None else check_ttl(ttl)
        self._check_open()
        entry = self._new_entry(stored.key, response, payload, life, cost)
        key = stored.key
        if stored.checked:  # what lookups will compare with it, embedded in the same run
            self._embedder.embed([asked(key.text), *stored.checked])
        self._add(Key(key.namespace, stored.exact_scope, key.text), entry, payload)
        return entry.id

    def _add(self, key: Key, entry: Entry, payload: str, *, cap: float = math.inf) -> None:
        """Embed, store and evict: the write of ``insert`` (and of an alias, whose
        eviction priority starts at most at ``cap``)."""
        # What the prompt asks is embedded, not its courtesy (semcache.verify.asked);
        # the exact key and the verifier read the text as written.
        vector = self._embedder.embed([asked(key.text)])[0]
        exact = exact_key(key.namespace, key.scope, key.text)
        with self._write_lock:
            priority = min(self._evictor.priority(entry), cap)
            self._store.add(entry, vector, exact_key=exact, priority=priority, payload=payload)
            self._hot.forget(exact_key=exact)  # the entry it replaced, if any
            self._stats.add("puts")
            try:
                upkeep = self._evictor.after_put(entry.created_at, entry.size)
                self._stats.add("evictions", upkeep.evicted)
                self._stats.add("expirations", upkeep.expired)
            except Exception:  # bookkeeping: the entry is stored; retried on the next put
                _log.warning("semcache: eviction or expiry sweep failed", exc_info=True)
                self._stats.add("errors")

    def _new_entry(
        self, key: Key, response: Any, payload: str, life: float | None, cost: float | None
    ) -> Entry:
        size = len(key.text.encode()) + len(payload.encode())
        if self._config.max_bytes is not None and size > self._config.max_bytes:
            raise InvalidRequestError(
                f"entry of {size} bytes is larger than max_bytes={self._config.max_bytes}; "
                "raise max_bytes or store a smaller response"
            )
        now = time.time()
        return Entry(
            id=uuid.uuid4().hex,
            namespace=key.namespace,
            scope=key.scope,
            prompt=key.text,
            response=response,
            created_at=now,
            accessed_at=now,
            expires_at=None if life is None else now + life,
            size=size,
            cost=float(cost) if cost is not None else max(len(payload) / 4.0, 1.0),
        )

    def sweep(self) -> int:
        """Delete every expired entry now; returns how many. (Puts also sweep.)"""
        self._check_open()
        with self._write_lock:
            removed = self._evictor.sweep(time.time())
        self._stats.add("expirations", removed)
        return removed

    def delete(self, entry_id: str) -> bool:
        """Remove one entry by id; returns whether it existed."""
        if not isinstance(entry_id, str):
            raise TypeError(f"entry_id must be a string; got {type(entry_id).__name__}")
        self._check_open()
        if self._gate is not None:
            self._gate.forget(entry_id)
        with self._write_lock:
            try:
                return self._store.delete([entry_id]) > 0
            finally:
                self._hot.forget([entry_id])

    def clear(self, namespace: str | None = None) -> int:
        """Remove every entry, or those of one namespace; returns how many."""
        if namespace is not None:
            check_namespace(namespace)
        self._check_open()
        with self._write_lock:
            try:
                return self._store.clear(namespace)
            finally:
                self._hot.clear()

    # -- inspection and life cycle --------------------------------------------

    def entries(self, namespace: str | None = None) -> Iterator[Entry]:
        """Every stored entry (of one namespace if given), in no particular order."""
        self._check_open()
        return (plain(entry) for entry in self._store.iterate(namespace))

    def stats(self) -> dict[str, Any]:
        """Counters (hits by kind, misses, errors, puts, evictions, expirations),
        hit rate, lookup latency percentiles (ms), entries/bytes stored, and the
        model's runs: ``model_texts`` embedded and their ``model_cpu_seconds``."""
        snapshot = self._stats.snapshot()
        if self._gate is not None:
            snapshot["judge"] = self._gate.stats()
        snapshot["lookups_by_language"] = self._languages.counts()
        snapshot["model_texts"], snapshot["model_cpu_seconds"] = self._batching.model_cpu
        if not self._closed:
            try:
                self._usage = self._store.usage()
            except StoreError as error:  # a store that is down: the last known figures
                snapshot["store_error"] = str(error)
            snapshot["entries"], snapshot["bytes"] = self._usage
        return snapshot

    @property
    def embedder(self) -> Embedder:
        """The embedder in use (the one given, or the default model)."""
        return self._model

    @property
    def context(self) -> str:
        """How a conversation's earlier turns must match: "exact" or "substance"."""
        return self._context

    @property
    def threshold(self) -> float:
        """The default similarity threshold of lookups."""
        return self._config.threshold

    @property
    def judge(self) -> Judge | None:
        """The judge in use (a callable given is wrapped in a FunctionJudge), or None."""
        return None if self._gate is None else self._gate.judge

    @property
    def judge_mode(self) -> str:
        """How the judge is used: "sync", "async" or "off"."""
        return "off" if self._gate is None else self._gate.mode

    def judge_idle(self, timeout: float = 5.0) -> bool:
        """Wait up to ``timeout`` seconds for background judge calls (async mode) to
        finish; returns whether none is left (True at once without a judge)."""
        return True if self._gate is None else self._gate.idle(timeout)

    def close(self) -> None:
        """Flush and release the store (lock file, index files). Idempotent.

        Judge calls in flight are given up to ``judge_deadline`` seconds first."""
        if self._gate is not None:  # before the lock: a call in flight may store an alias
            self._gate.close()
        with self._write_lock:
            if not self._closed:
                self._closed = True
                self._hot.clear()
                self._store.close()

    def __enter__(self) -> SemanticCache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise SemcacheError("this SemanticCache is closed; create a new one to use it again")


class _Forgetting:
    """The store as the evictor sees it: what it deletes (evictions, expiry) is
    also passed to ``forgotten``, so the judge gate's per-entry memory (learned
    thresholds) stays bounded by the entries stored."""

    def __init__(self, store: Backend, forgotten: Callable[[list[str]], None]) -> None:
        self._store, self._forgotten = store, forgotten

    def __getattr__(self, name: str) -> Any:  # usage, lowest_priority, footprint, ...
        return getattr(self._store, name)

    def delete(self, entry_ids: Iterable[str]) -> int:
        ids = list(entry_ids)
        gone = self._store.delete(ids)
        self._forgotten(ids)
        return gone


def _hit_of(entry: Entry, similarity: float, kind: HitKind, verified: Verified) -> Hit:
    return Hit(
        response=entry.response,
        similarity=min(float(similarity), 1.0),
        prompt=entry.prompt,
        kind=kind,
        entry_id=entry.id,
        namespace=entry.namespace,
        scope=entry.scope,
        created_at=entry.created_at,
        verified=verified,
    )


def _loaded(embedder: Embedder) -> Embedder:
    # A model that cannot load is misconfiguration: raise now, at construction,
    # rather than fail open on every lookup afterwards.
    load = getattr(embedder, "load", None)
    if callable(load):
        load()
    return embedder


def _default_embedder() -> Embedder:
    from .embed import default_embedder

    return default_embedder()


async def _to_thread(call: Callable[[], Any]) -> Any:
    return await asyncio.to_thread(call)
