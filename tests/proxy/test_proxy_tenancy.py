"""Tenancy: every credential the request carries keys the namespace."""

from __future__ import annotations

import pytest
from proxy_helpers import MakeClient, chat, flush

from semcache import SemanticCache

URL = "/v1/chat/completions"
QUESTION = "Summarize our confidential Q3 roadmap"
SIMILAR = "Please summarize our confidential Q3 roadmap"
CALLERS = {
    "basic": {"Authorization": "Basic YWxpY2U6c2VjcmV0"},
    "token": {"Authorization": "Token tok-123"},
    "x-api-key": {"x-api-key": "anthropic-key-1"},
    "api-key": {"api-key": "azure-key-1"},
    "bearer": {"Authorization": "Bearer sk-1"},
    "none": {},
}


@pytest.mark.parametrize("owner", sorted(CALLERS))
def test_callers_with_different_credentials_never_share(
    make_client: MakeClient, owner: str
) -> None:
    """An answer stored for one caller is neither an exact nor a semantic hit for another."""
    client = make_client(anonymous="share")
    assert client.post(URL, json=chat(QUESTION), headers=CALLERS[owner]).status_code == 200
    flush(client)
    assert (
        client.post(URL, json=chat(QUESTION), headers=CALLERS[owner]).headers["x-semcache"] == "hit"
    )
    for other, headers in CALLERS.items():
        if other == owner:
            continue
        for text in (QUESTION, SIMILAR):  # no-store: only the owner's entry is in the cache
            response = client.post(
                URL, json=chat(text), headers={**headers, "Cache-Control": "no-store"}
            )
            assert response.headers["x-semcache"] == "miss", (owner, other, text)


def test_requests_without_credentials_bypass_by_default(
    make_client: MakeClient, proxy_cache: SemanticCache
) -> None:
    """With the default --anonymous bypass, a keyless request is neither served nor stored."""
    client = make_client(anonymous="bypass")
    first = client.post(URL, json=chat(QUESTION))
    flush(client)
    again = client.post(URL, json=chat(QUESTION))
    assert (first.headers["x-semcache"], again.headers["x-semcache"]) == ("bypass", "bypass")
    assert list(proxy_cache.entries()) == []


def test_anonymous_share_puts_keyless_callers_together(make_client: MakeClient) -> None:
    """--anonymous share: keyless callers share the namespace 'anonymous'."""
    client = make_client(anonymous="share")
    client.post(URL, json=chat(QUESTION))
    flush(client)
    assert client.post(URL, json=chat(QUESTION)).headers["x-semcache"] == "hit"


def test_credentials_are_stored_only_as_digests(
    make_client: MakeClient, proxy_cache: SemanticCache
) -> None:
    """No credential value appears in any stored entry."""
    client = make_client()
    for headers in CALLERS.values():
        client.post(URL, json=chat(QUESTION), headers=headers)
    flush(client)
    stored = repr(list(proxy_cache.entries()))
    for headers in CALLERS.values():
        for value in headers.values():
            assert value.split(" ")[-1] not in stored


def test_two_authorization_headers_are_a_400_without_the_keys(make_client: MakeClient) -> None:
    """Two Authorization headers are refused, and the message echoes neither key."""
    client = make_client()
    headers = [("authorization", "Bearer sk-first-secret"), ("authorization", "Bearer sk-second")]
    response = client.post(URL, json=chat(QUESTION), headers=headers)
    assert response.status_code == 400
    text = response.text
    assert "sk-first-secret" not in text and "sk-second" not in text
    assert "authorization" in response.json()["error"]["message"]


@pytest.mark.parametrize("name", ["x-forwarded-for", "accept", "pragma"])
def test_other_duplicated_headers_are_fine(make_client: MakeClient, name: str) -> None:
    """Headers other than credentials and x-semcache-* controls may repeat (proxy chains)."""
    client = make_client()
    headers = [("authorization", "Bearer sk-1"), (name, "one"), (name, "two")]
    assert client.post(URL, json=chat(QUESTION), headers=headers).status_code == 200


def test_a_control_given_twice_with_different_values_is_a_400(make_client: MakeClient) -> None:
    """x-semcache-ttl: 1 and x-semcache-ttl: 2 are contradictory: a 400 naming the header."""
    client = make_client()
    headers = [("x-semcache-ttl", "1"), ("x-semcache-ttl", "2")]
    response = client.post(URL, json=chat(QUESTION), headers=headers)
    assert response.status_code == 400
    assert "x-semcache-ttl" in response.json()["error"]["message"]
