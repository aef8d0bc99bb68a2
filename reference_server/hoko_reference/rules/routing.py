"""Answers outside the four operations (D27): unknown path 404, known path with another method
405, both in the error shape."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import Response

from ..errors import METHOD_NOT_ALLOWED, NOT_FOUND, ApiError, error_response


def route_error(status: int, detail: str, headers: Mapping[str, str] | None) -> Response:
    if status == 404:
        err = ApiError(404, *NOT_FOUND)
    elif status == 405:
        err = ApiError(405, *METHOD_NOT_ALLOWED)
    else:
        err = ApiError(status, detail or "Error", "خطأ")
    return error_response(err, headers)
