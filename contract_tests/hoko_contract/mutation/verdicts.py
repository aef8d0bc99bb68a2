"""What a run says about a fault: KILLED, STRAY, ACCIDENT, SURVIVED or ERROR."""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalogue import Fault
from .runs import Run


@dataclass
class Row:
    fault: Fault
    verdict: str = "ERROR"
    killed_by: list[str] = field(default_factory=list)
    killers: list[str] = field(default_factory=list)  # failing tests of an expected guarantee
    suite: Run | None = None
    st_new: list[str] | None = None  # None: baseline not run
    st_seconds: float = 0.0
    st_error: str = ""


def judge(row: Row) -> None:
    """KILLED only when a test OF an expected guarantee failed blaming an expected guarantee.

    The suite's shared checks blame the right guarantee wherever they trip (an ordering fault
    met by a status-code test is blamed on G3). Such a catch alone is STRAY: the guarantee's own
    tests missed the fault, so deleting or weakening them would go unnoticed. ACCIDENT: only
    unrelated guarantees were blamed. Both count as survivals.
    """
    run = row.suite
    assert run is not None
    if run.error:
        row.verdict = "ERROR"
        return
    expected = set(row.fault.expected)
    row.killed_by = run.broken
    row.killers = [f.test for f in run.failing_tests if expected & set(f.marked) & set(f.broken)]
    if row.killers:
        row.verdict = "KILLED"
    elif any(expected & set(f.broken) for f in run.failing_tests):
        row.verdict = "STRAY"
    elif run.exit_code == 0 or not run.broken:
        row.verdict = "SURVIVED"
    else:
        row.verdict = "ACCIDENT"


def judge_race(row: Row) -> None:
    """A race fault: KILLED when the load run failed and counted a violation of an expected
    guarantee (the load run has no tests of its own, so no STRAY); SURVIVED when it passed."""
    run = row.suite
    assert run is not None
    row.killed_by = run.broken
    if run.error:
        row.verdict = "ERROR"
    elif set(row.fault.expected) & set(run.broken) and run.exit_code == 1:
        row.verdict = "KILLED"
        row.killers = ["the load run (python -m hoko_contract.load)"]
    elif run.exit_code == 0:
        row.verdict = "SURVIVED"
    else:
        row.verdict = "ACCIDENT"
