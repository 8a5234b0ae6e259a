"""A fuzzer over request bodies and headers: no 5xx, no traceback, whatever arrives."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fuzz_cases import BODIES, HEADERS, PATHS, make_app, problem, request_args
from hypothesis import HealthCheck, given, settings
from starlette.testclient import TestClient

from semcache import SemanticCache
from semcache.testing import HashingEmbedder

EXAMPLES = 300


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with (
        SemanticCache(None, embedder=HashingEmbedder()) as cache,
        TestClient(make_app(cache), raise_server_exceptions=False) as client,
    ):
        yield client


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(path=PATHS, body=BODIES, headers=HEADERS)
def test_no_request_gets_a_5xx_or_a_traceback(
    client: TestClient, path: str, body: bytes, headers: list[tuple[str, str]]
) -> None:
    """Any body and headers on any cached route: a 2xx or 4xx, never a 5xx or a traceback."""
    response = client.request(**request_args(path, body, headers))
    assert problem(response) is None, (path, body[:200], headers)
