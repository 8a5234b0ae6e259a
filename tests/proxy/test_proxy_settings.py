"""Proxy settings: validation messages, sources and their precedence, the CLI."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from semcache_proxy import Settings, load_settings
from semcache_proxy._settings import parse_size
from semcache_proxy._tenancy import credentials_of, namespace_for, tenant_for, tenant_of

from semcache import ConfigError, InvalidRequestError
from semcache._cli import build_parser


def test_defaults() -> None:
    """Only the upstream is required; the rest has safe defaults (loopback, in memory)."""
    settings = Settings(upstream="https://api.openai.com/v1")
    assert (settings.host, settings.port, settings.data_dir) == ("127.0.0.1", 8080, None)
    assert settings.shared_namespace is None and settings.admin_token is None
    assert settings.cache_length is False


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://api.openai.com/v1", "https://api.openai.com/v1"),
        ("https://api.openai.com/v1/", "https://api.openai.com/v1"),
        ("http://localhost:11434", "http://localhost:11434/v1"),
        ("http://gateway:4000/openai/v1", "http://gateway:4000/openai/v1"),
    ],
)
def test_upstream_is_normalized(given: str, expected: str) -> None:
    """A trailing slash is dropped and a bare host gets /v1."""
    assert Settings(upstream=given).upstream == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"upstream": "ftp://example.com"}, "upstream must be an http:// or https:// URL"),
        ({"upstream": "localhost:8000"}, "upstream must be an http:// or https:// URL"),
        ({"port": 70000}, "port must be a whole number between 0 and 65535; got 70000"),
        ({"threshold": 1.5}, "threshold must be between 0 and 1; got 1.5"),
        ({"ttl": -5.0}, "ttl must be a positive number; got -5.0"),
        ({"max_body_bytes": 0}, "max_body_bytes must be a whole number at least 1; got 0"),
        ({"upstream_timeout": 0.0}, "upstream_timeout must be a positive number; got 0.0"),
        ({"log_level": "loud"}, "log_level must be one of"),
        ({"shared_namespace": " "}, "shared_namespace must not be empty"),
        ({"admin_token": "short"}, "admin_token must be at least 8 characters"),
        ({"forwarded_allow_ips": "proxy.internal"}, "'proxy.internal' in 'proxy.internal' is none"),
        ({"forwarded_allow_ips": "10.0.0.1,"}, "forwarded_allow_ips must be '*' or IP addresses"),
        ({"forwarded_allow_ips": "10.0.0.0/33"}, "'10.0.0.0/33' in '10.0.0.0/33' is none"),
    ],
)
def test_invalid_settings_name_the_value_and_the_fix(
    options: dict[str, object], message: str
) -> None:
    """Each invalid value raises a ConfigError naming it."""
    with pytest.raises(ConfigError, match=re.escape(message)):
        Settings(**{"upstream": "http://up.test/v1", **options})  # type: ignore[arg-type]


def test_admin_token_is_masked_in_repr() -> None:
    """repr never shows the admin token."""
    text = repr(Settings(upstream="http://up.test", admin_token="super-secret-token"))
    assert "super-secret-token" not in text
    assert "admin_token='***'" in text


def test_price_lookup_uses_the_longest_prefix() -> None:
    """The cost estimate picks the most specific model prefix, else the default price."""
    settings = Settings(upstream="http://up.test", prices={"gpt-4": 30.0, "gpt-4o": 10.0})
    assert settings.price_per_million("gpt-4o-2024-08-06") == 10.0
    assert settings.price_per_million("gpt-4-turbo") == 30.0
    assert settings.price_per_million("llama3") == settings.default_price


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "semcache.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_precedence_is_flags_then_env_then_file(tmp_path: Path) -> None:
    """A flag beats an environment variable, which beats the config file."""
    config = write_config(
        tmp_path, 'upstream = "http://file.test"\nport = 1111\nthreshold = 0.5\nttl = 60\n'
    )
    env = {"SEMCACHE_PORT": "2222", "SEMCACHE_THRESHOLD": "0.7"}
    settings = load_settings({"port": 3333, "threshold": None}, env, config)
    assert settings.upstream == "http://file.test/v1"
    assert (settings.port, settings.threshold, settings.ttl) == (3333, 0.7, 60)


def test_config_file_reads_dashes_and_prices(tmp_path: Path) -> None:
    """TOML keys may use dashes; a [prices] table replaces the price table."""
    config = write_config(
        tmp_path,
        'upstream = "http://up.test"\nshared-namespace = "team"\ncache-length = true\n'
        "[prices]\nmy-model = 2.5\n",
    )
    settings = load_settings({}, {}, config)
    assert settings.shared_namespace == "team" and settings.cache_length is True
    assert settings.price_per_million("my-model-7b") == 2.5


def test_config_file_rejects_unknown_keys(tmp_path: Path) -> None:
    """A misspelt setting in the file is an error naming it, not silently ignored."""
    config = write_config(tmp_path, 'upstream = "http://up.test"\nthreshhold = 0.9\n')
    with pytest.raises(ConfigError, match=r"unknown setting.*threshhold"):
        load_settings({}, {}, config)


def test_config_file_from_the_environment(tmp_path: Path) -> None:
    """SEMCACHE_CONFIG names the config file when --config is not given."""
    config = write_config(tmp_path, 'upstream = "http://env-file.test"\n')
    settings = load_settings({}, {"SEMCACHE_CONFIG": str(config)})
    assert settings.upstream == "http://env-file.test/v1"


def test_bad_environment_value_names_the_variable() -> None:
    """An unreadable SEMCACHE_* value is a ConfigError naming the variable."""
    with pytest.raises(ConfigError, match="SEMCACHE_PORT='eighty' is invalid"):
        load_settings({"upstream": "http://up.test"}, {"SEMCACHE_PORT": "eighty"})


def test_upstream_is_required() -> None:
    """Without an upstream from any source, the error says where to give it."""
    with pytest.raises(ConfigError, match="--upstream URL, set SEMCACHE_UPSTREAM"):
        load_settings({}, {})


def test_env_admin_token_and_flags_from_the_cli() -> None:
    """`semcache serve` flags parse into settings; the admin token may come from the env."""
    args = build_parser().parse_args(
        ["serve", "--upstream", "http://up.test", "--port", "9000", "--cache-length"]
    )
    from semcache_proxy._cli import _FLAGS

    flags = {dest: getattr(args, dest) for _, dest, _, _ in _FLAGS}
    flags["cache_length"] = args.cache_length
    settings = load_settings(flags, {"SEMCACHE_ADMIN_TOKEN": "from-the-env-123"})
    assert (settings.port, settings.cache_length) == (9000, True)
    assert settings.admin_token == "from-the-env-123"


# -- tenancy ---------------------------------------------------------------------------


def test_tenant_is_a_stable_digest_of_the_credentials() -> None:
    """The same credentials always map to the same id; different ones to different ids."""
    assert tenant_of(("sk-a",)) == tenant_of(("sk-a",)) != tenant_of(("sk-b",))
    assert tenant_of(("sk-a",)).startswith("k-") and "sk-a" not in str(tenant_of(("sk-a",)))
    assert tenant_of(()) is None


@pytest.mark.parametrize(
    ("headers", "credentials"),
    [
        ([("authorization", "Bearer sk-x")], ("sk-x",)),
        ([("api-key", "azure-key")], ("azure-key",)),
        ([("x-api-key", "anthropic-key")], ("anthropic-key",)),
        ([("Authorization", "Basic YWxhZGRpbjpvcGVu")], ("authorization:basic YWxhZGRpbjpvcGVu",)),
        ([("authorization", "Token abc")], ("authorization:token abc",)),
        ([("authorization", "Bearer k1"), ("x-api-key", "k2")], ("k1", "k2")),
        ([("x-forwarded-for", "1.2.3.4")], ()),
    ],
)
def test_every_credential_header_counts(
    headers: list[tuple[str, str]], credentials: tuple[str, ...]
) -> None:
    """Any Authorization scheme, x-api-key and api-key identify the caller."""
    assert credentials_of(headers) == credentials


def test_a_credential_given_twice_is_refused_without_echoing_it() -> None:
    """Two Authorization headers are a 400 whose message holds neither key."""
    with pytest.raises(InvalidRequestError) as caught:
        credentials_of([("authorization", "Bearer sk-one"), ("Authorization", "Bearer sk-two")])
    assert "authorization" in str(caught.value)
    assert "sk-one" not in str(caught.value) and "sk-two" not in str(caught.value)


def test_requests_without_credentials_bypass_or_share() -> None:
    """No credential: no tenant (bypass), the shared 'anonymous' one, or the shared name."""
    assert tenant_for([], shared=None, anonymous="bypass") is None
    assert tenant_for([], shared=None, anonymous="share") == "anonymous"
    assert tenant_for([], shared="team", anonymous="bypass") == "team"


def test_namespace_combines_tenant_and_sub_namespace() -> None:
    """x-semcache-namespace nests inside the tenant."""
    assert namespace_for("k-1", "proj") == "k-1/proj"
    assert namespace_for("team", None) == "team"


@pytest.mark.parametrize(
    ("text", "size"),
    [("1048576", 1048576), ("1GB", 10**9), ("512MiB", 512 * 2**20), ("1.5 GiB", 3 * 2**29),
     ("10kb", 10_000), ("2TiB", 2 * 2**40)],
)  # fmt: skip
def test_sizes_take_decimal_and_binary_units(text: str, size: int) -> None:
    """A size is bytes, or a number with kB/MB/GB/TB (×1000) or KiB/MiB/GiB/TiB (×1024)."""
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["1XB", "1G", "-1", "1.5", "", "GB"])
def test_a_size_without_a_known_unit_names_the_units(text: str) -> None:
    """An unknown unit, a bare letter or a fraction of a byte is refused, saying what works."""
    with pytest.raises(ValueError, match=r"512MiB|whole number"):
        parse_size(text)


def test_sizes_with_units_from_flags_environment_and_file(tmp_path: Path) -> None:
    """--max-bytes 1GB, SEMCACHE_MAX_BODY_BYTES=2MiB and max_bytes = "3MB" in TOML all parse."""
    args = build_parser().parse_args(["serve", "--upstream", "http://u", "--max-bytes", "1GB"])
    assert args.max_bytes == 10**9
    env = {"SEMCACHE_UPSTREAM": "http://u", "SEMCACHE_MAX_BODY_BYTES": "2MiB"}
    assert load_settings({}, env).max_body_bytes == 2 * 2**20
    config = tmp_path / "semcache.toml"
    config.write_text('upstream = "http://u"\nmax_bytes = "3MB"\n')
    assert load_settings({}, {}, config).max_bytes == 3_000_000


def test_connection_limits_come_from_flags_env_and_toml(tmp_path: Path) -> None:
    """anonymous, keep_alive, max_header_bytes, limit_concurrency, body_timeout load like
    every setting, and reach uvicorn's Config."""
    from semcache_proxy._server import uvicorn_limits

    config = tmp_path / "semcache.toml"
    config.write_text('max-header-bytes = "32KiB"\nbody_timeout = 5\n', encoding="utf-8")
    environ = {"SEMCACHE_ANONYMOUS": "share", "SEMCACHE_LIMIT_CONCURRENCY": "50"}
    environ["SEMCACHE_SYNC_WRITES"] = "1"
    flags = {"upstream": "http://u.test/v1", "keep_alive": 2.0, "header_timeout": 3.0}
    settings = load_settings(flags, environ, config)
    assert (settings.anonymous, settings.body_timeout) == ("share", 5)
    assert settings.sync_writes is True
    limits = uvicorn_limits(settings)
    assert limits.pop("http").header_timeout == 3.0
    assert limits == {
        "timeout_keep_alive": 2.0,
        "h11_max_incomplete_event_size": 32 * 1024,
        "limit_concurrency": 50,
        "proxy_headers": False,
        "forwarded_allow_ips": None,
    }


