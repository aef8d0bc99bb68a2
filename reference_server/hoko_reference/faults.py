"""Named faults that can be switched on to make the server deliberately wrong (mutation testing).

A correct server has none switched on; every fault is a single `if faults.on(NAME)` at the spot
where such a bug would really live.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    name: str
    family: str
    description: str
    # G-number in contract_tests/GUARANTEES.md, filled in by the contract suite's mapping.
    guarantee: str = ""


FAULTS: dict[str, Fault] = {}


def _register(name: str, family: str, description: str) -> None:
    FAULTS[name] = Fault(name, family, description)


class UnknownFaultError(ValueError):
    pass


class Faults:
    """The set of faults switched on for one app instance."""

    __slots__ = ("_on",)

    def __init__(self, names: Iterable[str] = ()) -> None:
        on = frozenset(names)
        unknown = sorted(on - FAULTS.keys())
        if unknown:
            raise UnknownFaultError(
                f"unknown fault(s): {', '.join(unknown)}; known: {', '.join(sorted(FAULTS))}"
            )
        self._on = on

    def on(self, name: str) -> bool:
        return name in self._on

    @property
    def active(self) -> frozenset[str]:
        return self._on

    def __bool__(self) -> bool:
        return bool(self._on)
