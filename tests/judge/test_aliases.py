"""Verified aliases live and die with their entry; the learned policy forgets deleted entries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _support import RuleJudge, TableEmbedder

from semcache import ConfigError, SemanticCache
from semcache.judge import alias_id, alias_owner

#: Similarities to "base": above the threshold (0.8), in the band (0.6..0.8), below it.
TABLE = {"base": 1.0, "close": 0.9, "para": 0.75, "look": 0.72, "far": 0.5}
PARAS = [f"para {i}" for i in range(6)]


def _cache(path: Path | str | None = None, **options: object) -> SemanticCache:
    embedder = TableEmbedder({**TABLE, **dict.fromkeys(PARAS, 0.75)})
    judge = RuleJudge({"para", *PARAS})
    return SemanticCache(path, embedder=embedder, threshold=0.8, judge=judge, **options)  # type: ignore[arg-type]


def _aliased(cache: SemanticCache, *texts: str) -> dict[str, str]:
    """Judge ``texts`` against "base" (each a "yes") and return prompt -> entry id."""
    for text in texts:
        assert cache.get(text) is not None
    assert cache.judge_idle(10)
    return {entry.prompt: entry.id for entry in cache.entries()}


@pytest.fixture(params=["memory", "directory"])
def cache(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SemanticCache]:
    with _cache(None if request.param == "memory" else tmp_path) as made:
        made.put("base", "the answer")
        yield made


def test_an_alias_id_names_its_entry() -> None:
    """An alias's id is its entry's, a dot and a suffix; ids not made by the cache get none."""
    made = alias_id("ab12")
    assert made is not None and made.startswith("ab12.") and alias_owner(made) == "ab12"
    assert alias_owner("ab12") is None and alias_id("not-hex") is None
    deep = "a.b.c.d.e"
    assert alias_id(deep) is None  # four levels of aliases at most


def test_deleting_an_entry_deletes_its_aliases(cache: SemanticCache) -> None:
    """delete(entry) removes the aliases the judge made of it, at every depth."""
    ids = _aliased(cache, "para")
    assert alias_owner(ids["para"]) == ids["base"]
    assert cache.delete(ids["base"])
    assert list(cache.entries()) == []
    assert cache.stats()["entries"] == 0


def test_a_new_answer_for_the_prompt_drops_its_aliases(cache: SemanticCache) -> None:
    """put() of a new answer for the entry's prompt: the aliases of the old answer go."""
    _aliased(cache, "para")
    cache.put("base", "a new answer")
    assert [entry.prompt for entry in cache.entries()] == ["base"]


def test_an_alias_expires_with_its_entry(tmp_path: Path) -> None:
    """The alias has its entry's expiry, to the microsecond (never later)."""
    with _cache(tmp_path) as cache:
        cache.put("base", "the answer", ttl=3600)
        ids = _aliased(cache, "para")
        entries = {entry.id: entry for entry in cache.entries()}
    assert entries[ids["para"]].expires_at == entries[ids["base"]].expires_at


def test_an_evicted_entry_takes_its_aliases() -> None:
    """Evicting an entry evicts its aliases: none is left serving without it."""
    with _cache(policy="fifo", max_entries=3) as cache:
        cache.put("base", "the answer")
        _aliased(cache, "para")
        cache.put("far", "another answer")  # three entries: at the limit
        cache.put("other", "a third answer")  # over it: the oldest (base) goes, with "para"
        left = sorted(entry.prompt for entry in cache.entries())
    assert left == ["far", "other"]


def test_an_alias_never_outranks_its_entry() -> None:
    """An alias starts at no higher an eviction priority, and its hits count for its entry."""
    with _cache(policy="lru") as cache:
        cache.put("base", "the answer")
        ids = _aliased(cache, "para")
        for _ in range(3):
            hit = cache.get("para")
            assert hit is not None and hit.entry_id == ids["para"]
        entries = {entry.id: entry for entry in cache.entries()}
    base, alias = entries[ids["base"]], entries[ids["para"]]
    assert base.hits >= alias.hits == 3
    assert base.accessed_at >= alias.accessed_at


def test_the_learned_policy_forgets_deleted_and_evicted_entries() -> None:
    """Delete, eviction and expiry make the learned policy forget the entry and its aliases."""
    with _cache(policy="fifo", max_entries=8, max_error_rate=0.05) as cache:
        cache.put("base", "the answer")
        _aliased(cache, *PARAS[:3])
        assert cache.stats()["judge"]["learned_entries"] == 1  # observations of "base"
        for i in range(8):
            cache.put(f"filler {i}", "x")  # base is the oldest: evicted first
        assert all(entry.prompt != "base" for entry in cache.entries())
        assert cache.stats()["judge"]["learned_entries"] == 0
        cache.put("base", "the answer")
        hit = cache.get(PARAS[3])
        assert hit is not None and cache.feedback(hit, correct=True)  # an observation
        assert cache.stats()["judge"]["learned_entries"] == 1
        base = next(entry.id for entry in cache.entries() if entry.prompt == "base")
        cache.delete(base)
        assert cache.stats()["judge"]["learned_entries"] == 0


def test_judge_error_raises_the_bar_for_asking() -> None:
    """judge_error is the policy's label noise: with a judge wrong 40% of the time, a
    prior-level candidate is not worth a call under δ = 1%; with a perfect one it is."""
    calls = []
    for error in (0.0, 0.4):
        with _cache(max_error_rate=0.01, judge_error=error) as cache:
            cache.put("base", "the answer")
            cache.get("para")
            assert cache.judge_idle(10)
            calls.append(cache.stats()["judge"]["calls"])
    assert calls == [1, 0]


@pytest.mark.parametrize("value", [0.5, -0.01, "0.1", True, float("nan")])
def test_a_bad_judge_error_raises(value: object) -> None:
    """judge_error outside 0 <= x < 0.5 raises ConfigError naming the value and the fix."""
    with pytest.raises(ConfigError, match=r"judge_error .* 0 <= judge_error < 0.5.*got"):
        _cache(max_error_rate=0.02, judge_error=value)


def test_aliases_are_deleted_with_their_entry_on_milvus_lite(tmp_path: Path) -> None:
    """Milvus Lite: delete, and a new answer for the prompt, take the entry's aliases."""
    pytest.importorskip("milvus_lite", reason="pip install 'semcache[milvus]'")
    with _cache(store=f"milvus:///{tmp_path / 'cache.db'}") as cache:
        cache.put("base", "the answer")
        cache.put("far", "another answer")
        ids = _aliased(cache, "para")
        assert alias_owner(ids["para"]) == ids["base"]
        cache.put("base", "a new answer")
        assert sorted(entry.prompt for entry in cache.entries()) == ["base", "far"]
        ids = _aliased(cache, PARAS[0])
        assert alias_owner(ids[PARAS[0]]) == ids["base"]
        assert cache.delete(ids["base"])
        assert [entry.prompt for entry in cache.entries()] == ["far"]