def test_forwarded_headers_are_believed_only_from_the_addresses_given() -> None:
    """By default uvicorn believes nobody's X-Forwarded-For; --forwarded-allow-ips
    names whose it believes."""
    from semcache_proxy._server import uvicorn_limits

    plain = load_settings({"upstream": "http://u.test/v1"}, {})
    assert uvicorn_limits(plain)["proxy_headers"] is False
    environ = {"SEMCACHE_FORWARDED_ALLOW_IPS": "10.0.0.1"}
    trusting = uvicorn_limits(load_settings({"upstream": "http://u.test/v1"}, environ))
    assert (trusting["proxy_headers"], trusting["forwarded_allow_ips"]) == (True, "10.0.0.1")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"anonymous": "allow"}, "anonymous must be one of ('bypass', 'share')"),
        ({"body_timeout": 0}, "body_timeout must be a positive number"),
        ({"max_header_bytes": 10}, "max_header_bytes must be a whole number at least 1024"),
        ({"shared_namespace": "x" * 300}, "shared_namespace must be at most 256 characters"),
    ],
)
def test_bad_limits_are_refused_with_the_fix(options: dict[str, Any], message: str) -> None:
    """Each new setting is checked at startup, naming the value."""
    with pytest.raises(ConfigError, match=re.escape(message)):
        Settings(upstream="http://u.test/v1", **options)


