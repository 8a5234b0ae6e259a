"""SemanticCache: the library contract of DESIGN.md."""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

import semcache._cache as cache_module
from semcache import ConfigError, InvalidRequestError, SemanticCache, SemcacheError
from semcache.embed.base import Vectors
from semcache.testing import CountingEmbedder, HashingEmbedder
from semcache.verify import GuardedVerifier

CAPITAL = "What is the capital city of France"


class FakeClock:
    """Stands in for the time module inside semcache._cache."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def time(self) -> float:
        return self.now

    def perf_counter(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(cache_module, "time", fake)
    return fake


def test_identical_prompt_is_an_exact_hit(cache: SemanticCache) -> None:
    """A prompt put and asked again is served from the exact tier at similarity 1."""
    cache.put(CAPITAL, {"answer": "Paris"})
    hit = cache.get(CAPITAL)
    assert hit is not None
    assert (hit.kind, hit.similarity, hit.response) == ("exact", 1.0, {"answer": "Paris"})
    assert hit.prompt == CAPITAL


def test_exact_tier_ignores_case_and_spacing(
    cache: SemanticCache, embedder: CountingEmbedder
) -> None:
    """Case and white space differences still hit the exact tier, with no embedding."""
    cache.put(CAPITAL, "Paris")
    embedded = len(embedder.texts)
    hit = cache.get("  what IS the capital   city of france ")
    assert hit is not None and hit.kind == "exact"
    assert len(embedder.texts) == embedded


def test_similar_prompt_is_a_semantic_hit(cache: SemanticCache) -> None:
    """A prompt close enough to a cached one is served from the semantic tier."""
    cache.put(CAPITAL, "Paris")
    hit = cache.get("What is the capital city of France please")
    assert hit is not None
    assert hit.kind == "semantic"
    assert 0.8 <= hit.similarity < 1.0


def test_unrelated_prompt_misses(cache: SemanticCache) -> None:
    """A prompt sharing nothing with the cached ones is a miss."""
    cache.put(CAPITAL, "Paris")
    assert cache.get("How do I bake sourdough bread") is None


def test_namespaces_are_isolated(cache: SemanticCache) -> None:
    """An entry of one namespace is never served to another, even verbatim."""
    cache.put(CAPITAL, "Paris", namespace="tenant-a")
    assert cache.get(CAPITAL, namespace="tenant-b") is None
    assert cache.get(CAPITAL, namespace="tenant-a") is not None


def test_scopes_are_isolated(cache: SemanticCache) -> None:
    """An entry of one scope is never served to another scope or to no scope."""
    cache.put(CAPITAL, "Paris", scope="model=a")
    assert cache.get(CAPITAL, scope="model=b") is None
    assert cache.get(CAPITAL) is None
    assert cache.get(CAPITAL, scope="model=a") is not None


def test_threshold_per_call_overrides_the_default(cache: SemanticCache) -> None:
    """threshold= on get tightens or loosens the decision for that call only."""
    cache.put(CAPITAL, "Paris")
    near = "What is the capital city of France please"
    assert cache.get(near, threshold=1.0) is None
    assert cache.get(near) is not None


def test_same_words_below_the_threshold_are_rescued(embedder: CountingEmbedder) -> None:
    """A chatty rewording with the same words is served a little below the threshold
    (the candidates are read down to the rescue floor), unless the rescue is off."""
    near = "so what is the capital city of France actually"
    for rescue, served in ((True, True), (False, False)):
        verifier = GuardedVerifier(rescue=rescue)
        with SemanticCache(None, embedder=embedder, verifier=verifier) as cache:
            cache.put(CAPITAL, "Paris")
            found = cache.get(near, threshold=0.0)
            assert found is not None
            above = min(found.similarity + 0.05, 0.99)  # its floor is below the similarity
            assert (cache.get(near, threshold=above) is not None) is served


def test_put_replaces_the_same_prompt(cache: SemanticCache) -> None:
    """Putting the same prompt again replaces the answer rather than adding one."""
    cache.put(CAPITAL, "old")
    cache.put(CAPITAL.upper(), "new")
    hit = cache.get(CAPITAL)
    assert hit is not None and hit.response == "new"
    assert cache.stats()["entries"] == 1


def test_entry_expires_after_its_ttl(cache: SemanticCache, clock: FakeClock) -> None:
    """An entry is served before its TTL passes and never after."""
    cache.put(CAPITAL, "Paris", ttl=10)
    clock.now += 9
    assert cache.get(CAPITAL) is not None
    clock.now += 2
    assert cache.get(CAPITAL) is None
    assert cache.get("What is the capital city of France please") is None


def test_default_ttl_applies_and_inf_overrides_it(
    embedder: CountingEmbedder, clock: FakeClock
) -> None:
    """The cache's ttl applies to every entry unless put(ttl=math.inf) says never."""
    with SemanticCache(None, embedder=embedder, ttl=5) as cache:
        cache.put("short lived", 1)
        cache.put("long lived", 2, ttl=math.inf)
        clock.now += 6
        assert cache.get("short lived") is None
        assert cache.get("long lived") is not None


