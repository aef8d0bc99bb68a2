"""API keys that cannot leak: masked in every repr and str, scrubbed from every report.

A key is held as a `Secret`, a `str` whose `repr`, `str` and `format` show at most its last four
characters (`hk_…a_b1`). Only `reveal()` gives the value, and only the HTTP helper calls it, to
build the Authorization header. pytest shows fixture values and locals in tracebacks, hypothesis
prints falsifying arguments, JUnit XML copies both: all of them see the mask. As a second line,
the plugin scrubs every key's value from each test report and from every file it writes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any


class Secret(str):
    __slots__ = ()

    @property
    def masked(self) -> str:
        tail = self.reveal()[-4:] if len(self) >= 12 else ""
        prefix = "hk_" if self.reveal().startswith("hk_") else ""
        return f"{prefix}…{tail}"

    def reveal(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"Secret({self.masked})"

    def __str__(self) -> str:
        return self.masked

    def __format__(self, spec: str) -> str:
        return format(self.masked, spec)

    def __reduce__(self) -> Any:  # never pickled into a cache or a worker with its value
        raise TypeError("a Secret is not picklable")


def reveal(key: str | None) -> str | None:
    """The value to send: a Secret's, or a plain string as it is (deliberately bad keys)."""
    if isinstance(key, Secret):
        return key.reveal()
    return key


def fingerprint(key: str) -> str:
    """A short stable digest that tells keys apart in a header without showing them."""
    value = key.reveal() if isinstance(key, Secret) else key
    return "sha256:" + hashlib.sha256(value.encode()).hexdigest()[:10]


class Scrubber:
    """Replaces every known key's value with `$VARIABLE` in text."""

    def __init__(self, keys: Mapping[str, str | None] | None = None) -> None:
        self._values: dict[str, str] = {}
        if keys:
            self.add(keys)

    def add(self, keys: Mapping[str, str | None]) -> None:
        for var, key in keys.items():
            value = reveal(key)
            if value and len(value) >= 4:
                self._values[value] = f"${var}"

    def variable_for(self, value: str) -> str | None:
        return self._values.get(value)

    def __call__(self, text: str) -> str:
        # Longest first, so a key that contains another is replaced whole.
        for value in sorted(self._values, key=len, reverse=True):
            if value in text:
                text = text.replace(value, self._values[value])
        return text

    def values(self) -> Iterable[str]:
        return tuple(self._values)
