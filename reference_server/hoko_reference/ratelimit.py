"""Fixed-window rate limiting per API key (D17)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .errors import RATE_LIMITED, ApiError
from .faults import Faults
from .seed import ApiKey


@dataclass
class _Window:
    started: float
    used: int


class RateLimiter:
    """A window starts at a key's first counted request and lasts `windowSeconds`.

    Only requests that passed auth and scope are counted, and a request answered 429 is not.
    """

    def __init__(self, faults: Faults, clock: Callable[[], float] = time.monotonic) -> None:
        self._faults = faults
        self.clock = clock  # replaceable, so tests can freeze or advance time
        self._windows: dict[str, _Window] = {}
        self._lock = threading.Lock()

    def _current(self, key: ApiKey, now: float) -> _Window:
        window = self._windows.get(key.key)
        if window is None or now >= window.started + key.rate_window_seconds:
            window = _Window(now, 0)
            self._windows[key.key] = window
        return window

    @staticmethod
    def _reset_seconds(key: ApiKey, window: _Window, now: float) -> int:
        return max(1, math.ceil(window.started + key.rate_window_seconds - now))

    def _headers(self, key: ApiKey, window: _Window, now: float) -> dict[str, str]:
        remaining = max(0, key.rate_requests - window.used)
        headers = {
            "X-RateLimit-Limit": str(key.rate_requests),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(self._reset_seconds(key, window, now)),
        }
        if self._faults:
            if self._faults.on("remaining-not-integer"):
                headers["X-RateLimit-Remaining"] = f"{float(remaining):.1f}"
            if self._faults.on("reset-is-epoch"):
                reset_at = time.time() + self._reset_seconds(key, window, now)
                headers["X-RateLimit-Reset"] = str(int(reset_at))
        return headers

    def peek(self, key: ApiKey) -> dict[str, str]:
        """Headers for a response that does not count (e.g. a 403 scope error)."""
        with self._lock:
            now = self.clock()
            return self._headers(key, self._current(key, now), now)

    def consume(self, key: ApiKey) -> dict[str, str]:
        """Counts one request and returns its headers, or raises the 429 (counting nothing)."""
        with self._lock:
            now = self.clock()
            window = self._current(key, now)
            if window.used >= key.rate_requests:
                headers = self._headers(key, window, now)
                retry = self._reset_seconds(key, window, now)
                headers["Retry-After"] = str(retry)
                body_retry = retry
                if self._faults:
                    if self._faults.on("retry-after-header-missing"):
                        del headers["Retry-After"]
                    if self._faults.on("retry-after-wrong"):
                        body_retry = retry * 1000
                raise ApiError(429, *RATE_LIMITED, retry_after=body_retry, headers=headers)
            window.used += 1
            return self._headers(key, window, now)
