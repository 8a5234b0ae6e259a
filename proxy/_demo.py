"""``semcache demo``: a fake LLM, the proxy in front of it, and a realistic workload.

Starts the fake upstream and the proxy on loopback (free ports unless ``--port``),
sends repeats, paraphrases, look-alikes and new questions through the real ``openai``
SDK, shows the paraphrases served beside the look-alikes refused, then sends the same
questions straight to the fake LLM for the run without the cache: time, upstream
calls and cost at a stated price. Stops everything it started, in well under a minute;
with ``--open`` it keeps the proxy running with its dashboard (``/semcache/ui``) until
Ctrl-C, and prints the URL and the admin token of the run.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import threading
import time
import webbrowser
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["DEMO_MODEL", "WORKLOAD", "register", "serve_dashboard"]

#: The model the demo asks for; its price comes from the proxy's price table.
DEMO_MODEL = "gpt-4o-mini"

# Each topic: the question as first asked, then paraphrases of it.
_TOPICS: list[list[str]] = [
    [
        "What is the capital of France?",
        "What's the capital city of France?",
        "Which city is the capital of France?",
    ],
    [
        "How do I reverse a list in Python?",
        "How can I reverse a Python list?",
        "What is the way to reverse a list in Python?",
    ],
    [
        "What is the boiling point of water at sea level?",
        "At what temperature does water boil at sea level?",
    ],
    [
        "Who wrote Pride and Prejudice?",
        "Who is the author of Pride and Prejudice?",
        "Pride and Prejudice was written by whom?",
    ],
    ["How many continents are there?", "How many continents does the Earth have?"],
    ["What is the speed of light in a vacuum?", "How fast does light travel in a vacuum?"],
    [
        "How do I make an HTTP request in JavaScript?",
        "How can I send an HTTP request with JavaScript?",
    ],
    ["What does DNA stand for?", "What is DNA short for?"],
    [
        "What is the largest planet in the solar system?",
        "Which planet is the biggest in our solar system?",
    ],
    ["How do I center a div in CSS?", "How can I center a div with CSS?"],
    ["What is the tallest mountain in the world?", "Which mountain is the highest on Earth?"],
    [
        "How do I sort a dictionary by value in Python?",
        "How can I sort a Python dict by its values?",
    ],
]
# (cached question, a paraphrase that should be served, a look-alike that must not be:
# the same words with another meaning). Asked in that order.
_LOOKALIKES: list[tuple[str, str, str]] = [
    (
        "How do I convert Celsius to Fahrenheit?",
        "How can I convert Celsius into Fahrenheit?",
        "How do I convert Fahrenheit to Celsius?",
    ),
    (
        "How do I enable two-factor authentication on GitHub?",
        "How can I turn on two-factor authentication for GitHub?",
        "How do I disable two-factor authentication on GitHub?",
    ),
    ("What is 15% of 80?", "What is 15 percent of 80?", "What is 15% of 90?"),
    (
        "How do I install Python on Windows?",
        "How can I install Python on a Windows PC?",
        "How do I uninstall Python on Windows?",
    ),
    (
        "Translate 'thank you' into French.",
        "Translate 'thank you' to French.",
        "Translate 'thank you' into German.",
    ),
    (
        "What is the capital of Australia?",
        "What's the capital city of Australia?",
        "What is the capital of Austria?",
    ),
]
# Questions asked once: they can only miss.
_ONE_OFFS = [
    "Explain the difference between TCP and UDP.",
    "Write a haiku about autumn leaves.",
    "What causes the seasons on Earth?",
    "Summarize the plot of Hamlet in two sentences.",
    "What is a monad in functional programming?",
    "How does a refrigerator work?",
    "Give me three tips for better sleep.",
    "What is the difference between a virus and a bacterium?",
    "Translate 'good morning' into Spanish.",
    "What is the Pythagorean theorem?",
    "How do vaccines train the immune system?",
    "Why is the sky blue?",
]


@dataclass(frozen=True)
class _Ask:
    prompt: str
    kind: str  # first, repeat, paraphrase, look-alike, new
    stream: bool
    of: str = ""  # for a paraphrase or look-alike of _LOOKALIKES: the cached question


@dataclass(frozen=True)
class _Result:
    ask: _Ask
    outcome: str  # hit/exact, hit/semantic, miss, bypass
    ms: float
    answer: str
    similarity: str = ""


def _workload(seed: int = 7) -> list[_Ask]:
    """First askings, then a shuffled mix of repeats, paraphrases and new questions."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible order, not a secret)
    firsts = [_Ask(topic[0], "first", False) for topic in _TOPICS]
    later = [_Ask(p, "paraphrase", False) for topic in _TOPICS for p in topic[1:]]
    later += [_Ask(topic[0], "repeat", False) for topic in _TOPICS for _ in range(2)]
    later += [_Ask(q, "new", False) for q in _ONE_OFFS]
    rng.shuffle(later)
    firsts += [_Ask(first, "first", False) for first, _, _ in _LOOKALIKES]
    pairs = [_Ask(p, "paraphrase", False, of=q) for q, p, _ in _LOOKALIKES]
    pairs += [_Ask(look, "look-alike", False, of=q) for q, _, look in _LOOKALIKES]
    asks = firsts + later + pairs
    return [_Ask(a.prompt, a.kind, stream=i % 4 == 3, of=a.of) for i, a in enumerate(asks)]


