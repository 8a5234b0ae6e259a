"""Prometheus metrics of one proxy, in a registry of its own.

A registry per app (not the process-wide default) keeps several proxies in one
process, as in tests, from clashing over metric names. Labels are low-cardinality
by design: never a namespace, model or key (per-namespace counts are in
:class:`NamespaceCounts`, shown by ``/semcache/stats`` to the admin only).

The cache's own numbers (entries, bytes, evictions, expirations) are read from
``SemanticCache.stats()`` at each scrape rather than counted twice.

The dashboard's numbers over time (``TimeSeries``, 10-second buckets for the last
hour) and its recent hits (``RecentHits``), both bounded rings in ``_series``, are
fed from the same place as the counters: :meth:`ProxyMetrics.observe_request`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from semcache.judge import JudgeCall

from ._series import RecentHits, TimeSeries

__all__ = ["CONTENT_TYPE", "MAX_NAMESPACES", "NamespaceCounts", "ProxyMetrics"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

#: Namespaces whose request counts are kept (the least recently seen are dropped).
MAX_NAMESPACES = 10_000

_LATENCY_BUCKETS = (
    0.0001,
    0.00025,
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1,
    2.5,
    5,
    10,
    30,
)


class ProxyMetrics:
    """The counters and histograms ``GET /metrics`` exposes.

    ``requests{endpoint, outcome}`` counts every request: outcome is ``hit``,
    ``miss``, ``bypass``, ``passthrough`` or ``error``;
    ``request_latency_seconds{endpoint, outcome}`` times them to the last byte,
    with a hit's outcome split by kind (``exact``, ``semantic``), since the two
    differ a hundredfold. Cost saved is an estimate (tokens of the cached answer
    times a per-model price, see Settings.prices). No ``*_created`` series: they
    double the series count and nothing alerts on them.
    """

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.cache = _CacheCollector()
        self.namespaces = NamespaceCounts()
        self.series = TimeSeries()
        self.recent = RecentHits()
        r = self.registry
        r.register(self.cache)
        self.request_latency = Histogram(
            "semcache_request_latency_seconds",
            "Request time to the last byte, by endpoint and outcome (hits by kind)",
            ["endpoint", "outcome"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.requests = Counter(
            "semcache_requests",
            "Requests by endpoint and outcome",
            ["endpoint", "outcome"],
            registry=r,
        )
        self.hits = Counter("semcache_hits", "Cache hits by kind", ["kind"], registry=r)
        self.misses = Counter("semcache_misses", "Cache misses (sent upstream)", registry=r)
        self.bypasses = Counter(
            "semcache_bypasses",
            "Requests that skipped the cache, by reason",
            ["reason"],
            registry=r,
        )
        self.errors = Counter("semcache_errors", "Errors by type", ["type"], registry=r)
        self.writes = Counter(
            "semcache_writes",
            "Answers after a miss: stored, skipped or failed",
            ["result"],
            registry=r,
        )
        self.upstream_latency = Histogram(
            "semcache_upstream_latency_seconds",
            "Upstream response time (to the last byte), by endpoint and outcome",
            ["endpoint", "outcome"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.lookup_latency = Histogram(
            "semcache_lookup_latency_seconds",
            "Cache lookup time",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.tokens_saved = Counter(
            "semcache_tokens_saved",
            "Tokens (prompt + completion) served from the cache",
            registry=r,
        )
        self.cost_saved = Counter(
            "semcache_cost_saved_usd", "Estimated USD saved by hits (an estimate)", registry=r
        )
        self.coalesced = Counter(
            "semcache_coalesced",
            "Requests served the answer of an identical request in flight (single-flight)",
            registry=r,
        )
        self.judge_calls = Counter(
            "semcache_judge_calls",
            "Judge calls by verdict: yes, no, error, timeout, budget (refused, not sent)",
            ["verdict"],
            registry=r,
        )
        self.judge_latency = Histogram(
            "semcache_judge_latency_seconds",
            "Judge call time (calls sent)",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.judge_tokens = Counter(
            "semcache_judge_tokens",
            "Tokens the judge's calls used, by kind (prompt, completion)",
            ["kind"],
            registry=r,
        )
        self._saved, self._saved_usd = _Delta(), _Delta()
        # Running totals of what hits saved, beside the counters: reading a counter's
        # value back means collecting it (a Metric and its samples built per read).
        self._tokens_total = self._usd_total = 0.0
        self._by_request = _Children(self.requests)
        self._latency_by_request = _Children(self.request_latency)
        self._hits_by_kind = _Children(self.hits)
        self._upstream_by_request = _Children(self.upstream_latency)
        self._writes_by_result = _Children(self.writes)

    def count_hit(self, kind: str, tokens: int | None, usd: float) -> None:
        """Count one hit of ``kind`` and the ``tokens`` (None: unknown) and USD it saved."""
        self._hits_by_kind(kind).inc()
        if tokens is not None:
            self.tokens_saved.inc(tokens)
            self.cost_saved.inc(usd)
            self._tokens_total += tokens
            self._usd_total += usd

    def count_write(self, result: str) -> None:
        """Count one answer after a miss: stored, skipped, failed or dropped."""
        self._writes_by_result(result).inc()

    def observe_upstream(self, endpoint: str, outcome: str, seconds: float) -> None:
        """Time one upstream call (to its last byte)."""
        self._upstream_by_request(endpoint, outcome).observe(seconds)

    def observe_judge(self, call: JudgeCall) -> None:
        """Count one judge call (an LLMJudge's observer; any thread)."""
        self.judge_calls.labels(verdict=call.outcome).inc()
        if call.outcome != "budget":
            self.judge_latency.observe(call.seconds)
        self.judge_tokens.labels(kind="prompt").inc(call.prompt_tokens)
        self.judge_tokens.labels(kind="completion").inc(call.completion_tokens)

    def observe_request(
        self, endpoint: str, outcome: str, seconds: float, fields: Mapping[str, Any]
    ) -> None:
        """Count one finished request (``fields``: what its handler logged)."""
        self._by_request(endpoint, outcome).inc()
        timed = str(fields.get("kind") or outcome) if outcome == "hit" else outcome
        self._latency_by_request(endpoint, timed).observe(seconds)
        if fields.get("namespace") is not None and outcome in ("hit", "miss", "bypass"):
            self.namespaces.count(str(fields["namespace"]), timed)
        if outcome not in ("hit", "miss", "bypass"):
            return
        tokens = cost = 0.0
        if outcome == "hit":  # the handler counted the savings before the answer went out
            tokens = self._saved.delta(self._tokens_total)
            cost = self._saved_usd.delta(self._usd_total)
            self.recent.add(endpoint, seconds, fields)
        self.series.record(timed, seconds, tokens=tokens, cost=cost)

    def render(
        self,
        cache_stats: Mapping[str, Any] | None = None,
        policy: str = "",
        limits: Mapping[str, int | None] | None = None,
    ) -> bytes:
        """The Prometheus text exposition of every metric, with the cache's numbers
        from ``cache_stats`` (a ``SemanticCache.stats()``, its eviction ``policy``,
        its ``limits``: ``max_entries`` and ``max_bytes``, None for none)."""
        if cache_stats is not None:
            self.cache.update(cache_stats, policy, limits or {})
        return generate_latest(_WithoutCreated(self.registry))

    def value(self, name: str, **labels: str) -> float:
        """The current value of one sample (0 if never set), e.g. for /semcache/stats."""
        found = self.registry.get_sample_value(name, labels)
        return 0.0 if found is None else found

    def summary(self) -> dict[str, float]:
        """The proxy's own counters as plain numbers."""
        kinds = {k: self.value("semcache_hits_total", kind=k) for k in ("exact", "semantic")}
        return {
            "hits_exact": kinds["exact"],
            "hits_semantic": kinds["semantic"],
            "misses": self.value("semcache_misses_total"),
            "bypasses": _total(self.registry, "semcache_bypasses_total"),
            "errors": _total(self.registry, "semcache_errors_total"),
            "writes_stored": self.value("semcache_writes_total", result="stored"),
            "tokens_saved": self.value("semcache_tokens_saved_total"),
            "cost_saved_usd": self.value("semcache_cost_saved_usd_total"),
        }


class _Children:
    """A labelled metric's children by label values, each looked up once: ``labels()``
    checks its arguments and takes the metric's lock on every call. The label values
    are few by design (endpoint, outcome, kind, result), so the map stays small."""

    def __init__(self, metric: Counter | Histogram) -> None:
        self._metric = metric
        self._found: dict[tuple[str, ...], Any] = {}

    def __call__(self, *values: str) -> Any:
        child = self._found.get(values)
        if child is None:  # two threads racing here get the same child from labels()
            child = self._found[values] = self._metric.labels(*values)
        return child


class _Delta:
    """How much a running total grew since the last reading (the share of one bucket)."""

    def __init__(self) -> None:
        self._last = 0.0

    def delta(self, total: float) -> float:
        grown, self._last = max(total - self._last, 0.0), total
        return grown


def _total(registry: CollectorRegistry, sample: str) -> float:
    samples = (s for metric in registry.collect() for s in metric.samples)
    return float(sum(s.value for s in samples if s.name == sample))


class _WithoutCreated:
    """The registry's metrics without their ``*_created`` samples.

    Filtered here rather than by prometheus_client's ``disable_created_metrics()``,
    which flips a process-wide switch for every registry of every library.
    """

    def __init__(self, registry: CollectorRegistry) -> None:
        self._registry = registry

    def collect(self) -> Iterator[Metric]:
        for metric in self._registry.collect():
            metric.samples = [s for s in metric.samples if not s.name.endswith("_created")]
            yield metric


class _CacheCollector:
    """Gauges and counters mirrored from the last ``SemanticCache.stats()``."""

    def __init__(self) -> None:
        self._policy = ""
        self._stats: Mapping[str, Any] = {}
        self._limits: Mapping[str, int | None] = {}

    def update(
        self, stats: Mapping[str, Any], policy: str, limits: Mapping[str, int | None]
    ) -> None:
        self._stats, self._policy, self._limits = dict(stats), policy, dict(limits)

    def collect(self) -> Iterator[Metric]:
        stats = self._stats
        yield _gauge("semcache_entries", "Entries in the cache", stats.get("entries"))
        yield _gauge(
            "semcache_bytes", "Bytes in the cache (prompts + responses)", stats.get("bytes")
        )
        evictions = CounterMetricFamily(
            "semcache_evictions", "Entries evicted to stay within the limits", labels=["policy"]
        )
        evictions.add_metric([self._policy], float(stats.get("evictions", 0)))
        yield evictions
        yield CounterMetricFamily(
            "semcache_expirations",
            "Entries deleted because their TTL ran out",
            value=float(stats.get("expirations", 0)),
        )
        languages = CounterMetricFamily(
            "semcache_lookups_by_language",
            "Lookups by the prompt's language (ISO 639-1; und: too short to tell; semcache.lang)",
            labels=["language"],
        )
        for language, count in stats.get("lookups_by_language", {}).items():
            languages.add_metric([language], float(count))
        yield languages
        # A limit that is off (None) has no sample: entries / max_entries stays undefined.
        for name, what in (("max_entries", "Entry limit"), ("max_bytes", "Byte limit")):
            limit = GaugeMetricFamily(f"semcache_{name}", f"{what} of the cache (eviction above)")
            if self._limits.get(name) is not None:
                limit.add_metric([], float(self._limits[name] or 0))
            yield limit

    def describe(self) -> Iterator[Metric]:
        return self.collect()


def _gauge(name: str, documentation: str, value: Any) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=float(value or 0))


