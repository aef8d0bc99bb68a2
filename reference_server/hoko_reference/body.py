"""Reading the request body: content type, the 16 MiB cap (streamed, D18) and JSON parsing."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import ClientDisconnect, Request

from .errors import INVALID_BODY, TOO_LARGE, ApiError, Detail
from .faults import Faults

MAX_BODY_BYTES = 16 * 1024 * 1024


def _bad(message: str) -> ApiError:
    return ApiError(400, *INVALID_BODY, details=[Detail(None, None, message)])


def check_content_type(header: str | None) -> None:
    if header is None:
        raise _bad("Content-Type must be application/json")
    media, _, params = header.partition(";")
    if media.strip().lower() != "application/json":
        raise _bad("Content-Type must be application/json")
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in {
            "utf-8",
            "utf8",
        }:
            raise _bad("the body must be UTF-8")


def _too_large(faults: Faults) -> ApiError:
    return ApiError(
        400 if faults and faults.on("oversize-body-400") else 413,
        *TOO_LARGE,
        details=[Detail(None, None, f"the body is larger than {MAX_BODY_BYTES} bytes")],
    )


async def read_body(request: Request, faults: Faults, limit: int = MAX_BODY_BYTES) -> bytes:
    """The raw body, refusing more than `limit` bytes before it is all in memory."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise _bad("Content-Length is not a number") from None
        if size > limit:
            raise _too_large(faults)
    chunks: list[bytes] = []
    total = 0
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > limit:
                raise _too_large(faults)
            chunks.append(chunk)
    except ClientDisconnect:
        # Nobody is left to read an answer; this only keeps a vanished client out of error logs.
        raise _bad("the client disconnected before sending the whole body") from None
    return b"".join(chunks)


def parse_json_array(raw: bytes) -> list[Any]:
    # orjson rejects invalid UTF-8 and lone surrogates, so only clean text gets past here.
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise _bad(f"malformed JSON: {str(exc)[:200]}") from None
    if not isinstance(data, list):
        raise _bad("the body must be a JSON array of items")
    return data


async def read_json_body(request: Request, faults: Faults) -> bytes:
    """The raw body of a request that declares JSON (D33); parse it with parse_json_array."""
    if not (faults and faults.on("wrong-content-type-accepted")):
        check_content_type(request.headers.get("content-type"))
    return await read_body(request, faults)
