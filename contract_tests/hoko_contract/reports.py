"""What a run leaves: the failure blocks, the verdict table, the JSON report and contract.html."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from . import html_report
from .evidence import Exchange
from .guarantees import BY_ID
from .secrets import Scrubber
from .target import Settings
from .verdict import Ledger, Outcome, counts, table

MESSAGE_LINES = 15


def failure_block(
    outcome: Outcome, item: pytest.Item, exchanges: list[Exchange], scrub: Scrubber
) -> str:
    """A short, readable failure: the guarantee, the operation, what came, how to replay it."""
    last = exchanges[-1] if exchanges else None
    operation = f"{last.method} {urlsplit(last.url).path}" if last else "(no request)"
    lines = [f"[{', '.join(outcome.blamed) or '?'}] {operation}"]
    for gid in outcome.blamed:
        if gid in BY_ID:
            lines.append(f"  guarantee  {gid}: {BY_ID[gid].title}")
    message = [m if len(m) <= 600 else m[:600] + " …" for m in scrub(outcome.message).splitlines()]
    shown = message[:MESSAGE_LINES] + (["..."] if len(message) > MESSAGE_LINES else [])
    lines.append("  failure    " + "\n             ".join(shown))
    path, line, name = item.location
    lines.append(f"  test       {path}:{(line or 0) + 1} {name}")
    if outcome.curl:
        lines.append(f"  reproduce  {outcome.curl}")
    if outcome.evidence:
        lines.append(f"  evidence   {outcome.evidence}")
    if outcome.outcome == "accepted":
        lines.append("  accepted   by the baseline: does not fail the run")
    lines.append("  (the full traceback: -v or --tb=long)")
    return "\n".join(lines)


def _markup(status: str) -> dict[str, bool]:
    return {"failed": {"red": True}, "passed": {"green": True}, "differs": {"cyan": True}}.get(
        status, {"yellow": True}
    )


def write_reports(
    tr: Any, s: Settings, ledger: Ledger, result: dict[str, Any], scrub: Scrubber
) -> None:
    per = result["per"]
    tr.section("Hoko contract: guarantees")
    width = getattr(getattr(tr, "_tw", None), "fullwidth", 100)
    for text, status in table(per, ledger.outcomes, width):
        tr.write_line(scrub(text), **_markup(status))
    if ledger.stopped:
        tr.write_line(scrub(f"run stopped early: {ledger.stopped}"), red=True)
    for entry in result.get("stale", []):
        tr.write_line(
            f"baseline entry no longer occurs (fixed, prune it): {entry.guarantee} {entry.test}",
            red=True,
        )
    if "baseline_written" in result:
        tr.write_line(f"baseline written: {s.baseline} ({result['baseline_written']} findings)")
    summary = ", ".join(f"{n} {k}" for k, n in counts(per).items())
    tr.write_line(f"seed {s.seed} (HOKO_SEED), run id {s.run_id}: {summary}")
    if "objects_created" in result:
        budget = f" of a write budget of {s.write_budget:,}" if s.write_budget else ""
        tr.write_line(f"objects created: up to {result['objects_created']:,}{budget}")
    if "cleanup" in result:
        tr.write_line(result["cleanup"])
    if s.certify:
        ok = all(v["status"] in ("passed", "differs") for v in per.values())
        tr.write_line(
            "certification: " + ("every guarantee PASSED" if ok else "NOT certified"),
            **_markup("passed" if ok else "failed"),
        )
    failures = result.get("failures", [])
    meta = {
        "target": s.base_url or "embedded",
        "profile": s.profile,
        "run id": s.run_id,
        "seed": s.seed,
        "heavy": s.heavy,
        "certify": s.certify,
        "exit status": result.get("exit"),
        "summary": summary,
    }
    report = {
        "profile": s.profile,
        "differs": [f for v in per.values() for f in v["differs"]],
        "run_id": s.run_id,
        "seed": s.seed,
        "target": s.base_url or "embedded",
        "faults": s.faults,
        "exit_status": result.get("exit"),
        "certify": s.certify,
        "stopped": ledger.stopped,
        "objects_created": result.get("objects_created"),
        "cleanup": result.get("cleanup"),
        "write_budget": s.write_budget,
        "broken": sorted(g for g, v in per.items() if v["status"] == "failed"),
        "guarantees": per,
        "failures": [
            {
                "test": o.nodeid,
                "broken": list(o.blamed),
                "outcome": o.outcome,
                "fingerprint": o.fingerprint,
                "evidence": o.evidence,
                "reproduce": o.curl,
            }
            for o, _x in failures
        ],
        "stale_findings": [e.__dict__ for e in result.get("stale", [])],
        "tests": {
            o.nodeid: {
                "marked": list(o.marked),
                "outcome": o.outcome,
                "broken": list(o.blamed),
                "reason": o.reason,
                "evidence": o.evidence,
            }
            for o in ledger.outcomes.values()
        },
    }
    s.report_json.parent.mkdir(parents=True, exist_ok=True)
    s.report_json.write_text(scrub(json.dumps(report, indent=2)) + "\n", encoding="utf-8")
    html_path = s.reports_dir / "contract.html"
    html_path.write_text(html_report.render(meta, per, failures, scrub), encoding="utf-8")
    tr.write_line(f"guarantee verdict written to {s.report_json}, report to {html_path}")
