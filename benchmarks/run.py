"""`make bench`: every section, bounded in count and time; writes reports/bench.{md,json}.

python -m benchmarks.run [--quick] [--suites | --no-suites] [--suite-timeout S] [--only 1,2,4]
                             [--in-process] [--out reports] [--started-at EPOCH]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import bigsync, codec, e2e, load, server_perf, suites
from benchmarks.report import Report, Result, render_text, write_report
from benchmarks.server import create_fixtures, http_client, loopback_server

REPO = Path(__file__).resolve().parents[1]
TOTAL_BUDGET_S = 570.0  # `make bench` must finish in 10 minutes, setup included
MARGIN_S = 15.0  # kept back from what is left when a suite or the load run is given its budget
LOAD_BUDGET_S = 120.0
BIG_SYNC_BUDGET_S = 190.0
AFTER_BIG_SYNC_S = 60.0  # section 4 (~30 s) and a margin, kept back from the big sync
LOAD_MIN_S = 32.0  # two 10-second load runs and their start-ups took 31 s


@dataclass(frozen=True)
class Plan:
    codec_n: int = 10_000
    codec_runs: int = 9
    e2e_n: int = 10_000
    # Sample counts follow the noise of a shared 2-core machine (docs/benchmarks.md): with 5, a
    # goal a few percent from the true ratio was read either way from one run to the next.
    e2e_rounds: int = 9  # per run of the section; e2e.RUNS runs
    big_n: int = 100_000
    big_runs: int = 7
    server_n: int = 10_000
    server_runs: int = 11
    thr_clients: int = 8
    thr_batches: int = 5
    thr_batch_size: int = 1_000
    thr_runs: int = 3
    load_users: tuple[int, ...] = (4, 16)
    load_seconds: int = 10


QUICK = Plan(
    codec_n=100,
    codec_runs=2,
    e2e_n=200,
    e2e_rounds=1,
    big_n=2_000,
    big_runs=1,
    server_n=200,
    server_runs=1,
    thr_clients=2,
    thr_batches=1,
    thr_batch_size=100,
    thr_runs=1,
    load_users=(2,),
    load_seconds=3,
)


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


def meta(quick: bool) -> dict[str, object]:
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "commit": _git_commit(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "gc": "enabled (default; codec timings include collections)" if gc.isenabled() else "off",
        "mode": "quick (smoke, numbers meaningless)" if quick else "full",
        "method": "median of repeated samples; variants interleaved (A B C, rotated per round); "
        "ratios are medians over the baseline's median in the same run",
    }


def _in_child(
    section: str, quick: bool, timeout_s: float, budget_s: float | None = None
) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="hoko-bench-section-") as tmp:
        cmd = [sys.executable, "-m", "benchmarks.run", "--in-process", "--no-suites"]
        cmd += ["--only", section, "--out", tmp] + (["--quick"] if quick else [])
        if budget_s is not None:
            cmd += ["--section-budget", f"{budget_s:.1f}"]
        done = subprocess.run(
            cmd, cwd=REPO, stdout=subprocess.DEVNULL, timeout=timeout_s, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"benchmark section {section} failed (exit {done.returncode})")
        data = json.loads((Path(tmp) / "bench.json").read_text(encoding="utf-8"))
    names = {f.name for f in dataclasses.fields(Result)}
    return [Result(**{k: v for k, v in r.items() if k in names}) for r in data["results"]]


def server_section(report: Report, plan: Plan) -> None:
    server_perf.run_server_time(report, n=plan.server_n, runs=plan.server_runs, budget_s=30)
    with loopback_server() as url, http_client(url) as c:
        fx = create_fixtures(c)
        server_perf.run_throughput(
            report,
            url,
            fx,
            clients=plan.thr_clients,
            batches=plan.thr_batches,
            batch_size=plan.thr_batch_size,
            runs=plan.thr_runs,
            budget_s=60,
        )


def _raw_batch_ms(report: Report, n: int) -> float | None:
    try:
        return report.get(e2e.SECTION, f"{n:,}-item mixed upsert: raw httpx + orjson").median
    except KeyError:
        return None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true", help="tiny sizes, one run each: a smoke test")
    p.add_argument(
        "--suites",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="time `make contract`/`make test` (default: on, off with --quick)",
    )
    p.add_argument(
        "--suite-timeout",
        type=float,
        default=None,
        help="seconds per suite (default: whatever is left of the 10-minute budget)",
    )
    p.add_argument("--only", default="1,2,3,4,6,5", help="comma-separated section numbers")
    p.add_argument(
        "--suite-targets",
        default=",".join(suites.TARGETS),
        help="the make targets section 5 times (default: contract,test)",
    )
    p.add_argument(
        "--section-budget",
        type=float,
        default=None,
        help="seconds for the big sync (section 3); by default what the 10-minute budget leaves",
    )
    p.add_argument("--out", type=Path, default=REPO / "reports")
    p.add_argument(
        "--in-process",
        action="store_true",
        help="run the sections in this interpreter (by default each gets a fresh one)",
    )
    p.add_argument(
        "--started-at",
        type=float,
        default=None,
        help="epoch seconds when `make bench` started, so venv setup counts against the budget",
    )
    a = p.parse_args(argv)
    plan = QUICK if a.quick else Plan()
    run_suites = (not a.quick) if a.suites is None else a.suites
    only = {s.strip() for s in a.only.split(",")}
    started = time.perf_counter()
    report = Report(meta=meta(a.quick))

    setup_s = max(0.0, time.time() - a.started_at) if a.started_at else 0.0

    def left() -> float:
        return TOTAL_BUDGET_S - setup_s - (time.perf_counter() - started)

    def log(msg: str) -> None:
        print(f"[bench {time.perf_counter() - started:6.1f}s] {msg}", file=sys.stderr, flush=True)

    def skipped(section: str, name: str, why: str) -> None:
        report.add(Result(section, name, "s", [], note=why))

    def time_suite(target: str) -> None:
        budget = a.suite_timeout if a.suite_timeout else left() - MARGIN_S
        log(f"5 make {target} (timeout {budget:.0f} s)")
        if budget < 30:
            skipped(suites.SECTION, f"make {target}", "skipped: 10-minute budget spent")
        else:
            suites.run_target(report, target, timeout_s=budget, log_dir=a.out)

    def big_sync_budget() -> float:
        if a.section_budget is not None:
            return float(a.section_budget)
        if a.suite_timeout:  # the suites run past the 10-minute budget anyway
            return BIG_SYNC_BUDGET_S
        return max(0.0, min(BIG_SYNC_BUDGET_S, left() - AFTER_BIG_SYNC_S))

    def section(name: str) -> None:
        if not a.in_process:
            # pyperf's rule: a fresh interpreter per section. Run in one process, the codec
            # section's million short-lived objects left the heap in a state that made the
            # next section's object-heavy variants up to 40 % slower than when run alone.
            timeout = max(60.0, left())
            if name == "2":  # judged over several runs, each in a fresh interpreter
                runs = 1 if a.quick else e2e.RUNS
                log(f"section 2, {runs} runs in child processes (timeout {timeout:.0f} s each)")
                e2e.merge_runs(report, [_in_child("2", a.quick, timeout) for _ in range(runs)])
                return
            budget = big_sync_budget() if name == "3" else None
            log(f"section {name} in a child process (timeout {timeout:.0f} s)")
            report.results += _in_child(name, a.quick, timeout, budget)
        elif name == "1":
            log("1 codec")
            codec.run(report, n=plan.codec_n, runs=plan.codec_runs)
        elif name == "2":
            log("2 end to end, one batch")
            with loopback_server() as url:
                e2e.run(report, url, n=plan.e2e_n, rounds=plan.e2e_rounds, budget_s=150)
        elif name == "3":
            log("3 big sync")
            bigsync.run(report, n=plan.big_n, runs=plan.big_runs, budget_s=big_sync_budget())
        elif name == "4":
            log("4 server")
            server_section(report, plan)

    targets = a.suite_targets.split(",") if "5" in only and run_suites else []
    fitting = [t for t in targets if t in suites.FIT_THE_BUDGET]
    # The order spends a slow day's budget on what can give: `make contract` (one fixed cost,
    # the time section 5 is for) goes right after section 2, whose raw batch is its unit; the
    # big sync then gets what is left after section 4's share, and the load lines (information
    # only) the rest. `make test` never fits in 10 minutes: only BENCH_SUITES=full runs it.
    for name in ("1", "2"):
        if name in only:
            section(name)
    for target in fitting:
        time_suite(target)
    for name in ("3", "4"):
        if name in only:
            section(name)
    if "6" in only:
        # BENCH_SUITES=full runs past the 10-minute budget anyway: the load run keeps its own.
        budget = LOAD_BUDGET_S if a.suite_timeout else min(LOAD_BUDGET_S, left() - MARGIN_S)
        if budget < LOAD_MIN_S:
            log("6 load: skipped, the 10-minute budget is spent")
            skipped(load.SECTION, "load run", "skipped: 10-minute budget spent")
        else:
            log("6 load")
            load.run(report, users=plan.load_users, seconds=plan.load_seconds, budget_s=budget)
    for target in (t for t in targets if t not in fitting):
        if a.suite_timeout:
            time_suite(target)
        else:  # started, it would only be stopped at the budget
            why = "skipped: takes longer than the 10-minute budget; BENCH_SUITES=full times it"
            skipped(suites.SECTION, f"make {target}", why)
    if "5" in only and not run_suites:
        for target in suites.TARGETS:
            skipped(suites.SECTION, f"make {target}", "skipped (BENCH_SUITES=0 or --quick)")
    suites.per_batch(report, _raw_batch_ms(report, plan.e2e_n))
    report.meta["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    report.meta["wall time"] = f"{time.perf_counter() - started:.0f} s (+ {setup_s:.0f} s setup)"
    md, js = write_report(report, a.out)
    for key, value in report.meta.items():
        print(f"{key}: {value}")
    print()
    print(render_text(report))
    print(f"\nwrote {md} and {js}")
    missed = [r.name for r in report.results if r.met is False]
    if missed:
        print("goals missed: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
