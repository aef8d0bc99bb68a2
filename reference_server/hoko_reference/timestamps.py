"""RFC 3339 timestamps (D9): UTC, `Z`, always microseconds; a clock that never repeats."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

ONE_MICROSECOND = timedelta(microseconds=1)


def format_utc(moment: datetime) -> str:
    m = moment.astimezone(UTC)
    # Built by hand: strftime("%Y") does not zero-pad years below 1000 on every platform.
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        f".{m.microsecond:06d}Z"
    )


def parse_rfc3339(text: str) -> datetime:
    """Parses a date-time that already passed the spec's `date-time` format check.

    Raises ValueError for the few RFC 3339 values Python cannot represent (leap second, year 0,
    out-of-range after the UTC shift).
    """
    normalized = text.upper()
    if normalized.endswith("Z"):
        normalized = normalized[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(normalized)
        if moment.tzinfo is None:
            raise ValueError("a time zone offset is required")
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("date-time out of range") from None


class MonotonicClock:
    """Hands out UTC timestamps that strictly increase, so updatedAt always moves forward."""

    def __init__(self, last: datetime | None = None) -> None:
        self._last = last
        self._lock = threading.Lock()

    def advance_past(self, moment: datetime) -> None:
        with self._lock:
            if self._last is None or moment > self._last:
                self._last = moment

    def now(self) -> datetime:
        with self._lock:
            current = datetime.now(UTC)
            if self._last is not None and current <= self._last:
                current = self._last + ONE_MICROSECOND
            self._last = current
            return current
