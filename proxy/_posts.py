"""The misses' upstream POSTs on aiohttp's client (:class:`Posts`), where aiohttp is
installed (the ``fast`` extra).

httpcore's connection runs every request through h11 (pure Python) and anyio streams:
for one small POST and its small answer about 0.4-0.7 ms of CPU, most of an upstream
call's own cost. aiohttp's client parses answers in C for about 0.2 ms. A hand-written
HTTP/1.1 client (``_http11``, 2e93e4b) was cheaper still and was dropped for it: a
gateway's hot path is the place for a well-kept client made for the job, not our own.

The session passes bytes through as the proxy hands them: no cookie jar, no
decompression, no header of its own (``User-Agent``, ``Accept``, ...), no redirects,
no proxy settings from the environment (httpcore read none). Its failures are raised
as httpcore's exceptions with httpcore's and h11's messages, so the upstream's errors
read as before. Used only for what it is measured on: POSTs whose whole body is known;
the rest (streamed bodies, other methods) keeps httpcore's connections.

Not thread-safe: one event loop (the session is made on the first POST's loop).
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import httpcore
import yarl

__all__ = ["LARGEST_BODY", "Body", "Posts", "default_context"]

#: The largest body posted here: aiohttp warns past it (a ResourceWarning) that a body
#: given whole should be a stream; larger ones go through httpcore as before.
LARGEST_BODY = 1 << 20

# Headers aiohttp adds unless told not to; the proxy sends only what it was given.
_SKIP_AUTO_HEADERS = ("Accept", "Accept-Encoding", "Content-Type", "User-Agent")
# h11's bound on a response head is 16 KiB in all; aiohttp's default line bound is 8 KiB.
_MAX_HEAD_LINE = 16 * 1024
_KNOWN_URLS = 1024


def default_context() -> ssl.SSLContext:
    """The TLS context httpcore's connections made: the default one, certifi's CA
    bundle loaded, HTTP/1.1 offered by ALPN."""
    import certifi

    context = ssl.create_default_context()
    context.load_verify_locations(certifi.where())
    context.set_alpn_protocols(["http/1.1"])
    return context


class Posts:
    """Whole POSTs to one upstream over one :class:`aiohttp.ClientSession`.

    ``slots`` bounds the connections in use (shared with httpcore's pool of the same
    upstream); ``take_slot`` takes one, waiting up to the pool timeout. Timeouts in
    seconds: ``connect`` (TCP and TLS), ``read`` (each wait for bytes of the answer),
    ``write`` (the request's bytes: aiohttp times no write, so the wait for the head
    is bounded by ``connect + write + read`` and reads as a write timeout past that).
    """

    def __init__(
        self,
        *,
        connect: float,
        read: float,
        write: float,
        keepalive: float,
        limit: int,
        slots: asyncio.Semaphore,
        take_slot: Callable[[], Awaitable[None]],
        tls: bool,
    ) -> None:
        self._timeout = aiohttp.ClientTimeout(
            total=None, connect=None, sock_connect=connect, sock_read=read
        )
        self._head_deadline = connect + write + read
        self._keepalive, self._limit, self._tls = keepalive, limit, tls
        self._slots, self._take_slot = slots, take_slot
        self._session: aiohttp.ClientSession | None = None
        self._urls: dict[str, yarl.URL] = {}

    async def send(
        self, url: str, headers: list[tuple[str, str]], content: bytes
    ) -> tuple[int, list[tuple[bytes, bytes]], Body]:
        """Status, headers as sent and the body (unread) of a whole POST. Raises
        httpcore's exceptions."""
        session = self._open() if self._session is None else self._session
        await self._take_slot()
        try:
            async with asyncio.timeout(self._head_deadline):
                response = await session.request(
                    "POST", self._url(url), data=content, headers=headers, allow_redirects=False
                )
        except TimeoutError as exc:
            self._slots.release()
            raise _timeout(exc) from exc
        except aiohttp.ClientError as exc:
            self._slots.release()
            raise _head_error(exc) from exc
        except BaseException:
            self._slots.release()
            raise
        return response.status, list(response.raw_headers), Body(response, self._slots.release)

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=self._limit,
            limit_per_host=0,
            keepalive_timeout=self._keepalive,
            ssl=default_context() if self._tls else True,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=self._timeout,
            cookie_jar=aiohttp.DummyCookieJar(),
            skip_auto_headers=_SKIP_AUTO_HEADERS,
            auto_decompress=False,
            trust_env=False,
            requote_redirect_url=False,
            max_line_size=_MAX_HEAD_LINE,
            max_field_size=_MAX_HEAD_LINE,
        )
        return self._session

    def _url(self, text: str) -> yarl.URL:
        found = self._urls.get(text)
        if found is None:  # as relayed: no re-quoting of the path
            found = yarl.URL(text, encoded=True)
            if len(self._urls) >= _KNOWN_URLS:
                self._urls.clear()
            self._urls[text] = found
        return found

    async def aclose(self) -> None:
        """Close the session and its connections."""
        session, self._session = self._session, None
        if session is not None:
            await session.close()


