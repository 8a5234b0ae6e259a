"""``POST /v1/embeddings``: an exact cache of embedding vectors.

Embeddings are only ever served for exactly the same request: the scope holds the
model, the whole ``input`` (a string, a list of strings, token arrays) and every
other parameter (``dimensions``, ``encoding_format`` — absent means ``float`` — and
any unknown one), so a bucket holds one answer, and the text is a fixed label per
model (embedded once, then remembered). No other request can reach that bucket.

Vectors are stored compactly: the float32 bytes as base64, not JSON floats (about a
quarter of the size). A hit is replayed in the encoding that was asked for: the
same base64 text for ``base64``; for ``float``, numbers that parse to the values the
upstream sent (float32 values written either way round-trip exactly; values that
are not float32 are kept as float64).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from .._errors import InvalidRequestError
from .._records import Key
from ._body import describe, digest, split_body

__all__ = ["EMBEDDINGS", "Embeddings"]

#: Version of the stored form; entries of another version are not served.
_FORMAT = 1


class Embeddings:
    """The embeddings dialect (a :class:`~semcache.wire.Dialect` without streams)."""

    name = "embeddings"
    typed_events = False

    def key(self, body: Mapping[str, Any], *, namespace: str) -> Key:
        """The exact key: everything in the scope, a per-model label as the text."""
        model, params = split_body(body, "input")
        given = body.get("input")
        _check_input(given)
        params.setdefault("encoding_format", "float")
        scope = {"endpoint": "embeddings", "model": model, "params": params, "input": given}
        return Key(namespace, digest(scope), f"embeddings of {model}")

    def bypass_reason(
        self, body: Mapping[str, Any], *, cache_sampled_n: bool = False
    ) -> str | None:
        """Never: every valid embeddings request is cacheable."""
        split_body(body, "input")
        _check_input(body.get("input"))
        return None

    def is_complete(self, response: object, *, allow_length: bool = True) -> bool:
        """An upstream answer (or its stored form) with one vector per index."""
        if isinstance(response, Mapping) and response.get("format") == _FORMAT:
            return isinstance(response.get("vectors"), list) and bool(response["vectors"])
        return _vectors_of(response) is not None

    def assemble(self, chunks: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
        """Embeddings are never streamed."""
        raise InvalidRequestError("embeddings are not streamed")

    def replay(
        self, response: Mapping[str, Any], *, include_usage: bool = False
    ) -> list[dict[str, Any]]:
        """Embeddings are never streamed: the answer is one event."""
        return [self.refresh(response)]

    def refresh(self, response: Mapping[str, Any]) -> dict[str, Any]:
        """The answer as the API returns it (a stored form is unpacked)."""
        if response.get("format") != _FORMAT:
            return dict(response)
        head = dict(response.get("head") or {})
        data = [_unpack(item) for item in response["vectors"]]
        return {**head, "data": data}

    def pack(self, response: Mapping[str, Any]) -> dict[str, Any]:
        """The stored form of a complete upstream answer: vectors as base64 bytes."""
        if response.get("format") == _FORMAT:
            return dict(response)
        vectors = _vectors_of(response)
        if vectors is None:
            raise InvalidRequestError("not a complete embeddings answer; nothing to store")
        head = {k: v for k, v in response.items() if k != "data"}
        return {"format": _FORMAT, "head": head, "vectors": [_pack(item) for item in vectors]}


EMBEDDINGS = Embeddings()


def _check_input(given: object) -> None:
    """A string, a list of strings, a list of token ids, or a list of token lists."""
    if isinstance(given, str):
        return
    ok = isinstance(given, list) and bool(given)
    if ok and isinstance(given, list):
        ok = (
            all(isinstance(item, str) for item in given)
            or all(_is_token(item) for item in given)
            or all(isinstance(item, list) and all(map(_is_token, item)) for item in given)
        )
    if not ok:
        raise InvalidRequestError(
            "input must be a string, a list of strings, a list of token ids or a list of "
            f"token lists; got {describe(given)}"
        )


def _is_token(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _vectors_of(response: object) -> list[Mapping[str, Any]] | None:
    data = response.get("data") if isinstance(response, Mapping) else None
    if not isinstance(data, list) or not data:
        return None
    for item in data:
        vector = item.get("embedding") if isinstance(item, Mapping) else None
        if not (isinstance(vector, str) or (isinstance(vector, list) and vector)):
            return None
    return data


def _pack(item: Mapping[str, Any]) -> dict[str, Any]:
    rest = {k: v for k, v in item.items() if k != "embedding"}
    vector = item["embedding"]
    if isinstance(vector, str):  # base64 already: the upstream's own bytes, kept as sent
        return {**rest, "dtype": "base64", "b64": vector}
    wide = np.asarray(vector, dtype=np.float64)
    narrow = wide.astype(np.float32)
    if np.array_equal(narrow.astype(np.float64), wide):
        dtype, data = "f4", narrow.tobytes()  # float32 values written in full
    elif [float(str(x)) for x in narrow] == vector:
        dtype, data = "f4s", narrow.tobytes()  # float32 values in their shortest form
    else:
        dtype, data = "f8", wide.tobytes()  # not float32: keep every bit
    return {**rest, "dtype": dtype, "b64": base64.b64encode(data).decode("ascii")}


def _unpack(item: Mapping[str, Any]) -> dict[str, Any]:
    rest = {k: v for k, v in item.items() if k not in ("dtype", "b64")}
    dtype, text = item["dtype"], item["b64"]
    if dtype == "base64":
        return {**rest, "embedding": text}
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise InvalidRequestError(f"stored embedding is not base64: {exc}") from exc
    if dtype == "f8":
        values = np.frombuffer(raw, dtype=np.float64).tolist()
    elif dtype == "f4s":
        values = [float(str(x)) for x in np.frombuffer(raw, dtype=np.float32)]
    else:
        values = np.frombuffer(raw, dtype=np.float32).astype(np.float64).tolist()
    return {**rest, "embedding": values}
