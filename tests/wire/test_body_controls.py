"""LiteLLM's body cache controls and Pragma: no-cache."""

from __future__ import annotations

import pytest

from semcache import InvalidRequestError
from semcache.wire import CHAT, parse_controls, prepare, strip_body_controls

BODY = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}


@pytest.mark.parametrize(
    ("cache", "field", "value"),
    [
        ({"no-cache": True}, "no_cache", True),
        ({"no-store": True}, "no_store", True),
        ({"ttl": 60}, "ttl", 60.0),
        ({"s-maxage": 30}, "max_age", 30.0),
        ({"namespace": "team"}, "namespace", "team"),
    ],
)
def test_litellm_controls_are_read(cache: dict[str, object], field: str, value: object) -> None:
    """Each LiteLLM cache control maps onto the same semcache control."""
    assert getattr(parse_controls({}, {**BODY, "cache": cache}), field) == value


def test_litellm_controls_are_out_of_the_key_and_body() -> None:
    """The cache object neither splits the key nor stays in the body."""
    body = {**BODY, "cache": {"ttl": 5}}
    call = prepare(CHAT, body, parse_controls({}, body), namespace="t")
    plain = prepare(CHAT, BODY, parse_controls({}), namespace="t")
    assert call.key == plain.key and "cache" not in call.body
    assert strip_body_controls(body) == BODY


def test_unknown_litellm_control_is_an_error() -> None:
    """A misspelt control names itself and the ones known."""
    with pytest.raises(InvalidRequestError, match=r"cache\.no_cache is not a cache control"):
        parse_controls({}, {**BODY, "cache": {"no_cache": True}})


def test_header_wins_over_body() -> None:
    """x-semcache-ttl beats the body's ttl."""
    controls = parse_controls({"x-semcache-ttl": "9"}, {**BODY, "cache": {"ttl": 60}})
    assert controls.ttl == 9.0


def test_pragma_no_cache() -> None:
    """Pragma: no-cache acts as Cache-Control: no-cache, unless Cache-Control is sent."""
    assert parse_controls({"Pragma": "no-cache"}).no_cache
    assert not parse_controls({"Pragma": "no-cache", "Cache-Control": "max-age=60"}).no_cache
