"""The `semcache` command line: every startup error is one line and exit code 2."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from semcache import SemanticCache, __version__
from semcache.testing import HashingEmbedder

PAIRS = Path(__file__).parent / "eval" / "data" / "tiny.jsonl"
UPSTREAM = ["--upstream", "http://127.0.0.1:9/v1"]

# (id, arguments, environment, words the error must contain); {tmp}, {locked} and
# {busy} are filled in by the test: a scratch directory, a data directory another
# process holds, and a port something listens on.
BAD_INVOCATIONS: list[tuple[str, list[str], dict[str, str], str]] = [
    ("no command", [], {}, "COMMAND"),
    ("unknown command", ["bogus"], {}, "'bogus'"),
    ("serve without upstream", ["serve"], {}, "--upstream URL"),
    ("upstream not http", ["serve", "--upstream", "ftp://x"], {}, "'ftp://x'"),
    ("unknown policy", ["serve", *UPSTREAM, "--policy", "bogus"], {}, "--policy"),
    ("unknown store", ["serve", *UPSTREAM, "--store", "redis://x"], {}, "'redis://x'"),
    (
        "data dir not creatable",
        ["serve", *UPSTREAM, "--data-dir", "{tmp}/a-file/cache"],
        {},
        "--data-dir",
    ),
    ("locked data dir", ["serve", *UPSTREAM, "--data-dir", "{locked}"], {}, "in use by process"),
    ("port in use", ["serve", *UPSTREAM, "--port", "{busy}"], {}, "another --port"),
    ("port not a number", ["serve", *UPSTREAM, "--port", "abc"], {}, "--port"),
    ("port out of range", ["serve", *UPSTREAM, "--port", "70000"], {}, "--port"),
    ("threshold above 1", ["serve", *UPSTREAM, "--threshold", "1.5"], {}, "--threshold"),
    ("size unit unknown", ["serve", *UPSTREAM, "--max-bytes", "1XB"], {}, "512MiB"),
    ("max entries negative", ["serve", *UPSTREAM, "--max-entries", "-5"], {}, "--max-entries"),
    ("body limit zero", ["serve", *UPSTREAM, "--max-body-bytes", "0"], {}, "--max-body-bytes"),
    ("ttl negative", ["serve", *UPSTREAM, "--ttl", "-1"], {}, "--ttl"),
    ("log level unknown", ["serve", *UPSTREAM, "--log-level", "loud"], {}, "--log-level"),
    ("admin token short", ["serve", *UPSTREAM, "--admin-token", "short"], {}, "--admin-token"),
    ("config missing", ["serve", *UPSTREAM, "--config", "{tmp}/none.toml"], {}, "none.toml"),
    ("environment invalid", ["serve", *UPSTREAM], {"SEMCACHE_PORT": "abc"}, "SEMCACHE_PORT"),
    ("eval limit negative", ["eval", str(PAIRS), "--limit", "-1"], {}, "--limit"),
    ("eval precision too high", ["eval", str(PAIRS), "--min-precision", "2"], {}, "--min-prec"),
    ("eval file missing", ["eval", "{tmp}/none.jsonl"], {}, "none.jsonl"),
    ("fake upstream port", ["fake-upstream", "--port", "x"], {}, "--port"),
    ("demo port", ["demo", "--port", "-1"], {}, "--port"),
    ("demo latency", ["demo", "--latency-ms", "slow"], {}, "--latency-ms"),
]  # fmt: skip


def run_cli(
    args: list[str], env: dict[str, str] | None = None, **options: object
) -> subprocess.CompletedProcess[str]:
    """`python -m semcache ARGS` in a fresh process, without the caller's SEMCACHE_* settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SEMCACHE_")}
    result: subprocess.CompletedProcess[str] = subprocess.run(
        [sys.executable, "-m", "semcache", *args],
        env={**clean, **(env or {})},
        stdout=options.pop("stdout", subprocess.PIPE),
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        **options,  # type: ignore[call-overload]
    )
    return result


@pytest.fixture
def places(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A scratch directory, a data directory held by this process, a busy port."""
    (tmp_path / "a-file").write_text("not a directory")
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    with SemanticCache(tmp_path / "locked", embedder=HashingEmbedder()):
        port = str(busy.getsockname()[1])
        yield {"tmp": str(tmp_path), "locked": str(tmp_path / "locked"), "busy": port}
    busy.close()


@pytest.mark.parametrize(
    ("args", "env", "names"),
    [pytest.param(a, e, n, id=i) for i, a, e, n in BAD_INVOCATIONS],
)
def test_a_bad_invocation_is_one_error_line_and_exit_2(
    args: list[str], env: dict[str, str], names: str, places: dict[str, str]
) -> None:
    """A bad flag, setting, store or directory: one `semcache: error:` line naming it, exit 2."""
    result = run_cli([arg.format(**places) for arg in args], env)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("semcache: error: ")
    assert names in lines[0]
    assert result.stdout == ""


def test_the_table_is_big_enough() -> None:
    """The table of bad invocations covers at least 15 distinct cases."""
    assert len({i for i, *_ in BAD_INVOCATIONS}) >= 15


def test_version_prints_the_package_version() -> None:
    """`semcache --version` prints the version and exits 0."""
    result = run_cli(["--version"])
    assert result.returncode == 0
    assert result.stdout.strip() == f"semcache {__version__}"


def test_eval_into_a_closed_pipe_exits_quietly() -> None:
    """`semcache eval --curve | head`: no BrokenPipeError traceback when the reader leaves."""
    read, write = os.pipe()
    os.close(read)  # the reader has gone before the first byte
    try:
        result = run_cli(["eval", str(PAIRS), "--curve", "--no-progress"], stdout=write)
    finally:
        os.close(write)
    assert result.returncode == 0
    assert result.stderr == ""
