"""The request body (D18, D33): JSON content type, the byte cap, a JSON array."""

from __future__ import annotations

from typing import Any

import orjson

from ..errors import INVALID_BODY, TOO_LARGE, ApiError, Detail


def bad_body(message: str) -> ApiError:
    """A 400 about the body as a whole (no item to name)."""
    return ApiError(400, *INVALID_BODY, details=[Detail(None, None, message)])


def check_content_type(header: str | None) -> None:
    """`application/json`, with at most a UTF-8 charset (D33); anything else is a 400."""
    if header is None:
        raise bad_body("Content-Type must be application/json")
    media, _, params = header.partition(";")
    if media.strip().lower() != "application/json":
        raise bad_body("Content-Type must be application/json")
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in {
            "utf-8",
            "utf8",
        }:
            raise bad_body("the body must be UTF-8")


def body_too_large(limit: int) -> ApiError:
    """A body over the cap is a 413 (D18), decided before it is all in memory."""
    return ApiError(
        413, *TOO_LARGE, details=[Detail(None, None, f"the body is larger than {limit} bytes")]
    )


def parse_json_array(raw: bytes) -> list[Any]:
    """The body as a JSON array; malformed JSON or another type is a 400 (D18)."""
    # orjson rejects invalid UTF-8 and lone surrogates, so only clean text gets past here.
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise bad_body(f"malformed JSON: {str(exc)[:200]}") from None
    if not isinstance(data, list):
        raise bad_body("the body must be a JSON array of items")
    return data
