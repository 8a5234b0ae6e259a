"""Pass-through routes, forwarded headers, upstream failures, and the operational
endpoints (health, metrics, stats, admin), in-process."""

from __future__ import annotations

import json
import logging
import time
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from proxy_helpers import ADMIN_TOKEN, KEY_A, KEY_B, MakeClient, chat, flush
from semcache_proxy import Settings, _completions, create_app
from starlette.testclient import TestClient

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

URL = "/v1/chat/completions"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


# -- pass-through -------------------------------------------------------------------------


def test_models_route_is_passed_through(client: TestClient, fake: FakeUpstream) -> None:
    """GET /v1/models reaches the upstream and its answer comes back unchanged."""
    response = client.get("/v1/models", headers=KEY_A)
    assert response.status_code == 200
    assert response.json()["data"][0]["id"] == "fake-model"
    assert fake.calls["/v1/models"] == 1


def test_passthrough_keeps_method_path_query_body_and_status(client: TestClient) -> None:
    """Any /v1 route keeps its method, path, query, raw body, status and headers."""
    response = client.put(
        "/v1/echo/files/abc%20def?purpose=test&x=1",
        content=b"raw bytes \x00\x01",
        headers={"x-fake-status": "201", "content-type": "application/octet-stream"},
    )
    assert response.status_code == 201
    assert response.headers["x-fake-echo"] == "1"
    echoed = response.json()
    assert (echoed["method"], echoed["path"]) == ("PUT", "/v1/echo/files/abc def")
    assert echoed["query"] == "purpose=test&x=1"
    assert echoed["body"] == "raw bytes \x00\x01"


def test_passthrough_relays_error_statuses(client: TestClient) -> None:
    """An upstream 404 on a passed-through route is the caller's 404."""
    response = client.get("/v1/echo/missing", headers={"x-fake-status": "404"})
    assert response.status_code == 404


def test_get_on_chat_completions_is_passed_through(client: TestClient, fake: FakeUpstream) -> None:
    """GET /v1/chat/completions (listing stored completions) is not the cached POST."""
    response = client.get(URL)
    assert response.json() == {"object": "list", "data": [], "has_more": False}
    assert fake.calls[URL] == 1
    assert "x-semcache" not in response.headers


def test_headers_sent_upstream(client: TestClient, fake: FakeUpstream) -> None:
    """Authorization and custom headers are forwarded; x-semcache-* and hop-by-hop are not."""
    headers = {
        **KEY_A,
        "x-semcache-namespace": "team",
        "x-custom": "kept",
        "Connection": "keep-alive, x-hop",
        "x-hop": "dropped",
        "OpenAI-Organization": "org-1",
    }
    client.post(URL, json=chat("hello upstream"), headers=headers)
    sent = fake.requests[-1].headers
    assert sent["authorization"] == KEY_A["Authorization"]
    assert sent["x-custom"] == "kept"
    assert sent["openai-organization"] == "org-1"
    assert not any(name.startswith("x-semcache") for name in sent)
    assert "x-hop" not in sent
    assert sent["host"] == "upstream.test"


def test_upstream_base_path_is_kept(make_client: MakeClient, fake: FakeUpstream) -> None:
    """An upstream URL without a path gets /v1; /v1/<rest> goes to <upstream>/<rest>."""
    client = make_client(upstream="http://upstream.test")
    client.get("/v1/models")
    assert fake.requests[-1].path == "/v1/models"


# -- upstream failures -----------------------------------------------------------------------


