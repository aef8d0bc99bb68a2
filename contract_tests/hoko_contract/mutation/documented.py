"""Faults in the documented profile: the power the suite keeps against a remote target.

A fault whose family holds documented guarantees must be killed by one of them there too
(KILLED, else SURVIVED). A fault that breaks only our decisions must not fail the run in that
profile, and should show as DIFFERS naming one of the family's decisions (DIFFERS, else
FALSE ALARM when a guarantee failed, or UNSEEN when nothing was reported).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..guarantees import BY_ID, DECISION
from .catalogue import Fault
from .runs import Run
from .variants import reported_decisions


@dataclass
class DocumentedRow:
    fault: Fault
    verdict: str = "ERROR"
    broken: list[str] = field(default_factory=list)
    suite: Run | None = None

    @property
    def documented(self) -> tuple[str, ...]:
        return tuple(g for g in self.fault.expected if BY_ID[g].basis != DECISION)

    @property
    def decisions(self) -> set[str]:
        return {d for g in self.fault.expected for d in BY_ID[g].decisions}


def judge(row: DocumentedRow, report: Path) -> None:
    run = row.suite
    assert run is not None
    row.broken = list(run.broken)
    wanted = set(row.documented)
    if run.error:
        row.verdict = "ERROR"
    elif wanted:
        killers = [f for f in run.failing_tests if wanted & set(f.marked) & set(f.broken)]
        row.verdict = "KILLED" if killers else "SURVIVED"
    elif run.broken:
        row.verdict = "FALSE ALARM"
    else:
        row.verdict = "DIFFERS" if set(reported_decisions(report)) & row.decisions else "UNSEEN"


def passed(row: DocumentedRow) -> bool:
    return row.verdict in ("KILLED", "DIFFERS")


def render(rows: list[DocumentedRow]) -> list[str]:
    if not rows:
        return []
    lines = [
        "## Seeded server faults in the documented profile",
        "",
        "The profile a remote target gets: a fault against what Hoko documents must still be "
        "killed by a documented guarantee; a fault against our decisions only must show as "
        "DIFFERS and fail nothing.",
        "",
        "| fault | documented G expected | broken G | verdict | time |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        secs = f"{r.suite.seconds:.1f} s" if r.suite else "—"
        lines.append(
            f"| `{r.fault.name}` | {', '.join(r.documented) or '— (decisions only)'} | "
            f"{', '.join(r.broken) or '—'} | {r.verdict} | {secs} |"
        )
    killed = sum(r.verdict == "KILLED" for r in rows if r.documented)
    total = sum(1 for r in rows if r.documented)
    lines += ["", f"Documented-profile power: {killed}/{total} faults against documented behaviour "
              "killed.", ""]  # fmt: skip
    return lines
