"""The checks of a request body before it is keyed: the nesting limit (objects and lists
of any kind count; as deep as ``MAX_DEPTH`` is keyed, one level more is refused with a
message naming the limit), the same refusals before keying as when keying, and the
integral floats of the scope."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import pytest

from semcache import InvalidRequestError
from semcache.wire import CHAT
from semcache.wire._body import MAX_DEPTH


class _Frozen(Mapping[str, Any]):
    """A read-only mapping that is no dict."""

    def __init__(self, items: dict[str, Any]) -> None:
        self._items = items

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


WRAPS: dict[str, Callable[[Any], Any]] = {
    "dict": lambda inner: {"a": inner},
    "list": lambda inner: [inner],
    "tuple": lambda inner: (inner,),
    "mapping": lambda inner: _Frozen({"a": inner}),
    "mappingproxy": lambda inner: MappingProxyType({"a": inner}),
}


def _body(levels: int, wrap: Callable[[Any], Any]) -> dict[str, Any]:
    """A chat body whose ``x`` parameter makes it ``levels`` deep in all."""
    value: Any = "leaf"
    for _ in range(levels - 1):  # the body itself is the first level
        value = wrap(value)
    return {"model": "m", "messages": [{"role": "user", "content": "hi"}], "x": value}


@pytest.mark.parametrize("kind", sorted(WRAPS))
def test_a_body_as_deep_as_the_limit_is_keyed(kind: str) -> None:
    """MAX_DEPTH levels of any kind of object or list are keyed."""
    assert CHAT.key(_body(MAX_DEPTH, WRAPS[kind]), namespace="n").text == "hi"


@pytest.mark.parametrize("kind", sorted(WRAPS))
def test_a_body_one_level_deeper_is_refused(kind: str) -> None:
    """One level more is a refusal naming the limit, whatever kind nests."""
    with pytest.raises(InvalidRequestError, match=f"nested more than {MAX_DEPTH} levels"):
        CHAT.key(_body(MAX_DEPTH + 1, WRAPS[kind]), namespace="n")


def test_strings_and_numbers_are_no_level() -> None:
    """Leaves (strings, numbers, booleans, null) beside the nesting add no level."""
    leaves: list[Any] = ["s", 1, 1.5, True, None]
    assert CHAT.key(_body(MAX_DEPTH, lambda inner: [inner, *leaves]), namespace="n").text == "hi"
    with pytest.raises(InvalidRequestError):
        CHAT.key(_body(MAX_DEPTH + 1, lambda inner: [*leaves, inner]), namespace="n")


@pytest.mark.parametrize(
    "body",
    [
        ["not", "an", "object"],
        {"messages": [{"role": "user", "content": "hi"}]},
        {"model": "", "messages": [{"role": "user", "content": "hi"}]},
        _body(MAX_DEPTH + 1, WRAPS["dict"]),
    ],
    ids=["list", "no-model", "empty-model", "too-deep"],
)
def test_bypass_reason_refuses_what_key_refuses(body: Any) -> None:
    """The check before keying (no scope built) refuses a body with key's own message."""
    with pytest.raises(InvalidRequestError) as by_key:
        CHAT.key(body, namespace="n")
    with pytest.raises(InvalidRequestError) as by_check:
        CHAT.bypass_reason(body)
    assert str(by_check.value) == str(by_key.value)


def test_integral_floats_are_one_scope_whatever_the_nesting() -> None:
    """0.0 and 0 are the same parameter value, inside objects and lists too."""
    one = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "x": {"a": [1.0, 2.5]}}
    two = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "x": {"a": [1, 2.5]}}
    other = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "x": {"a": [1, 2]}}
    assert CHAT.key(one, namespace="n") == CHAT.key(two, namespace="n")
    assert CHAT.key(one, namespace="n") != CHAT.key(other, namespace="n")


def _deep(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = [value]
    return value


def _chat_body() -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": "how do tides work"}]}


def test_within_checking_once_the_same_body_is_walked_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """bypass_reason then key on one body: one depth walk, the same key as before."""
    from semcache.wire import _body

    walks: list[object] = []
    walk = _body._depth
    monkeypatch.setattr(_body, "_depth", lambda value: walks.append(value) or walk(value))
    body = _chat_body()
    expected = CHAT.key(body, namespace="n")
    walks.clear()
    with _body.checking_once():
        assert CHAT.bypass_reason(body) is None
        assert CHAT.key(body, namespace="n") == expected
    assert walks == [body]


def test_outside_checking_once_every_check_walks() -> None:
    """A body made too deep after a check is refused by the next check."""
    body = _chat_body()
    assert CHAT.bypass_reason(body) is None
    body["metadata"] = _deep(MAX_DEPTH + 1)
    with pytest.raises(InvalidRequestError, match="nested more than"):
        CHAT.key(body, namespace="n")


def test_within_checking_once_another_body_is_walked() -> None:
    """The mark is the checked object: a second, deeper body is still refused."""
    from semcache.wire._body import checking_once

    deep = {**_chat_body(), "metadata": _deep(MAX_DEPTH + 1)}
    with checking_once():
        assert CHAT.bypass_reason(_chat_body()) is None
        with pytest.raises(InvalidRequestError, match="nested more than"):
            CHAT.key(deep, namespace="n")
