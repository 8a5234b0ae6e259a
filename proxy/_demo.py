"""``semcache demo``: a fake LLM, the proxy in front of it, and a realistic workload.

Starts the fake upstream and the proxy on free loopback ports, sends repeats,
paraphrases and new questions through the real ``openai`` SDK, and prints what
the cache did. Runs in well under a minute and stops everything it started.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

__all__ = ["WORKLOAD", "register"]

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
    kind: str  # first, repeat, paraphrase, new
    stream: bool


def _workload(seed: int = 7) -> list[_Ask]:
    """First askings, then a shuffled mix of repeats, paraphrases and new questions."""
    rng = random.Random(seed)  # noqa: S311 (a reproducible order, not a secret)
    firsts = [_Ask(topic[0], "first", False) for topic in _TOPICS]
    later = [_Ask(p, "paraphrase", False) for topic in _TOPICS for p in topic[1:]]
    later += [_Ask(topic[0], "repeat", False) for topic in _TOPICS for _ in range(2)]
    later += [_Ask(q, "new", False) for q in _ONE_OFFS]
    rng.shuffle(later)
    asks = firsts + later
    return [_Ask(a.prompt, a.kind, stream=i % 4 == 3) for i, a in enumerate(asks)]


WORKLOAD = _workload()


def register(subparsers: Any) -> None:
    """Add the ``demo`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "demo",
        help="run a fake LLM behind the proxy and show what the cache saves",
    )
    parser.add_argument("--latency-ms", type=float, default=150.0, help="fake LLM latency")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    import openai

    from semcache import SemanticCache
    from semcache.testing import FakeUpstream

    from ._app import create_app
    from ._server import ServerThread
    from ._settings import Settings

    print("semcache demo: loading the embedding model ...", flush=True)
    fake = FakeUpstream(latency_ms=args.latency_ms)
    with SemanticCache(None) as cache, ServerThread(fake) as upstream:
        cache.embedder.embed(["warm-up"])
        app = create_app(Settings(upstream=upstream.url + "/v1"), cache=cache)
        with ServerThread(app) as proxy:
            client = openai.OpenAI(base_url=proxy.url + "/v1", api_key="sk-demo", max_retries=0)
            print(f"fake LLM on {upstream.url} ({args.latency_ms:.0f} ms), proxy on {proxy.url}")
            results = [_send(client, app, ask) for ask in WORKLOAD]
            client.close()
    _report(results, fake.completion_calls)
    return 0


def _send(client: Any, app: Any, ask: _Ask) -> tuple[_Ask, str, float, str]:
    started = time.perf_counter()
    messages = [{"role": "user", "content": ask.prompt}]
    raw = client.chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=messages, stream=ask.stream
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
    return ask, outcome, elapsed, answer


def _report(results: list[tuple[_Ask, str, float, str]], upstream_calls: int) -> None:
    outcomes = Counter(outcome for _, outcome, _, _ in results)
    latency: dict[str, list[float]] = defaultdict(list)
    for _, outcome, ms, _ in results:
        latency[outcome].append(ms)
    print(
        f"\n{len(results)} requests through the real openai SDK "
        f"({sum(a.stream for a, *_ in results)} streamed)"
    )
    for outcome in sorted(outcomes):
        p50 = statistics.median(latency[outcome])
        print(f"  {outcome:<14} {outcomes[outcome]:>4}   p50 {p50:8.1f} ms")
    by_kind = Counter((ask.kind, outcome.split("/")[0]) for ask, outcome, _, _ in results)
    print(
        "\nby request kind: " + ", ".join(f"{k}→{o}: {n}" for (k, o), n in sorted(by_kind.items()))
    )
    print(
        f"\nupstream calls: {upstream_calls} of {len(results)} requests "
        f"({len(results) - upstream_calls} saved, "
        f"{(len(results) - upstream_calls) / len(results):.0%})"
    )
    print("\nsome semantic hits (question → the cached answer it got):")
    shown = [(a, ans) for a, o, _, ans in results if o == "hit/semantic"][:5]
    for ask, answer in shown:
        print(f"  {ask.prompt!r}\n      → {answer!r}")
