"""Accepted findings: a baseline of known failures that do not fail the run.

The file is JSON: `{"version": 1, "findings": [{"guarantee", "test", "fingerprint", "message"}]}`.
A failure is ACCEPTED when every guarantee it breaks has an entry for its test and fingerprint.
An entry whose test ran without producing it is stale ("fixed, prune it") and fails the run, as
schemathesis' own `--baseline` treats a fixed finding. `--baseline-update` writes the file.

The fingerprint is stable across runs and seeds: a digest of the broken guarantees, the test and
the failure's message with ids, numbers and quoted values taken out.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .verdict import Outcome

_VARIABLE = [
    re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"),
    re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""),
    re.compile(r"https?://\S+"),
    re.compile(r"\d+(?:\.\d+)?"),
]


def fingerprint(blamed: tuple[str, ...], nodeid: str, message: str) -> str:
    text = message.splitlines()[0] if message else ""
    for pattern in _VARIABLE:
        text = pattern.sub("#", text)
    text = text[:120]
    digest = hashlib.sha256(f"{','.join(blamed)}|{nodeid}|{text}".encode()).hexdigest()
    return digest[:16]


@dataclass(frozen=True)
class Entry:
    guarantee: str
    test: str
    fingerprint: str
    message: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.guarantee, self.test, self.fingerprint)


def load(path: Path) -> list[Entry]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Entry(**{k: e.get(k, "") for k in ("guarantee", "test", "fingerprint", "message")})
        for e in data.get("findings", [])
    ]


def entries_of(outcome: Outcome) -> list[Entry]:
    return [
        Entry(g, outcome.nodeid, outcome.fingerprint, outcome.message[:300]) for g in outcome.blamed
    ]


def is_accepted(outcome: Outcome, baseline: list[Entry]) -> bool:
    keys = {e.key for e in baseline}
    mine = entries_of(outcome)
    return bool(mine) and all(e.key in keys for e in mine)


def stale(baseline: list[Entry], outcomes: dict[str, Outcome]) -> list[Entry]:
    """Entries whose test ran this time without that failure."""
    seen = {
        e.key
        for o in outcomes.values()
        if o.outcome in ("failed", "accepted")
        for e in entries_of(o)
    }
    ran = {n for n, o in outcomes.items() if o.outcome != "skipped"}
    return [e for e in baseline if e.test in ran and e.key not in seen]


def write(path: Path, outcomes: dict[str, Outcome]) -> int:
    found = [
        e for o in outcomes.values() if o.outcome in ("failed", "accepted") for e in entries_of(o)
    ]
    doc = {"version": 1, "findings": [e.__dict__ for e in found]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(found)
