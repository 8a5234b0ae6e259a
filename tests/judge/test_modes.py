"""SemanticCache with a judge: sync and async modes, verdicts, aliases, skips, failures."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _support import DIM, RuleJudge, TableEmbedder

from semcache import ConfigError, SemanticCache
from semcache.judge import JudgeRequest, JudgeTimeoutError
from semcache.store.local import LocalStore
from semcache.verify import ThresholdVerifier

#: Similarities to "base": above the threshold (0.8), in the band (0.6..0.8), below it.
TABLE = {"base": 1.0, "close": 0.9, "para": 0.75, "look": 0.72, "far": 0.5}
ANSWER = {"choices": [{"message": {"role": "assistant", "content": "the answer"}}]}


@pytest.fixture
def embedder() -> TableEmbedder:
    return TableEmbedder(TABLE)


def _cache(
    embedder: TableEmbedder, judge: object, path: Path | None = None, **options: object
) -> SemanticCache:
    # The gate is under test, not the lexical guards: one-word texts like "close" and
    # "base" would be a word swapped (the alignment checks), so a plain threshold verifier.
    options.setdefault("verifier", ThresholdVerifier())
    return SemanticCache(path, embedder=embedder, threshold=0.8, judge=judge, **options)  # type: ignore[arg-type]


@pytest.fixture
def judge() -> RuleJudge:
    return RuleJudge({"para"})


@pytest.fixture
def sync(embedder: TableEmbedder, judge: RuleJudge) -> Iterator[SemanticCache]:
    with _cache(embedder, judge) as cache:
        cache.put("base", ANSWER)
        yield cache


def test_sync_serves_a_band_candidate_the_judge_accepts(
    sync: SemanticCache, judge: RuleJudge
) -> None:
    """In the band, a "yes" is served (verified by the judge), a "no" is a miss."""
    hit = sync.get("para")
    assert hit is not None and hit.verified == "judge" and hit.prompt == "base"
    assert hit.similarity == pytest.approx(0.75)
    assert sync.get("look") is None
    assert [r.prompt for r in judge.requests] == ["para", "look"]
    assert judge.requests[0] == JudgeRequest("base", "the answer", "para")


def test_above_the_threshold_and_below_the_floor_no_judge_is_asked(
    sync: SemanticCache, judge: RuleJudge
) -> None:
    """A candidate above the threshold is served as before; one below the floor misses."""
    hit = sync.get("close")
    assert hit is not None and hit.verified == "threshold"
    assert sync.get("far") is None
    assert judge.calls == 0


def test_a_verdict_is_remembered(sync: SemanticCache, judge: RuleJudge) -> None:
    """The same (entry, text) is judged once; "no" is remembered too."""
    for _ in range(3):
        assert sync.get("look") is None
    assert judge.calls == 1
    assert sync.stats()["judge"]["remembered"] == 2


def test_a_yes_makes_a_verified_alias(sync: SemanticCache, judge: RuleJudge) -> None:
    """After a "yes" the new prompt is an entry of its own: an exact hit, verified by the judge."""
    sync.get("para")
    assert sync.judge_idle(10)
    hit = sync.get("para")
    assert hit is not None and (hit.kind, hit.verified, hit.prompt) == ("exact", "judge", "para")
    assert hit.response == ANSWER and judge.calls == 1
    assert sync.stats()["judge"]["aliases"] == 1


def test_skip_asks_no_judge(sync: SemanticCache, judge: RuleJudge) -> None:
    """judge=False on a lookup: no judge call, the band is a miss; a known verdict still counts."""
    assert sync.get("para", judge=False) is None
    assert judge.calls == 0
    assert sync.get("para") is not None
    assert judge.calls == 1


def test_deadline_makes_a_miss_and_the_late_verdict_is_kept(embedder: TableEmbedder) -> None:
    """A judge slower than the deadline: the lookup misses; its verdict serves the next one."""
    go = threading.Event()
    judge = RuleJudge({"para"}, wait=go)
    with _cache(embedder, judge, judge_deadline=0.05) as cache:
        cache.put("base", ANSWER)
        assert cache.get("para") is None
        assert cache.stats()["judge"]["deadline"] == 1
        go.set()
        assert cache.judge_idle(10)
        hit = cache.get("para")
    assert hit is not None and hit.verified == "judge"


@pytest.mark.parametrize(
    "failure", [RuntimeError("judge down"), JudgeTimeoutError("slow"), 1.7, "yes"]
)
def test_a_judge_failure_is_a_miss_and_not_remembered(
    embedder: TableEmbedder, failure: object
) -> None:
    """A judge that raises or returns no probability: a miss, never an error; asked again."""
    calls: list[str] = []

    def bad(cached_prompt: str, cached_response: str, prompt: str) -> object:
        calls.append(prompt)
        if isinstance(failure, Exception):
            raise failure
        return failure

    with _cache(embedder, bad) as cache:
        cache.put("base", ANSWER)
        assert cache.get("para") is None
        assert cache.get("para") is None
        stats = cache.stats()["judge"]
    assert len(calls) == 2
    assert stats["errors"] + stats["timeouts"] == 2 and stats["yes"] == stats["no"] == 0


def test_async_misses_now_and_serves_the_alias_later(
    embedder: TableEmbedder, judge: RuleJudge
) -> None:
    """Async: a band candidate is a miss; the judge runs in the background; its alias hits."""
    go = threading.Event()
    slow = RuleJudge({"para"}, wait=go)
    with _cache(embedder, slow, judge_mode="async") as cache:
        cache.put("base", ANSWER)
        assert cache.get("para") is None  # does not wait for the judge (it is blocked)
        assert cache.get("close") is not None  # above the threshold: served as ever
        go.set()
        assert cache.judge_idle(10)
        hit = cache.get("para")
        again = cache.get("para")
    assert hit is not None and (hit.kind, hit.verified) == ("exact", "judge")
    assert again is not None and slow.calls == 1


def test_an_alias_does_not_replace_an_answer_of_its_own(
    embedder: TableEmbedder, judge: RuleJudge
) -> None:
    """If the new prompt got its own answer meanwhile, the alias is not stored."""
    go = threading.Event()
    slow = RuleJudge({"para"}, wait=go)
    with _cache(embedder, slow, judge_mode="async") as cache:
        cache.put("base", ANSWER)
        assert cache.get("para") is None
        cache.put("para", "its own answer")
        go.set()
        assert cache.judge_idle(10)
        hit = cache.get("para")
        stats = cache.stats()
    assert hit is not None and hit.response == "its own answer"
    assert stats["judge"]["aliases"] == 0 and stats["entries"] == 2


def test_feedback_on_a_judged_hit_holds_against_the_judge(
    sync: SemanticCache, judge: RuleJudge
) -> None:
    """A wrong judged hit raises the entry's floor: the judge cannot serve it there again."""
    hit = sync.get("para")
    assert hit is not None
    assert sync.feedback(hit, correct=False)
    assert sync.judge_idle(10)
    sync.delete(next(e.id for e in sync.entries() if e.prompt == "para"))  # the alias
    assert sync.get("para") is None


