"""The stream objects a streamed drop-in call returns, sync and async."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["AsyncCachedStream", "CachedStream"]

_T = TypeVar("_T")


class CachedStream(Generic[_T]):
    """The chunks of a streamed call: iterate, ``close()``, or use in ``with``.

    ``semcache`` tells hit, miss or bypass; ``response`` is the upstream HTTP
    response on a miss and None on a hit (no HTTP call was made).
    """

    def __init__(
        self, chunks: Iterator[_T], *, semcache: dict[str, Any], upstream: Any = None
    ) -> None:
        self._chunks = chunks
        self._upstream = upstream
        self.semcache = semcache
        self.response = getattr(upstream, "response", None)

    def __iter__(self) -> Iterator[_T]:
        return self

    def __next__(self) -> _T:
        return next(self._chunks)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the stream and release the connection; an unfinished miss is not stored."""
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()
        if self._upstream is not None:
            self._upstream.close()


class AsyncCachedStream(Generic[_T]):
    """The async twin of :class:`CachedStream`: ``async for``, ``async with``, ``await close()``."""

    def __init__(
        self, chunks: AsyncIterator[_T], *, semcache: dict[str, Any], upstream: Any = None
    ) -> None:
        self._chunks = chunks
        self._upstream = upstream
        self.semcache = semcache
        self.response = getattr(upstream, "response", None)

    def __aiter__(self) -> AsyncIterator[_T]:
        return self

    async def __anext__(self) -> _T:
        return await self._chunks.__anext__()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Stop the stream and release the connection; an unfinished miss is not stored."""
        aclose = getattr(self._chunks, "aclose", None)
        if aclose is not None:
            await aclose()
        if self._upstream is not None:
            await self._upstream.close()
