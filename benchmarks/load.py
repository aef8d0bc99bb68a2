"""Section 6: the contract under load. Links per second written by N raw users (every response
checked, the final state audited), with p50 and p95 per batch-size band, for two user counts in
the same run; the larger count's rate as a ratio to the smaller's says how the server scales."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.report import Report, Result, set_ratio

SECTION = "6 load"
REPO = Path(__file__).resolve().parents[1]


def _one(users: int, seconds: int, timeout_s: float) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOKO_")}
    with tempfile.TemporaryDirectory(prefix="hoko-bench-load-") as tmp:
        out = Path(tmp)
        cmd = [sys.executable, "-m", "hoko_contract.load", "-u", str(users), "-r", str(users)]
        cmd += ["-t", f"{seconds}s", "--hoko-report-dir", str(out), "--csv", str(out / "locust")]
        cmd += ["--html", str(out / "locust.html"), "WireUser"]
        done = subprocess.run(
            cmd,
            cwd=REPO,
            env=env,
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
        verdict: dict[str, Any] = json.loads((out / "verdict.json").read_text())
    verdict["exit"] = done.returncode
    return verdict


def run(report: Report, *, users: tuple[int, ...], seconds: int, budget_s: float) -> None:
    lines: list[Result] = []
    for n in users:
        v = _one(n, seconds, timeout_s=max(60.0, budget_s))
        bands: list[dict[str, Any]] = v.get("bands") or []
        detail = "; ".join(
            f"{b['band']}: p50 {b['p50']:.0f} / p95 {b['p95']:.0f} ms" for b in bands
        )
        status = "contract held" if v["exit"] == 0 else f"exit {v['exit']}: see the verdict"
        line = report.add(
            Result(
                SECTION,
                f"{n} raw users, {seconds} s: links written per second",
                "links/s",
                [float(v["links_per_s"])],
                note=f"{status}; {detail}",
                higher_is_better=True,
                extra={"bands": bands, "requests": v.get("requests")},
            )
        )
        lines.append(line)
    for line in lines[1:]:
        set_ratio(line, lines[0])
