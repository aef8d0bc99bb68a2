"""What one load process saw, as plain data that Locust's messages carry from a worker to the
master: violations per guarantee, the users' models of their own objects, the shared writes,
the rate-limit record per key, and the hoko client's create tokens.

`Ledger.merge` folds another process's ledger in; the master audits the union.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

MAX_EXAMPLES = 1  # one example per guarantee is the evidence; the rest are counted


@dataclass
class Tally:
    """Violations per guarantee: a count and the first example."""

    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)

    def add(self, gid: str, message: str) -> None:
        self.counts[gid] = self.counts.get(gid, 0) + 1
        self.examples.setdefault(gid, message[:800])

    def merge(self, other: Tally) -> None:
        for gid, n in other.counts.items():
            self.counts[gid] = self.counts.get(gid, 0) + n
        for gid, text in other.examples.items():
            self.examples.setdefault(gid, text)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _plain(value: Any) -> Any:
    """A model value as message-safe data (instants become ISO strings)."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@dataclass
class Owned:
    """One object a user created and kept writing alone: what its model says it is now.
    `uncertain` marks an object whose last write got no answer (the run stopped mid-request):
    either state is right, so the audit skips it."""

    resource: str
    id: str
    key: str  # the key variable (HOKO_API_KEY...), never the key
    state: dict[str, Any]
    uncertain: bool = False


# Which guarantee a lost update of a shared field breaks: utm keys merge (G9), other fields not
# sent keep their value (G5-G7).
LOST_UPDATE_G = {"links": "G9", "collections": "G6", "partners": "G7"}


@dataclass
class SharedSlot:
    """One user's field of one shared object (`path`: a field, or `utm.<key>`): the value it
    last wrote with a 2xx answer, and the one it sent without an answer (either may be what the
    server kept). No other user writes that field."""

    resource: str
    id: str
    path: str
    acked: str | None = None
    pending: str | None = None
    initial: str | None = None  # the value the object was created with

    @property
    def guarantee(self) -> str:
        return LOST_UPDATE_G[self.resource]

    def item(self, value: str) -> dict[str, Any]:
        head, _, key = self.path.partition(".")
        return {"id": self.id, head: {key: value} if key else value}

    def value_in(self, obj: dict[str, Any]) -> Any:
        head, _, key = self.path.partition(".")
        value = obj.get(head)
        return (value or {}).get(key) if key else value

    def holds(self, value: Any) -> bool:
        """Whether `value` can be what the server kept of this field."""
        allowed = {self.acked if self.acked is not None else self.initial}
        if self.pending is not None:
            allowed.add(self.pending)
        return value in allowed

    def lost(self, value: Any) -> str:
        more = f" (one more sent unanswered: {self.pending!r})" if self.pending else ""
        return (
            f"lost update: {self.resource} {self.id} {self.path} is {value!r}; its writer's last "
            f"acknowledged write was {self.acked!r}{more}"
        )


@dataclass
class Ledger:
    violations: Tally = field(default_factory=Tally)
    differs: Tally = field(default_factory=Tally)
    owned: list[Owned] = field(default_factory=list)
    shared: dict[str, SharedSlot] = field(default_factory=dict)
    # key variable -> one row per counted request: (sent, answered, X-RateLimit-Limit, -Reset)
    rate: dict[str, list[tuple[float, float, int, int]]] = field(default_factory=dict)
    # title token of a hoko-client create -> "acked" | "maybe"
    tokens: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    rate_limited: int = 0
    links_written: int = 0  # items of answered 2xx link writes
    # shared fields a writer first read back without its last write (documented profile: only
    # a miss that persists counts, since Hoko promises nothing about replicas)
    suspects: int = 0
    notes: list[str] = field(default_factory=list)
    # title tokens of links in batches answered 4xx: none may exist (G15)
    absent: list[str] = field(default_factory=list)

    def note_rate(self, key_var: str, sent: float, answered: float, limit: int, reset: int) -> None:
        self.rate.setdefault(key_var, []).append((sent, answered, limit, reset))

    def merge(self, other: Ledger) -> None:
        self.violations.merge(other.violations)
        self.differs.merge(other.differs)
        self.owned.extend(other.owned)
        self.shared.update(other.shared)
        for k, rows in other.rate.items():
            self.rate.setdefault(k, []).extend(rows)
        for token, how in other.tokens.items():
            if self.tokens.get(token) != "acked":
                self.tokens[token] = how
        self.requests += other.requests
        self.rate_limited += other.rate_limited
        self.links_written += other.links_written
        self.suspects += other.suspects
        self.notes += [n for n in other.notes if n not in self.notes]
        self.absent += other.absent

    def as_message(self) -> dict[str, Any]:
        data = asdict(self)
        data["owned"] = [{**asdict(o), "state": _plain(o.state)} for o in self.owned]
        return data

    @classmethod
    def from_message(cls, data: dict[str, Any]) -> Ledger:
        return cls(
            violations=Tally(**data["violations"]),
            differs=Tally(**data["differs"]),
            owned=[Owned(**o) for o in data["owned"]],
            shared={k: SharedSlot(**v) for k, v in data["shared"].items()},
            rate={k: [_row(r) for r in rows] for k, rows in data["rate"].items()},
            tokens=dict(data["tokens"]),
            requests=int(data["requests"]),
            rate_limited=int(data["rate_limited"]),
            links_written=int(data["links_written"]),
            suspects=int(data["suspects"]),
            notes=list(data["notes"]),
            absent=list(data["absent"]),
        )


def _row(r: list[Any]) -> tuple[float, float, int, int]:
    return (float(r[0]), float(r[1]), int(r[2]), int(r[3]))


def over_quota(rows: list[tuple[float, float, int, int]]) -> str | None:
    """Whether one key's counted requests exceed what any window limiter allows: at most twice
    its limit in any interval as long as its window (a fixed window's interval spans two
    windows; a token bucket of `limit` refilled per window bursts to the same). A request was
    counted somewhere between its send and its answer, so only requests sent and answered
    inside the interval count. The window is taken as the longest X-RateLimit-Reset seen,
    never longer than the real one, so the bound never fails a correct limiter. None when it
    holds."""
    if not rows:
        return None
    limit = min(r[2] for r in rows)
    window = max(r[3] for r in rows)
    if window <= 0:
        return None
    spans = sorted((r[0], r[1]) for r in rows)
    t0 = spans[0][0]
    worst, worst_at = 0, 0.0
    for i, (start, _end) in enumerate(spans):
        stop = start + window
        inside = 0
        for sent, answered in spans[i:]:
            if sent > stop:
                break
            inside += answered <= stop
        if inside > worst:
            worst, worst_at = inside, start
    if worst > 2 * limit:
        return (
            f"{worst} requests served within {window} s (X-RateLimit-Limit {limit}; a window "
            f"limiter serves at most {2 * limit} in any {window} s), "
            f"{worst_at - t0:.1f} s into the run"
        )
    return None
