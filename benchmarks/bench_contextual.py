"""Follow-ups and conversations: exact vs substance matching of earlier turns, in one run.

Two data sets, each measured with ``context="exact"`` (every earlier turn in the
scope, byte for byte) and ``context="substance"`` (semcache.wire.context: the earlier
user turns compared in entities, numbers and intent), through the real chat dialect
(semcache.wire.CHAT.key) and a real SemanticCache with the default verifier:

1. shared/data/contextual_dev.jsonl (432 two-turn chats, 283 distinct; the second
   user turn only makes sense after the first):
   - cross: the follow-ups of the odd chats are cached; the even chats' follow-ups
     (as written, and paraphrased) are looked up in their own conversation. A hit
     between two chats listed in benchmarks/data/contextual_dev_equivalent.jsonl (the
     same question in the same sense, judged by reading: CONTEXTUAL_EQUIVALENT.md) is
     served within an equivalent conversation; every other hit is a follow-up served
     across conversations (target: 0).
   - same: each follow-up is cached, then a paraphrase of it is looked up in the
     same conversation (target: >= 80% served).
   - unscoped: the cross test with the conversation left out entirely, to show what
     scoping prevents.
   Paraphrases are templated rewrites made here (rewrite()), deterministic.
2. benchmarks/data/multiturn_dev.jsonl (conversation pairs with a ``kind``): for
   each pair, ``a`` is cached and ``b`` looked up in a namespace of its own.
   Targets: <= 3% of traps (label 0) served, >= 60% of should-hits served.
   ``--blind FILE`` measures the pairs of FILE instead (a blind set written by
   someone else, never tuned on: run it once, at the end).
   benchmarks/data/multiturn_blind.jsonl was measured so once and is dev data now.

Lookup latency (p50, p95, ms) and the texts the model embeds per lookup (the memo
answers the rest) are measured per mode; the added latency of substance matching is
the difference of the p50s on the same-conversation lookups of contextual_dev, where
every lookup embeds a new text in both modes (on the pairs, an exact-mode lookup often
finds its text in the memo: the cached final turn is the same).

Run: python benchmarks/bench_contextual.py [--threshold T] [--json] [--show-errors]
[--blind FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = (
    Path(os.environ.get("SEMCACHE_DATA", ROOT.parent / "shared" / "data")) / "contextual_dev.jsonl"
)
PAIRS = ROOT / "benchmarks" / "data" / "multiturn_dev.jsonl"
EQUIVALENT = ROOT / "benchmarks" / "data" / "contextual_dev_equivalent.jsonl"
sys.path.insert(0, str(ROOT))

from semcache import DEFAULT_THRESHOLD, Key, SemanticCache  # noqa: E402
from semcache.embed import default_embedder  # noqa: E402
from semcache.verify import conflict, difference  # noqa: E402
from semcache.wire import CHAT, ConversationKey  # noqa: E402

MODEL = "gpt-4o-mini"
MODES = ("exact", "substance")

# Word swaps a person rephrasing a question would make.
SYNONYMS = {
    "practical": "real-world", "applications": "uses", "famous": "well-known",
    "happens": "occurs", "role": "function", "purpose": "aim", "introduced": "first presented",
    "receive": "get", "important": "significant", "main": "principal", "explain": "describe",
    "example": "instance", "called": "named", "discovered": "found", "find": "see",
    "primary": "chief", "type": "kind", "types": "kinds", "used": "utilized",
    "causes": "leads to", "significance": "importance", "key": "main",
}  # fmt: skip

_LEADS = (
    (re.compile(r"^What is (.+)\?$"), "Can you tell me what {0} is?"),
    (re.compile(r"^What are (.+)\?$"), "Can you tell me what {0} are?"),
    (re.compile(r"^What was (.+)\?$"), "Do you know what {0} was?"),
    (re.compile(r"^(How many .+)\?$"), "Do you know {0}?"),
    (re.compile(r"^(Who .+)\?$"), "Do you know {0}?"),
)


def rewrite(question: str, index: int) -> str:
    """A templated paraphrase of ``question`` (varies with ``index``)."""
    text = " ".join(SYNONYMS.get(w, w) for w in question.split())
    if index % 2 == 0:
        for pattern, template in _LEADS:
            match = pattern.match(text)
            if match:
                return template.format(_lower_first(match.group(1)))
    return f"Could you tell me {_lower_first(text)}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _chat_key(messages: list[dict[str, str]], namespace: str) -> Key:
    return CHAT.key({"model": MODEL, "messages": messages}, namespace=namespace)


def _follow_up(chat: dict[str, Any], text: str, scoped: bool = True) -> list[dict[str, str]]:
    first = chat["turns"][0]
    earlier = [
        {"role": "user", "content": first["user"]},
        {"role": "assistant", "content": first["assistant"]},
    ]
    final = {"role": "user", "content": text}
    return [*earlier, final] if scoped else [final]


def _equivalent() -> set[frozenset[tuple[str, ...]]]:
    """The pairs of chats judged the same question in the same sense, each chat as its
    (first user turn, follow-up)."""
    rows = [json.loads(line) for line in EQUIVALENT.open() if line.strip()]
    return {frozenset((tuple(row["a"]), tuple(row["b"]))) for row in rows}


def _cross(cache: SemanticCache, chats: list[dict[str, Any]], scoped: bool) -> dict[str, Any]:
    """Follow-ups looked up in other chats; each hit is listed with the chat it came from,
    within an equivalent conversation (``served_equivalent``) or across, split by whether
    the lookup's final turn stood on its own or its history agreed, and counted in
    ``served_the_same_answer`` when the served answer is, word for word, the one the
    lookup's own chat got."""
    for chat in chats[1::2]:
        key = _chat_key(_follow_up(chat, chat["turns"][1]["user"], scoped), "bench")
        first, second = chat["turns"]
        cache.insert(key, [first["user"], second["user"], second["assistant"], first["assistant"]])
    equivalent = _equivalent()
    looked, served, within, same = 0, defaultdict(list), [], 0
    for i, chat in enumerate(chats[::2]):
        first, second = chat["turns"]
        for follow_up in (second["user"], rewrite(second["user"], i)):
            looked += 1
            key = _chat_key(_follow_up(chat, follow_up, scoped), "bench")
            hit = cache.lookup(key)
            if hit is None:
                continue
            talk = getattr(key, "conversation", None)
            how = "history_agreed" if talk is not None and talk.needs else "self_contained"
            listed = [
                first["user"], follow_up, *hit.response[:2], round(hit.similarity, 3),
                first["assistant"], hit.response[3], second["assistant"], hit.response[2],
            ]  # fmt: skip
            pair = frozenset(((first["user"], second["user"]), tuple(hit.response[:2])))
            (within if pair in equivalent else served[how]).append(listed)
            same += hit.response[2] == second["assistant"]
    return {"lookups": looked, "served_across_conversations": sum(map(len, served.values())),
            "served_within_equivalent": len(within), "served_the_same_answer": same,
            "served": dict(served), "served_equivalent": within}  # fmt: skip


