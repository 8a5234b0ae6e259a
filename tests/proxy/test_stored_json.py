"""What a miss hands the store as its answer's JSON: the upstream's bytes where they
are plain, orjson's compact writing where only line breaks and tabs stood in the way,
nothing (encode it again) where orjson could not vouch for the value."""

from __future__ import annotations

import json

import pytest
from semcache_proxy._json import FAST, loads, loads_storable

pytestmark = pytest.mark.skipif(not FAST, reason="only orjson's strict read vouches for JSON")

_ANSWER = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Tides:\n\tthe moon, é 中 \u2028"},
            "logprobs": {"content": [{"token": "T", "logprob": -0.25, "bytes": [84]}]},
            "finish_reason": "stop",
        }
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 5, "total_tokens": 8},
}
# How the store encodes a response it is given without its JSON (dump_response).
_COMPACT = json.dumps(_ANSWER, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def test_plain_bytes_are_handed_on_as_they_came() -> None:
    """No line break outside a string: the very bytes, spaces and key order kept."""
    body = json.dumps(_ANSWER, ensure_ascii=False).encode()
    value, encoded = loads_storable(body)
    assert value == _ANSWER and encoded is body


@pytest.mark.parametrize("indent", [2, "\t"])
def test_a_pretty_printed_answer_is_handed_on_compact(indent: int | str) -> None:
    """Indented JSON: the value written compact, as the store's own encoding writes it."""
    body = json.dumps(_ANSWER, ensure_ascii=False, indent=indent).encode()
    value, encoded = loads_storable(body)
    assert value == _ANSWER
    assert encoded is not None and encoded.decode() == _COMPACT
    assert b"\n" not in encoded and b"\t" not in encoded


def test_floats_keep_their_value_when_written_again() -> None:
    """A float may be spelled otherwise (1e-5), never with another value."""
    body = b'{\n  "a": 1e-05,\n  "b": [0.1, 2.5e+300, -0.0]\n}'
    value, encoded = loads_storable(body)
    assert encoded is not None and json.loads(encoded) == json.loads(body) == value


@pytest.mark.parametrize(
    "text",
    [
        b'{\n"x": NaN}',
        b'{\n"s": "\\ud800"}',
        b'{\n"seed": 123456789012345678901234567890}',
        b'\xef\xbb\xbf{\n"a": 1}',
    ],
)
def test_what_orjson_cannot_vouch_for_is_encoded_again(text: bytes) -> None:
    """NaN, a lone surrogate, a past-64-bit integer, a byte-order mark: no JSON handed
    on (the store encodes the value, or refuses it, as before); the value is loads'."""
    try:
        expected = repr(loads(text))
    except ValueError:
        with pytest.raises(ValueError):
            loads_storable(text)
        return
    value, encoded = loads_storable(text)
    assert (repr(value), encoded) == (expected, None)
