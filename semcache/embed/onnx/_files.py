"""An OnnxEmbedder's files: paths checked, the model's sha256 pinned, the tokenizer loaded.

Paths are checked when the embedder is made; the files are read on first use
(tokenizers is imported only then, never at import time).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..._errors import ConfigError, EmbeddingError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

__all__ = ["existing_file", "load_tokenizer", "sha256_setting", "verify_sha256"]

_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def existing_file(path: str | os.PathLike[str], setting: str) -> Path:
    resolved = Path(path)
    if not resolved.is_file():
        raise ConfigError(f"{setting} must be an existing file; got {str(resolved)!r}")
    return resolved


def sha256_setting(value: str) -> str:
    if not isinstance(value, str) or not _SHA256_HEX.fullmatch(value.lower()):
        raise ConfigError(f"sha256 must be 64 hex digits; got {value!r}")
    return value.lower()


def verify_sha256(path: Path, expected: str, *, fix: str) -> None:
    try:
        info = path.stat()
        actual = _file_sha256(str(path.resolve()), info.st_size, info.st_mtime_ns)
    except OSError as exc:
        raise EmbeddingError(f"cannot read model file {str(path)!r}: {exc}") from exc
    if actual != expected:
        raise EmbeddingError(
            f"model file {str(path)!r} has sha256 {actual}, expected {expected}: "
            f"it is damaged or not the pinned model; {fix}"
        )


@functools.lru_cache(maxsize=32)
def _file_sha256(path: str, size: int, mtime_ns: int) -> str:
    # Keyed by size and mtime as well as path, so a replaced file is hashed again,
    # while creating many embedders of one file hashes its 23 MB only once.
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_tokenizer(path: Path, max_length: int) -> Tokenizer:
    try:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(path))
        tokenizer.no_padding()  # padding happens per batch, to the longest member
        tokenizer.enable_truncation(max_length)
    except Exception as exc:  # tokenizers raises plain Exception on a bad file
        raise EmbeddingError(f"cannot load tokenizer {str(path)!r}: {exc}") from exc
    return tokenizer