def _same(cache: SemanticCache, chats: list[dict[str, Any]], model: _Counting) -> dict[str, Any]:
    """Paraphrased follow-ups in their own chat; every lookup embeds a new text in both
    modes, so their latencies compare what substance matching adds."""
    served, misses, latency, embedded = 0, [], [], []
    for i, chat in enumerate(chats):
        original = chat["turns"][1]["user"]
        cache.insert(_chat_key(_follow_up(chat, original), "same"), chat["turns"][1]["assistant"])
        paraphrase = rewrite(original, i)
        key = _chat_key(_follow_up(chat, paraphrase), "same")
        before, started = model.texts, time.perf_counter()
        hit = cache.lookup(key)
        latency.append((time.perf_counter() - started) * 1000)
        embedded.append(model.texts - before)
        if hit is not None:
            served += 1
        else:
            misses.append([original, paraphrase])
    p50, p95 = np.percentile(latency, [50, 95])
    return {"lookups": len(chats), "served": served, "share": round(served / len(chats), 4),
            "missed_examples": misses[:5],
            "lookup_ms": {"p50": round(float(p50), 3), "p95": round(float(p95), 3)},
            "texts_embedded_per_lookup": round(float(np.mean(embedded)), 3)}  # fmt: skip


def _distinct(chats: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One copy of each conversation: the file repeats some whole chats, and a hit
    between two copies is a hit within an equivalent conversation, not across."""
    seen: dict[str, dict[str, Any]] = {}
    for chat in chats:  # what a lookup sees: the earlier turns and the follow-up
        first, second = chat["turns"]
        seen.setdefault(json.dumps([first, second["user"]], sort_keys=True), chat)
    return list(seen.values())


def contextual(threshold: float, mode: str) -> dict[str, Any]:
    """The contextual_dev measurements (see module doc) in one context mode."""
    chats = _distinct([json.loads(line) for line in DATA.open()])
    results: dict[str, Any] = {"conversations": len(chats)}
    with SemanticCache(None, threshold=threshold, context=mode) as cache:
        results["cross"] = _cross(cache, chats, scoped=True)
    model = _Counting(default_embedder())
    with SemanticCache(None, threshold=threshold, context=mode, embedder=model) as cache:
        results["same"] = _same(cache, chats, model)
    with SemanticCache(None, threshold=threshold, context=mode) as cache:
        results["unscoped"] = _cross(cache, chats, scoped=False)
    return results


class _Counting:
    """The default model, counting the texts it embeds (what reaches the model: the
    cache's memo answers the rest)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.texts = 0

    def embed(self, texts: Any) -> Any:
        self.texts += len(texts)
        return self._inner.embed(texts)

    def embed_with_stats(self, texts: Any) -> Any:
        self.texts += len(texts)
        return self._inner.embed_with_stats(texts)

    def __getattr__(self, name: str) -> Any:  # dim, name, load, token_stats
        return getattr(self._inner, name)


def _as_messages(side: Any) -> list[dict[str, str]]:
    return [{"role": "user", "content": side}] if isinstance(side, str) else side


def _why(model: Any, a: list[dict[str, str]], b: list[dict[str, str]], namespace: str) -> str:
    """What tells two conversations apart, as the checks see them (public pieces only, so
    an approximation of ContextCheck): another substance scope (a system prompt, the
    model), the two histories' and final turns' cosines, and the first guard or
    alignment check that differs on each (None: none)."""
    keys = [_chat_key(side, namespace) for side in (b, a)]
    talks = [key.conversation if isinstance(key, ConversationKey) else None for key in keys]
    if any(talk is None for talk in talks):
        return "exact only (no substance view)" if keys[0].scope != keys[1].scope else ""
    ours, theirs = talks
    assert ours is not None and theirs is not None
    parts = ["another scope"] if ours.scope != theirs.scope else []
    parts.append(f"needs {ours.needs}/{theirs.needs}")
    compared = [("history", " ".join(ours.history), " ".join(theirs.history))]
    compared.append(("final", ours.final, theirs.final))
    for name, x, y in compared:
        if not x or not y:
            parts.append(f"{name}: on one side only" if x or y else f"{name}: none")
            continue
        vectors = model.embed([x, y])
        cosine = float(np.dot(vectors[0], vectors[1]))
        found = conflict(x, y) or difference(x, y, min(cosine, 0.9))
        parts.append(f"{name} {cosine:.2f} {found}")
    return "; ".join(parts)


def pairs(path: Path, threshold: float, mode: str, errors: bool = False) -> dict[str, Any]:
    """Traps and should-hits served, per kind, and lookup latency, in one context mode."""
    rows = [json.loads(line) for line in path.open() if line.strip()]
    served_by: dict[str, list[bool]] = defaultdict(list)
    served_label: dict[int, list[bool]] = defaultdict(list)
    latency, wrong, embedded = [], [], []
    model = _Counting(default_embedder())
    with SemanticCache(None, threshold=threshold, context=mode, embedder=model) as cache:
        for i, row in enumerate(rows):
            namespace = f"pair-{i}"
            cache.insert(_chat_key(_as_messages(row["a"]), namespace), "cached")
            key = _chat_key(_as_messages(row["b"]), namespace)
            before, started = model.texts, time.perf_counter()
            hit = cache.lookup(key)
            latency.append((time.perf_counter() - started) * 1000)
            embedded.append(model.texts - before)
            served_by[row.get("kind", "")].append(hit is not None)
            served_label[int(row["label"])].append(hit is not None)
            if errors and (hit is not None) != bool(row["label"]):
                a, b = _as_messages(row["a"]), _as_messages(row["b"])
                why = _why(model, a, b, namespace) if mode == "substance" else ""
                wrong.append(
                    {"kind": row.get("kind", ""), "label": row["label"], "a": a, "b": b, "why": why}
                )
    p50, p95 = np.percentile(latency, [50, 95])
    result: dict[str, Any] = {
        "pairs": len(rows),
        "traps": len(served_label[0]),
        "traps_served": round(float(np.mean(served_label[0])), 4) if served_label[0] else 0.0,
        "should_hit": len(served_label[1]),
        "should_hit_served": round(float(np.mean(served_label[1])), 4) if served_label[1] else 0.0,
        "served_by_kind": {k: round(float(np.mean(v)), 4) for k, v in sorted(served_by.items())},
        "lookup_ms": {"p50": round(float(p50), 3), "p95": round(float(p95), 3)},
        "texts_embedded_per_lookup": round(float(np.mean(embedded)), 3),
    }
    if errors:
        result["errors"] = wrong
    return result


def run(
    threshold: float = DEFAULT_THRESHOLD, *, blind: Path | None = None, errors: bool = False
) -> dict[str, Any]:
    """Every measurement in both modes; ``blind``: the pairs of that file instead of
    multiturn_dev's."""
    path = PAIRS if blind is None else blind
    results: dict[str, Any] = {"threshold": threshold, "pairs_file": path.name}
    for mode in MODES:
        results[mode] = {
            "contextual_dev": contextual(threshold, mode),
            "pairs": pairs(path, threshold, mode, errors=errors),
        }
    exact, substance = (results[m]["contextual_dev"]["same"]["lookup_ms"]["p50"] for m in MODES)
    results["added_lookup_ms_p50"] = round(substance - exact, 3)  # new texts in both modes
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--blind", type=Path, metavar="FILE", help="measure the pairs of FILE (a blind set: once)"
    )
    parser.add_argument("--show-errors", action="store_true", help="list the wrong pairs")
    args = parser.parse_args()
    results = run(args.threshold, blind=args.blind, errors=args.show_errors)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"threshold {args.threshold}; pairs: {results['pairs_file']}")
    for mode in MODES:
        ctx, got = results[mode]["contextual_dev"], results[mode]["pairs"]
        cross, same = ctx["cross"], ctx["same"]
        print(f"[{mode}]")
        print(f"  contextual_dev across conversations: {cross['served_across_conversations']} "
              f"of {cross['lookups']}, within an equivalent conversation "
              f"{cross['served_within_equivalent']} ({cross['served_the_same_answer']} of all "
              f"with the answer word for word that of the lookup's own chat)")  # fmt: skip
        groups = {
            **cross["served"],
            "within an equivalent conversation": cross["served_equivalent"],
        }
        for how, hits in groups.items():
            print(f"    {how}: {len(hits)}")
            for hit in hits if args.show_errors else ():
                print(f"      {hit[0]!r} -> {hit[1]!r} served the chat {hit[2]!r} -> {hit[3]!r} "
                      f"(similarity {hit[4]})")  # fmt: skip
                print(f"        first replies: {hit[5]!r} / {hit[6]!r}")
                print(f"        answers: own {hit[7]!r} / served {hit[8]!r}")
        print(f"  contextual_dev same conversation, paraphrased: {same['served']} of "
              f"{same['lookups']} ({same['share']:.1%}); lookup p50 {same['lookup_ms']['p50']} "
              f"ms, {same['texts_embedded_per_lookup']} texts embedded per lookup")  # fmt: skip
        print(f"  {results['pairs_file']}: traps served {got['traps_served']:.1%} of "
              f"{got['traps']}, should-hits served {got['should_hit_served']:.1%} of "
              f"{got['should_hit']}; lookup p50 {got['lookup_ms']['p50']} ms, "
              f"{got['texts_embedded_per_lookup']} texts embedded per lookup")  # fmt: skip
        for kind, share in got["served_by_kind"].items():
            print(f"    {kind}: {share:.1%}")
        for error in got.get("errors", []):
            print(f"    wrong ({error['kind']}, label {error['label']}): "
                  f"{[m['content'] for m in error['a'] if m['role'] == 'user']} -> "
                  f"{[m['content'] for m in error['b'] if m['role'] == 'user']}")  # fmt: skip
            systems = [[m["content"] for m in error[s] if m["role"] == "system"] for s in "ab"]
            if any(systems):
                print(f"      system: {systems[0]} -> {systems[1]}")
            if error.get("why"):
                print(f"      why: {error['why']}")
    print(f"added lookup latency (substance - exact, p50, contextual_dev same-conversation "
          f"lookups): {results['added_lookup_ms_p50']} ms")  # fmt: skip


if __name__ == "__main__":
    main()
