"""The fake upstream on its own, and the `serve`, `fake-upstream` and `demo` commands."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

import httpx
import pytest

from semcache._cli import main
from semcache.testing import FakeUpstream


async def post(fake: FakeUpstream, path: str, body: Any, **headers: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=fake)
    async with httpx.AsyncClient(transport=transport, base_url="http://fake") as client:
        return await client.post(path, json=body, headers=headers)


def chat(text: str, **params: Any) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": text}], **params}


async def test_fake_answers_deterministically_with_usage() -> None:
    """The fake's answer is derived from the last user message; usage counts words."""
    response = await post(FakeUpstream(), "/v1/chat/completions", chat("hello there"))
    body = response.json()
    assert body["choices"][0]["message"]["content"] == "Answer to: hello there"
    assert body["usage"] == {"prompt_tokens": 2, "completion_tokens": 4, "total_tokens": 6}


async def test_fake_streams_chunks_usage_and_done() -> None:
    """A streamed answer is role, content and finish chunks, the usage chunk, then [DONE]."""
    body = chat("hi", stream=True, stream_options={"include_usage": True})
    text = (await post(FakeUpstream(), "/v1/chat/completions", body)).text
    events = [block[6:] for block in text.split("\n\n") if block]
    chunks = [json.loads(event) for event in events[:-1]]
    assert events[-1] == "[DONE]"
    assert chunks[0]["choices"][0]["delta"]["role"] == "assistant"
    assert chunks[-2]["choices"][0]["finish_reason"] == "stop"
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["total_tokens"] == 4


@pytest.mark.parametrize("how", ["header", "prompt", "setting"])
async def test_fake_fails_on_request(how: str) -> None:
    """A failure mode can be chosen per request (header, magic prompt) or for all requests."""
    fake = FakeUpstream(fail="503" if how == "setting" else None)
    text = "hi [fail:503]" if how == "prompt" else "hi"
    headers = {"x-fake-fail": "503"} if how == "header" else {}
    response = await post(fake, "/v1/chat/completions", chat(text), **headers)
    assert response.status_code == 503
    assert response.json()["error"]["type"] == "server_error"
    assert fake.completion_calls == 1


async def test_fake_legacy_completion_respects_max_tokens() -> None:
    """A completion longer than max_tokens is cut with finish_reason "length"."""
    body = {"model": "m", "prompt": "say something long", "max_tokens": 2}
    choice = (await post(FakeUpstream(), "/v1/completions", body)).json()["choices"][0]
    assert (choice["text"], choice["finish_reason"]) == ("Answer to:", "length")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_healthy(url: str, process: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not come up")


@pytest.mark.slow
def test_serve_command_runs_logs_json_and_stops_cleanly() -> None:
    """`semcache serve` and `semcache fake-upstream` serve, log JSON lines, stop on SIGTERM."""
    fake_port, proxy_port = free_port(), free_port()
    env = {**os.environ, "SEMCACHE_ADMIN_TOKEN": "from-env-token"}
    commands = [
        ["fake-upstream", "--port", str(fake_port)],
        ["serve", "--upstream", f"http://127.0.0.1:{fake_port}", "--port", str(proxy_port)],
    ]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "semcache", *args],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in commands
    ]
    try:
        wait_healthy(f"http://127.0.0.1:{fake_port}/v1/models", processes[0])
        wait_healthy(f"http://127.0.0.1:{proxy_port}/healthz", processes[1])
        body = chat("through the real command", stream=True)
        url = f"http://127.0.0.1:{proxy_port}/v1/chat/completions"
        response = httpx.post(url, json=body, headers={"Authorization": "Bearer sk-cli-key"})
        assert response.headers["x-semcache"] == "miss"
        assert "data: [DONE]" in response.text
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        outputs = [process.communicate(timeout=30)[1] for process in processes]
    # uvicorn re-raises the signal after its graceful shutdown: -SIGTERM is a clean stop
    assert [process.returncode for process in processes] == [-signal.SIGTERM] * 2
    lines = [json.loads(line) for line in outputs[1].splitlines() if line.startswith("{")]
    assert any(line.get("event") == "stopping" for line in lines)
    requests = [line for line in lines if line.get("event") == "request"]
    assert [(r["path"], r["outcome"]) for r in requests] == [("/v1/chat/completions", "miss")]
    assert "sk-cli-key" not in outputs[1] and "through the real" not in outputs[1]


def test_serve_without_upstream_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    """`semcache serve` with no upstream exits 2 and says how to give one."""
    env_upstream = os.environ.pop("SEMCACHE_UPSTREAM", None)
    try:
        assert main(["serve"]) == 2
    finally:
        if env_upstream is not None:
            os.environ["SEMCACHE_UPSTREAM"] = env_upstream
    assert "--upstream URL" in capsys.readouterr().err


@pytest.mark.slow
def test_demo_runs_and_reports_savings(capsys: pytest.CaptureFixture[str]) -> None:
    """`semcache demo --port N` serves on N, shows every paraphrase served beside its
    look-alike refused, and compares time, calls and cost with the run without the cache."""
    port = free_port()
    assert main(["demo", "--latency-ms", "0", "--port", str(port)]) == 0
    out = capsys.readouterr().out
    assert f"proxy on http://127.0.0.1:{port}" in out
    assert "hit/exact" in out and "hit/semantic" in out and "miss" in out
    assert "look-alike→miss: 6" in out and "look-alike→hit" not in out
    assert out.count("served from the cache") == 6 and out.count("refused: sent to the LLM") == 6
    assert "with the cache" in out and "without" in out
    assert "per million tokens" in out and "upstream calls saved:" in out
