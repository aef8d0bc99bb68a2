"""Rate limits (D17, D34): the `X-RateLimit-*` headers and the 429."""

from __future__ import annotations

from ..errors import RATE_LIMITED, ApiError


def rate_limit_headers(limit: int, remaining: int, reset_seconds: int) -> dict[str, str]:
    """On every authenticated response (D17, D34): integers, `X-RateLimit-Reset` in seconds
    until the window resets (not an epoch)."""
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": str(reset_seconds),
    }


def rate_limited_error(headers: dict[str, str], retry_after: int) -> ApiError:
    """The 429: no effect, retry after `retryAfter` seconds, also sent as `Retry-After` (D17)."""
    return ApiError(
        429,
        *RATE_LIMITED,
        retry_after=retry_after,
        headers={**headers, "Retry-After": str(retry_after)},
    )