WORKLOAD = _workload()


def register(subparsers: Any) -> None:
    """Add the ``demo`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "demo",
        help="run a fake LLM behind the proxy and show what the cache serves and refuses",
        description="Start a fake LLM and the proxy on 127.0.0.1, send a mixed workload "
        "through the openai SDK, then the same questions without the cache; print what "
        "the cache served, what it refused, and the time, calls and cost saved.",
    )
    parser.add_argument(
        "--latency-ms", type=_milliseconds, default=150.0, help="fake LLM latency (150)"
    )
    parser.add_argument(
        "--port", type=_port, default=0, help="proxy port on 127.0.0.1 (default: a free one)"
    )
    parser.add_argument(
        "--open",
        action="store_true",
        help="afterwards keep the proxy running with its dashboard (/semcache/ui) until "
        "Ctrl-C; opens it in a browser where there is one",
    )
    parser.set_defaults(func=_run)


def _milliseconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 60_000:
        raise argparse.ArgumentTypeError(f"must be milliseconds from 0 to 60000; got {text!r}")
    return value


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port from 0 to 65535; got {text!r}")
    return int(text)


def _run(args: argparse.Namespace) -> int:
    import openai

    from semcache import ConfigError, SemanticCache
    from semcache.testing import FakeUpstream

    from ._app import create_app
    from ._server import ServerThread
    from ._settings import Settings

    print("semcache demo: loading the embedding model ...", flush=True)
    fake = FakeUpstream(latency_ms=args.latency_ms)
    with SemanticCache(None) as cache, ServerThread(fake) as upstream:
        cache.embedder.embed(["warm-up"])
        token = secrets.token_urlsafe(18) if args.open else None
        settings = Settings(upstream=upstream.url + "/v1", admin_token=token)
        app = create_app(settings, cache=cache)
        try:
            server = ServerThread(app, port=args.port)
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc} — "
                "pick another --port, or leave it out for a free one"
            ) from exc
        with server as proxy:
            print(f"fake LLM on {upstream.url} ({args.latency_ms:.0f} ms), proxy on {proxy.url}")
            client = openai.OpenAI(base_url=proxy.url + "/v1", api_key="sk-demo", max_retries=0)
            started = time.perf_counter()
            results = [_send(client, app, ask) for ask in WORKLOAD]
            cached_s = time.perf_counter() - started
            client.close()
            calls, saved_usd = fake.completion_calls, app.state.metrics.summary()["cost_saved_usd"]
            print(f"same questions without the cache: straight to the LLM ({len(WORKLOAD)}) ...")
            baseline = _baseline(upstream.url + "/v1")
            price = settings.price_per_million(DEMO_MODEL)
            _report(results)
            _compare(results, calls, cached_s, saved_usd, baseline, price)
            if token is not None:
                serve_dashboard(proxy.url, token)
    return 0


def serve_dashboard(
    url: str,
    token: str,
    *,
    wait: Callable[[], None] | None = None,
    environ: Mapping[str, str] | None = None,
) -> None:
    """Print the dashboard's URL and token, open it in a browser where one can show
    it, and return when ``wait`` does (default: at Ctrl-C)."""
    page = f"{url}/semcache/ui"
    print(f"\ndashboard: {page}")
    print(f"admin token of this run: {token}")
    print("  (sign in with it; the fake LLM and the proxy keep running until Ctrl-C)")
    if _has_display(os.environ if environ is None else environ):
        opened = webbrowser.open(page)
        print("  opened in your browser" if opened else "  no browser found: open the URL")
    else:
        print("  no display here, so no browser opened: open the URL where you can")
    sys.stdout.flush()
    (wait or _until_interrupted)()
    print("stopping the demo")


def _has_display(environ: Mapping[str, str]) -> bool:
    """Whether a browser window can show here. Without a display, webbrowser picks
    a text browser (lynx, w3m) that would take over the terminal: not wanted."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def _until_interrupted() -> None:
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        return


