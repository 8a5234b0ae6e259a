"""Build the training pairs of the learned scorer: training/data/train_pairs.jsonl.

Provenance (all redistributable; no QQP text is used, see training/README.md):
- "gptcache": even-numbered pairs of shared/data/paraphrase_pairs_gptcache.json
  (MIT, GPTCache) as positives; negatives mined from the same half: each
  origin with the closest *other* pair's paraphrase (a different statement).
- "contextual": shared/data/contextual_dev.jsonl (MIT, MeanCache): the two user
  turns of one conversation (related, but different questions) as negatives.
- "template": pairs generated here from hand-written templates (ours, MIT).
- "hard": training/data/hard_dev.jsonl (ours). hard_heldout.jsonl is never used.

Deterministic: fixed seed, sorted inputs. Run: python training/build_pairs.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from _data import ROOT, contextual, embed, gptcache, read_pairs

from semcache._keys import normalize_text

OUT = ROOT / "training" / "data" / "train_pairs.jsonl"
SEED = 7

TASKS = """reverse a list in Python|bake sourdough bread|learn to play the guitar
|fix a flat bike tire|improve my credit score|write a cover letter|train for a marathon
|grow tomatoes on a balcony
|set up a home network|clean a cast iron pan|negotiate a higher salary|study for a math exam
|start a vegetable garden|make cold brew coffee|back up my photos|speed up my laptop
|learn a new language|prepare for a job interview|meditate every day|save money on groceries
|write unit tests for my code|paint a room|get better sleep|make friends in a new city
|read more books|build a website|care for a puppy|stop procrastinating|cook rice|file my taxes
|plan a wedding|learn calculus|change a car battery|remove a stain from a shirt
|write a business plan|get rid of ants|become a data scientist|lower my cholesterol""".replace(
    "\n", ""
).split("|")

ASK = [
    "How do I {t}?",
    "How can I {t}?",
    "What's the best way to {t}?",
    "What is a good way to {t}?",
    "Can you tell me how to {t}?",
    "Explain how to {t}.",
    "I want to {t}. How should I go about it?",
    "Any tips on how to {t}?",
    "What steps should I take to {t}?",
    "how to {t}",
]

QUALIFIERS = [
    " quickly", " at home", " for beginners", " on a budget", " in one week", " as a student",
    " with kids", " in winter", " without spending money", " step by step for my grandmother",
    " for a large team", " in an apartment", " in under 10 minutes", " as a senior",
]  # fmt: skip

FACTS = ["capital", "population", "currency", "official language", "national dish", "climate"]
PLACES = ["France", "Japan", "Brazil", "Kenya", "Canada", "India", "Norway", "Peru", "Egypt"]


def template_pairs(rng: random.Random) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for task in TASKS:
        a, b = rng.sample(ASK, 2)
        out.append(_pair(a.format(t=task), b.format(t=task), 1, "template"))
        q = rng.choice(QUALIFIERS)
        c, d = rng.sample(ASK, 2)
        out.append(_pair(c.format(t=task), d.format(t=task + q), 0, "template"))
        other = rng.choice([t for t in TASKS if t != task])
        out.append(_pair(c.format(t=task), c.format(t=other), 0, "template"))
    for place in PLACES:
        f1, f2 = rng.sample(FACTS, 2)
        out.append(_pair(f"What is the {f1} of {place}?", f"What's {place}'s {f1}?", 1, "template"))
        out.append(
            _pair(f"What is the {f1} of {place}?", f"Tell me the {f1} of {place}", 1, "template")
        )
        out.append(
            _pair(f"What is the {f1} of {place}?", f"What is the {f2} of {place}?", 0, "template")
        )
    return out


def gptcache_pairs(rng: random.Random) -> list[dict[str, object]]:
    pairs = gptcache()[::2]
    out = [_pair(p.a, p.b, 1, "gptcache") for p in pairs]
    origins = embed([p.a for p in pairs], "gptcache")
    similars = embed([p.b for p in pairs], "gptcache")
    sims = origins @ similars.T
    for i, p in enumerate(pairs):
        for j in np.argsort(-sims[i])[:3]:
            if normalize_text(pairs[j].a) != normalize_text(p.a) and j != i:
                out.append(_pair(p.a, pairs[j].b, 0, "gptcache"))
                break
    return out


def contextual_pairs() -> list[dict[str, object]]:
    out = []
    for conv in contextual():
        first, second = conv["turns"][0]["user"], conv["turns"][1]["user"]
        out.append(_pair(first, second, 0, "contextual"))
    return out


def hard_pairs() -> list[dict[str, object]]:
    path = ROOT / "training" / "data" / "hard_dev.jsonl"
    return [_pair(p.a, p.b, p.label, "hard") for p in read_pairs(path)]


def _pair(a: str, b: str, label: int, source: str) -> dict[str, object]:
    return {"a": a, "b": b, "label": label, "source": source}


def main() -> None:
    rng = random.Random(SEED)  # noqa: S311 (reproducible data, not secrets)
    rows = template_pairs(rng) + gptcache_pairs(rng) + contextual_pairs() + hard_pairs()
    with OUT.open("w") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} pairs to {OUT}")


if __name__ == "__main__":
    main()