class Body:
    """An answer's body as it arrives (async-iterate it), then :meth:`aclose`;
    aiohttp's failures raised as httpcore's."""

    __slots__ = ("_chunked", "_done", "_expected", "_received", "_release", "_response")

    def __init__(self, response: aiohttp.ClientResponse, release: Callable[[], None]) -> None:
        self._response, self._release = response, release
        self._received, self._done = 0, False
        self._chunked = "chunked" in response.headers.get("transfer-encoding", "").lower()
        self._expected = response.content_length

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._response.content.iter_any():
                self._received += len(chunk)
                yield chunk
        except TimeoutError as exc:
            raise httpcore.ReadTimeout() from exc
        except aiohttp.ClientPayloadError as exc:
            raise self._cut_short() from exc
        except aiohttp.ClientError as exc:
            raise _head_error(exc) from exc
        self._done = True

    def _cut_short(self) -> httpcore.RemoteProtocolError:
        """A body the server stopped sending, in h11's words."""
        if self._chunked:
            detail = "incomplete chunked read"
        else:
            detail = f"received {self._received} bytes, expected {self._expected}"
        return httpcore.RemoteProtocolError(
            f"peer closed connection without sending complete message body: {detail}"
        )

    async def aclose(self) -> None:
        """Done with it: a body read to its end gives its connection back, any
        other closes it."""
        release, self._release = self._release, _nothing
        if self._done:
            self._response.release()
        else:
            self._response.close()
        release()


def _nothing() -> None:
    return None


def _timeout(exc: BaseException) -> httpcore.TimeoutException:
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpcore.ConnectTimeout()
    if isinstance(exc, aiohttp.ServerTimeoutError):
        return httpcore.ReadTimeout()
    return httpcore.WriteTimeout()  # the head deadline: the request's bytes did not leave


def _head_error(exc: aiohttp.ClientError) -> Exception:
    """httpcore's exception (and words) for an aiohttp failure before or while reading."""
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return httpcore.ConnectError(str(exc.certificate_error))
    if isinstance(exc, (aiohttp.ClientConnectorSSLError, aiohttp.ClientConnectorDNSError)):
        return httpcore.ConnectError(str(exc.os_error))
    if isinstance(exc, aiohttp.ClientConnectorError):  # anyio's words, httpcore's before
        return httpcore.ConnectError("All connection attempts failed")
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return httpcore.RemoteProtocolError("Server disconnected without sending a response.")
    if isinstance(exc, aiohttp.ClientResponseError):  # an answer aiohttp's parser refused
        return httpcore.RemoteProtocolError(exc.message)
    if isinstance(exc, aiohttp.ClientOSError):
        return httpcore.ReadError(str(exc))
    return httpcore.RemoteProtocolError(str(exc))
