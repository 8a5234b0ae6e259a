"""The processes under test: semcache from a source tree, the LiteLLM proxy, the fake upstream.

Each runs in its own process group on a free 127.0.0.1 port, with its output in a log
file of the run's work directory, and is stopped by its group id.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

MODEL = "gpt-4o-mini"
#: Sent by the load generator to every target: LiteLLM checks it (its master key);
#: semcache derives the tenant from it and passes it on; the fake upstream ignores it.
BENCH_KEY = "sk-bench-" + "5e" * 24
SEMANTIC_CAPABLE = ("exact", "stream", "miss", "semantic")
EXACT_ONLY = ("exact", "stream", "miss")


#: ``FIRST-LAST``: take the targets' ports from this range (a shared machine where each
#: user has ports of their own) instead of any free one.
PORTS_ENV = "SEMCACHE_BENCH_PORTS"


def free_port() -> int:
    """A port nobody listens on: the first free one of $SEMCACHE_BENCH_PORTS, or any."""
    first, _, last = os.environ.get(PORTS_ENV, "").partition("-")
    candidates = range(int(first), int(last or first) + 1) if first else [0]
    for candidate in candidates:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            port: int = sock.getsockname()[1]
            if port not in _TAKEN:
                _TAKEN.add(port)
                return port
    raise SystemExit(f"no free port in {PORTS_ENV}={os.environ[PORTS_ENV]}")


_TAKEN: set[int] = set()


@dataclass(frozen=True)
class Target:
    """How to start one process under test and what it can be asked."""

    name: str
    flavour: str  # "semcache", "litellm" or "upstream": how its answers say hit or miss
    argv: list[str]
    port: int
    health: str  # a GET path that answers 200 once it serves
    cwd: Path
    env: dict[str, str] = field(default_factory=dict)
    inherit_env: bool = True  # env is added to this process's (less SEMCACHE_*), or is all
    workloads: tuple[str, ...] = SEMANTIC_CAPABLE
    info: dict[str, Any] = field(default_factory=dict)


def _git(src: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(src), *args], capture_output=True, text=True)
    except OSError:
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 else "unknown"


def source_tree(src: Path, workdir: Path, label: str, *, hide_fast: bool = False) -> Path:
    """A directory whose ``semcache`` and ``semcache_proxy`` are ``src``'s own.

    With ``hide_fast``, ``uvloop``, ``httptools`` and ``orjson`` fail to import from it,
    so a commit older than the ``fast`` extra runs as it shipped (uvicorn's "auto"
    settings would otherwise pick the installed ones up).

    The proxy's folder is ``proxy/`` but it imports as ``semcache_proxy``, so a plain
    PYTHONPATH=src would run ``src``'s core under the installed proxy. Run from this
    directory (it is first on sys.path), each tree's code is the code that runs.
    """
    for name in ("semcache", "proxy"):
        if not (src / name / "__init__.py").exists():
            raise SystemExit(f"--semcache-src {src}: no {name}/__init__.py there; give a checkout")
    shim = workdir / f"src-{label}"
    shim.mkdir(parents=True, exist_ok=True)
    for link, real in (("semcache", src / "semcache"), ("semcache_proxy", src / "proxy")):
        path = shim / link
        if path.is_symlink():
            path.unlink()
        path.symlink_to(real.resolve(), target_is_directory=True)
    for module in ("uvloop", "httptools", "orjson"):
        stub = shim / f"{module}.py"
        if hide_fast:
            stub.write_text("raise ImportError('hidden: this tree is measured as it shipped')\n")
        elif stub.exists():
            stub.unlink()
    return shim


def semcache_target(
    label: str,
    src: Path,
    upstream: str,
    workdir: Path,
    extra: Sequence[str] = (),
    *,
    hide_fast: bool = False,
) -> Target:
    """``python -m semcache serve`` with ``src``'s code, in memory, default settings."""
    shim = source_tree(src, workdir, label, hide_fast=hide_fast)
    port = free_port()
    argv = [sys.executable, "-m", "semcache", "serve", "--upstream", upstream]
    argv += ["--host", "127.0.0.1", "--port", str(port), *extra]
    commit = _git(src, "rev-parse", "--short", "HEAD")
    dirty = bool(_git(src, "status", "--porcelain", "--untracked-files=no"))
    return Target(
        name=label,
        flavour="semcache",
        argv=argv,
        port=port,
        health="/healthz",
        cwd=shim,
        env={"PYTHONPATH": str(shim)},
        info={
            "src": str(src.resolve()),
            "commit": commit + ("+dirty" if dirty else ""),
            "fast_hidden": hide_fast,
        },
    )