def failing_client(proxy_cache: SemanticCache, error: Exception) -> TestClient:
    def fail(request: httpx.Request) -> httpx.Response:
        raise error

    app = create_app(
        Settings(upstream="http://upstream.test/v1", anonymous="share"),
        cache=proxy_cache,
        transport=httpx.MockTransport(fail),
    )
    return TestClient(app)


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (httpx.ConnectError("refused"), 502, "upstream_unreachable"),
        (httpx.ReadTimeout("slow"), 504, "upstream_timeout"),
        (httpx.RemoteProtocolError("cut"), 502, "upstream_error"),
    ],
)
@pytest.mark.parametrize("path", [URL, "/v1/models"])
def test_unreachable_upstream_is_an_openai_shaped_gateway_error(
    proxy_cache: SemanticCache, error: Exception, status: int, code: str, path: str
) -> None:
    """Connection failures and timeouts become 502/504 with an OpenAI-shaped error."""
    with failing_client(proxy_cache, error) as client:
        response = client.post(path, json=chat("anyone there?"))
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["type"] == "upstream_error"


def test_a_failing_cache_fails_open(
    client: TestClient, proxy_cache: SemanticCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the cache lookup raises, the request is served from upstream as a miss."""

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(proxy_cache, "lookup", broken)
    response = client.post(URL, json=chat("still works?"))
    assert response.status_code == 200
    assert response.headers["x-semcache"] == "miss"


def test_unknown_route_is_an_openai_shaped_404(client: TestClient) -> None:
    """Paths outside /v1 and the proxy's own are a JSON 404, not an HTML page."""
    response = client.get("/nope")
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "not_found"


# -- health, metrics, stats ---------------------------------------------------------------------


def test_healthz(client: TestClient) -> None:
    """GET /healthz answers ok."""
    assert client.get("/healthz").json() == {"status": "ok"}


def metric(client: TestClient, line_start: str) -> float:
    for line in client.get("/metrics").text.splitlines():
        if line.startswith(line_start + " "):
            return float(line.split()[-1])
    return 0.0


def test_metrics_count_what_happened(client: TestClient) -> None:
    """Requests, hits by kind, misses, bypasses, errors and tokens saved are counted."""
    client.post(URL, json=chat("Count me"))
    flush(client)
    client.post(URL, json=chat("Count me"))
    client.post(URL, json=chat("Count me"), headers={"x-semcache-bypass": "1"})
    client.post(URL, content=b"{bad")
    assert metric(client, 'semcache_requests_total{endpoint="chat",outcome="miss"}') == 1
    assert metric(client, 'semcache_requests_total{endpoint="chat",outcome="hit"}') == 1
    assert metric(client, 'semcache_requests_total{endpoint="chat",outcome="error"}') == 1
    assert metric(client, 'semcache_hits_total{kind="exact"}') == 1
    assert metric(client, "semcache_misses_total") == 1
    assert metric(client, 'semcache_bypasses_total{reason="header"}') == 1
    assert metric(client, 'semcache_errors_total{type="invalid_request"}') == 1
    assert metric(client, 'semcache_writes_total{result="stored"}') == 1
    assert metric(client, "semcache_tokens_saved_total") == 6  # 2 prompt + 4 answer words
    assert metric(client, "semcache_cost_saved_usd_total") > 0
    assert metric(client, "semcache_lookup_latency_seconds_count") == 2
    upstream = "semcache_upstream_latency_seconds_count"
    assert metric(client, upstream + '{endpoint="chat",outcome="miss"}') == 1
    assert metric(client, upstream + '{endpoint="chat",outcome="bypass"}') == 1


def test_request_latency_is_split_by_outcome_and_hit_kind(client: TestClient) -> None:
    """Request time is a histogram per outcome, hits per kind (exact, semantic)."""
    client.post(URL, json=chat("Time me"))
    flush(client)
    client.post(URL, json=chat("Time me"))
    latency = 'semcache_request_latency_seconds_count{endpoint="chat",outcome="%s"}'
    assert metric(client, latency % "miss") == 1
    assert metric(client, latency % "exact") == 1
    assert metric(client, latency % "hit") == 0


def test_metrics_have_no_created_series(client: TestClient) -> None:
    """No counter or histogram also emits a `*_created` series."""
    client.post(URL, json=chat("Created?"))
    text = client.get("/metrics").text
    assert "semcache_requests_total" in text
    assert "_created" not in text


def test_metrics_gauge_the_cache_and_count_evictions_and_expirations(fake: FakeUpstream) -> None:
    """Entries and bytes are gauges; evictions (by policy) and expirations are counters,
    read from the cache's own stats."""
    with SemanticCache(None, embedder=HashingEmbedder(), max_entries=2) as cache:
        settings = Settings(upstream="http://upstream.test/v1", policy="fifo", anonymous="share")
        app = create_app(settings, cache=cache, transport=httpx.ASGITransport(app=fake))
        with TestClient(app, base_url="http://proxy.test") as client:
            for text in ("first question", "second question", "third question"):
                client.post(URL, json=chat(text))
                flush(client)
            cache.put("short-lived", {"a": 1}, ttl=0.001)
            time.sleep(0.01)
            cache.sweep()
            entries, size = cache.stats()["entries"], cache.stats()["bytes"]
            assert metric(client, "semcache_entries") == entries == 1  # 2 kept, 1 expired
            assert metric(client, "semcache_bytes") == size > 0
            assert metric(client, 'semcache_evictions_total{policy="fifo"}') >= 1
            assert metric(client, "semcache_expirations_total") == 1


def test_a_hit_carries_its_age(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A hit says how old the cached answer is in an `Age` header (whole seconds)."""
    client.post(URL, json=chat("How old am I"))
    flush(client)
    later = time.time() + 90
    clock = SimpleNamespace(time=lambda: later, perf_counter=time.perf_counter)
    monkeypatch.setattr(_completions, "time", clock)
    served = client.post(URL, json=chat("How old am I"))
    assert served.headers["x-semcache"] == "hit"
    assert served.headers["age"] in ("89", "90")


def test_metrics_of_two_apps_are_separate(make_client: MakeClient) -> None:
    """Each app has its own registry: two proxies in one process do not clash."""
    first, second = make_client(), make_client()
    first.post(URL, json=chat("only on the first"))
    assert metric(first, "semcache_misses_total") == 1
    assert metric(second, "semcache_misses_total") == 0


def test_stats_reports_cache_and_proxy_counters(client: TestClient) -> None:
    """GET /semcache/stats has the cache's stats and the proxy's counters."""
    client.post(URL, json=chat("Stats please"))
    flush(client)
    client.post(URL, json=chat("Stats please"))
    stats = client.get("/semcache/stats").json()
    assert stats["cache"]["entries"] == 1
    assert stats["proxy"]["hits_exact"] == 1
    assert stats["proxy"]["misses"] == 1
    assert stats["proxy"]["pending_writes"] == 0
    assert "namespaces" not in stats  # the aggregate is open, tenants are not


def test_stats_per_namespace_need_the_admin_token(client: TestClient) -> None:
    """With the admin token, /semcache/stats also counts each (hashed) namespace's
    requests; a wrong token is refused rather than silently ignored."""
    client.post(URL, json=chat("Per tenant"), headers=KEY_A)
    flush(client)
    client.post(URL, json=chat("Per tenant"), headers=KEY_A)
    client.post(URL, json=chat("Per tenant"), headers=KEY_B)
    namespaces = client.get("/semcache/stats", headers=ADMIN).json()["namespaces"]
    assert sorted((n["exact"], n["miss"]) for n in namespaces.values()) == [(0, 1), (1, 1)]
    assert all(ns.startswith("k-") and "sk-" not in ns for ns in namespaces)
    wrong = client.get("/semcache/stats", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


# -- admin --------------------------------------------------------------------------------


def test_admin_endpoints_are_disabled_without_a_token(make_client: MakeClient) -> None:
    """With no admin token configured, admin endpoints refuse with a 403 saying how to enable."""
    client = make_client(admin_token=None)
    response = client.get("/semcache/entries", headers=ADMIN)
    assert response.status_code == 403
    assert "--admin-token" in response.json()["error"]["message"]


@pytest.mark.parametrize("headers", [{}, KEY_A, {"Authorization": "Bearer wrong-token!"}])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/semcache/entries"),
        ("DELETE", "/semcache/entries/x"),
        ("POST", "/semcache/clear"),
        ("POST", "/semcache/feedback"),
    ],
)
def test_admin_endpoints_need_the_token(
    client: TestClient, headers: dict[str, str], method: str, path: str
) -> None:
    """Without the right bearer token every admin endpoint answers 401."""
    response = client.request(method, path, headers=headers, json={"all": True})
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"


def test_admin_lists_recent_entries_by_hashed_namespace(client: TestClient) -> None:
    """GET /semcache/entries lists the newest entries with hashed namespaces, not keys."""
    for text in ("first question", "second question", "third question"):
        client.post(URL, json=chat(text), headers=KEY_A)
        flush(client)
    listed = client.get("/semcache/entries?limit=2", headers=ADMIN).json()["data"]
    assert [e["prompt"] for e in listed] == ["third question", "second question"]
    assert listed[0]["namespace"].startswith("k-")
    assert "sk-test" not in json.dumps(listed)
    assert client.get("/semcache/entries?limit=abc", headers=ADMIN).status_code == 400


def test_admin_deletes_one_entry(client: TestClient) -> None:
    """DELETE /semcache/entries/{id} removes it; the question then misses; a second delete 404s."""
    client.post(URL, json=chat("Delete me"))
    flush(client)
    (entry,) = client.get("/semcache/entries", headers=ADMIN).json()["data"]
    assert client.delete(f"/semcache/entries/{entry['id']}", headers=ADMIN).status_code == 200
    assert client.post(URL, json=chat("Delete me")).headers["x-semcache"] == "miss"
    assert client.delete(f"/semcache/entries/{entry['id']}", headers=ADMIN).status_code == 404


def test_admin_clears_one_namespace(client: TestClient, proxy_cache: SemanticCache) -> None:
    """POST /semcache/clear with a namespace id removes only that namespace's entries."""
    client.post(URL, json=chat("mine"), headers=KEY_A)
    client.post(URL, json=chat("anyone's"))
    flush(client)
    namespace = next(e.namespace for e in proxy_cache.entries() if e.namespace != "anonymous")
    response = client.post("/semcache/clear", headers=ADMIN, json={"namespace": namespace})
    assert response.json()["deleted"] == 1
    assert [e.namespace for e in proxy_cache.entries()] == ["anonymous"]


def test_admin_clear_needs_an_explicit_target(
    client: TestClient, proxy_cache: SemanticCache
) -> None:
    """An empty clear body is refused; {"all": true} clears everything."""
    client.post(URL, json=chat("keep me for now"))
    flush(client)
    assert client.post("/semcache/clear", headers=ADMIN).status_code == 400
    assert len(list(proxy_cache.entries())) == 1
    assert client.post("/semcache/clear", headers=ADMIN, json={"all": True}).json()["deleted"] == 1


def test_admin_feedback_stops_a_wrong_semantic_hit(client: TestClient) -> None:
    """A semantic hit reported wrong is no longer served for that question; the
    cached question itself still hits."""
    client.post(URL, json=chat("what is the capital city of France"))
    flush(client)
    served = client.post(URL, json=chat("what is the capital city of France please"))
    assert served.headers["x-semcache-kind"] == "semantic"
    report = {
        "entry_id": served.headers["x-semcache-entry-id"],
        "kind": "semantic",
        "similarity": float(served.headers["x-semcache-similarity"]),
        "correct": False,
    }
    assert client.post("/semcache/feedback", headers=ADMIN, json=report).status_code == 200
    again = client.post(URL, json=chat("what is the capital city of France please"))
    assert again.headers["x-semcache"] == "miss"
    exact = client.post(URL, json=chat("what is the capital city of France"))
    assert exact.headers["x-semcache"] == "hit"


@pytest.mark.parametrize("kind", ["exact", "semantic"])
def test_admin_feedback_on_an_unknown_entry_is_404(client: TestClient, kind: str) -> None:
    """Feedback on an id no entry has is a 404 naming the id, not a silent 200."""
    report = {"entry_id": "made-up", "kind": kind, "similarity": 0.9, "correct": False}
    response = client.post("/semcache/feedback", headers=ADMIN, json=report)
    assert response.status_code == 404
    assert "'made-up'" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"entry_id": "", "kind": "exact", "similarity": 1, "correct": False}, "entry_id must be"),
        ({"entry_id": "x", "kind": "fuzzy", "similarity": 1, "correct": False}, "kind must be"),
        ({"entry_id": "x", "kind": "exact", "similarity": 2, "correct": False}, "similarity must"),
        ({"entry_id": "x", "kind": "exact", "similarity": 1, "correct": "no"}, "correct must be"),
        ([], "send {"),
    ],
)
def test_admin_feedback_rejects_malformed_reports(
    client: TestClient, body: Any, message: str
) -> None:
    """A malformed feedback report is a 400 naming the field."""
    response = client.post("/semcache/feedback", headers=ADMIN, json=body)
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


