"""The variant matrix, the kill matrix's mirror image: legal alternatives the docs allow.

A variant (hoko_reference.faults, `kind="variant"`) departs from one or more of our decisions.
Against it the suite must raise no false alarm in the documented profile (0 FAILED guarantees,
verdict NO FALSE ALARM, else FALSE ALARM) and must report the departure in the reference profile
(a decision guarantee naming the variant's D-number fails: DIFFERS; else MISSED; a documented
guarantee failing there is WRONG BASIS: the suite blames the docs for our decision).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..guarantees import BY_ID, DECISION, DOCUMENTED, GUARANTEES
from .catalogue import ROOT
from .runs import Run

# The combinations: in the quick matrix only these run in the documented profile (each full
# suite run costs about a minute); the full matrix runs every variant in both profiles.
COMBINATIONS = ("docs-examples-shape", "independent-server")


@dataclass(frozen=True)
class Variant:
    name: str
    decisions: tuple[str, ...]
    seam: str
    description: str
    allowed_by: str

    @property
    def expected(self) -> tuple[str, ...]:
        """The decision guarantees resting on one of this variant's decisions."""
        return tuple(
            g.id
            for g in GUARANTEES
            if g.basis == DECISION and set(g.decisions) & set(self.decisions)
        )


@dataclass
class VariantRow:
    variant: Variant
    profile: str
    verdict: str = "ERROR"
    broken: list[str] = field(default_factory=list)
    differs: list[str] = field(default_factory=list)  # D-numbers the run reported
    suite: Run | None = None


def variants() -> list[Variant]:
    out = subprocess.run(
        [sys.executable, "-m", "hoko_reference", "--list-variants"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    found = []
    for line in out.splitlines():
        name, decisions, seam, description, allowed_by = line.split("\t", 4)
        found.append(
            Variant(name, tuple(re.findall(r"D\d+", decisions)), seam, description, allowed_by)
        )
    return found


def rows_for(found: list[Variant], quick: bool) -> list[VariantRow]:
    rows = []
    for v in found:
        if not quick or v.name in COMBINATIONS:
            rows.append(VariantRow(v, "documented"))
        rows.append(VariantRow(v, "reference"))
    return rows


def reported_decisions(report: Path) -> list[str]:
    """The D-numbers of the DIFFERS findings in a run's verdict JSON."""
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted({d for f in data.get("differs", []) for d in f.get("decisions", [])})


def judge_variant(row: VariantRow, report: Path) -> None:
    run = row.suite
    assert run is not None
    row.broken = list(run.broken)
    row.differs = reported_decisions(report)
    if run.error:
        row.verdict = "ERROR"
    elif row.profile == "documented":
        row.verdict = "FALSE ALARM" if run.broken or run.exit_code != 0 else "NO FALSE ALARM"
    elif any(BY_ID[g].basis == DOCUMENTED for g in run.broken if g in BY_ID):
        row.verdict = "WRONG BASIS"
    elif set(run.broken) & set(row.variant.expected):
        row.verdict = "DIFFERS"
    else:
        row.verdict = "MISSED"


def passed(row: VariantRow) -> bool:
    return row.verdict in ("NO FALSE ALARM", "DIFFERS")


def render(rows: list[VariantRow]) -> list[str]:
    if not rows:
        return []
    lines = [
        "## Variants (legal alternatives to our decisions)",
        "",
        "Each variant replaces a rule of the reference server by another choice Hoko's docs "
        "allow. Documented profile: no guarantee may fail (NO FALSE ALARM). Reference profile: "
        "a guarantee of the variant's decision must fail (DIFFERS).",
        "",
        "| variant | decision | allowed by | profile | verdict | broken G | DIFFERS reported "
        "| time |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        v = r.variant
        secs = f"{r.suite.seconds:.1f} s" if r.suite else "—"
        err = f" ({r.suite.error})" if r.suite and r.suite.error else ""
        lines.append(
            f"| `{v.name}` | {', '.join(v.decisions)} | {v.allowed_by} | {r.profile} | "
            f"{r.verdict}{err} | {', '.join(r.broken) or '—'} | "
            f"{', '.join(r.differs) or '—'} | {secs} |"
        )
    lines.append("")
    return lines


def headline(fault_verdicts: list[str], rows: list[VariantRow]) -> str:
    killed = sum(v == "KILLED" for v in fault_verdicts)
    names = {r.variant.name for r in rows}
    clean = {
        n
        for n in names
        if all(passed(r) for r in rows if r.variant.name == n and r.profile == "documented")
        and any(r.profile == "documented" for r in rows if r.variant.name == n)
    }
    judged = {
        n for n in names if any(r.profile == "documented" for r in rows if r.variant.name == n)
    }
    return (
        f"**Power** {killed}/{len(fault_verdicts)} faults killed; **precision** "
        f"{len(clean)}/{len(judged)} variants without a false alarm (documented profile)."
    )
