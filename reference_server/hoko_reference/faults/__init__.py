"""Seeded faults and variants: each one a registered replacement of a rule.

A fault breaks the contract; a variant is a legal alternative, another choice that Hoko's docs
allow where openapi/DECISIONS.md picked one (`decision` names the D-number, `allowed_by` the
passage). Both go through the same seam and the same `bind_faults`; the contract suite must kill
every fault and raise no false alarm on any variant in its documented profile.

A correct server has none bound. `bind_faults(rules, names)` returns the rules with the named
faults' replacements in place; the production path never asks whether a fault is on.

A fault either `replaces` a rule (its function takes the rule's arguments) or `wraps` it (its
function takes the rule's current implementation first, then the rule's arguments). A fault may
touch several rules; `seams` lists them. The catalogue lives in the sibling modules, grouped by
the rules they break.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..rules import Rules

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Fault:
    name: str
    family: str  # the guarantee family it breaks (the contract suite maps families to G-numbers)
    description: str
    # rule name -> ("replaces" | "wraps", function)
    replacements: dict[str, tuple[str, Callable[..., Any]]] = field(default_factory=dict)
    kind: str = "fault"  # or "variant", or "race" (shows only under concurrent requests)
    decision: str = ""  # a variant's D-number(s)
    allowed_by: str = ""  # a variant's docs passage

    @property
    def seams(self) -> tuple[str, ...]:
        return tuple(self.replacements)


FAULTS: dict[str, Fault] = {}


class UnknownFaultError(ValueError):
    pass


def fault(
    name: str,
    family: str,
    description: str,
    *,
    replaces: str | None = None,
    wraps: str | None = None,
) -> Callable[[F], F]:
    """Register the decorated function as (part of) fault `name`; see the module doc."""
    if (replaces is None) == (wraps is None):
        raise TypeError("give exactly one of replaces= or wraps=")
    rule = replaces or wraps
    assert rule is not None
    if rule not in Rules.names():
        raise KeyError(f"fault {name}: no rule named {rule!r}")

    def register(fn: F) -> F:
        entry = FAULTS.setdefault(name, Fault(name, family, description))
        if (entry.family, entry.description) != (family, description):
            raise ValueError(f"fault {name} registered twice with different texts")
        entry.replacements[rule] = ("replaces" if replaces else "wraps", fn)
        return fn

    return register


def variant(
    name: str,
    decision: str,
    description: str,
    allowed_by: str,
    *,
    replaces: str | None = None,
    wraps: str | None = None,
    also: tuple[str, ...] = (),
) -> Callable[[F], F]:
    """Register a variant: like `fault`, with the decision it departs from and the passage of
    Hoko's docs that allows it. `also` names other variants it includes (a combination)."""
    register_fault = fault(name, f"variant:{decision}", description, replaces=replaces, wraps=wraps)

    def register(fn: F) -> F:
        register_fault(fn)
        entry = FAULTS[name]
        entry.kind, entry.decision, entry.allowed_by = "variant", decision, allowed_by
        for other in also:
            for rule, replacement in FAULTS[other].replacements.items():
                entry.replacements.setdefault(f"{rule}@{other}", replacement)
        return fn

    return register


def race(
    name: str,
    family: str,
    description: str,
    *,
    replaces: str | None = None,
    wraps: str | None = None,
) -> Callable[[F], F]:
    """Register a fault that only concurrent requests reveal: the load run
    (`python -m hoko_contract.load`) kills it, the one-request-at-a-time suite cannot."""
    register_fault = fault(name, family, description, replaces=replaces, wraps=wraps)

    def register(fn: F) -> F:
        register_fault(fn)
        FAULTS[name].kind = "race"
        return fn

    return register


def bind_faults(rules: Rules, names: Iterable[str]) -> Rules:
    """`rules` with every named fault's replacements bound in (wrappers around what is there)."""
    wanted = sorted(set(names))
    unknown = [n for n in wanted if n not in FAULTS]
    if unknown:
        raise UnknownFaultError(
            f"unknown fault(s): {', '.join(unknown)}; known: {', '.join(sorted(FAULTS))}"
        )
    bound: dict[str, Callable[..., Any]] = {}
    for name in wanted:
        for key, (mode, fn) in FAULTS[name].replacements.items():
            rule = key.split("@", 1)[0]  # "rule@variant": a combination's borrowed replacement
            current = bound.get(rule, getattr(rules, rule))
            bound[rule] = fn if mode == "replaces" else functools.partial(fn, current)
    return rules.replacing(bound) if bound else rules


# The catalogue registers itself on import.
from . import answers, checks, races, variants, variants_answers, writes  # noqa: E402,F401

__all__ = ["FAULTS", "Fault", "UnknownFaultError", "bind_faults", "fault", "race", "variant"]