# -- logging and shutdown -------------------------------------------------------------------------


def request_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "semcache.proxy"]
    return [line for line in lines if line.get("event") == "request"]


def test_one_log_line_per_request_without_key_or_prompt(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """Each request logs one JSON line with outcome and timings; never the key or the prompt."""
    caplog.set_level(logging.INFO, logger="semcache.proxy")
    client.post(URL, json=chat("confidential prompt text"), headers=KEY_A)
    flush(client)
    client.post(URL, json=chat("confidential prompt text"), headers=KEY_A)
    miss, hit = request_lines(caplog)
    assert (miss["outcome"], hit["outcome"], hit["kind"]) == ("miss", "hit", "exact")
    assert miss["status"] == 200 and miss["path"] == URL
    assert {"latency_ms", "upstream_ms", "namespace"} <= miss.keys()
    assert hit["namespace"].startswith("k-") and len(hit["namespace"]) == 12
    assert "sk-test" not in caplog.text
    assert "confidential" not in caplog.text


def test_debug_log_includes_the_prompt(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    """At debug level the request line carries the (truncated) prompt."""
    caplog.set_level(logging.DEBUG, logger="semcache.proxy")
    client.post(URL, json=chat("debuggable prompt"), headers=KEY_A)
    (line,) = request_lines(caplog)
    assert line["prompt"] == "debuggable prompt"
    assert "sk-test" not in caplog.text


def test_shutdown_flushes_pending_writes(
    fake: FakeUpstream, proxy_cache: SemanticCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write still running when the app stops is finished before shutdown completes."""
    import threading

    release = threading.Event()
    put = proxy_cache.insert

    def slow_put(*args: Any, **kwargs: Any) -> str:
        release.wait(5)
        return put(*args, **kwargs)

    monkeypatch.setattr(proxy_cache, "insert", slow_put)
    app = create_app(
        Settings(upstream="http://upstream.test/v1", anonymous="share"),
        cache=proxy_cache,
        transport=httpx.ASGITransport(app=fake),
    )
    with TestClient(app) as client:
        client.post(URL, json=chat("write me on the way out"))
        assert app.state.proxy.writes.pending == 1
        threading.Timer(0.2, release.set).start()
    assert [e.prompt for e in proxy_cache.entries()] == ["write me on the way out"]


def test_unexpected_error_is_an_openai_shaped_500(
    fake: FakeUpstream, proxy_cache: SemanticCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in the proxy still answers with an OpenAI-shaped error, not an HTML page."""
    import semcache_proxy._completions as completions

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(completions, "namespace_for", broken)
    app = create_app(
        Settings(upstream="http://upstream.test/v1", anonymous="share"),
        cache=proxy_cache,
        transport=httpx.ASGITransport(app=fake),
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post(URL, json=chat("trigger the bug"))
    assert response.status_code == 500
    assert response.json()["error"] == {
        "message": "internal proxy error: RuntimeError",
        "type": "server_error",
        "param": None,
        "code": "internal",
    }