# -- the model's onnxruntime settings ---------------------------------------------------


def test_onnx_settings_come_from_the_environment_and_reach_the_model(tmp_path: Path) -> None:
    """SEMCACHE_ONNX_THREADS / _VARIANT are the proxy's settings; open_cache hands them on."""
    from semcache_proxy._app import open_cache

    env = {"SEMCACHE_ONNX_THREADS": "2", "SEMCACHE_ONNX_VARIANT": "dynint8"}
    settings = load_settings({"upstream": "http://up.test", "data_dir": tmp_path}, env)
    assert (settings.onnx_variant, settings.onnx_threads) == ("dynint8", 2)
    cache = open_cache(settings)
    try:
        tuning = cache.embedder.tuning  # type: ignore[attr-defined]
        assert (tuning.variant, tuning.intra_op_threads) == ("dynint8", 2)
    finally:
        cache.close()
    with pytest.raises(ConfigError, match="variant must be one of"):
        open_cache(
            load_settings(
                {"upstream": "http://up.test", "data_dir": tmp_path / "b"},
                {"SEMCACHE_ONNX_VARIANT": "int4"},
            )
        )


@pytest.mark.parametrize("value", ["*", "127.0.0.1", "127.0.0.1, 10.0.0.0/8", "::1"])
def test_forwarded_allow_ips_takes_addresses_networks_or_any(value: str) -> None:
    settings = Settings(upstream="http://up.test/v1", forwarded_allow_ips=value)
    assert settings.forwarded_allow_ips == value
