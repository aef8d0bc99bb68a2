"""`python -m hoko_contract.mutation`: the kill matrix (see the package doc)."""

from __future__ import annotations

import argparse
import fcntl
import os
import shlex
import signal
import sys
import threading
import time
from pathlib import Path
from typing import IO

from . import __doc__ as DOC
from .baseline import ST_EXAMPLES
from .catalogue import Fault, proxy_faults, race_faults, server_faults, table
from .documented import DocumentedRow
from .documented import passed as documented_passed
from .documented import render as render_documented
from .report import Meta, as_json, render
from .runs import ROOT, SuiteConfig
from .schedule import Matrix, Plan, previous_seconds
from .variants import headline, variants
from .variants import passed as variant_passed
from .variants import render as render_variants
from .variants import rows_for as variant_rows_for
from .verdicts import Row

DEFAULT_SEED = 20261121


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m hoko_contract.mutation", description=DOC)
    p.add_argument("--quick", action="store_true", help="no schemathesis baseline (for make test)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--fault", action="append", default=[], help="only these faults (repeatable)")
    p.add_argument("--no-proxy", action="store_true", help="skip the proxy faults")
    p.add_argument("--no-server", action="store_true", help="skip the server faults")
    p.add_argument(
        "--races",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="the race faults, each judged by a load run (default: on, off with --quick, whose "
        "make test runs them in tests/load)",
    )
    p.add_argument("--no-baseline", action="store_true", help="skip the schemathesis CLI baseline")
    p.add_argument(
        "--no-documented",
        action="store_true",
        help="skip the server faults' runs in the documented profile (full matrix only)",
    )
    p.add_argument(
        "--no-variants", action="store_true", help="skip the variant matrix (legal alternatives)"
    )
    p.add_argument("--seed", type=int, default=int(os.environ.get("HOKO_SEED", DEFAULT_SEED)))
    p.add_argument("--st-examples", type=int, default=ST_EXAMPLES)
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="rerun the schemathesis baseline even where its inputs did not change",
    )
    p.add_argument(
        "--examples",
        type=int,
        default=None,
        help="hypothesis examples per property for every suite run (default: the suite's)",
    )
    p.add_argument(
        "--pytest-args",
        default=os.environ.get("MUTATION_PYTEST_ARGS", ""),
        help="extra pytest arguments for every suite run, e.g. \"-k 'not ordering'\"",
    )
    p.add_argument(
        "--list", action="store_true", help="print every fault and the guarantees it must break"
    )
    p.add_argument("--report", default=str(ROOT / "reports" / "mutation.md"))
    p.add_argument("--logs", default=str(ROOT / "reports" / "mutation"))
    return p


def _lock(logs: Path) -> IO[str]:
    """One matrix per logs directory at a time: a second run would delete the first one's
    verdicts and test order. It waits (e.g. `make bench` timing `make mutation` meanwhile)."""
    handle = (logs / ".lock").open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"mutation: another run is using {logs}; waiting for it", flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle  # held while it is open


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    faults: list[Fault] = []
    if not args.no_server:
        faults += server_faults()
    if (not args.quick) if args.races is None else args.races:
        faults += race_faults()
    if not args.no_proxy:
        faults += proxy_faults()
    if args.list:
        print(table(faults))
        return 0
    if args.fault:
        unknown = sorted(set(args.fault) - {f.name for f in faults})
        if unknown:
            print(f"unknown fault(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        faults = [f for f in faults if f.name in args.fault]
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    with _lock(logs):
        for stale in logs.glob("*.json"):
            stale.unlink()  # an earlier run's verdicts and durations are not this one's
        return _matrix(args, faults, logs)


def _matrix(args: argparse.Namespace, faults: list[Fault], logs: Path) -> int:
    t0 = time.monotonic()
    extra = shlex.split(args.pytest_args)
    if args.examples is not None:
        extra.append(f"--hoko-examples={args.examples}")
    print_lock = threading.Lock()

    def say(msg: str) -> None:
        with print_lock:
            print(msg, flush=True)

    baseline = not (args.quick or args.no_baseline)
    say(
        f"mutation: {len(faults)} faults, {args.workers} workers, seed {args.seed}, "
        f"schemathesis baseline {'on' if baseline else 'off'}; logs in {logs}"
    )
    rows = [Row(f) for f in faults]
    variant_rows = (
        [] if args.no_variants or args.fault else variant_rows_for(variants(), args.quick)
    )
    # The full matrix also runs every server fault in the documented profile (a remote target's).
    documented_rows = (
        []
        if args.quick or args.no_documented
        else [DocumentedRow(f) for f in faults if f.kind == "server"]
    )
    previous = previous_seconds(Path(args.report))
    rows.sort(key=lambda r: -previous.get(r.fault.name, 0.0))  # slowest first: shorter tail
    cache = None if args.no_cache else ROOT / "reports" / "mutation-st-cache"
    matrix = Matrix(
        rows,
        SuiteConfig(args.seed, extra, logs),
        Plan(args.workers, baseline, args.st_examples, cache),
        say,
        variant_rows,
        documented_rows,
    )

    def on_signal(_signum: int, _frame: object) -> None:
        # Stop the running suites first: the workers wait on them, and the pool on the workers.
        matrix.procs.stop_all()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        matrix.run()
    except KeyboardInterrupt:
        print("mutation: interrupted; runs stopped", file=sys.stderr)
        return 130
    failed = matrix.failed_clean_runs()
    if failed:
        say(
            f"ERROR: the suite fails against a correct server ({', '.join(failed)}); "
            "no kill can be trusted."
        )
        return 2
    clean_st, note = matrix.apply_baseline() if baseline else (None, "")
    rows.sort(key=lambda r: (r.fault.kind != "server", faults.index(r.fault)))
    meta = Meta(
        args.seed, args.workers, args.quick, args.st_examples, args.pytest_args,
        time.monotonic() - t0, note,
    )  # fmt: skip
    md = render(rows, matrix.clean, clean_st, meta)
    md += "\n".join(render_documented(documented_rows) + render_variants(variant_rows))
    md += "\n" + headline([r.verdict for r in rows], variant_rows) + "\n"
    report = Path(args.report)
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(md, encoding="utf-8")
    report.with_suffix(".json").write_text(
        as_json(rows, matrix.clean, clean_st, meta), encoding="utf-8"
    )
    print()
    print(md)
    bad = [r for r in rows if r.verdict != "KILLED"]
    bad_variants = [r for r in variant_rows if not variant_passed(r)]
    bad_documented = [r for r in documented_rows if not documented_passed(r)]
    if documented_rows:
        print(
            f"documented profile: {len(documented_rows) - len(bad_documented)} passed, "
            f"{len(bad_documented)} failed"
            + "".join(f"\n  {r.verdict}: {r.fault.name}" for r in bad_documented)
        )
    # A plain closing line CI can read: a killed fault is a passed check of the suite.
    print(f"mutation: {len(rows) - len(bad)} passed, {len(bad)} failed")
    print(
        f"variants: {len(variant_rows) - len(bad_variants)} passed, {len(bad_variants)} failed"
        + "".join(f"\n  {r.verdict}: {r.variant.name} ({r.profile})" for r in bad_variants)
    )
    if any(r.verdict == "ERROR" for r in rows) or any(r.verdict == "ERROR" for r in variant_rows):
        return 2
    return 1 if bad or bad_variants or bad_documented else 0


if __name__ == "__main__":
    raise SystemExit(main())
