"""Section 5: wall time of `make contract` (embedded server, heavy tests on) and of `make test`,
each as a ratio to section 2's raw 10,000-item upsert in the same run: the suites' cost in units
of "one big batch", which compares across machines."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

from benchmarks.report import Report, Result

SECTION = "5 suites"
TARGETS = ("contract", "test")
# `make test` takes longer than the whole 10-minute budget (BENCH_SUITES=full times it).
FIT_THE_BUDGET = ("contract",)
REPO = Path(__file__).resolve().parents[1]


def has_target(target: str) -> bool:
    makefile = (REPO / "Makefile").read_text()
    return re.search(rf"^{re.escape(target)}\s*:", makefile, re.MULTILINE) is not None


def per_batch(report: Report, unit_ms: float | None) -> None:
    """Every timed suite line as a ratio to one raw 10,000-item upsert (`unit_ms`)."""
    if not unit_ms:
        return
    for r in report.results:
        if r.section == SECTION and r.samples:
            r.ratio, r.ratio_to = r.median / (unit_ms / 1000.0), "raw 10k upsert"


def run_target(report: Report, target: str, *, timeout_s: float, log_dir: Path) -> None:
    name = f"make {target}"
    if not has_target(target):
        report.add(Result(SECTION, name, "s", [], note="not available"))
        return
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOKO_")}  # embedded server
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"bench-{target}.log"
    t0 = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["make", "--no-print-directory", target],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            code = proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)  # the group we created: make and its pytest children
            proc.wait()
            note = f"> {timeout_s:.0f} s: stopped at the budget; BENCH_SUITES=full gives it 30 min"
            report.add(Result(SECTION, name, "s", [], note=note))
            return
    elapsed = time.perf_counter() - t0
    where = log.relative_to(REPO) if log.is_relative_to(REPO) else log
    status = "passed" if code == 0 else f"exit {code}, see {where}"
    report.add(Result(SECTION, name, "s", [elapsed], note=status))
