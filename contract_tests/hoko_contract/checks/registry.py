"""The checks that run on every response the suite receives, as a registry (as schemathesis
registers its checks).

Each check is a small function registered with the guarantee(s) it enforces and a predicate
saying which responses it looks at. It raises `Failed(message)`; the registration decides whom
to blame. A check may name other checks it `requires`: it is skipped when one of them failed on
the same response (no cascade of follow-on failures). The state model's check is the one whose
blame depends on the data (which field broke which rule); it raises `ContractViolation` itself,
with a guarantee from the table in model.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from hoko_client.models import Collection, Link, Partner

from .. import model, profile
from ..guarantees import ContractViolation

if TYPE_CHECKING:
    from ..http import Result

RESPONSE_MODELS: dict[str, Any] = {"Link": Link, "Collection": Collection, "Partner": Partner}
SHORT_CODE = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_WINDOW = 86_400  # a rate-limit window longer than a day is not plausible
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN = re.compile(r"[A-Za-z]")


class Failed(Exception):
    """A check's finding; the check's registration says which guarantee it breaks."""


class Found(Exception):
    """Several findings of one check, each naming its own guarantee(s)."""

    def __init__(self, violations: list[ContractViolation]) -> None:
        super().__init__("; ".join(str(v) for v in violations))
        self.violations = violations


@dataclass
class Context:
    """One response being checked, and what the checks may use."""

    res: Result
    state: model.StateModel
    authenticated: bool
    track: bool = True


When = Callable[["Result"], bool]
CheckFn = Callable[[Context], None]
F = TypeVar("F", bound=CheckFn)


def always(res: Result) -> bool:
    return True


def success(res: Result) -> bool:
    return 200 <= res.status < 300


def error(res: Result) -> bool:
    return res.status >= 400


def error_not_429(res: Result) -> bool:
    return res.status >= 400 and res.status != 429


def rate_limited(res: Result) -> bool:
    return res.status == 429


def json_object_error(res: Result) -> bool:
    return res.status >= 400 and isinstance(res.json, dict)


@dataclass(frozen=True)
class Check:
    name: str
    guarantees: tuple[str, ...]
    when: When
    fn: CheckFn
    requires: tuple[str, ...] = ()


REGISTRY: list[Check] = []


def check(
    *guarantees: str, when: When = always, requires: tuple[str, ...] = ()
) -> Callable[[F], F]:
    """Register the decorated check for responses where `when` holds. Stack it to register the
    same check with other guarantees for other responses."""

    def register(fn: F) -> F:
        REGISTRY.append(Check(fn.__name__, guarantees, when, fn, requires))
        return fn

    return register


def run_checks(ctx: Context) -> list[ContractViolation]:
    """Every applicable check, in registration order; the violations found."""
    found: list[ContractViolation] = []
    failed: set[str] = set()
    for c in REGISTRY:
        if not c.when(ctx.res) or failed & set(c.requires):
            continue
        try:
            c.fn(ctx)
        except Failed as exc:
            failed.add(c.name)
            found.append(ContractViolation(c.guarantees, f"{exc}: {ctx.res.describe()}"))
        except ContractViolation as exc:
            failed.add(c.name)
            found.append(exc)
        except Found as exc:
            failed.add(c.name)
            found.extend(exc.violations)
    # A decision's deviation is a DIFFERS finding in the documented profile, never a failure.
    return [kept for v in found if (kept := profile.divert(v)) is not None]


def guarantees_checked() -> set[str]:
    return {g for c in REGISTRY for g in c.guarantees}


def op_error(res: Result) -> bool:
    """A non-2xx answer to one of the four operations."""
    return res.op is not None and not success(res)


def op_success(res: Result) -> bool:
    """A 2xx answer to one of the four operations."""
    return res.op is not None and success(res)


def ordered_by_docs(res: Result) -> bool:
    """A 2xx answer of the one operation whose order Hoko documents (PUT /api/links)."""
    return op_success(res) and res.op is not None and res.op.op_id == "upsertLinks"


def ordered_by_decision(res: Result) -> bool:
    """A 2xx answer of the other three, whose order is our decision (D6)."""
    return op_success(res) and not ordered_by_docs(res)
