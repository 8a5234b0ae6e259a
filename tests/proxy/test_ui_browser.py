"""The dashboard in a real headless Chromium (Debian's chromium + chromium-driver, driven
by selenium): sign in, see the plots drawn, search an entry, delete it, report a wrong
hit, and the read-only token's narrower view. Real proxy and fake LLM over loopback.

Locally the test skips when chromium is not installed; with ``CI`` set it fails
instead (.ci/run installs chromium). ``SEMCACHE_UI_SCREENSHOT=docs/img/dashboard.png``
also saves a screenshot of the admin's view after a longer, spread-out workload
(``SEMCACHE_UI_SCREENSHOT_SECONDS``, default 120) on the real embedding model.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from semcache_proxy import ServerThread, Settings, create_app

from semcache import SemanticCache
from semcache.testing import FakeUpstream, HashingEmbedder

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the dev extra")
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.timeout(180)

ADMIN = "admin-token-for-ui-tests"
VIEWER = "viewer-token-for-ui-tests"
MODEL = "gpt-4o-mini"
CHROMIUM = os.environ.get("SEMCACHE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("SEMCACHE_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
SCREENSHOT = os.environ.get("SEMCACHE_UI_SCREENSHOT")


def _need_chromium() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if shutil.which(p) is None]
    if not missing:
        return
    reason = (
        f"{', '.join(missing)} not found: apt-get install -y chromium chromium-driver "
        "(or set SEMCACHE_CHROMIUM / SEMCACHE_CHROMEDRIVER)"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI needs a browser for the dashboard test: {reason}")
    pytest.skip(reason)


class Proxy:
    def __init__(self, app: Any, server: ServerThread, cache: SemanticCache) -> None:
        self.app, self.server, self.cache = app, server, cache
        self.url = server.url

    def ask(self, text: str, key: str = "sk-ui-a", **headers: str) -> Any:
        with openai.OpenAI(base_url=self.url + "/v1", api_key=key, max_retries=0) as client:
            raw = client.chat.completions.with_raw_response.create(
                model=MODEL,
                messages=[{"role": "user", "content": text}],
                extra_headers=headers or None,
            )
        assert self.app.state.proxy.writes.wait_idle(10)
        return raw.headers

    def admin(self, path: str) -> Any:
        answer = httpx.get(self.url + path, headers={"Authorization": f"Bearer {ADMIN}"})
        assert answer.status_code == 200, answer.text
        return answer.json()


def _workload(proxy: Proxy) -> None:
    """Misses, exact hits of two tenants and a bypass, enough for every plot."""
    for text in ("ui: what is the capital of France?", "ui: how do I sort a list?"):
        assert proxy.ask(text)["x-semcache"] == "miss"
        assert proxy.ask(text)["x-semcache"] == "hit"
    assert proxy.ask("ui: another tenant asks", key="sk-ui-b")["x-semcache"] == "miss"
    assert proxy.ask("ui: skip me", **{"x-semcache-bypass": "1"})["x-semcache"] == "bypass"


_TOPICS = [
    ("What is the capital of France?", "Which city is the capital of France?"),
    ("How do I reverse a list in Python?", "How can I reverse a Python list?"),
    ("Who wrote Pride and Prejudice?", "Who is the author of Pride and Prejudice?"),
    ("How many continents are there?", "How many continents does the Earth have?"),
    ("How do I center a div in CSS?", "How can I center a div with CSS?"),
    ("What does DNA stand for?", "What is DNA short for?"),
]


def _screenshot_workload(proxy: Proxy, seconds: float) -> None:
    """Repeats, paraphrases, look-alikes and new questions of three tenants, spread
    over ``seconds`` so that the plots have a shape."""
    deadline, round_ = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        for index, (question, paraphrase) in enumerate(_TOPICS):
            key = ("sk-team-red", "sk-team-blue", "sk-team-green")[index % 3]
            proxy.ask(question, key=key)
            proxy.ask(paraphrase if round_ % 2 else question, key=key)
            proxy.ask(f"{question} (asked in round {round_})", key=key)
            if index == round_ % len(_TOPICS):
                proxy.ask(question, key=key, **{"x-semcache-bypass": "1"})
        round_ += 1
        time.sleep(max(0.0, min(7.0, deadline - time.monotonic())))


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    _need_chromium()
    embedder = None if SCREENSHOT else HashingEmbedder()
    fake = FakeUpstream(latency_ms=60 if SCREENSHOT else 0)
    with (
        SemanticCache(tmp_path_factory.mktemp("ui"), embedder=embedder) as cache,
        ServerThread(fake) as upstream,
    ):
        settings = Settings(
            upstream=upstream.url + "/v1", admin_token=ADMIN, ui_token=VIEWER, max_entries=5000
        )
        app = create_app(settings, cache=cache)
        with ServerThread(app) as server:
            running = Proxy(app, server, cache)
            _workload(running)
            if SCREENSHOT:
                _screenshot_workload(
                    running, float(os.environ.get("SEMCACHE_UI_SCREENSHOT_SECONDS", "120"))
                )
            yield running


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, proxy: Proxy) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--window-size=1400,2200")
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: Any, condition: Callable[[Any], Any], what: str, seconds: float = 20) -> Any:
    try:
        return WebDriverWait(driver, seconds, poll_frequency=0.05).until(condition)
    except TimeoutException:
        status = driver.find_element(By.ID, "status").text
        error = driver.find_element(By.ID, "login-error").text
        raise AssertionError(
            f"timed out waiting for {what} (status {status!r}, {error!r})"
        ) from None


def _sign_in(driver: Any, proxy: Proxy, token: str) -> None:
    driver.get(proxy.url + "/semcache/ui")
    driver.execute_script("sessionStorage.clear()")
    driver.get(proxy.url + "/semcache/ui")
    _wait(driver, lambda d: d.find_element(By.ID, "token").is_displayed(), "the sign-in form")
    driver.find_element(By.ID, "token").send_keys(token)
    driver.find_element(By.ID, "signin").click()
    _wait(driver, lambda d: d.find_element(By.ID, "board").is_displayed(), "the board")


def _points(driver: Any, chart: str) -> int:
    return int(driver.find_element(By.ID, chart).get_attribute("data-points") or 0)


def _rows(driver: Any, table: str) -> list[Any]:
    return list(driver.find_elements(By.CSS_SELECTOR, f"#{table} tbody tr"))


def test_page_shows_nothing_without_a_token(browser: Any, proxy: Proxy) -> None:
    """Before sign-in the board is hidden; a wrong token is refused with the reason."""
    driver = browser
    driver.get(proxy.url + "/semcache/ui")
    driver.execute_script("sessionStorage.clear()")
    driver.refresh()
    assert not driver.find_element(By.ID, "board").is_displayed()
    driver.find_element(By.ID, "token").send_keys("not-the-token")
    driver.find_element(By.ID, "signin").click()
    _wait(driver, lambda d: "refused" in d.find_element(By.ID, "login-error").text, "a refusal")
    assert not driver.find_element(By.ID, "board").is_displayed()
    assert proxy.url in driver.current_url and "token" not in driver.current_url


def test_admin_sees_plots_searches_deletes_and_reports(browser: Any, proxy: Proxy) -> None:
    """Signed in as admin: plots with data, tiles, tenants, recent hits with prompts;
    a search finds one entry, Delete removes it (page and API); Report wrong on a hit
    is accepted by the proxy (a wrong exact hit deletes its entry)."""
    driver = browser
    _sign_in(driver, proxy, ADMIN)
    _wait(driver, lambda d: _points(d, "chart-requests") > 0, "the requests plot")
    assert driver.find_elements(By.CSS_SELECTOR, "#chart-requests rect.bar")
    for chart in ("chart-hit-rate", "chart-upstream", "chart-latency"):
        assert _points(driver, chart) > 0, chart
        assert driver.find_elements(By.CSS_SELECTOR, f"#{chart} path.line"), chart
    assert driver.find_element(By.ID, "role").text == "admin"
    assert "of 5000" in driver.find_element(By.ID, "t-entries").text
    assert len(_rows(driver, "tenants")) >= 2  # two API keys, two hashed namespaces
    assert "sk-ui" not in driver.find_element(By.ID, "tenants").text  # never the key
    recent = driver.find_element(By.ID, "recent").text
    assert "ui: how do I sort a list?" in recent and "exact" in recent

    query = driver.find_element(By.ID, "q")
    query.send_keys("capital of France")
    driver.find_element(By.ID, "search").click()
    _wait(driver, lambda d: "matching" in d.find_element(By.ID, "entries-status").text, "search")
    rows = _rows(driver, "entries")
    assert len(rows) == 1 and "capital of France" in rows[0].text
    entry_id = rows[0].get_attribute("data-entry-id")
    rows[0].find_element(By.CSS_SELECTOR, "button.delete").click()
    _wait(driver, lambda d: not _rows(d, "entries"), "the deleted row to go")
    assert f"deleted entry {entry_id}" in driver.find_element(By.ID, "entries-status").text
    assert proxy.admin("/semcache/entries?q=capital")["data"] == []
    assert entry_id not in {e.id for e in proxy.cache.entries()}

    sort_hit = next(r for r in _rows(driver, "recent") if "sort a list" in r.text)
    sort_id = next(e.id for e in proxy.cache.entries() if "sort a list" in e.prompt)
    sort_hit.find_element(By.CSS_SELECTOR, "button.report").click()
    _wait(
        driver,
        lambda d: "reported a wrong exact hit" in d.find_element(By.ID, "status").text,
        "feedback",
    )
    assert sort_id not in {e.id for e in proxy.cache.entries()}  # a wrong exact hit is dropped


def test_read_only_token_views_without_prompts_or_actions(browser: Any, proxy: Proxy) -> None:
    """The --ui-token sees the plots and counts, but no prompts and no buttons."""
    driver = browser
    _sign_in(driver, proxy, VIEWER)
    _wait(driver, lambda d: _points(d, "chart-requests") > 0, "the requests plot")
    assert driver.find_element(By.ID, "role").text == "read-only"
    assert "prompts need the admin token" in driver.find_element(By.ID, "recent-note").text
    assert "ui: how do I sort a list?" not in driver.find_element(By.TAG_NAME, "body").text
    assert not driver.find_element(By.ID, "entries").is_displayed()
    assert not driver.find_elements(By.CSS_SELECTOR, "#recent button, #tenants button")
    denied = httpx.delete(
        proxy.url + "/semcache/entries/whatever", headers={"Authorization": f"Bearer {VIEWER}"}
    )
    assert denied.status_code == 403 and "read-only" in denied.json()["error"]["message"]


@pytest.mark.skipif(not SCREENSHOT, reason="set SEMCACHE_UI_SCREENSHOT=docs/img/dashboard.png")
def test_screenshot(browser: Any, proxy: Proxy) -> None:
    """Saves the admin's view as a PNG (for docs/proxy.md)."""
    driver = browser
    _sign_in(driver, proxy, ADMIN)
    _wait(driver, lambda d: _points(d, "chart-latency") > 0, "the latency plot")
    driver.set_window_size(1400, 1700)  # the plots, tiles, tenants and recent hits
    assert SCREENSHOT is not None
    Path(SCREENSHOT).parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(SCREENSHOT)
