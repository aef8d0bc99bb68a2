"""Small shared types: timeouts, callbacks, and rate-limit numbers read safely."""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

import httpx

# float: overall seconds per request (connect capped at 5 s); httpx.Timeout: per phase, as httpx;
# None: no timeout at all.
TimeoutTypes: TypeAlias = float | httpx.Timeout | None

# on_progress(done, total): items finished so far, and the input length when it is known.
ProgressCallback: TypeAlias = Callable[[int, int | None], Any]


def finite_seconds(value: Any) -> float | None:
    """A non-negative, finite number of seconds, or None for anything else (garbage, nan, inf,
    negatives, booleans): every wait the client sits through comes through here."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        seconds = float(value)
    except OverflowError:  # an int too large for a float
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def _count(headers: Mapping[str, str], name: str) -> int | None:
    seconds = finite_seconds(headers.get(name))
    return int(seconds) if seconds is not None else None


def retry_after_header(headers: Mapping[str, str]) -> float | None:
    """Seconds from `retry-after-ms` or `Retry-After` (seconds or an HTTP date), if usable."""
    ms = finite_seconds(headers.get("retry-after-ms"))
    if ms is not None:
        return ms / 1000.0
    raw = headers.get("retry-after")
    seconds = finite_seconds(raw)
    if raw is None or seconds is not None:
        return seconds
    try:
        moment = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None  # garbage: the body's retryAfter or X-RateLimit-Reset decide
    return finite_seconds(max(moment.timestamp() - time.time(), 0.0))


@dataclass(frozen=True, slots=True)
class RateLimitInfo:
    """The `X-RateLimit-*` / `Retry-After` headers of one response, as numbers (D17).

    `reset` and `retry_after` are seconds from the moment the response arrived (not epochs).
    A field is None when the server did not send that header, or sent something unusable: an
    informational header never makes a response fail.
    """

    limit: int | None
    remaining: int | None
    reset: int | None
    retry_after: float | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimitInfo | None:
        info = cls(
            _count(headers, "x-ratelimit-limit"),
            _count(headers, "x-ratelimit-remaining"),
            _count(headers, "x-ratelimit-reset"),
            retry_after_header(headers),
        )
        return None if info == RateLimitInfo(None, None, None) else info
