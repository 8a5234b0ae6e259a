"""How the Milvus store calls pymilvus: errors translated, outages made cheap.

Every call goes through a :class:`Breaker`, a circuit breaker. It turns pymilvus
and gRPC errors into StoreError (``raise ... from``). When a call fails for a
reason that is not the request's fault (server down, timeout, overload), the breaker remembers it
and, for ``retry_after`` seconds, fails every call at once instead of letting
each one wait for a timeout and log a traceback: a lookup during an outage
costs microseconds, and one call per ``retry_after`` probes for the recovery.
(pymilvus reconnects the channel by itself once the server answers again.)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Final, TypeVar

from ..._errors import InvalidRequestError, StoreError

__all__ = ["WRITE_TRIES", "Breaker"]

T = TypeVar("T")

#: Attempts of one write before it is given up.
WRITE_TRIES: Final = 3
_BACKOFF: Final = (0.1, 0.4)  # seconds before the 2nd and the 3rd attempt
_NOT_LOADED = 101  # Milvus's "collection not loaded" (e.g. after a server restart)


class Breaker:
    """Runs pymilvus calls for one store; a circuit breaker. Thread-safe.

    ``where`` names the server in messages (never with its token); ``reload``
    loads the collection again when the server says it is not loaded.
    """

    def __init__(self, where: str, *, retry_after: float, reload: Callable[[], object]) -> None:
        self._where = where
        self._retry_after = retry_after
        self._reload = reload
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._last_error = ""

    def read(self, action: str, call: Callable[[], T]) -> T:
        """One attempt; StoreError at once while the server is known to be down."""
        self._check_up(action)
        return self._attempt(action, call)

    def write(self, action: str, call: Callable[[], T]) -> T:
        """Up to WRITE_TRIES attempts with backoff; the last error is raised."""
        self._check_up(action)
        for attempt in range(WRITE_TRIES):
            try:
                return self._attempt(action, call)
            except _Transient:
                if attempt == WRITE_TRIES - 1:
                    raise
                time.sleep(_BACKOFF[attempt])
        raise AssertionError("unreachable")  # pragma: no cover

    @property
    def down(self) -> bool:
        """Whether calls currently fail fast."""
        return time.monotonic() < self._down_until

    def _check_up(self, action: str) -> None:
        left = self._down_until - time.monotonic()
        if left > 0:
            raise StoreError(
                f"Milvus {action} skipped: {self._where} is unreachable ({self._last_error}); "
                f"next try in {left:.1f} s"
            )

    def _attempt(self, action: str, call: Callable[[], T]) -> T:
        try:
            try:
                result = call()
            except Exception as exc:
                if _code(exc) != _NOT_LOADED:
                    raise
                self._reload()
                result = call()
        except (StoreError, InvalidRequestError):
            raise
        except Exception as exc:
            raise self._translate(action, exc) from exc
        self._down_until = 0.0
        return result

    def _translate(self, action: str, exc: Exception) -> StoreError:
        message = f"Milvus {action} failed on {self._where}: {_message(exc)}"
        if _is_input_error(exc):
            return StoreError(message)
        with self._lock:
            self._down_until = time.monotonic() + self._retry_after
            self._last_error = _message(exc)
        return _Transient(message)


class _Transient(StoreError):
    """A failure of the server or the network (not of the request): worth a retry."""


def _code(exc: Exception) -> object:
    return getattr(exc, "code", None)


def _is_input_error(exc: Exception) -> bool:
    from pymilvus.exceptions import DataTypeNotMatchException, ParamError

    if isinstance(exc, (ParamError, DataTypeNotMatchException)):
        return True
    return bool(getattr(exc, "is_input_error", False))


def _message(exc: Exception) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())[:300]
