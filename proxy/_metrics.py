"""Prometheus metrics of one proxy, in a registry of its own.

A registry per app (not the process-wide default) keeps several proxies in one
process, as in tests, from clashing over metric names. Labels are low-cardinality
by design: never a namespace, model or key.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

__all__ = ["CONTENT_TYPE", "ProxyMetrics"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class ProxyMetrics:
    """The counters and histograms ``GET /metrics`` exposes.

    ``requests{endpoint, outcome}`` counts every request: outcome is ``hit``,
    ``miss``, ``bypass``, ``passthrough`` or ``error``. Cost saved is an estimate
    (tokens of the cached answer times a per-model price, see Settings.prices).
    """

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
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
            "Upstream response time (to the last byte)",
            ["endpoint"],
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

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)

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


def _total(registry: CollectorRegistry, sample: str) -> float:
    samples = (s for metric in registry.collect() for s in metric.samples)
    return float(sum(s.value for s in samples if s.name == sample))