def test_verdicts_and_aliases_survive_a_reopen(
    tmp_path: Path, embedder: TableEmbedder, judge: RuleJudge
) -> None:
    """Verdicts are stored with the entry (local store): after a reopen, none is asked again."""
    with _cache(embedder, judge, tmp_path) as cache:
        cache.put("base", ANSWER)
        assert cache.get("look") is None
        assert cache.get("para") is not None
        assert cache.judge_idle(10)
    fresh = RuleJudge({"para", "look"})  # would say yes to "look" now
    with _cache(embedder, fresh, tmp_path) as cache:
        look = cache.get("look")
        para = cache.get("para")
    assert look is None and fresh.calls == 0
    assert para is not None and (para.kind, para.verified) == ("exact", "judge")


def test_deleting_an_entry_deletes_its_verdicts(tmp_path: Path, embedder: TableEmbedder) -> None:
    """A new answer for the same prompt is judged afresh: verdicts belong to one answer."""
    judge = RuleJudge(set())
    with _cache(embedder, judge, tmp_path) as cache:
        cache.put("base", ANSWER)
        assert cache.get("look") is None
        assert cache.judge_idle(10)
        cache.put("base", "a new answer")  # replaces the entry and its verdicts
    with _cache(embedder, judge, tmp_path) as cache:
        assert cache.get("look") is None
    assert judge.calls == 2


