"""OpenAI-shaped error responses: ``{"error": {"message", "type", "code", "param"}}``."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse

from ._upstream import UpstreamError

__all__ = ["error_response", "invalid_request", "upstream_failed"]


def error_response(
    status: int,
    message: str,
    *,
    type_: str,
    code: str | None = None,
    param: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """An error in the shape the OpenAI API (and so every SDK) understands."""
    error = {"message": message, "type": type_, "param": param, "code": code}
    return JSONResponse({"error": error}, status_code=status, headers=headers)


def invalid_request(
    message: str, *, status: int = 400, code: str | None = None, param: str | None = None
) -> JSONResponse:
    """A 4xx for a request the proxy will not handle as sent."""
    return error_response(status, message, type_="invalid_request_error", code=code, param=param)


def upstream_failed(
    exc: UpstreamError, *, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The 502/504 for an upstream that could not be reached or broke off."""
    return error_response(
        exc.status, str(exc), type_="upstream_error", code=exc.code, headers=headers
    )
