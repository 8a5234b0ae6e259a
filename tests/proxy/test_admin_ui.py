"""The dashboard's endpoints and tokens, in-process: the page and its files, the
series and recent hits, the read-only token, the entries text search, the limits."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from proxy_helpers import ADMIN_TOKEN, KEY_A, KEY_B, MakeClient, chat, flush
from starlette.testclient import TestClient

VIEWER_TOKEN = "viewer-token-for-tests"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
VIEWER = {"Authorization": f"Bearer {VIEWER_TOKEN}"}


@pytest.fixture
def ui(make_client: MakeClient) -> TestClient:
    """A proxy with both tokens, after two misses, one exact hit and one bypass."""
    client = make_client(ui_token=VIEWER_TOKEN)
    for body, key in ((chat("ui: capital of France?"), KEY_A), (chat("ui: sort a list"), KEY_B)):
        assert client.post("/v1/chat/completions", json=body, headers=key).status_code == 200
        flush(client)
    again = client.post("/v1/chat/completions", json=chat("ui: capital of France?"), headers=KEY_A)
    assert again.headers["x-semcache"] == "hit"
    bypass = {**KEY_A, "x-semcache-bypass": "1"}
    client.post("/v1/chat/completions", json=chat("ui: skip"), headers=bypass)
    return client


def test_page_loads_without_a_token_and_holds_no_data(ui: TestClient) -> None:
    """GET /semcache/ui is the static page with a strict CSP, and no numbers in it."""
    page = ui.get("/semcache/ui")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert "capital" not in page.text and "k-" not in page.text


def test_page_files_are_served_and_nothing_else(ui: TestClient) -> None:
    """The script and styles are served by fixed name; other names are a 404."""
    assert ui.get("/semcache/ui/dashboard.js").headers["content-type"].startswith("text/javascript")
    assert ui.get("/semcache/ui/dashboard.css").status_code == 200
    assert ui.get("/semcache/ui/index.html").status_code == 404
    assert ui.get("/semcache/ui/..%2f_app.py").status_code in (400, 404)
    assert ui.get("/semcache/ui/", follow_redirects=False).headers["location"] == "/semcache/ui"


def test_page_files_load_nothing_from_elsewhere() -> None:
    """Works offline: no URL of another origin in the page, script or styles."""
    folder = resources.files("semcache_proxy").joinpath("ui")
    for name in ("index.html", "dashboard.js", "dashboard.css"):
        text = folder.joinpath(name).read_text(encoding="utf-8")
        urls = set(re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.IGNORECASE))
        assert urls <= {"http://www.w3.org"}, (name, urls)  # the SVG namespace name only


def test_series_counts_each_outcome(ui: TestClient) -> None:
    """/semcache/series has the requests by outcome, upstream calls and savings."""
    series = ui.get("/semcache/series", headers=ADMIN).json()
    assert series["role"] == "admin" and series["step"] == 10
    totals = {o: sum(v) for o, v in series["requests"].items()}
    assert totals == {"exact": 1, "semantic": 0, "miss": 2, "bypass": 1}
    assert sum(series["upstream_calls"]) == 3
    assert sum(series["tokens_saved"]) > 0
    assert any(v is not None for v in series["latency_ms"]["exact"]["p50"])


def test_series_needs_a_token(ui: TestClient) -> None:
    """Without a token, or with a wrong one, the series is a 401."""
    assert ui.get("/semcache/series").status_code == 401
    wrong = ui.get("/semcache/series", headers={"Authorization": "Bearer nope-nope-nope"})
    assert wrong.status_code == 401
    assert "<ui token>" in wrong.json()["error"]["message"]


def test_recent_hits_show_prompts_to_the_admin_only(ui: TestClient) -> None:
    """The admin sees the cached prompt of a hit; the read-only token does not."""
    admin = ui.get("/semcache/recent", headers=ADMIN).json()
    viewer = ui.get("/semcache/recent", headers=VIEWER).json()
    [hit] = admin["data"]
    assert hit["kind"] == "exact" and hit["similarity"] == 1.0
    assert hit["prompt"] == "ui: capital of France?" and hit["entry_id"]
    assert hit["namespace"].startswith("k-") and "sk-test" not in str(admin)
    assert viewer["prompts"] is False and "prompt" not in viewer["data"][0]
    assert "capital" not in str(viewer)


def test_recent_hit_of_a_deleted_entry_has_no_prompt(ui: TestClient) -> None:
    """Once the entry is gone its hit is still listed, with prompt None."""
    [hit] = ui.get("/semcache/recent", headers=ADMIN).json()["data"]
    assert ui.delete(f"/semcache/entries/{hit['entry_id']}", headers=ADMIN).status_code == 200
    [gone] = ui.get("/semcache/recent", headers=ADMIN).json()["data"]
    assert gone["entry_id"] == hit["entry_id"] and gone["prompt"] is None


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/semcache/entries", None),
        ("DELETE", "/semcache/entries/abc", None),
        ("POST", "/semcache/clear", {"all": True}),
        ("POST", "/semcache/feedback", {"entry_id": "x", "kind": "exact", "similarity": 1}),
    ],
)
def test_read_only_token_cannot_change_or_list(
    ui: TestClient, method: str, path: str, body: object
) -> None:
    """The read-only token gets a 403 naming itself on every admin action."""
    answer = ui.request(method, path, json=body, headers=VIEWER)
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "read_only_token"


def test_read_only_token_sees_tenant_counts(ui: TestClient) -> None:
    """/semcache/stats with the read-only token has the per-namespace counts."""
    stats = ui.get("/semcache/stats", headers=VIEWER).json()
    assert len(stats["namespaces"]) == 2
    assert all(name.startswith("k-") for name in stats["namespaces"])


def test_ui_token_alone_enables_only_the_views(make_client: MakeClient) -> None:
    """With only --ui-token set, the views work and the admin endpoints stay disabled."""
    client = make_client(admin_token=None, ui_token=VIEWER_TOKEN)
    assert client.get("/semcache/series", headers=VIEWER).status_code == 200
    disabled = client.get("/semcache/entries", headers=VIEWER)
    assert disabled.status_code == 403 and disabled.json()["error"]["code"] == "admin_disabled"


def test_entries_search_by_text_ignores_case(ui: TestClient) -> None:
    """?q= keeps only prompts that contain the text, whatever its case."""
    found = ui.get("/semcache/entries", params={"q": "FRANCE"}, headers=ADMIN).json()["data"]
    assert [e["prompt"] for e in found] == ["ui: capital of France?"]
    none = ui.get("/semcache/entries", params={"q": "nothing like it"}, headers=ADMIN).json()
    assert none["data"] == []


def test_entries_search_text_is_bounded(ui: TestClient) -> None:
    """A q= over 500 characters is a 400 naming q and the limit."""
    answer = ui.get("/semcache/entries", params={"q": "x" * 501}, headers=ADMIN)
    assert answer.status_code == 400
    assert answer.json()["error"]["param"] == "q" and "500" in answer.json()["error"]["message"]


def test_stats_and_metrics_show_the_limits(make_client: MakeClient) -> None:
    """The limits in force are in /semcache/stats and as Prometheus gauges."""
    client = make_client(max_entries=1234, max_bytes=5_000_000)
    limits = client.get("/semcache/stats").json()["limits"]
    assert limits == {"max_entries": 1234, "max_bytes": 5_000_000}
    text = client.get("/metrics").text
    assert "semcache_max_entries 1234.0" in text
    assert "semcache_max_bytes 5e+06" in text


def test_ui_token_must_differ_from_the_admin_token(make_client: MakeClient) -> None:
    """The same value for both tokens is refused at startup with the fix."""
    from semcache import ConfigError

    with pytest.raises(ConfigError, match="ui_token must differ from admin_token"):
        make_client(ui_token=ADMIN_TOKEN)