def test_sweep_removes_expired_entries(cache: SemanticCache, clock: FakeClock) -> None:
    """sweep() deletes expired entries from the store, not just hides them."""
    cache.put("one", 1, ttl=1)
    cache.put("two", 2, ttl=100)
    clock.now += 2
    assert cache.sweep() == 1
    assert cache.stats()["entries"] == 1


def test_lru_evicts_the_least_recently_used(embedder: CountingEmbedder, clock: FakeClock) -> None:
    """Over max_entries, LRU evicts the entry not used for longest."""
    with SemanticCache(None, embedder=embedder, max_entries=2, policy="lru") as cache:
        cache.put("apples and oranges", 1)
        clock.now += 1
        cache.put("boats on rivers", 2)
        clock.now += 1
        assert cache.get("apples and oranges") is not None
        clock.now += 1
        cache.put("cars in cities", 3)
        assert cache.get("boats on rivers") is None
        assert cache.get("apples and oranges") is not None


def test_lfu_evicts_the_least_frequently_used(embedder: CountingEmbedder, clock: FakeClock) -> None:
    """Over max_entries, LFU evicts the entry with the fewest hits, older first on ties."""
    with SemanticCache(None, embedder=embedder, max_entries=2, policy="lfu") as cache:
        cache.put("apples and oranges", 1)
        clock.now += 1
        cache.put("boats on rivers", 2)
        clock.now += 1
        cache.get("apples and oranges")
        clock.now += 1
        cache.put("cars in cities", 3)
        assert cache.get("boats on rivers") is None
        assert cache.get("apples and oranges") is not None


def test_fifo_evicts_the_oldest_even_if_used(embedder: CountingEmbedder, clock: FakeClock) -> None:
    """Over max_entries, FIFO evicts the oldest entry regardless of its hits."""
    with SemanticCache(None, embedder=embedder, max_entries=2, policy="fifo") as cache:
        cache.put("apples and oranges", 1)
        clock.now += 1
        cache.put("boats on rivers", 2)
        clock.now += 1
        cache.get("apples and oranges")
        cache.put("cars in cities", 3)
        assert cache.get("apples and oranges") is None
        assert cache.get("boats on rivers") is not None


def test_cost_policy_keeps_what_saves_most(embedder: CountingEmbedder, clock: FakeClock) -> None:
    """The cost policy evicts the entry saving least per byte, not the oldest."""
    with SemanticCache(None, embedder=embedder, max_entries=2, policy="cost") as cache:
        cache.put("expensive apples", "x", cost=5000)
        clock.now += 1
        cache.put("cheap boats", "y", cost=1)
        clock.now += 1
        cache.put("another car", "z", cost=100)
        assert cache.get("expensive apples") is not None
        assert cache.get("cheap boats") is None


def test_byte_limit_holds_under_a_random_workload(embedder: CountingEmbedder) -> None:
    """Random puts of random sizes never leave the store over max_bytes or max_entries."""
    import random

    rng = random.Random(7)
    with SemanticCache(None, embedder=embedder, max_bytes=4000, max_entries=30) as cache:
        for i in range(300):
            cache.put(f"question number {i} {rng.random()}", "x" * rng.randint(1, 400))
            if rng.random() < 0.3:
                cache.get(f"question number {rng.randint(0, i)}")
            stats = cache.stats()
            assert stats["bytes"] <= 4000
            assert stats["entries"] <= 30
        assert stats["evictions"] > 0


