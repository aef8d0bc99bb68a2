"""Exercise the benchmark harness's smallest pieces (quick sizes, no timing assertions)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    from benchmarks.run import _in_child

    results = _in_child("1", quick=True, timeout_s=120)
    assert len(results) == 13 and all(isinstance(r, Result) for r in results)
    assert all(r.section == codec.SECTION and r.runs == 2 for r in results)
    assert {r.ratio_to for r in results} == {"orjson", "orjson decode"}
    assert all(r.min <= r.median <= r.max for r in results)


def test_runs_of_a_section_merge_into_one_line_judged_on_the_median_run() -> None:
    from benchmarks import e2e

    def one_run(ratio: float) -> list[Result]:
        raw = Result(e2e.SECTION, "raw", "ms", [10.0])
        ov = Result(e2e.SECTION, f"x: {e2e.OVERLAY}", "ms", [10.0 * ratio], goal="≤ 1.1× raw")
        set_ratio(ov, raw)
        ov.ratio_to = "raw"
        return [raw, ov]

    report = Report()
    e2e.merge_runs(report, [one_run(r) for r in (1.05, 1.30, 1.02, 1.08, 1.09)])
    line = report.get(e2e.SECTION, f"x: {e2e.OVERLAY}")
    assert line.runs == 5 and line.ratio is not None and abs(line.ratio - 1.08) < 1e-9
    assert line.met is True and "5 runs: ratio 1.02-1.30" in line.note
    assert line.extra["per_run_ratios"] == [1.05, 1.30, 1.02, 1.08, 1.09]


def test_suite_times_are_counted_in_raw_batches() -> None:
    from benchmarks import suites

    report = Report()
    line = report.add(Result(suites.SECTION, "make contract", "s", [60.0]))
    skipped = report.add(Result(suites.SECTION, "make test", "s", []))
    suites.per_batch(report, unit_ms=300.0)
    assert line.ratio == 200.0 and line.ratio_to == "raw 10k upsert"
    assert skipped.ratio is None


def _record_budget_order(monkeypatch: pytest.MonkeyPatch, budget_s: float) -> list[str]:
    """Replace the suites, the big sync, section 4 and the load run by recorders of their order
    and budgets (what is under test here, not the runs) within a budget of `budget_s`."""
    from benchmarks import bigsync, load, run, suites

    calls: list[str] = []
    monkeypatch.setattr(run, "TOTAL_BUDGET_S", budget_s)
    monkeypatch.setattr(
        suites, "run_target", lambda report, target, **kw: calls.append(f"make {target}")
    )
    monkeypatch.setattr(load, "run", lambda report, **kw: calls.append("load"))
    monkeypatch.setattr(
        bigsync, "run", lambda report, **kw: calls.append(f"3 in {kw['budget_s']:.0f} s")
    )
    monkeypatch.setattr(run, "server_section", lambda report, plan: calls.append("4"))
    return calls


def test_make_contract_is_timed_before_the_load_run_and_make_test_after(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from benchmarks import run

    argv = ["--in-process", "--suites", "--only", "5,6", "--out", str(tmp_path)]
    calls = _record_budget_order(monkeypatch, budget_s=570.0)
    assert run.main(argv) == 0
    assert calls == ["make contract", "load"]  # make test cannot finish in the budget
    # BENCH_SUITES=full: past the 10-minute budget, nothing is skipped for want of time.
    calls = _record_budget_order(monkeypatch, budget_s=20.0)
    assert run.main([*argv, "--suite-timeout", "1800"]) == 0
    assert calls == ["make contract", "load", "make test"]


def test_the_big_sync_gets_what_is_left_after_make_contract_and_section_4s_share(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from benchmarks import run

    argv = ["--in-process", "--suites", "--only", "3,4,5", "--out", str(tmp_path)]
    calls = _record_budget_order(monkeypatch, budget_s=200.0)
    assert run.main(argv) == 0
    assert calls == ["make contract", "3 in 140 s", "4"]
    calls = _record_budget_order(monkeypatch, budget_s=570.0)  # room to spare: the section's cap
    assert run.main(argv) == 0
    assert calls[1] == f"3 in {run.BIG_SYNC_BUDGET_S:.0f} s"


def test_a_spent_budget_skips_the_load_run_not_make_contract(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from benchmarks import load, run

    # Enough for make contract (31 s after the 15 s margin, 30 needed), too little for the load run.
    calls = _record_budget_order(monkeypatch, budget_s=46.0)
    assert run.main(["--in-process", "--suites", "--only", "5,6", "--out", str(tmp_path)]) == 0
    assert calls == ["make contract"]
    data = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    skipped = [r for r in data["results"] if r["section"] == load.SECTION]
    assert len(skipped) == 1 and "budget spent" in skipped[0]["note"]
    test_line = next(r for r in data["results"] if r["name"] == "make test")
    assert "BENCH_SUITES=full" in test_line["note"] and not test_line["samples"]


def test_the_server_floor_writes_every_item_into_the_servers_own_table(tmp_path: Path) -> None:
    import orjson

    from benchmarks.server_perf import Floor

    floor = Floor(tmp_path)
    floor.seed(
        [{"url": "https://e.com/a", "collectionId": "c"}], ["00000000-0000-0000-0000-0000000000aa"]
    )
    body = orjson.dumps(
        [
            {"id": "00000000-0000-0000-0000-0000000000aa", "title": "updated"},
            {"url": "https://e.com/b", "collectionId": "c", "externalId": "x"},
        ]
    )
    assert floor.put_ms(body) > 0
    rows = floor.db.select("SELECT id, doc FROM links ORDER BY code", ())
    assert len(rows) == 2 and b"updated" in rows[0][1]
