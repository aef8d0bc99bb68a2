"""Exercise the benchmark harness's smallest pieces (quick sizes, no timing assertions)."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import codec
from benchmarks.report import Report, Result, check_goal, render_text, set_ratio, write_report


def test_codec_section_measures_every_variant_against_orjson(tmp_path: Path) -> None:
    report = Report(meta={"mode": "test"})
    codec.run(report, n=100, runs=2)

    names = [r.name for r in report.results]
    assert len(names) == 13 and len(set(names)) == 13
    assert all(r.runs == 2 and r.min <= r.median <= r.max for r in report.results)
    baseline = report.get(codec.SECTION, "encode 100 links: plain dicts + orjson")
    assert baseline.ratio == 1.0
    assert all(r.ratio is not None for r in report.results)
    assert {r.ratio_to for r in report.results} == {"orjson", "orjson decode"}
    check = report.get(codec.SECTION, "order check of 100 results (hoko, D6)")
    assert check.ratio is not None and check.ratio_to == "orjson decode"


def test_report_writer_gives_median_spread_runs_goal_and_verdict(tmp_path: Path) -> None:
    report = Report(meta={"mode": "test"})
    raw = report.add(Result("2 e2e", "raw", "ms", [10.0, 12.0, 11.0]))
    fast = report.add(Result("2 e2e", "overlay", "ms", [12.0, 30.0, 13.0]))
    slow = report.add(Result("2 e2e", "other", "ms", [20.0, 21.0, 22.0]))
    rate = report.add(Result("3 sync", "rate", "links/s", [25_000.0]))
    for r in (raw, fast, slow):
        set_ratio(r, raw)
    check_goal(fast, "≤ 1.25× raw", limit=1.25, on="ratio")
    check_goal(slow, "≤ 1.25× raw", limit=1.25, on="ratio")
    check_goal(rate, "≥ 20,000/s", limit=20_000, higher_is_better=True)
    empty = report.add(Result("5 suites", "make mutation", "s", [], note="not available"))
    check_goal(empty, "≤ 1 s", limit=1.0)

    assert fast.median == 13.0 and fast.ratio is not None and abs(fast.ratio - 13 / 11) < 1e-9
    assert (fast.met, slow.met, rate.met, empty.met) == (True, False, True, None)

    md_path, json_path = write_report(report, tmp_path)
    md = md_path.read_text(encoding="utf-8")
    assert "| 2 e2e | overlay | ms | 13.0 | 12.0 | 30.0 | 3 | 1.18× raw | ≤ 1.25× raw | yes |" in md
    assert "| **NO** |" in md and "not available" in md
    data = json.loads(json_path.read_text(encoding="utf-8"))
    row = next(r for r in data["results"] if r["name"] == "other")
    assert (row["median"], row["min"], row["max"], row["runs"], row["met"]) == (
        21.0,
        20.0,
        22.0,
        3,
        False,
    )
    assert "overlay" in render_text(report)


def test_a_section_run_in_a_fresh_interpreter_comes_back_whole() -> None:
    """make bench runs each section in a child process; its lines must survive the trip."""
    from benchmarks.run import _section_in_child

    results = _section_in_child("1", quick=True, timeout_s=120)
    assert len(results) == 13 and all(isinstance(r, Result) for r in results)
    assert all(r.section == codec.SECTION and r.runs == 2 for r in results)
    assert {r.ratio_to for r in results} == {"orjson", "orjson decode"}
    assert all(r.min <= r.median <= r.max for r in results)
