"""Profiles: which guarantees a run enforces, and where a decision's deviation goes.

`reference` (the default against the embedded server) enforces every guarantee. `documented`
(the default against a remote target) enforces only what Hoko's docs state: a check of one of
our decisions still runs, but its deviation is recorded as DIFFERS (the D-number, what was
expected, what came) and fails nothing, stops nothing and counts against no other guarantee.

Shared checks divert through `enforced()`; tests use `decided()` for a decision check after
which they can go on, and `expect()` (hoko_contract.http), which stops the test with `Differs`
when what follows depends on the decided status.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .guarantees import BY_ID, DECISION, ContractViolation

PROFILES = ("documented", "reference")
MAX_EXAMPLES = 3  # findings kept per (guarantee, what), the rest only counted


@dataclass
class Finding:
    guarantee: str
    decisions: tuple[str, ...]
    what: str
    tests: set[str] = field(default_factory=set)
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "guarantee": self.guarantee,
            "decisions": list(self.decisions),
            "what": self.what,
            "count": self.count,
            "tests": sorted(self.tests),
            "examples": self.examples,
        }


@dataclass
class State:
    name: str = "reference"
    test: str = ""
    differs: dict[tuple[str, str], Finding] = field(default_factory=dict)
    # guarantee -> what could not be observed (never counted as a pass)
    unobservable: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))


STATE = State()


class Differs(Exception):
    """Ends a test whose remaining steps depend on a decision the target made otherwise."""


def select(name: str) -> None:
    if name not in PROFILES:
        raise ValueError(f"unknown profile {name!r}; one of {', '.join(PROFILES)}")
    STATE.name = name
    STATE.differs.clear()
    STATE.unobservable.clear()


def name() -> str:
    return STATE.name


def documented() -> bool:
    return STATE.name == "documented"


def is_decision(gid: str) -> bool:
    g = BY_ID.get(gid)
    return g is not None and g.basis == DECISION


def enforced(guarantees: Iterable[str]) -> list[str]:
    """The guarantees of `guarantees` that this profile fails on."""
    gs = list(guarantees)
    return gs if not documented() else [g for g in gs if not is_decision(g)]


_DN = re.compile(r"\bD\d+\b")
_NOISE = re.compile(r"[0-9a-f]{8}-[0-9a-f-]{27,}|\d+")


def record(gid: str, message: str) -> None:
    """A deviation from decision guarantee `gid`, found by the current test."""
    cited = tuple(dict.fromkeys(_DN.findall(message)))
    g = BY_ID[gid]
    decisions = tuple(d for d in cited if d in g.decisions) or g.decisions
    # One finding per kind of message: ids and numbers vary between occurrences.
    what = _NOISE.sub("#", message)[:160]
    f = STATE.differs.setdefault((gid, what), Finding(gid, decisions, what))
    f.count += 1
    f.tests.add(STATE.test)
    if len(f.examples) < MAX_EXAMPLES:
        f.examples.append(message[:600])


def divert(v: ContractViolation) -> ContractViolation | None:
    """`v` as this profile enforces it: its decision guarantees become DIFFERS findings in the
    documented profile; what is left to fail (None when nothing)."""
    keep = enforced(v.guarantees)
    if len(keep) == len(v.guarantees):
        return v
    text = str(v).split("] ", 1)[-1]
    for gid in v.guarantees:
        if gid not in keep:
            record(gid, text)
    return ContractViolation(keep, text) if keep else None


def decided(gid: str, ok: bool, message: str) -> bool:
    """A check of decision `gid`: fails in the reference profile, DIFFERS in the documented one.
    Returns `ok`, so a test can skip what depends on it."""
    if ok:
        return True
    if not documented():
        raise ContractViolation(gid, message)
    record(gid, message)
    return False


def unobservable(gid: str, what: str) -> None:
    """Something `gid` promises that the answer did not show (a field it left out)."""
    seen = STATE.unobservable[gid]
    seen[what] = seen.get(what, 0) + 1


def findings_for(gid: str) -> list[Finding]:
    return [f for (g, _w), f in sorted(STATE.differs.items()) if g == gid]


def unobservable_notes(gid: str) -> list[str]:
    return [f"not observable: {what} ({n}x)" for what, n in sorted(STATE.unobservable[gid].items())]
