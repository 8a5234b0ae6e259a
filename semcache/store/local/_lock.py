"""The lock file that makes one process the owner of a data directory."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from ..._errors import StoreError, StoreLockedError

__all__ = ["DirectoryLock"]

LOCK_NAME = "LOCK"


class DirectoryLock:
    """An exclusive ``flock`` on ``<directory>/LOCK``, holding the owner's pid.

    ``flock`` locks belong to an open file, so a second opener in the *same*
    process is refused as well, and the kernel drops the lock if the owner dies:
    a crashed process never leaves a stale lock behind.
    """

    def __init__(self, directory: Path, fd: int) -> None:
        self.directory = directory
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, directory: Path) -> DirectoryLock:
        """Create and lock ``directory``; StoreLockedError names the holder if taken."""
        try:
            directory.mkdir(parents=True, exist_ok=True)
            fd = os.open(directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot create the data directory {directory}: {exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            raise StoreLockedError(
                f"the data directory {directory} is in use by process {holder} "
                "(it holds LOCK); close the store that owns it, or give this one "
                "another directory"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return cls(directory, fd)

    def release(self) -> None:
        """Unlock; the file stays (deleting lock files races with new openers)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _read_pid(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text if text.isdigit() else "unknown"