def test_learned_thresholds_serve_without_asking_once_learned() -> None:
    """max_error_rate: judged pairs teach the entry's threshold and audit what it would
    serve unasked (about 60 at δ = 5%); then it serves as "learned"."""
    texts = [f"paraphrase {i}" for i in range(120)]
    embedder = TableEmbedder({"base": 1.0, **dict.fromkeys(texts, 0.9)})
    judge = RuleJudge(set(texts))
    with _cache(embedder, judge, max_error_rate=0.05) as cache:
        cache.put("base", ANSWER)
        verified = [getattr(cache.get(text), "verified", None) for text in texts]
    assert verified[0] == "judge" and "learned" in verified
    assert None not in verified
    first = verified.index("learned")
    assert judge.calls < len(texts) and verified[first:].count("learned") > len(texts) // 4


def test_off_mode_ignores_the_judge(embedder: TableEmbedder, judge: RuleJudge) -> None:
    """judge_mode="off": the judge is never asked, hits say "threshold"."""
    with _cache(embedder, judge, judge_mode="off") as cache:
        cache.put("base", ANSWER)
        assert cache.get("para") is None
        hit = cache.get("close")
    assert hit is not None and hit.verified == "threshold" and judge.calls == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"judge_mode": "later"}, "judge_mode must be one of off, sync, async; got 'later'"),
        ({"judge": None, "judge_mode": "sync"}, "need a judge"),
        ({"judge": None, "max_error_rate": 0.02}, "need a judge"),
        ({"judge_floor": 0.9}, "judge_floor must be between 0 and the threshold 0.8"),
        ({"judge_deadline": 0}, "judge_deadline must be a positive number"),
        ({"max_error_rate": 1.5}, "max_error_rate must be between"),
    ],
)
def test_misconfiguration_raises(
    embedder: TableEmbedder, options: dict[str, object], message: str
) -> None:
    """Bad judge settings raise ConfigError naming the value and the fix."""
    settings: dict[str, object] = {"judge": lambda a, b, c: 1.0, **options}
    with pytest.raises(ConfigError, match=message):
        SemanticCache(None, embedder=embedder, threshold=0.8, **settings)  # type: ignore[arg-type]


class _Vetoes:
    """A verifier whose guards veto every candidate."""

    def choose(self, text: str, candidates: object, threshold: float) -> None:
        return None


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_vetoed_candidate_above_the_threshold_is_judged_not_served(
    embedder: TableEmbedder, mode: str
) -> None:
    """Above the threshold but vetoed by the verifier: judged (a "no" is a miss), never
    served as "threshold"."""
    judge = RuleJudge(set())
    with _cache(embedder, judge, judge_mode=mode, verifier=_Vetoes()) as cache:
        cache.put("base", ANSWER)
        hit = cache.get("close")  # 0.9, above the threshold 0.8
        assert cache.judge_idle(10)
    assert hit is None and judge.calls == 1


class _Searches(LocalStore):
    """A local store that records the ``min_similarity`` of every search."""

    def __init__(self) -> None:
        super().__init__(None, dim=DIM, model=TableEmbedder.name)
        self.lows: list[float | None] = []

    def search(self, vector: Any, **options: Any) -> Any:
        self.lows.append(options.get("min_similarity"))
        return super().search(vector, **options)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_hit_reads_no_band_and_a_miss_reads_it(embedder: TableEmbedder, mode: str) -> None:
    """With a judge, a semantic hit searches down to the threshold only (as without a
    judge); the band down to the floor is read when nothing reached the threshold."""
    store = _Searches()
    with _cache(embedder, RuleJudge({"para"}), judge_mode=mode, store=store) as cache:
        cache.put("base", ANSWER)
        store.lows.clear()
        assert cache.get("close") is not None  # 0.9: a hit
        hit_lows = list(store.lows)
        cache.get("para")  # 0.75: in the band
        assert cache.judge_idle(10)
    assert hit_lows == [0.8]
    assert store.lows[1:] == [0.8, pytest.approx(0.6)]
