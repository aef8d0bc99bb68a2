"""From test outcomes to one verdict per guarantee, and the table that shows them.

FAILED        a test blamed it (a ContractViolation naming it, or its own test failed)
ACCEPTED      it failed only in ways the baseline accepts
INCONCLUSIVE  its tests failed on other guarantees, so it could not be judged
PARTIAL       its tests that ran passed, but some were skipped or parts not exercised
DIFFERS       (documented profile, a decision) the target decided this point otherwise: the
              findings say how; it fails nothing
PASSED        every one of its tests ran and passed
SKIPPED       none of its tests ran: each was skipped (the reasons say why)
NOT RUN       none of its tests was selected, or the run stopped before them
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from . import profile
from .guarantees import BY_ID, DECISION, GUARANTEES, sort_key


@dataclass
class Outcome:
    nodeid: str
    marked: tuple[str, ...]
    outcome: str  # passed | failed | skipped | accepted | differs
    blamed: tuple[str, ...] = ()
    reason: str = ""
    message: str = ""
    fingerprint: str = ""
    evidence: str = ""
    curl: str = ""


@dataclass
class Ledger:
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    stopped: str = ""  # why the run ended early (the target went down)
    notes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def _short(nodeid: str) -> str:
    return nodeid.split("/")[-1]


def verdict(ledger: Ledger) -> dict[str, dict[str, Any]]:
    per: dict[str, dict[str, Any]] = {}
    own: dict[str, list[Outcome]] = defaultdict(list)
    for o in ledger.outcomes.values():
        for gid in o.marked:
            own[gid].append(o)
    for g in GUARANTEES:
        tests = own.get(g.id, [])
        failing = sorted(
            o.nodeid for o in ledger.outcomes.values() if o.outcome == "failed" and g.id in o.blamed
        )
        accepted = sorted(
            o.nodeid
            for o in ledger.outcomes.values()
            if o.outcome == "accepted" and g.id in o.blamed
        )
        passed = [o for o in tests if o.outcome in ("passed", "differs")]
        skipped = [o for o in tests if o.outcome == "skipped"]
        other = [o for o in tests if o.outcome == "failed" and g.id not in o.blamed]
        notes = sorted(ledger.notes.get(g.id, ())) + profile.unobservable_notes(g.id)
        differs = [f.as_dict() for f in profile.findings_for(g.id)]
        if failing:
            status = "failed"
        elif differs:
            status = "differs"
        elif other:
            status = "inconclusive"
        elif accepted:
            status = "accepted"
        elif passed and (skipped or notes):
            status = "partial"
        elif passed:
            status = "passed"
        elif skipped:
            status = "skipped"
        else:
            status = "not run"
        per[g.id] = {
            "title": g.title,
            "basis": g.basis,
            "cites": g.cites,
            "decisions": list(g.decisions),
            "source": g.source,
            "families": list(g.families),
            "status": status,
            "tests": len(tests),
            "passed": len(passed),
            "skipped": len(skipped),
            "skipped_tests": [f"{_short(o.nodeid)}: {o.reason}" for o in skipped],
            "skip_reasons": sorted({o.reason for o in skipped}),
            "failing_tests": failing,
            "accepted_tests": accepted,
            "blocked_by": sorted({b for o in other for b in o.blamed}, key=sort_key),
            "differs": differs,
            "notes": notes
            + (
                [f"run stopped: {ledger.stopped}"] if status == "not run" and ledger.stopped else []
            ),
        }
    return per


def _details(v: dict[str, Any], outcomes: dict[str, Outcome]) -> list[str]:
    status = v["status"]
    lines: list[str] = []
    if status == "failed":
        for nodeid in v["failing_tests"][:5]:
            lines.append(f"failing: {_short(nodeid)}")
            if outcomes[nodeid].evidence:
                lines.append(f"evidence: {outcomes[nodeid].evidence}")
    elif status == "accepted":
        lines += [f"accepted (baseline): {_short(n)}" for n in v["accepted_tests"][:5]]
    elif status == "inconclusive":
        lines.append(f"its tests failed on {', '.join(v['blocked_by'])}")
    for f in v.get("differs", [])[:6]:
        count = f" ({f['count']}x)" if f["count"] > 1 else ""
        lines.append(f"DIFFERS {', '.join(f['decisions'])}: {f['examples'][0][:300]}{count}")
    if len(v.get("differs", [])) > 6:
        lines.append(f"and {len(v['differs']) - 6} more DIFFERS findings")
    if status in ("partial", "skipped"):
        shown = v["skipped_tests"][:6]
        lines += [f"skipped {s}" for s in shown]
        if len(v["skipped_tests"]) > len(shown):
            lines.append(f"and {len(v['skipped_tests']) - len(shown)} more skipped")
    lines += [f"note: {n}" for n in v["notes"]]
    return lines


def table(
    per: dict[str, dict[str, Any]], outcomes: dict[str, Outcome], width: int
) -> list[tuple[str, str]]:
    """(text, status) lines, wrapped at word boundaries to `width` columns."""
    width = max(width, 60)
    out: list[tuple[str, str]] = []
    for gid, v in per.items():
        g = BY_ID[gid]
        decided = g.basis == DECISION
        head = f"{gid:>4} {v['status'].upper():<12} {'dec' if decided else 'doc'} "
        title = g.title + (f" ({', '.join(g.decisions)})" if decided else "")
        for i, line in enumerate(textwrap.wrap(title, width - len(head))):
            out.append(((head if i == 0 else " " * len(head)) + line, v["status"]))
        indent = " " * 7
        for detail in _details(v, outcomes):
            for line in textwrap.wrap(detail, width - len(indent) - 2, subsequent_indent="  "):
                out.append((indent + line, v["status"]))
    return out


def counts(per: dict[str, dict[str, Any]]) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    for v in per.values():
        found[v["status"]] += 1
    return dict(sorted(found.items()))