def test_entry_larger_than_max_bytes_is_refused(embedder: CountingEmbedder) -> None:
    """A single entry over max_bytes raises instead of flushing the whole cache."""
    with (
        SemanticCache(None, embedder=embedder, max_bytes=100) as cache,
        pytest.raises(InvalidRequestError, match="larger than max_bytes=100"),
    ):
        cache.put("q", "x" * 200)


def test_delete_and_clear(cache: SemanticCache) -> None:
    """delete removes one entry by id; clear removes a namespace or everything."""
    entry_id = cache.put("first question", 1, namespace="a")
    cache.put("second question", 2, namespace="a")
    cache.put("third question", 3, namespace="b")
    assert cache.delete(entry_id) is True
    assert cache.delete(entry_id) is False
    assert cache.clear(namespace="a") == 1
    assert cache.get("third question", namespace="b") is not None
    assert cache.clear() == 1
    assert cache.stats()["entries"] == 0


def test_stats_count_what_happened(cache: SemanticCache) -> None:
    """stats() reports hits by kind, misses, puts, entries and latency percentiles."""
    cache.put(CAPITAL, "Paris")
    cache.get(CAPITAL)
    cache.get("What is the capital city of France please")
    cache.get("something else entirely")
    stats = cache.stats()
    assert (stats["hits"], stats["exact_hits"], stats["semantic_hits"]) == (2, 1, 1)
    assert (stats["misses"], stats["puts"], stats["entries"]) == (1, 1, 1)
    assert stats["hit_rate"] == pytest.approx(2 / 3)
    assert stats["lookup_ms"]["p50"] is not None


def test_miss_then_put_embeds_the_prompt_once(
    cache: SemanticCache, embedder: CountingEmbedder
) -> None:
    """The vector computed for a missed lookup is reused by the put that follows."""
    assert cache.get("a brand new question") is None
    cache.put("a brand new question", "answer")
    assert embedder.texts.count("a brand new question") == 1


class BrokenEmbedder(HashingEmbedder):
    """Fails on the second call (after construction has probed nothing)."""

    def embed(self, texts: Sequence[str]) -> Vectors:
        raise RuntimeError("model crashed")


def test_lookup_fails_open_when_embedding_breaks() -> None:
    """An embedding fault during get is a logged miss, not an exception."""
    with SemanticCache(None, embedder=BrokenEmbedder()) as cache:
        assert cache.get("anything at all") is None
        assert cache.stats()["errors"] == 1


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"threshold": 1.5}, ConfigError, "threshold must be a number between 0 and 1; got 1.5"),
        ({"threshold": "high"}, ConfigError, "got 'high'"),
        ({"policy": "random"}, ConfigError, "unknown eviction policy 'random'; choose one of"),
        ({"ttl": -5}, ConfigError, "ttl must be a positive number of seconds"),
        ({"max_entries": 0}, ConfigError, "max_entries must be a positive whole number"),
        ({"max_bytes": 1.5}, ConfigError, "max_bytes must be a positive whole number"),
        ({"store": "redis://x"}, ConfigError, "unknown store URI 'redis://x'"),
    ],
)
def test_misconfiguration_raises_with_the_value_and_fix(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    """Invalid settings raise at construction, naming the value."""
    with pytest.raises(error, match=message.replace("(", r"\(").replace("'", "'")):
        SemanticCache(None, embedder=HashingEmbedder(), **kwargs)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda c: c.get(42), TypeError, "prompt must be a string; got int"),
        (lambda c: c.get("   "), InvalidRequestError, "prompt must not be empty"),
        (lambda c: c.put("", "x"), InvalidRequestError, "prompt must not be empty"),
        (lambda c: c.get("q", threshold=2), ConfigError, "got 2"),
        (lambda c: c.put("q", {1, 2}), InvalidRequestError, "response must be JSON-serializable"),
        (lambda c: c.put("q", float("nan")), InvalidRequestError, "JSON-serializable"),
        (lambda c: c.put("q", "x", ttl=0), ConfigError, "ttl must be a positive number"),
        (lambda c: c.get("q", namespace=""), InvalidRequestError, "namespace must be 1 to 256"),
        (lambda c: c.get("q", scope=3), TypeError, "scope must be a string or None; got int"),
    ],
)
def test_bad_arguments_raise_clear_errors(
    cache: SemanticCache, call: Any, error: type[Exception], message: str
) -> None:
    """Invalid arguments to get/put raise errors whose message names the value."""
    with pytest.raises(error, match=message):
        call(cache)


