"""Index files of the local store: one hnswlib graph per big bucket.

``<bucket>.hnsw`` is hnswlib's own file; ``<bucket>.json`` (the sidecar) records
what it must contain: dimension, element count, size and CRC-32 of the file, the
largest label, the build parameters and the labels that were marked deleted when
it was saved. Both are written to a temporary name and moved into place with
``os.replace``, the graph first: a crash between the two leaves a sidecar that no
longer matches, which reads as "rebuild", never as a wrong index.

The CRC guards hnswlib, which trusts its input: a file of the right size with a
damaged body could otherwise be loaded and crash the process on the first search.
It detects accidents (torn writes, bad disks), not tampering; the data directory
is trusted like the SQLite file next to it.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hnswlib
import numpy as np
import numpy.typing as npt

__all__ = ["IndexFiles", "Written"]

FORMAT = 1
_log = logging.getLogger("semcache.store")

Labels = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Written:
    """A graph written to a temporary file, with the sidecar that describes it."""

    bucket: str
    tmp: Path
    meta: dict[str, Any]


class IndexFiles:
    """Saves and loads the graphs of one data directory's big buckets."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def _paths(self, bucket: str) -> tuple[Path, Path]:
        return self.directory / f"{bucket}.hnsw", self.directory / f"{bucket}.json"

    def save(self, bucket: str, index: hnswlib.Index, deleted: Labels) -> None:
        """Write the graph and its sidecar atomically (each file)."""
        self.clean_up(self.commit(self.write(bucket, index, deleted)))

    def write(self, bucket: str, index: hnswlib.Index, deleted: Labels) -> Written:
        """The slow half of ``save``: write the graph to a temporary file and
        describe it. Needs only that ``index`` does not change meanwhile."""
        graph, _ = self._paths(bucket)
        tmp = _spare(graph, "tmp")
        index.save_index(str(tmp))
        size, crc = _checksum(tmp)
        ids = np.asarray(index.get_ids_list(), dtype=np.int64)
        meta = {
            "format": FORMAT,
            "dim": int(index.dim),
            "space": "ip",
            "M": int(index.M),
            "ef_construction": int(index.ef_construction),
            "element_count": int(index.element_count),
            "max_label": int(ids.max()) if ids.size else 0,
            "size": size,
            "crc32": crc,
            "deleted": base64.b64encode(deleted.astype("<i8").tobytes()).decode("ascii"),
        }
        return Written(bucket, tmp, meta)

    def commit(self, written: Written) -> Path | None:
        """Move a written graph into place, then its sidecar. The graph it replaces
        is kept under another name, returned for ``clean_up``: freeing a big file's
        blocks takes long enough (~0.7 s for 1 GB) to be worth doing later."""
        graph, sidecar = self._paths(written.bucket)
        old = _spare(graph, "old")
        try:
            os.link(graph, old)
            kept: Path | None = old
        except FileNotFoundError:  # the first save
            kept = None
        os.replace(written.tmp, graph)
        _write_atomic(sidecar, json.dumps(written.meta).encode("utf-8"))
        return kept

    def discard(self, written: Written) -> None:
        """Forget a written graph that went stale before it was committed."""
        self.clean_up(written.tmp)

    def clean_up(self, replaced: Path | None) -> None:
        """Delete a file ``commit`` replaced or ``write`` left."""
        if replaced is not None:
            replaced.unlink(missing_ok=True)

    def load(self, bucket: str, dim: int) -> tuple[hnswlib.Index, Labels] | None:
        """The saved graph and its deleted labels, or None (logged) if unusable."""
        graph, sidecar = self._paths(bucket)
        if not graph.exists():
            _log.warning("semcache: index file %s is missing; rebuilding it", graph)
            return None
        try:
            meta = json.loads(sidecar.read_bytes())
            index = _load_checked(graph, meta, dim)
            deleted = np.frombuffer(base64.b64decode(meta["deleted"]), dtype="<i8")
        except (OSError, ValueError, KeyError, TypeError, RuntimeError, MemoryError) as exc:
            _log.warning("semcache: index file %s is unusable (%s); rebuilding it", graph, exc)
            return None
        return index, deleted.astype(np.int64)

    def size(self) -> int:
        """Bytes of every file in the directory (graphs, sidecars, leftovers)."""
        total = 0
        with os.scandir(self.directory) as found:
            for item in found:
                try:
                    total += item.stat().st_size if item.is_file() else 0
                except FileNotFoundError:  # removed meanwhile
                    continue
        return total

    def remove(self, bucket: str) -> None:
        for path in self._paths(bucket):
            path.unlink(missing_ok=True)

    def prune(self, keep: set[str]) -> None:
        """Delete the files of buckets that no longer have a graph, and what a
        save cut short left behind."""
        for path in self.directory.iterdir():
            if path.name.split(".", 1)[0] not in keep or path.suffix in (".tmp", ".old"):
                path.unlink(missing_ok=True)


def _load_checked(graph: Path, meta: dict[str, Any], dim: int) -> hnswlib.Index:
    if meta.get("format") != FORMAT or meta.get("dim") != dim or meta.get("space") != "ip":
        raise ValueError(f"sidecar describes another index: {meta.get('format')=}")
    size, crc = _checksum(graph)
    if (size, crc) != (meta["size"], meta["crc32"]):
        raise ValueError(
            f"file is {size} bytes with CRC {crc}, the sidecar says "
            f"{meta['size']} bytes with CRC {meta['crc32']}"
        )
    index = hnswlib.Index(space="ip", dim=dim)
    index.load_index(str(graph), allow_replace_deleted=True)
    if index.element_count != meta["element_count"]:
        raise ValueError(f"{index.element_count} elements, sidecar says {meta['element_count']}")
    return index


def _spare(graph: Path, kind: str) -> Path:
    """A name of its own beside ``graph``, for a file being written or replaced:
    one save's clean-up never touches another's files."""
    return graph.with_name(f"{graph.name}.{secrets.token_hex(4)}.{kind}")


def _checksum(path: Path) -> tuple[int, int]:
    crc, size = 0, 0
    with path.open("rb") as file:
        while chunk := file.read(1 << 24):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
    return size, crc


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
