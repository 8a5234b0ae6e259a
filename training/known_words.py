"""Build semcache/verify/data/words.txt: the words the default model's tokenizer knows whole.

A typo is read as the word it misspells only when one of the two is no word
(semcache.verify._align.typo). WordNet's relations (wordnet.txt) hold too few words
to tell: "query" and "write" have no synonym there. The WordPiece vocabulary of
all-MiniLM-L6-v2 (semcache/embed/data/tokenizer.json, Apache 2.0) keeps ~20,000
common English words as single tokens and splits a misspelling ("qeury" -> "q",
"##eur", "##y"), so its whole alphabetic tokens of two letters or more are the list.

Run: python training/known_words.py
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "semcache" / "embed" / "data" / "tokenizer.json"
TARGET = ROOT / "semcache" / "verify" / "data" / "words.txt"
HEADER = (
    "# Words the WordPiece vocabulary of all-MiniLM-L6-v2 keeps whole (alphabetic, 2+\n"
    "# letters), built by training/known_words.py from semcache/embed/data/tokenizer.json\n"
    "# (sentence-transformers/all-MiniLM-L6-v2, Apache License 2.0; vocabulary by the\n"
    "# Google BERT authors). One word a line.\n"
)


def tokenizer_words() -> list[str]:
    """The tokenizer's whole alphabetic ASCII words of two letters or more, sorted."""
    vocab = json.loads(SOURCE.read_text(encoding="utf-8"))["model"]["vocab"]
    return sorted(w for w in vocab if len(w) >= 2 and w.isascii() and w.isalpha())


def main() -> None:
    words = tokenizer_words()
    TARGET.write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