def test_closed_cache_refuses_calls(embedder: CountingEmbedder) -> None:
    """After close (idempotent), calls raise a SemcacheError saying so."""
    cache = SemanticCache(None, embedder=embedder)
    cache.close()
    cache.close()
    with pytest.raises(SemcacheError, match="closed"):
        cache.get("q")


def test_entries_survive_close_and_reopen(tmp_path: Path) -> None:
    """A cache directory keeps its entries across close and reopen."""
    with SemanticCache(tmp_path / "c", embedder=HashingEmbedder()) as cache:
        cache.put(CAPITAL, "Paris")
    with SemanticCache(tmp_path / "c", embedder=HashingEmbedder()) as cache:
        hit = cache.get("What is the capital city of France please")
        assert hit is not None and hit.response == "Paris"


def test_concurrent_gets_and_puts_are_safe(cache: SemanticCache) -> None:
    """Threads putting and getting at once see no errors and lose no entries."""
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for i in range(50):
                cache.put(f"worker {worker} question {i}", i)
                assert cache.get(f"worker {worker} question {i}") is not None
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert cache.stats()["entries"] == 200
    assert cache.stats()["errors"] == 0


def test_put_survives_a_failing_eviction(embedder: CountingEmbedder) -> None:
    """A fault while evicting is logged and counted; the put itself still succeeds."""
    with SemanticCache(None, embedder=embedder, max_entries=1) as cache:
        cache.put("apples and oranges", 1)

        def broken(n: int) -> list[tuple[str, int, float]]:
            raise RuntimeError("index unavailable")

        cache._store.lowest_priority = broken  # type: ignore[method-assign]
        entry_id = cache.put("boats on rivers", 2)
        assert isinstance(entry_id, str)
        assert cache.get("boats on rivers") is not None
        assert cache.stats()["errors"] == 1


def test_an_embedder_that_cannot_load_fails_at_construction(tmp_path: Path) -> None:
    """Misconfiguration surfaces when the cache is built, not as a stream of misses."""
    from semcache import EmbeddingError
    from semcache.embed import OnnxEmbedder

    model = tmp_path / "model.onnx"
    model.write_bytes(b"not a model")
    tokenizer = Path(cache_module.__file__).parent / "embed" / "data" / "tokenizer.json"
    broken = OnnxEmbedder(model, tokenizer, dim=384)
    with pytest.raises(EmbeddingError, match=r"model\.onnx"):
        SemanticCache(None, embedder=broken)


def test_stats_fail_open_when_the_store_cannot_count() -> None:
    """A store that is down (Milvus unreachable) makes stats() report the last known
    size and the error, instead of raising into /metrics or /semcache/stats."""
    from semcache import StoreError
    from semcache.store import LocalStore

    class Flaky(LocalStore):
        down = False

        def usage(self) -> tuple[int, int]:
            if self.down:
                raise StoreError("store unreachable; next try in 1 s")
            return super().usage()

    store = Flaky(None, dim=16, model="hashing-16")
    with SemanticCache(embedder=HashingEmbedder(16), store=store) as cache:
        cache.put("what is the boiling point of water", "100 C")
        before = cache.stats()
        assert before["entries"] == 1 and "store_error" not in before
        store.down = True
        after = cache.stats()
        assert (after["entries"], after["bytes"]) == (before["entries"], before["bytes"])
        assert "unreachable" in after["store_error"]