class NamespaceCounts:
    """Requests per namespace (hashed tenant id) since the proxy started: hits by
    kind, misses, bypasses. Bounded to MAX_NAMESPACES, least recently seen dropped
    first. Thread-safe."""

    def __init__(self, limit: int = MAX_NAMESPACES) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._counts: OrderedDict[str, dict[str, int]] = OrderedDict()

    def count(self, namespace: str, outcome: str) -> None:
        """Count one request of ``namespace`` (outcome: exact, semantic, miss, bypass)."""
        with self._lock:
            counts = self._counts.pop(namespace, None) or dict.fromkeys(_OUTCOMES, 0)
            counts[outcome] = counts.get(outcome, 0) + 1
            self._counts[namespace] = counts
            while len(self._counts) > self._limit:
                self._counts.popitem(last=False)

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """namespace -> its counts and hit rate, most active first."""
        with self._lock:
            rows: dict[str, dict[str, Any]] = {ns: dict(c) for ns, c in self._counts.items()}
        for counts in rows.values():
            hits = counts["exact"] + counts["semantic"]
            looked = hits + counts["miss"]
            counts["hit_rate"] = hits / looked if looked else 0.0
        return dict(sorted(rows.items(), key=lambda item: -sum(_requests(item[1]))))


_OUTCOMES = ("exact", "semantic", "miss", "bypass")


def _requests(counts: Mapping[str, Any]) -> Iterator[int]:
    return (int(counts[o]) for o in _OUTCOMES)
