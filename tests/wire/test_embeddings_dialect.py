"""The embeddings dialect: exact keys and the compact stored form."""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import pytest

from semcache import InvalidRequestError
from semcache.wire import EMBEDDINGS


def answer(vector: Any) -> dict[str, Any]:
    data = [{"object": "embedding", "index": 0, "embedding": vector}]
    return {"object": "list", "model": "m", "data": data, "usage": {"total_tokens": 2}}


@pytest.mark.parametrize(
    "vector",
    [
        [float(np.float32(0.1)), -0.5, 3.0],  # float32 values written in full
        [0.1, -0.0123456789012345, 2.5],  # not float32 values: kept as float64
        [0.1, 0.2, 0.3],  # shortest float32 forms
        base64.b64encode(np.array([0.1, 0.2], dtype=np.float32).tobytes()).decode(),
    ],
)
def test_stored_form_replays_what_the_upstream_sent(vector: Any) -> None:
    """Packing and unpacking gives back the upstream's answer exactly."""
    packed = EMBEDDINGS.pack(answer(vector))
    assert "embedding" not in packed["vectors"][0]
    assert EMBEDDINGS.refresh(packed) == answer(vector)
    assert EMBEDDINGS.is_complete(packed)


def test_float32_bytes_are_smaller_than_json() -> None:
    """A 1536-dimension vector is stored in far fewer bytes than its JSON floats."""
    vector = [float(x) for x in np.random.default_rng(0).standard_normal(1536, dtype=np.float32)]
    packed = EMBEDDINGS.pack(answer(vector))
    assert len(packed["vectors"][0]["b64"]) < len(str(vector)) / 3


def test_key_covers_input_and_parameters() -> None:
    """Input, dimensions and encoding (absent = float) decide the key; tenant too."""
    base = {"model": "m", "input": ["a", "b"]}
    key = EMBEDDINGS.key(base, namespace="t")
    assert EMBEDDINGS.key({**base, "encoding_format": "float"}, namespace="t") == key
    assert EMBEDDINGS.key({**base, "encoding_format": "base64"}, namespace="t") != key
    assert EMBEDDINGS.key({**base, "dimensions": 8}, namespace="t") != key
    assert EMBEDDINGS.key({**base, "input": ["a", "c"]}, namespace="t").scope != key.scope
    assert EMBEDDINGS.key(base, namespace="u").namespace == "u"


def test_bad_input_names_the_field() -> None:
    """An input of the wrong shape raises, naming input."""
    with pytest.raises(InvalidRequestError, match="input must be a string"):
        EMBEDDINGS.key({"model": "m", "input": [1, "a"]}, namespace="t")
    with pytest.raises(InvalidRequestError, match="input must be a string"):
        EMBEDDINGS.key({"model": "m", "input": []}, namespace="t")


def test_incomplete_answer_is_not_stored() -> None:
    """An answer without vectors is not complete."""
    assert not EMBEDDINGS.is_complete({"object": "list", "data": []})
    assert not EMBEDDINGS.is_complete({"error": {"message": "x"}})
