"""The parts of benchmarks/bench_gateway.py that can be checked without timing anything."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml  # type: ignore[import-untyped]

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from _gateway import cpu, plan  # noqa: E402
from _gateway.loadgen import outcome, read_response, request_bytes  # noqa: E402
from _gateway.targets import litellm_config, litellm_env, source_tree  # noqa: E402
from _gateway.workloads import LEAD_VARIANTS, Texts, paraphrases  # noqa: E402

# A child that burns CPU on command: "burn S" spins until its own CPU time has grown by
# S seconds (then prints it), "spawn S" starts a grandchild that burns S and exits.
BURNER = textwrap.dedent(
    """
    import subprocess, sys, time
    for line in sys.stdin:
        verb, amount = line.split()
        if verb == "burn":
            start = time.process_time()
            while time.process_time() - start < float(amount):
                pass
        else:
            code = "import time\\nwhile time.process_time() < %s: pass" % amount
            subprocess.Popen([sys.executable, "-c", code]).wait()
        print(time.process_time(), flush=True)
    """
)


@pytest.fixture
def burner() -> Iterator[subprocess.Popen[str]]:
    child = subprocess.Popen(
        [sys.executable, "-c", BURNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    yield child
    assert child.stdin is not None and child.stdout is not None
    child.stdin.close()
    child.wait(30)
    child.stdout.close()


def _tell(child: subprocess.Popen[str], command: str) -> float:
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(command + "\n")
    child.stdin.flush()
    return float(child.stdout.readline())


def test_cpu_of_a_process_grows_with_the_cpu_it_burns(burner: subprocess.Popen[str]) -> None:
    """The /proc reader sees at least the CPU a child reports burning, and more after more."""
    tick = 1 / cpu.CLOCK_TICKS
    own = _tell(burner, "burn 0.2")
    first = cpu.tree_seconds(burner.pid)
    assert first > 0
    assert first >= own - 2 * tick
    own = _tell(burner, "burn 0.2")
    second = cpu.tree_seconds(burner.pid)
    assert second > first
    assert second >= own - 2 * tick


def test_cpu_of_a_tree_keeps_a_finished_grandchild(burner: subprocess.Popen[str]) -> None:
    """A descendant's CPU counts for the tree, also once it has exited and been reaped."""
    before = cpu.tree_seconds(burner.pid)
    _tell(burner, "spawn 0.3")
    after = cpu.tree_seconds(burner.pid)
    assert after - before >= 0.3 - 2 / cpu.CLOCK_TICKS
    assert cpu.process_seconds(burner.pid) >= after - 2 / cpu.CLOCK_TICKS  # now in cutime


def test_tree_lists_live_descendants() -> None:
    """tree() finds a grandchild of the process it starts from."""
    code = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'input()'])"
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, text=True)
    try:
        for _ in range(500):
            members = cpu.tree(child.pid)
            if len(members) == 2:
                break
            subprocess.run(["sleep", "0.02"], check=True)
        assert members[0] == child.pid
        assert len(members) == 2
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(30)


