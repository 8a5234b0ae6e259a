"""The proxy's metrics count lookups by language (from SemanticCache.stats())."""

from __future__ import annotations

from semcache_proxy._metrics import ProxyMetrics

from semcache import SemanticCache
from semcache.testing import HashingEmbedder


def test_lookups_by_language_are_exported() -> None:
    """semcache_lookups_by_language_total{language=...} mirrors stats()."""
    with SemanticCache(None, embedder=HashingEmbedder()) as cache:
        cache.get("Comment annuler mon abonnement ?")
        cache.get("Comment annuler mon abonnement ?")
        cache.get("how do I reset my router password")
        text = ProxyMetrics().render(cache.stats(), "lru").decode()
    assert 'semcache_lookups_by_language_total{language="fr"} 2.0' in text
    assert 'semcache_lookups_by_language_total{language="en"} 1.0' in text