def litellm_config(model: str, api_base: str, master_key: str) -> str:
    """The LiteLLM proxy's config.yaml: one model at ``api_base``, its in-memory cache.

    No database (no ``database_url``), no callbacks. The master key is required by
    LiteLLM to start without a database; the bench sends it as the bearer token. The
    in-memory cache keeps at most 200 entries (not a setting of type "local" in 1.108),
    so the bench stores the exact workload's questions again before its cells.
    JSON strings are YAML scalars, so every value is written with json.dumps.
    """
    q = json.dumps
    return "\n".join(
        [
            "model_list:",
            f"  - model_name: {q(model)}",
            "    litellm_params:",
            f"      model: {q('openai/' + model)}",
            f"      api_base: {q(api_base)}",
            f"      api_key: {q('sk-fake-upstream')}",
            "litellm_settings:",
            "  cache: true",
            "  cache_params:",
            '    type: "local"',
            "    ttl: 86400",  # its default is 600 s: entries stored at the start would expire
            "  success_callback: []",
            "  failure_callback: []",
            "  callbacks: []",
            "general_settings:",
            f"  master_key: {q(master_key)}",
            "",
        ]
    )


def litellm_env(base: Mapping[str, str]) -> dict[str, str]:
    """The environment of the LiteLLM proxy: nothing leaves the machine.

    The bundled model cost map instead of a download, telemetry off, no database URL;
    and a proxy that does not exist for anything but loopback, so that a request to the
    outside we did not think of fails at once instead of reaching the network.
    """
    env = {k: v for k, v in base.items() if not k.upper().startswith(("DATABASE_URL", "LITELLM"))}
    env.update(
        LITELLM_LOCAL_MODEL_COST_MAP="True",
        LITELLM_TELEMETRY_DISABLED="true",
        LITELLM_LOG="ERROR",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        http_proxy="http://127.0.0.1:9",
        https_proxy="http://127.0.0.1:9",
    )
    return env


def litellm_version(python: str) -> str:
    code = "import importlib.metadata as m; print(m.version('litellm'))"
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise SystemExit(
            f"--litellm-python {python}: cannot import litellm there"
            f" ({done.stderr.strip()[-200:]});"
            " create it with: python -m venv /work/venv-litellm && /work/venv-litellm/bin/pip"
            " install -r benchmarks/_gateway/requirements-litellm.txt"
        )
    return done.stdout.strip()


def litellm_target(python: str, upstream: str, workdir: Path) -> Target:
    """The LiteLLM proxy (its own venv's ``litellm`` CLI), in-memory cache, one worker."""
    port = free_port()
    home = workdir / "litellm"
    home.mkdir(parents=True, exist_ok=True)
    config = home / "config.yaml"
    config.write_text(litellm_config(MODEL, upstream + "/v1", BENCH_KEY))
    cli = str(Path(python).parent / "litellm")
    argv = [cli, "--config", str(config), "--host", "127.0.0.1", "--port", str(port)]
    return Target(
        name="litellm",
        flavour="litellm",
        argv=argv,
        port=port,
        health="/health/liveliness",
        cwd=home,
        env=litellm_env(os.environ),
        inherit_env=False,
        workloads=EXACT_ONLY,
        info={"version": litellm_version(python), "python": python, "workers": 1},
    )


def upstream_target(workdir: Path) -> Target:
    """semcache's fake OpenAI upstream at 0 ms, also measured alone (miss workload)."""
    port = free_port()
    home = workdir / "upstream"
    home.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "semcache", "fake-upstream", "--port", str(port)]
    return Target(
        name="upstream",
        flavour="upstream",
        argv=[*argv, "--latency-ms", "0"],
        port=port,
        health="/v1/models",
        cwd=home,
        workloads=("miss",),
    )


class Running:
    """A started target: its process group, log and readiness."""

    def __init__(self, target: Target, logs: Path) -> None:
        self.target = target
        self.log_path = logs / f"{target.name}.log"
        env = dict(target.env)
        if target.inherit_env:
            inherited = {k: v for k, v in os.environ.items() if not k.startswith("SEMCACHE_")}
            env = {**inherited, **target.env}
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                target.argv,
                cwd=target.cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.target.port}"

    def wait_ready(self, timeout: float = 240.0) -> float:
        """Seconds until the health path answered 200; raise with the log's tail if not."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                break
            try:
                if httpx.get(self.url + self.target.health, timeout=2).status_code == 200:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
            time.sleep(0.25)
        tail = self.log_path.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{self.target.name} did not start (see {self.log_path}):\n{tail}")

    def stop(self) -> None:
        """SIGTERM to the group, SIGKILL after 20 s."""
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        except ProcessLookupError:
            pass
