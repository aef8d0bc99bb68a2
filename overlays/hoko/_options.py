"""The client's options: one typed set, each default resolved and validated once.

`Settings` holds what a request needs; `ClientOptions` are the keywords of `Hoko(...)` and
`with_options(...)`, `CallOptions` those of one bulk call, `RawOptions` those of
`with_raw_response`. A copy with other options is `settings.merged(options)`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, TypedDict

import httpx

from . import _constants
from ._types import ProgressCallback, TimeoutTypes


class RawOptions(TypedDict, total=False):
    batch_size: int
    timeout: TimeoutTypes
    max_retries: int
    retry_creates: bool


class CallOptions(RawOptions, total=False):
    max_concurrency: int
    on_progress: ProgressCallback | None


class ClientOptions(TypedDict, total=False):
    timeout: TimeoutTypes
    max_retries: int
    max_retry_wait: float
    max_rate_limit_retries: int
    retry_creates: bool
    batch_size: int
    max_concurrency: int


def _int(name: str, value: Any, low: int, high: int | None = None) -> None:
    ok = isinstance(value, int) and not isinstance(value, bool)
    if not ok or value < low or (high is not None and value > high):
        bound = f"from {low} to {high}" if high is not None else f">= {low}"
        raise (ValueError if ok else TypeError)(
            f"{name} must be an int {bound}, got {value!r} ({type(value).__name__})"
        )


def _seconds(name: str, value: Any) -> None:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or value < 0:
        raise (ValueError if number else TypeError)(
            f"{name} must be a finite number of seconds >= 0, got {value!r}"
        )


@dataclass(frozen=True, slots=True)
class Settings:
    timeout: TimeoutTypes = _constants.DEFAULT_TIMEOUT
    max_retries: int = _constants.DEFAULT_MAX_RETRIES
    max_retry_wait: float = _constants.DEFAULT_MAX_RETRY_WAIT
    max_rate_limit_retries: int = _constants.DEFAULT_MAX_RATE_LIMIT_RETRIES
    retry_creates: bool = False
    batch_size: int = _constants.MAX_BATCH_SIZE
    max_concurrency: int = _constants.DEFAULT_MAX_CONCURRENCY

    def __post_init__(self) -> None:
        _int("max_retries", self.max_retries, 0)
        _int("max_rate_limit_retries", self.max_rate_limit_retries, 0)
        _int("batch_size", self.batch_size, 1, _constants.MAX_BATCH_SIZE)
        _int("max_concurrency", self.max_concurrency, 1)
        _seconds("max_retry_wait", self.max_retry_wait)
        if not isinstance(self.retry_creates, bool):
            raise TypeError(f"retry_creates must be True or False, got {self.retry_creates!r}")
        t = self.timeout
        if not (t is None or isinstance(t, httpx.Timeout)):
            _seconds("timeout", t)
            if t == 0:
                raise ValueError("timeout must be > 0 (or None for no timeout)")

    def merged(self, options: Mapping[str, Any]) -> Settings:
        """A copy with `options` applied; keys that are no setting (on_progress) are ignored."""
        changes = {k: v for k, v in options.items() if k in SETTING_NAMES}
        return replace(self, **changes) if changes else self

    def httpx_timeout(self) -> tuple[httpx.Timeout, float | None]:
        """The per-phase httpx timeout, and the overall deadline in seconds (floats only)."""
        t = self.timeout
        if t is None:
            return httpx.Timeout(None), None
        if isinstance(t, httpx.Timeout):
            return t, None
        seconds = float(t)
        connect = min(seconds, _constants.DEFAULT_CONNECT_TIMEOUT)
        return httpx.Timeout(seconds, connect=connect), seconds


SETTING_NAMES = frozenset(f.name for f in fields(Settings))


def check_keywords(options: Mapping[str, Any], allowed: type) -> None:
    """Unknown keywords fail with their name (a typo would otherwise be ignored)."""
    unknown = sorted(set(options) - set(allowed.__annotations__))
    if unknown:
        raise TypeError(
            f"unknown option(s): {', '.join(unknown)}; "
            f"allowed: {', '.join(sorted(allowed.__annotations__))}"
        )