def _send(client: Any, app: Any, ask: _Ask) -> _Result:
    started = time.perf_counter()
    messages = [{"role": "user", "content": ask.prompt}]
    raw = client.chat.completions.with_raw_response.create(
        model=DEMO_MODEL, messages=messages, stream=ask.stream
    )
    completion = raw.parse()
    if ask.stream:
        answer = "".join(c.choices[0].delta.content or "" for c in completion if c.choices)
    else:
        answer = completion.choices[0].message.content or ""
    elapsed = (time.perf_counter() - started) * 1000
    outcome = raw.headers.get("x-semcache", "?")
    if outcome == "hit":
        outcome = f"hit/{raw.headers.get('x-semcache-kind')}"
    app.state.proxy.writes.wait_idle(10)  # keep the printed run deterministic
    similarity = raw.headers.get("x-semcache-similarity", "")
    return _Result(ask, outcome, elapsed, answer, similarity)


@dataclass(frozen=True)
class _Baseline:
    seconds: float
    calls: int
    tokens: int


def _baseline(upstream_url: str) -> _Baseline:
    """The workload sent to the LLM directly, as without the cache (not streamed, so
    every answer carries its token usage)."""
    import openai

    client: Any = openai.OpenAI(base_url=upstream_url, api_key="sk-demo", max_retries=0)
    tokens, started = 0, time.perf_counter()
    for ask in WORKLOAD:
        messages = [{"role": "user", "content": ask.prompt}]
        completion = client.chat.completions.create(model=DEMO_MODEL, messages=messages)
        tokens += completion.usage.total_tokens if completion.usage else 0
    client.close()
    return _Baseline(time.perf_counter() - started, len(WORKLOAD), tokens)


def _report(results: list[_Result]) -> None:
    outcomes = Counter(r.outcome for r in results)
    latency: dict[str, list[float]] = defaultdict(list)
    for r in results:
        latency[r.outcome].append(r.ms)
    print(
        f"\n{len(results)} requests through the real openai SDK "
        f"({sum(r.ask.stream for r in results)} streamed)"
    )
    for outcome in sorted(outcomes):
        p50 = statistics.median(latency[outcome])
        print(f"  {outcome:<14} {outcomes[outcome]:>4}   p50 {p50:8.1f} ms")
    by_kind = Counter((r.ask.kind, r.outcome.split("/")[0]) for r in results)
    print(
        "\nby request kind: " + ", ".join(f"{k}→{o}: {n}" for (k, o), n in sorted(by_kind.items()))
    )
    _side_by_side(results)


def _side_by_side(results: list[_Result]) -> None:
    """Each cached question with its paraphrase (served) and its look-alike (refused)."""
    print("\nserved and refused, side by side (a look-alike must go to the LLM):")
    paired = {(r.ask.of, r.ask.kind): r for r in results if r.ask.of}
    for question, _, _ in _LOOKALIKES:
        print(f"  cached      {question!r}")
        for kind in ("paraphrase", "look-alike"):
            r = paired[(question, kind)]
            verdict = (
                f"served from the cache (similarity {r.similarity})"
                if r.outcome.startswith("hit")
                else "refused: sent to the LLM"
            )
            print(f"  {kind:<11} {r.ask.prompt!r}\n              → {verdict}")


def _compare(
    results: list[_Result],
    calls: int,
    seconds: float,
    saved_usd: float,
    baseline: _Baseline,
    price: float,
) -> None:
    n = len(results)
    without_usd = baseline.tokens * price / 1_000_000
    with_usd = max(without_usd - saved_usd, 0.0)
    rows = [
        ("", "with the cache", "without"),
        ("time", f"{seconds:.1f} s", f"{baseline.seconds:.1f} s"),
        ("LLM calls", f"{calls} of {n}", f"{baseline.calls} of {n}"),
        ("cost", f"${with_usd:.6f}", f"${without_usd:.6f}"),
    ]
    print(f"\nthe same {n} questions, with and without the cache:")
    for label, cached, uncached in rows:
        print(f"  {label:<10} {cached:>16} {uncached:>16}")
    print(
        f"  upstream calls saved: {n - calls} ({(n - calls) / n:.0%}); cost at "
        f"${price:.2f} per million tokens ({DEMO_MODEL}, the proxy's price table; "
        "the fake LLM's tokens are words)"
    )
    shown = [r for r in results if r.outcome == "hit/semantic" and not r.ask.of][:3]
    if shown:
        print("\nsome other semantic hits (question → the cached answer it got):")
    for r in shown:
        print(f"  {r.ask.prompt!r}\n      → {r.answer!r}")
