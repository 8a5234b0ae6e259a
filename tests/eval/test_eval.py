"""semcache eval: text and JSON reports, input formats, errors, equivalence of paths."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from semcache._cli import main
from semcache.embed import OnnxEmbedder, default_embedder
from semcache.eval import read_pairs, score_fast, score_through_cache, summarize
from semcache.verify import default_verifier

TINY = Path(__file__).parent / "data" / "tiny.jsonl"
HARD = Path(__file__).parents[2] / "training" / "data" / "hard_dev.jsonl"


@pytest.fixture(scope="module")
def model() -> OnnxEmbedder:
    return default_embedder()


def test_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    """The text report shows precision, recall, hits and per-kind shares."""
    assert main(["eval", str(TINY), "--threshold", "0.8"]) == 0
    out = capsys.readouterr().out
    assert "precision    1.0000" in out
    assert "hits         3 (false hits 0" in out
    assert "served       paraphrase: 100.0%" in out


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints one JSON object with the counts."""
    assert main(["eval", str(TINY), "--json", "--threshold", "0.8"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["pairs"], report["positives"], report["hits"]) == (6, 3, 3)
    assert report["served_by_kind"]["opposite"] == 0.0


def test_cosine_verifier_serves_look_alikes(capsys: pytest.CaptureFixture[str]) -> None:
    """--verifier cosine is the baseline that serves look-alikes."""
    assert main(["eval", str(TINY), "--json", "--threshold", "0.8", "--verifier", "cosine"]) == 0
    assert json.loads(capsys.readouterr().out)["false_hits"] >= 2


def test_curve_sweeps_thresholds(capsys: pytest.CaptureFixture[str]) -> None:
    """--curve adds a row per threshold, recall never rising with it."""
    assert main(["eval", str(TINY), "--json", "--curve"]) == 0
    curve = json.loads(capsys.readouterr().out)["curve"]
    recalls = [row["recall"] for row in curve]
    assert len(curve) == 51 and recalls == sorted(recalls, reverse=True)


def test_min_precision_sets_the_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    """--min-precision reports at the mapped threshold."""
    assert main(["eval", str(TINY), "--json", "--min-precision", "0.9"]) == 0
    assert json.loads(capsys.readouterr().out)["threshold"] >= 0.9


def test_gzip_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A gzipped pairs file gives the same report."""
    path = tmp_path / "tiny.jsonl.gz"
    path.write_bytes(gzip.compress(TINY.read_bytes()))
    assert main(["eval", str(path), "--json", "--threshold", "0.8"]) == 0
    assert json.loads(capsys.readouterr().out)["hits"] == 3


def test_gptcache_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """GPTCache's {"origin", "similar"} list is read, every pair should hit."""
    path = tmp_path / "mock.json"
    rows = [
        {"origin": "What is the capital of France?", "similar": "Which city is France's capital?"}
    ]
    path.write_text(json.dumps(rows))
    assert main(["eval", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["positives"] == 1


def test_bad_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A malformed file exits 2 with a message naming the line."""
    path = tmp_path / "bad.jsonl"
    shutil.copy(TINY, path)
    with path.open("a") as f:
        f.write("not json\n")
    assert main(["eval", str(path)]) == 2
    assert "bad.jsonl:7: not valid JSON" in capsys.readouterr().err


def test_fast_path_equals_the_cache_path(model: OnnxEmbedder) -> None:
    """Batch embedding + verifier serves exactly what SemanticCache serves."""
    pairs = read_pairs(HARD)[::3] + read_pairs(TINY)
    verifier = default_verifier(model)
    fast = score_fast(pairs, model, verifier)
    real = score_through_cache(pairs, model, verifier)
    assert np.array_equal(np.isfinite(fast.served), np.isfinite(real.served))
    both = np.isfinite(fast.served)
    assert np.allclose(fast.served[both], real.served[both], atol=1e-4)
    for threshold in (0.7, 0.8, 0.9):
        assert summarize(fast, threshold) == summarize(real, threshold)
