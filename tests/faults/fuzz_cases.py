"""The fuzzer's cases, shared by tests/faults and benchmarks/fuzz_proxy.py: hypothesis
strategies for request bodies and headers, a plain upstream, and the check."""

from __future__ import annotations

import json
from typing import Any

import httpx
from hypothesis import strategies as st
from semcache_proxy import Settings, create_app
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from semcache import SemanticCache

ANSWER = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "m",
    "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "ok"}, "finish_reason": "stop"}
    ],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}


async def _answer(request: Request) -> JSONResponse:
    await request.body()
    return JSONResponse(ANSWER)


#: An upstream that answers every request with one valid completion, whatever it got:
#: a 5xx seen by the fuzzer is then the proxy's own.
UPSTREAM = Starlette(routes=[Route("/{path:path}", _answer, methods=["GET", "POST", "PUT"])])


def make_app(cache: SemanticCache) -> Starlette:
    settings = Settings(upstream="http://upstream.test/v1", anonymous="share")
    return create_app(settings, cache=cache, transport=httpx.ASGITransport(app=UPSTREAM))


_text = st.text(max_size=40)
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_text, children, max_size=4),
    max_leaves=20,
)
_content = _text | st.lists(
    st.fixed_dictionaries({"type": st.sampled_from(["text", "image_url", "x"]), "text": _json}),
    max_size=3,
)
_message = (
    st.fixed_dictionaries(
        {"role": st.sampled_from(["user", "system", "assistant", "tool", 1]), "content": _content}
    )
    | _json
)
_chat = st.fixed_dictionaries(
    {"model": st.sampled_from(["m", "", 3]), "messages": st.lists(_message, max_size=5)},
    optional={
        "temperature": _json,
        "n": st.integers(-1, 3) | _json,
        "stream": st.booleans() | _json,
        "stop": _json,
        "cache": st.dictionaries(
            st.sampled_from(["no-cache", "no-store", "ttl", "namespace", "bad"]), _json
        ),
        "tools": _json,
    },
)


def _deep(depth: int) -> bytes:
    return b'{"model":"m","messages":[{"role":"user","content":"x"}],"p":' + (
        b"[" * depth + b"]" * depth + b"}"
    )


#: Request bodies: chat-shaped (most), any JSON, raw bytes, and very deep nesting.
BODIES = st.one_of(
    _chat.map(lambda body: json.dumps(body).encode()),
    _json.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=200),
    st.integers(1, 3000).map(_deep),
)
_header_names = st.sampled_from(
    [
        "authorization",
        "x-api-key",
        "api-key",
        "x-semcache-bypass",
        "x-semcache-refresh",
        "x-semcache-ttl",
        "x-semcache-threshold",
        "x-semcache-namespace",
        "x-semcache-unknown",
        "cache-control",
        "pragma",
        "accept",
        "x-forwarded-for",
        "x-title",
        "content-type",
    ]
)
_header_values = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=30
).map(str.strip)
#: Headers as a list of pairs: names may repeat, values are any latin-1 text.
HEADERS = st.lists(st.tuples(_header_names, _header_values), max_size=6)
PATHS = st.sampled_from(
    ["/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/messages", "/v1/models"]
)


def request_args(path: str, body: bytes, headers: list[tuple[str, str]]) -> dict[str, Any]:
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    return {"method": "POST", "url": path, "content": body, "headers": raw}


def problem(response: httpx.Response) -> str | None:
    """What is wrong with the proxy's answer to a fuzzed request, if anything."""
    if response.status_code >= 500:
        return f"{response.status_code}: {response.text[:300]}"
    if "Traceback" in response.text:
        return f"traceback in the body: {response.text[:300]}"
    return None
