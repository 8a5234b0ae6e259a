"""Context-aware follow-ups on shared/data/contextual_dev.jsonl (432 two-turn chats).

The file holds 432 chats, 283 distinct ones (chats repeat); the distinct
ones are used. Each chat's second user turn ("Which part is called the brain?") only makes sense
after its first turn. Keys come from the proxy's canonicalization
(semcache.wire.CHAT.key): the scope is a digest of the model and
every earlier message, the text is the last user turn.

Measured, with a real SemanticCache and the default verifier:
- cross: the follow-ups of the odd chats are cached; the even chats' follow-ups
  (as written, and paraphrased) are looked up in their own conversation. Every
  hit is a follow-up served across conversations (target: 0).
- same: each follow-up is cached, then a paraphrase of it is looked up in the
  same conversation (target: >= 70% served).
- unscoped: the cross test again with the conversation left out of the scope,
  to show what scoping prevents.

Paraphrases are templated rewrites made here (rewrite()), deterministic.
Run: python benchmarks/bench_contextual.py [--threshold T] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "contextual_dev.jsonl"
sys.path.insert(0, str(ROOT))

from semcache import DEFAULT_THRESHOLD, SemanticCache  # noqa: E402
from semcache.wire import CHAT  # noqa: E402

MODEL = "gpt-4o-mini"

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


def _key(chat: dict[str, Any], text: str, scoped: bool = True) -> tuple[str, str]:
    first = chat["turns"][0]
    earlier = [
        {"role": "user", "content": first["user"]},
        {"role": "assistant", "content": first["assistant"]},
    ]
    messages = (
        [*earlier, {"role": "user", "content": text}]
        if scoped
        else [{"role": "user", "content": text}]
    )
    key = CHAT.key({"model": MODEL, "messages": messages}, namespace="bench")
    return key.text, key.scope


def _cross(cache: SemanticCache, chats: list[dict[str, Any]], scoped: bool) -> dict[str, int]:
    for chat in chats[1::2]:
        text, scope = _key(chat, chat["turns"][1]["user"], scoped)
        cache.put(text, chat["turns"][1]["assistant"], namespace="bench", scope=scope)
    served = looked = 0
    for i, chat in enumerate(chats[::2]):
        for follow_up in (chat["turns"][1]["user"], rewrite(chat["turns"][1]["user"], i)):
            text, scope = _key(chat, follow_up, scoped)
            looked += 1
            served += cache.get(text, namespace="bench", scope=scope) is not None
    return {"lookups": looked, "served_across_conversations": served}


def _same(cache: SemanticCache, chats: list[dict[str, Any]]) -> dict[str, Any]:
    served, misses = 0, []
    for i, chat in enumerate(chats):
        original = chat["turns"][1]["user"]
        text, scope = _key(chat, original)
        cache.put(text, chat["turns"][1]["assistant"], namespace="same", scope=scope)
        paraphrase = rewrite(original, i)
        text, scope = _key(chat, paraphrase)
        if cache.get(text, namespace="same", scope=scope) is not None:
            served += 1
        else:
            misses.append([original, paraphrase])
    return {"lookups": len(chats), "served": served, "share": round(served / len(chats), 4),
            "missed_examples": misses[:5]}  # fmt: skip


def _distinct(chats: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One copy of each conversation: the file repeats some whole chats, and a hit
    between two copies is a hit within an equivalent conversation, not across."""
    seen: dict[str, dict[str, Any]] = {}
    for chat in chats:  # what a lookup sees: the earlier turns and the follow-up
        first, second = chat["turns"]
        seen.setdefault(json.dumps([first, second["user"]], sort_keys=True), chat)
    return list(seen.values())


def run(threshold: float = DEFAULT_THRESHOLD) -> dict[str, Any]:
    """The three measurements (see module doc) at ``threshold``."""
    chats = _distinct([json.loads(line) for line in DATA.open()])
    results: dict[str, Any] = {"threshold": threshold, "conversations": len(chats)}
    with SemanticCache(None, threshold=threshold) as cache:
        results["cross"] = _cross(cache, chats, scoped=True)
    with SemanticCache(None, threshold=threshold) as cache:
        results["same"] = _same(cache, chats)
    with SemanticCache(None, threshold=threshold) as cache:
        results["unscoped"] = _cross(cache, chats, scoped=False)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = run(args.threshold)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    cross, same, unscoped = results["cross"], results["same"], results["unscoped"]
    print(f"threshold {args.threshold}")
    print(f"across conversations: {cross['served_across_conversations']} of {cross['lookups']}")
    share = f"{same['served']} of {same['lookups']} ({same['share']:.1%})"
    print(f"same conversation, paraphrased: {share}")
    print(f"without conversation scope: {unscoped['served_across_conversations']} of "
          f"{unscoped['lookups']} would be served from another conversation")  # fmt: skip


if __name__ == "__main__":
    main()
