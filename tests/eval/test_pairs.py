"""Reading labelled pairs: JSON lines, gzip, GPTCache lists, clear errors."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from semcache._errors import InvalidRequestError
from semcache.eval import Pair, read_pairs


def _write(path: Path, rows: Sequence[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_json_lines_are_read(tmp_path: Path) -> None:
    """Each line is one pair; kind is kept."""
    path = _write(tmp_path / "p.jsonl", [{"a": "x", "b": "y", "label": 1, "kind": "k"}])
    assert read_pairs(path) == [Pair("x", "y", 1, "k")]


def test_gzip_is_detected_by_content(tmp_path: Path) -> None:
    """A gzipped file is read whatever its name."""
    path = tmp_path / "p.data"
    path.write_bytes(gzip.compress(b'{"a": "x", "b": "y", "label": 0}\n'))
    assert read_pairs(path) == [Pair("x", "y", 0)]


def test_gptcache_list_is_all_positive(tmp_path: Path) -> None:
    """GPTCache's {"origin", "similar"} list reads as label-1 pairs."""
    path = tmp_path / "g.json"
    path.write_text(json.dumps([{"origin": "x", "similar": "y"}]))
    assert read_pairs(path) == [Pair("x", "y", 1)]


def test_limit_keeps_the_first_pairs(tmp_path: Path) -> None:
    """--limit N reads the first N pairs."""
    rows = [{"a": str(i), "b": "y", "label": 1} for i in range(5)]
    assert [p.a for p in read_pairs(_write(tmp_path / "p.jsonl", rows), limit=2)] == ["0", "1"]


def test_bad_json_names_the_line(tmp_path: Path) -> None:
    """A broken line is reported with its number."""
    path = tmp_path / "p.jsonl"
    path.write_text('{"a": "x", "b": "y", "label": 1}\n{"a": \n')
    with pytest.raises(InvalidRequestError, match=r"p\.jsonl:2: not valid JSON"):
        read_pairs(path)


def test_missing_fields_are_named(tmp_path: Path) -> None:
    """An object without a, b and label says what it expected."""
    path = _write(tmp_path / "p.jsonl", [{"a": "x"}])
    with pytest.raises(InvalidRequestError, match='expected an object with "a", "b" and "label"'):
        read_pairs(path)


def test_bad_label_is_named(tmp_path: Path) -> None:
    """Labels must be 0 or 1."""
    path = _write(tmp_path / "p.jsonl", [{"a": "x", "b": "y", "label": 2}])
    with pytest.raises(InvalidRequestError, match='"label" must be 0 or 1'):
        read_pairs(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    """A wrong path says so."""
    with pytest.raises(InvalidRequestError, match="no such file"):
        read_pairs(tmp_path / "nope.jsonl")


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    """A file with no pairs is refused."""
    path = tmp_path / "p.jsonl"
    path.write_text("\n")
    with pytest.raises(InvalidRequestError, match="no pairs found"):
        read_pairs(path)


def test_conversations_are_read_as_last_message_and_context(tmp_path: Path) -> None:
    """A list of messages is its last user message, the earlier ones its context."""
    earlier = [
        {"role": "user", "content": "Tell me about Mars"},
        {"role": "assistant", "content": "A planet."},
    ]
    row = {
        "a": [*earlier, {"role": "user", "content": "How far is it?"}],
        "b": "How far is it?",
        "label": 0,
    }
    (pair,) = read_pairs(_write(tmp_path / "c.jsonl", [row]))
    assert (pair.a, pair.b) == ("How far is it?", "How far is it?")
    assert "Tell me about Mars" in pair.context_a and pair.context_b == ""


def test_a_conversation_must_end_with_a_user_message(tmp_path: Path) -> None:
    """A conversation ending with the assistant names the role it ends with."""
    row = {"a": [{"role": "assistant", "content": "hi"}], "b": "hi", "label": 1}
    with pytest.raises(InvalidRequestError, match=r"must end with a user message.*'assistant'"):
        read_pairs(_write(tmp_path / "c.jsonl", [row]))


def test_a_malformed_message_is_named(tmp_path: Path) -> None:
    """Messages without role and content strings are refused, naming the value."""
    row = {"a": [{"role": "user"}], "b": "hi", "label": 1}
    with pytest.raises(InvalidRequestError, match=r'lists of \{"role", "content"\} messages'):
        read_pairs(_write(tmp_path / "c.jsonl", [row]))
