"""One Locust process's share of a load run: the settings, the shared objects the run set up, the
ledger its users fill, and how one checked request is reported to Locust.

A worker sends its ledger to the master when its users stop; the master (or the only process of
a local run) audits the union.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .. import profile
from ..guarantees import ContractViolation
from ..http import Result
from ..secrets import Secret
from ..target import KEY_VARS
from .ledger import Ledger
from .mix import band_of


class ContractBroken(Exception):
    """A response that broke a guarantee, as Locust's failure of that request."""


@dataclass
class Setup:
    """What the master created before the users start: per resource, objects several users
    write to (each user its own field of each), the collection the shared links live in, and
    externalIds several users try to create a link with (one may win)."""

    shared: dict[str, list[str]] = field(default_factory=dict)
    collection: str = ""
    contested: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # a shared record's name at creation

    def as_message(self) -> dict[str, Any]:
        return {
            "shared": self.shared,
            "collection": self.collection,
            "contested": self.contested,
            "names": self.names,
        }


@dataclass
class Node:
    base_url: str = ""
    keys: dict[str, Secret | None] = field(default_factory=dict, repr=False)
    run_tag: str = ""
    seed: int = 0
    max_batch: int = 2000
    setup: Setup | None = None
    ledger: Ledger = field(default_factory=Ledger)
    # called at the end to add each user's models to the ledger
    exporters: list[Callable[[Ledger], None]] = field(default_factory=list)
    users_started: int = 0
    fire: Callable[..., None] | None = None  # Locust's events.request.fire

    @classmethod
    def from_env(cls) -> Node:
        env = os.environ
        keys: dict[str, Secret | None] = {}
        for var in KEY_VARS:
            value = env.get(var)
            keys[var] = Secret(value) if value else None
        profile.select(env.get("HOKO_PROFILE") or "documented")
        return cls(
            base_url=(env.get("HOKO_BASE_URL") or "").rstrip("/"),
            keys=keys,
            run_tag=f"load-{env.get('HOKO_RUN_ID') or os.getpid()}",
            seed=int(env.get("HOKO_SEED") or 0),
        )

    def key(self, var: str) -> Secret:
        value = self.keys.get(var)
        if value is None:
            raise RuntimeError(f"{var} is not set: the load run needs it")
        return value

    def key_or_skip(self, var: str, user: str, fallback: str | None = None) -> str | None:
        """The key variable a user class runs with: `var`, else `fallback`; None (the class
        sits the run out, noted in the verdict) when neither is set."""
        for name in (var, fallback):
            if name is not None and self.keys.get(name) is not None:
                if name != var:
                    self.note(f"{user}: {var} not set, ran with {name}")
                return name
        self.note(f"{user} did not run: {var} is not set")
        return None

    def note(self, text: str) -> None:
        if text not in self.ledger.notes:
            self.ledger.notes.append(text)

    def collect(self) -> Ledger:
        """The ledger with every user's models in it."""
        for export in self.exporters:
            export(self.ledger)
        self.exporters.clear()
        return self.ledger

    # -- one checked request ------------------------------------------------------------------

    def report(
        self,
        res: Result | None,
        found: list[ContractViolation],
        *,
        label: str,
        size: int,
        started: float,
        error: BaseException | None = None,
    ) -> None:
        """Count `found` per guarantee (a finding of a decision the profile does not enforce
        was already recorded as DIFFERS) and tell Locust: a broken guarantee, a 5xx or no
        answer is a failure; a 429 is expected under load and counted apart."""
        self.ledger.requests += 1
        for v in found:
            for gid in v.guarantees:
                self.ledger.violations.add(gid, str(v))
        exc: BaseException | None = error
        if exc is None and found:
            exc = ContractBroken("; ".join(str(v) for v in found)[:500])
        if res is not None and res.status == 429:
            self.ledger.rate_limited += 1
        if self.fire is not None:
            self.fire(
                request_type=label.split(" ", 1)[0],
                name=f"{label.split(' ', 1)[-1]} [{band_of(size)}]",
                response_time=(time.monotonic() - started) * 1000,
                response_length=len(res.text) if res is not None else 0,
                exception=exc,
                context={},
            )

    def note_quota(self, key_var: str, res: Result, sent: float, answered: float) -> None:
        """A response the key's quota counted (D34: after auth and scope, not a 429): its time
        span and the limit and reset it announced."""
        if res.status in (401, 429) or (res.status == 403 and _names_scopes(res)):
            return
        limit = res.headers.get("X-RateLimit-Limit", "")
        reset = res.headers.get("X-RateLimit-Reset", "")
        if limit.isdigit() and reset.isdigit():
            self.ledger.note_rate(key_var, sent, answered, int(limit), int(reset))


def _names_scopes(res: Result) -> bool:
    return isinstance(res.json, dict) and "missingScopes" in res.json


NODE = Node()