def test_cpu_of_a_gone_process_is_zero() -> None:
    """A pid that no longer exists reads as 0 seconds instead of raising."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(30)
    assert cpu.process_seconds(child.pid) == 0.0


def test_litellm_config_is_one_model_with_the_in_memory_cache() -> None:
    """The YAML names the model, its api_base, the local cache (kept a day) and the master key."""
    text = litellm_config("gpt-4o-mini", 'http://127.0.0.1:5/v1?a="b": c', "sk-key")
    config = yaml.safe_load(text)
    [entry] = config["model_list"]
    assert entry["model_name"] == "gpt-4o-mini"
    assert entry["litellm_params"]["model"] == "openai/gpt-4o-mini"
    assert entry["litellm_params"]["api_base"] == 'http://127.0.0.1:5/v1?a="b": c'
    assert config["litellm_settings"]["cache"] is True
    assert config["litellm_settings"]["cache_params"] == {"type": "local", "ttl": 86400}
    assert config["litellm_settings"]["success_callback"] == []
    assert config["general_settings"] == {"master_key": "sk-key"}


def test_litellm_env_keeps_it_off_the_network() -> None:
    """Local cost map, telemetry off, no database, and only loopback outside a dead proxy."""
    env = litellm_env({"PATH": "/bin", "DATABASE_URL": "postgres://x", "LITELLM_MODE": "PROD"})
    assert env["PATH"] == "/bin"
    assert "DATABASE_URL" not in env and "LITELLM_MODE" not in env
    assert env["LITELLM_LOCAL_MODEL_COST_MAP"] == "True"
    assert env["LITELLM_TELEMETRY_DISABLED"] == "true"
    assert env["HTTPS_PROXY"].startswith("http://127.0.0.1:")
    assert "127.0.0.1" in env["NO_PROXY"].split(",")


def test_schedule_interleaves_targets_within_each_cell() -> None:
    """A, B, C for each (workload, clients), grid after grid; unsupported cells left out."""
    supports = {"a": plan.WORKLOADS, "b": plan.WORKLOADS, "c": ("exact", "miss")}
    cells = plan.schedule(
        ["a", "b", "c"], supports, workloads=("exact", "semantic"), concurrency=(1, 8), reps=2
    )
    order = [(c.rep, c.workload, c.clients, c.target) for c in cells]
    assert order[:5] == [
        (0, "exact", 1, "a"),
        (0, "exact", 1, "b"),
        (0, "exact", 1, "c"),
        (0, "exact", 8, "a"),
        (0, "exact", 8, "b"),
    ]
    assert (0, "semantic", 1, "c") not in order
    assert len(cells) == 2 * (2 * 3 + 2 * 2)
    assert order[len(order) // 2] == (1, "exact", 1, "a")


def test_medians_take_the_middle_rep() -> None:
    """Each measure is the median over the reps of one (workload, clients, target)."""
    rows = [
        {"workload": "exact", "clients": 8, "target": "a", "per_second": v, "errors": 0}
        for v in (10.0, 30.0, 20.0)
    ]
    [merged] = plan.medians(rows)
    assert merged["per_second"] == 20.0
    assert merged["reps"] == 3
    assert merged["p50_ms"] is None


def test_source_tree_runs_the_trees_own_packages(tmp_path: Path) -> None:
    """The shim's semcache and semcache_proxy are the given tree's folders."""
    src = tmp_path / "tree"
    for name in ("semcache", "proxy"):
        (src / name).mkdir(parents=True)
        (src / name / "__init__.py").write_text("")
    shim = source_tree(src, tmp_path / "work", "old")
    assert (shim / "semcache").resolve() == (src / "semcache").resolve()
    assert (shim / "semcache_proxy").resolve() == (src / "proxy").resolve()


def test_source_tree_hides_the_fast_extra_only_when_asked(tmp_path: Path) -> None:
    """With hide_fast, uvloop/httptools/orjson fail to import from the tree; without, they don't."""
    src = tmp_path / "tree"
    for name in ("semcache", "proxy"):
        (src / name).mkdir(parents=True)
        (src / name / "__init__.py").write_text("")
    shim = source_tree(src, tmp_path / "work", "old", hide_fast=True)
    probe = "import sys; sys.path.insert(0, sys.argv[1]); import orjson"
    hidden = subprocess.run([sys.executable, "-c", probe, str(shim)], capture_output=True)
    assert hidden.returncode != 0 and b"hidden" in hidden.stderr
    shim = source_tree(src, tmp_path / "work", "old")
    assert not (shim / "orjson.py").exists()
    assert not (shim / "uvloop.py").exists()


def test_source_tree_refuses_a_folder_that_is_no_checkout(tmp_path: Path) -> None:
    """The error names the path and what to give instead."""
    with pytest.raises(SystemExit, match=r"no semcache/__init__\.py there; give a checkout"):
        source_tree(tmp_path, tmp_path / "work", "x")


def _parse(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    async def go() -> tuple[int, dict[str, str], bytes]:
        reader = asyncio.StreamReader()
        reader.feed_data(raw)
        reader.feed_eof()
        return await read_response(reader)

    return asyncio.run(go())


def test_read_response_joins_chunks() -> None:
    """A chunked body comes back whole, its trailers skipped."""
    raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Semcache: hit\r\n\r\n"
    raw += b"5\r\ndata:\r\n7;ext=1\r\n [DONE]\r\n0\r\nx-t: 1\r\n\r\n"
    status, headers, body = _parse(raw)
    assert (status, headers["x-semcache"], body) == (200, "hit", b"data: [DONE]")


def test_read_response_reads_content_length() -> None:
    """A body with Content-Length is read to its length, not further."""
    status, _, body = _parse(b"HTTP/1.1 503 No\r\ncontent-length: 3\r\n\r\nabcdef")
    assert (status, body) == (503, b"abc")


def test_request_bytes_counts_the_body() -> None:
    """The request line, the headers given and a Content-Length that matches the body."""
    data = request_bytes("/v1/x", "127.0.0.1", {"authorization": "Bearer k"}, b"{}")
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"POST /v1/x HTTP/1.1\r\n")
    assert b"authorization: Bearer k" in head and b"content-length: 2" in head
    assert body == b"{}"


def test_outcome_reads_each_targets_signal() -> None:
    """semcache's x-semcache headers, LiteLLM's cache key header, and errors by status."""
    assert outcome("semcache", 200, {"x-semcache": "hit", "x-semcache-kind": "semantic"}) == (
        "hit/semantic"
    )
    assert outcome("semcache", 200, {"x-semcache": "miss"}) == "miss"
    assert outcome("litellm", 200, {"x-litellm-cache-key": "k"}) == "hit/exact"
    assert outcome("litellm", 200, {}) == "miss"
    assert outcome("litellm", 500, {"x-litellm-cache-key": "k"}) == "status 500"


def test_texts_are_not_handed_out_twice() -> None:
    """After used(n), the next batch starts past the n spent texts; paraphrases are unstored."""
    texts = Texts("semantic")
    first = texts.next(10)
    texts.used(4)
    second = texts.next(10)
    assert second[:6] == first[4:]
    assert not set(second) & set(first[:4])
    assert not set(LEAD_VARIANTS) & set(paraphrases())
