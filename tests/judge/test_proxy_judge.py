"""The judge end to end: the openai SDK -> the proxy under uvicorn -> the fake upstream
under uvicorn (which also answers the judge's calls), all on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from _support import TableEmbedder
from semcache_proxy import ServerThread, Settings, create_app

from semcache import SemanticCache
from semcache.judge import LLMJudge
from semcache.testing import FakeUpstream

MODEL = "gpt-4o-mini"
BASE = "What is the capital of France? #fr"
PARA = "Which city is the French capital? #fr"  # in the band, same #marker: the fake says yes
LOOK = "What is the capital of Germany? #de"  # in the band, another marker: no
TABLE = {BASE: 1.0, PARA: 0.75, LOOK: 0.72, "Name the French capital #fr": 0.74}


@dataclass
class Proxy:
    fake: FakeUpstream
    cache: SemanticCache
    app: Any
    url: str

    def ask(self, text: str, **headers: str) -> tuple[Any, Any]:
        """One chat completion through the SDK with the tenant's own key."""
        with openai.OpenAI(base_url=self.url + "/v1", api_key="sk-tenant", max_retries=0) as client:
            raw = client.chat.completions.with_raw_response.create(
                model=MODEL,
                messages=[{"role": "user", "content": text}],
                extra_headers=headers or None,
            )
        return raw.parse(), raw.headers

    def flush(self) -> None:
        assert self.app.state.proxy.writes.wait_idle(10)

    def metric(self, line_start: str) -> float:
        text = httpx.get(self.url + "/metrics", timeout=10).text
        found = [line for line in text.splitlines() if line.startswith(line_start)]
        return float(found[0].rsplit(" ", 1)[1]) if found else 0.0


@contextmanager
def proxy(
    path: Path | None = None,
    *,
    fake: FakeUpstream | None = None,
    judge: dict[str, Any] | None = None,
    **cache_options: Any,
) -> Iterator[Proxy]:
    """A fake upstream, a cache with an LLMJudge calling it, and the proxy in front."""
    fake = fake or FakeUpstream(hang_seconds=5)
    with ServerThread(fake) as upstream:
        llm = LLMJudge("judge-model", upstream.url + "/v1", "sk-operator", **(judge or {}))
        cache = SemanticCache(
            path, embedder=TableEmbedder(TABLE), threshold=0.8, judge=llm, **cache_options
        )
        app = create_app(Settings(upstream=upstream.url + "/v1"), cache=cache)
        try:
            with ServerThread(app) as server:
                yield Proxy(fake, cache, app, server.url)
        finally:
            cache.close()
            llm.close()


def _store_base(p: Proxy) -> None:
    _, headers = p.ask(BASE)
    assert headers["x-semcache"] == "miss"
    p.flush()


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_sync_serves_what_the_judge_accepts() -> None:
    """Sync: a band paraphrase the judge accepts is a hit verified by the judge; a
    look-alike it rejects goes upstream; the judge is called with the operator's key."""
    with proxy() as p:
        _store_base(p)
        answer, headers = p.ask(PARA)
        assert headers["x-semcache"] == "hit"
        assert (headers["x-semcache-kind"], headers["x-semcache-verified"]) == ("semantic", "judge")
        assert answer.choices[0].message.content == f"Answer to: {BASE}"
        answer, headers = p.ask(LOOK)
        assert headers["x-semcache"] == "miss"
        assert answer.choices[0].message.content == f"Answer to: {LOOK}"
        judged = [r for r in p.fake.requests if r.body.get("model") == "judge-model"]
        assert p.fake.judge_calls == 2 and len(judged) == 2
        assert {r.headers["authorization"] for r in judged} == {"Bearer sk-operator"}
        assert p.metric('semcache_judge_calls_total{verdict="yes"}') == 1
        assert p.metric('semcache_judge_calls_total{verdict="no"}') == 1
        assert p.metric('semcache_judge_tokens_total{kind="completion"}') == 2
        assert p.metric("semcache_judge_latency_seconds_count") == 2


def test_exact_hits_say_threshold() -> None:
    """A hit the threshold alone allowed says x-semcache-verified: threshold."""
    with proxy() as p:
        _store_base(p)
        _, headers = p.ask(BASE)
    assert (headers["x-semcache-kind"], headers["x-semcache-verified"]) == ("exact", "threshold")


def test_skip_header_asks_no_judge() -> None:
    """x-semcache-judge: skip: the band candidate is not judged (a miss); a bad value is a 400."""
    with proxy() as p:
        _store_base(p)
        _, headers = p.ask(PARA, **{"x-semcache-judge": "skip"})
        assert headers["x-semcache"] == "miss" and p.fake.judge_calls == 0
        with pytest.raises(openai.BadRequestError, match="x-semcache-judge must be skip or auto"):
            p.ask(PARA, **{"x-semcache-judge": "sometimes"})


