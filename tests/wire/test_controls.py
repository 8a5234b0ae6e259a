"""Per-request cache controls from headers."""

from __future__ import annotations

import httpx
import pytest

from semcache import InvalidRequestError
from semcache.wire import Controls, parse_controls, strip_controls


def test_no_headers_means_normal_use() -> None:
    """Without control headers the cache is read and written."""
    controls = parse_controls({"content-type": "application/json"})
    assert controls == Controls() and controls.read and controls.write


def test_bypass_neither_reads_nor_writes() -> None:
    """x-semcache-bypass: 1 turns off reading and writing."""
    controls = parse_controls({"x-semcache-bypass": "1"})
    assert controls.bypass and not controls.read and not controls.write


def test_refresh_writes_without_reading() -> None:
    """x-semcache-refresh: 1 skips the lookup but stores the new answer."""
    controls = parse_controls({"x-semcache-refresh": "true"})
    assert not controls.read and controls.write


def test_header_names_are_case_insensitive() -> None:
    """Header names match whatever their case."""
    assert parse_controls({"X-SemCache-Bypass": "1"}).bypass


def test_httpx_headers_are_accepted() -> None:
    """A case-insensitive Headers object (httpx, Starlette) works as the mapping."""
    assert parse_controls(httpx.Headers({"X-Semcache-TTL": "60"})).ttl == 60.0


@pytest.mark.parametrize(("raw", "value"), [("0", False), ("off", False), ("YES", True)])
def test_boolean_spellings(raw: str, value: bool) -> None:
    """Booleans accept 1/0, true/false, yes/no, on/off in any case."""
    assert parse_controls({"x-semcache-bypass": raw}).bypass is value


def test_ttl_threshold_and_namespace_are_parsed() -> None:
    """ttl and threshold are numbers; namespace is trimmed."""
    controls = parse_controls(
        {"x-semcache-ttl": "90.5", "x-semcache-threshold": "0.9", "x-semcache-namespace": " t1 "}
    )
    assert (controls.ttl, controls.threshold, controls.namespace) == (90.5, 0.9, "t1")


def test_no_store_does_not_write_but_may_read() -> None:
    """Cache-Control: no-store forbids storing, not serving (RFC 9111)."""
    controls = parse_controls({"Cache-Control": "no-store"})
    assert controls.no_store and controls.read and not controls.write


@pytest.mark.parametrize("value", ["no-cache", "max-age=0", "private, No-Cache"])
def test_no_cache_acts_as_refresh(value: str) -> None:
    """Cache-Control: no-cache (or max-age=0) skips the lookup but stores."""
    controls = parse_controls({"cache-control": value})
    assert not controls.read and controls.write


def test_max_age_limits_the_age_of_a_served_entry() -> None:
    """Cache-Control: max-age=N accepts entries at most N seconds old."""
    controls = parse_controls({"cache-control": "max-age=60"})
    assert controls.read
    assert controls.fresh_enough(created_at=1000.0, now=1060.0)
    assert not controls.fresh_enough(created_at=1000.0, now=1061.0)


def test_non_string_values_are_skipped() -> None:
    """Markers such as the openai SDK's Omit are not header values."""
    assert parse_controls({"x-semcache-bypass": object()}) == Controls()  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({"x-semcache-bypass": "maybe"}, "x-semcache-bypass must be 1 or 0 (or true/false); got"),
        ({"x-semcache-refresh": ""}, "x-semcache-refresh must be 1 or 0"),
        ({"x-semcache-threshold": "abc"}, "x-semcache-threshold must be a number between 0 and 1"),
        ({"x-semcache-threshold": "1.5"}, "between 0 and 1, e.g. 0.9; got '1.5'"),
        ({"x-semcache-threshold": "nan"}, "x-semcache-threshold must be a number"),
        ({"x-semcache-ttl": "-5"}, "x-semcache-ttl must be a positive number of seconds"),
        ({"x-semcache-ttl": "0"}, "x-semcache-ttl must be a positive number of seconds"),
        ({"x-semcache-ttl": "inf"}, "x-semcache-ttl must be a positive number of seconds"),
        ({"x-semcache-namespace": "a\x00b"}, "x-semcache-namespace must be 1 to 256 printable"),
        ({"x-semcache-namespace": "x" * 257}, "x-semcache-namespace must be 1 to 256 printable"),
        ({"x-semcache-namespace": "  "}, "x-semcache-namespace must be 1 to 256 printable"),
        ({"x-semcache-bypas": "1"}, "unknown header x-semcache-bypas; the request headers"),
        ({"cache-control": "max-age=soon"}, "max-age must be a whole number of seconds"),
        (
            {"x-semcache-ttl": "5", "X-Semcache-Ttl": "6"},
            "header x-semcache-ttl is given twice with different values",
        ),
    ],
)
def test_invalid_values_raise_naming_header_and_value(
    headers: dict[str, str], message: str
) -> None:
    """A control that cannot be read raises InvalidRequestError naming header and fix."""
    with pytest.raises(InvalidRequestError) as caught:
        parse_controls(headers)
    assert message in str(caught.value)


def test_strip_controls_removes_only_semcache_headers() -> None:
    """Headers forwarded upstream lose x-semcache-* and keep everything else."""
    headers = {"X-Semcache-Bypass": "1", "Authorization": "Bearer k", "Cache-Control": "no-store"}
    assert strip_controls(headers) == {"Authorization": "Bearer k", "Cache-Control": "no-store"}
