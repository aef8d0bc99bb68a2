"""Fixed-window rate limiting per API key (D17, D34): the counting; the headers and the 429
are rules (rules/ratelimit.py)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .seed import ApiKey

if TYPE_CHECKING:
    from .rules import Rules


@dataclass
class _Window:
    started: float
    used: int


class RateLimiter:
    """A window starts at a key's first counted request and lasts `windowSeconds`.

    Only requests that passed auth and scope are counted, and a request answered 429 is not.
    """

    def __init__(self, rules: Rules, clock: Callable[[], float] = time.monotonic) -> None:
        self._rules = rules
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
        # Elapsed time first: (started + window) - now can round above the window itself.
        left = key.rate_window_seconds - (now - window.started)
        return min(key.rate_window_seconds, max(1, math.ceil(left)))

    def _headers(self, key: ApiKey, window: _Window, now: float) -> dict[str, str]:
        remaining = max(0, key.rate_requests - window.used)
        reset = self._reset_seconds(key, window, now)
        return self._rules.rate_limit_headers(key.rate_requests, remaining, reset)

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
                raise self._rules.rate_limited_error(
                    self._headers(key, window, now), self._reset_seconds(key, window, now)
                )
            window.used += 1
            return self._headers(key, window, now)
