"""Small shared types: the NOT_GIVEN sentinel, timeouts, rate-limit info, callbacks."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal, TypeAlias

import httpx

__all__ = [
    "NOT_GIVEN",
    "NotGiven",
    "ProgressCallback",
    "RateLimitInfo",
    "TimeoutTypes",
]


class NotGiven:
    """Marks an option the caller did not pass, where ``None`` has a meaning (``timeout=None``)."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

# float: overall seconds per request (connect capped at 5 s); httpx.Timeout: per phase, as httpx;
# None: no timeout at all.
TimeoutTypes: TypeAlias = float | httpx.Timeout | None

# on_progress(done, total): items finished so far, and the input length when it is known.
ProgressCallback: TypeAlias = Callable[[int, int | None], Any]


def _int_header(headers: Mapping[str, str], name: str) -> int | None:
    raw = headers.get(name)
    if raw is None:
        return None
    try:
        return int(float(raw.strip()))
    except ValueError:
        return None


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from ``retry-after-ms`` / ``Retry-After`` (seconds or an HTTP date), if usable."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        try:
            return max(float(raw_ms) / 1000.0, 0.0)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        return max(float(raw), 0.0)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None  # garbage: fall back to the body's retryAfter or X-RateLimit-Reset
    return max(parsed.timestamp() - time.time(), 0.0)


@dataclass(frozen=True, slots=True)
class RateLimitInfo:
    """The ``X-RateLimit-*`` / ``Retry-After`` headers of one response, as numbers (D17).

    ``reset`` and ``retry_after`` are seconds from the moment the response arrived (not epochs).
    A field is ``None`` when the server did not send that header.
    """

    limit: int | None
    remaining: int | None
    reset: int | None
    retry_after: float | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimitInfo | None:
        limit = _int_header(headers, "x-ratelimit-limit")
        remaining = _int_header(headers, "x-ratelimit-remaining")
        reset = _int_header(headers, "x-ratelimit-reset")
        retry_after = parse_retry_after(headers)
        if limit is None and remaining is None and reset is None and retry_after is None:
            return None
        return cls(limit=limit, remaining=remaining, reset=reset, retry_after=retry_after)