def test_past_the_deadline_is_a_miss() -> None:
    """A judge slower than the deadline: the request goes upstream, never an error."""
    slow = FakeUpstream(hang_seconds=5, judge_latency_ms=1000)
    with proxy(fake=slow, judge={"timeout": 0.3}, judge_deadline=0.3) as p:
        _store_base(p)
        answer, headers = p.ask(PARA)
        assert headers["x-semcache"] == "miss"
        assert answer.choices[0].message.content == f"Answer to: {PARA}"
        assert _wait_for(lambda: p.metric('semcache_judge_calls_total{verdict="timeout"}') == 1)


def test_a_spent_budget_is_a_miss() -> None:
    """Past --judge-rate calls per second the candidate is not judged: a miss, counted."""
    with proxy(judge={"rate": 0.001}) as p:  # one call now, the next in ~17 minutes
        _store_base(p)
        assert p.ask(PARA)[1]["x-semcache"] == "hit"
        assert p.ask(LOOK)[1]["x-semcache"] == "miss"
        assert p.fake.judge_calls == 1
        assert p.metric('semcache_judge_calls_total{verdict="budget"}') == 1


def test_a_failing_judge_is_a_miss() -> None:
    """A judge endpoint answering 500 or nonsense: misses, never an error to the caller."""
    for failure in ("500", "garbage"):
        with proxy(fake=FakeUpstream(hang_seconds=5, judge_fail=failure)) as p:
            _store_base(p)
            answer, headers = p.ask(PARA)
            assert headers["x-semcache"] == "miss"
            assert answer.choices[0].message.content == f"Answer to: {PARA}"
            assert p.metric('semcache_judge_calls_total{verdict="error"}') == 1


def test_async_makes_a_verified_alias() -> None:
    """Async: the first paraphrase misses without waiting; the judge's "yes" in the
    background makes it an alias, so its repeat is an exact hit with the cached answer."""
    with proxy(judge_mode="async") as p:
        _store_base(p)
        answer, headers = p.ask(PARA, **{"cache-control": "no-store"})  # its answer is not kept
        assert headers["x-semcache"] == "miss"
        assert answer.choices[0].message.content == f"Answer to: {PARA}"
        assert p.cache.judge_idle(10)
        answer, headers = p.ask(PARA)
        assert (headers["x-semcache"], headers["x-semcache-kind"]) == ("hit", "exact")
        assert headers["x-semcache-verified"] == "judge"
        assert answer.choices[0].message.content == f"Answer to: {BASE}"
        assert p.fake.judge_calls == 1


def test_verdicts_survive_a_restart(tmp_path: Path) -> None:
    """Verdicts are stored with the entry (local store): after a restart nothing is judged again."""
    with proxy(tmp_path) as p:
        _store_base(p)
        assert p.ask(LOOK, **{"cache-control": "no-store"})[1]["x-semcache"] == "miss"
        assert p.ask(PARA)[1]["x-semcache-verified"] == "judge"
        assert p.cache.judge_idle(10)
    always_yes = FakeUpstream(hang_seconds=5, judge_rule=lambda request: True)
    with proxy(tmp_path, fake=always_yes) as p:
        _, look = p.ask(LOOK, **{"cache-control": "no-store"})
        _, para = p.ask(PARA)
        assert p.fake.judge_calls == 0
    assert look["x-semcache"] == "miss"  # the remembered "no", though this judge says yes
    assert (para["x-semcache-kind"], para["x-semcache-verified"]) == ("exact", "judge")  # alias


def test_verdicts_survive_a_reopen_on_milvus_lite(tmp_path: Path) -> None:
    """On Milvus Lite too, verdicts and aliases live with the entries across a reopen."""
    pytest.importorskip("milvus_lite", reason="pip install 'semcache[milvus]'")
    from semcache.testing import LiteServer

    with LiteServer(tmp_path / "milvus") as server:
        store = server.uri
        with proxy(store=store) as p:
            _store_base(p)
            assert p.ask(PARA)[1]["x-semcache-verified"] == "judge"
            assert p.ask(LOOK, **{"cache-control": "no-store"})[1]["x-semcache"] == "miss"
            assert p.cache.judge_idle(10)
        with proxy(store=store, fake=FakeUpstream(judge_rule=lambda r: True)) as p:
            # Milvus reads are Bounded: wait until the first cache's writes are visible.
            assert _wait_for(lambda: p.ask(BASE)[1]["x-semcache"] == "hit")
            _, look = p.ask(LOOK, **{"cache-control": "no-store"})
            _, para = p.ask(PARA)
            assert p.fake.judge_calls == 0
    assert look["x-semcache"] == "miss"
    assert (para["x-semcache"], para["x-semcache-verified"]) == ("hit", "judge")
