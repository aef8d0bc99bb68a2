"""Running the matrix: clean runs first, then every fault, on a pool of workers.

One pool of `workers` threads. The clean runs go first; each kind of fault run is queued the
moment its clean run has passed (server faults after the embedded clean run, whose durations
order their tests; proxy faults after the clean proxy run), so no worker idles while the long
embedded clean run finishes. The schemathesis baseline does not depend on our suite and is
queued at once. Verdicts never depend on this timing.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .baseline import Pairs, new_failures, run_schemathesis
from .documented import DocumentedRow
from .documented import judge as judge_documented
from .procs import Processes
from .runs import Run, SuiteConfig, load_run, proxy_suite, run_suite
from .variants import VariantRow, judge_variant
from .verdicts import Row, judge, judge_race


@dataclass(frozen=True)
class Plan:
    workers: int
    baseline: bool
    st_examples: int
    st_cache: Path | None


class Matrix:
    def __init__(
        self,
        rows: list[Row],
        cfg: SuiteConfig,
        plan: Plan,
        say: Callable[[str], None],
        variant_rows: list[VariantRow] | None = None,
        documented_rows: list[DocumentedRow] | None = None,
    ) -> None:
        self.rows = rows
        self.variant_rows = variant_rows or []
        self.documented_rows = documented_rows or []
        self.cfg = cfg
        self.plan = plan
        self.say = say
        self.procs = Processes()
        self.clean: dict[str, Run] = {}
        self.st_pairs: dict[str, tuple[Pairs, float, str]] = {}
        self._done = 0
        self._futures: list[Future[Any]] = []
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=max(1, plan.workers))
        self._orders = {
            "server": cfg.logs / "clean-durations.json",
            "proxy": cfg.logs / "clean-proxy-durations.json",
        }

    def _submit(self, fn: Callable[..., Any], *args: Any) -> None:
        with self._lock:
            if not self.procs.stopping.is_set():
                self._futures.append(self._pool.submit(fn, *args))

    def run(self) -> None:
        kinds = {r.fault.kind for r in self.rows}
        try:
            if kinds & {"server", "race"} or not self.rows or self.variant_rows:
                self._submit(self._clean_then, "server")
            if "proxy" in kinds:
                self._submit(self._clean_then, "proxy")
            if self.plan.baseline:
                self._submit(self._baseline, None)
                for row in self.rows:
                    if row.fault.kind == "server":
                        self._submit(self._baseline, row.fault.name)
            while True:  # tasks queue more tasks: wait until a pass finds nothing new
                with self._lock:
                    pending = [f for f in self._futures if not f.done()]
                if not pending:
                    break
                for fut in pending:
                    fut.result()
        finally:
            self._pool.shutdown(wait=True)

    def _clean_run(self, kind: str) -> Run:
        order = self._orders[kind]
        if kind == "server":
            return run_suite(
                self.procs, self.cfg, "clean", env_extra={}, stop_on=None, durations_out=order
            )
        return proxy_suite(self.procs, self.cfg, None, "clean-proxy", None, None, order)

    def _clean_then(self, kind: str) -> None:
        run = self.clean[kind] = self._clean_run(kind)
        ok = run.exit_code == 0 and not run.broken and not run.error
        self.say(
            f"clean run ({kind}): {'PASSED' if ok else 'FAILED'} in {run.seconds:.0f}s, "
            f"{run.tests_run} tests ({run.log})"
        )
        if not ok:
            self.say(f"  broken: {', '.join(run.broken) or '-'} {run.error}")
            for t in run.failing_tests[:10]:
                self.say(f"  failing: {t.test} (broken {', '.join(t.broken)})")
            self.procs.stopping.set()  # no kill can be trusted; stop queueing
            return
        order = self._orders[kind]
        if kind == "server":
            # The documented-profile runs are whole suites: queued first, they end the soonest.
            for vrow in sorted(self.variant_rows, key=lambda r: r.profile != "documented"):
                self._submit(self._variant_run, vrow, order if order.exists() else None)
        for row in self.rows:
            # Race faults need the embedded server's clean run too: its guarantees must hold.
            if row.fault.kind == kind or (kind == "server" and row.fault.kind == "race"):
                self._submit(self._fault_run, row, order if order.exists() else None)
        if kind == "server":
            for drow in self.documented_rows:
                self._submit(self._documented_run, drow, order if order.exists() else None)

    def _fault_run(self, row: Row, order: Path | None) -> None:
        f = row.fault
        if f.kind == "race":
            row.suite = load_run(self.procs, self.cfg, f.name)
            judge_race(row)
        elif f.kind == "server":
            row.suite = run_suite(
                self.procs,
                self.cfg,
                f.name,
                env_extra={"HOKO_REFERENCE_FAULTS": f.name},
                stop_on=f.expected,
                order_file=order,
            )
        else:
            row.suite = proxy_suite(
                self.procs, self.cfg, f.name, f"proxy-{f.name}", f.expected, order
            )
        if f.kind != "race":
            judge(row)
        with self._lock:
            self._done += 1
            done = self._done
        killer = row.killers[0].removeprefix("contract_tests/") if row.killers else ""
        self.say(
            f"[{done:>2}/{len(self.rows)}] {row.verdict:<8} {f.name:<38} expected "
            f"{','.join(f.expected):<16} broken {','.join(row.killed_by) or '-':<14} "
            f"{row.suite.seconds:5.1f}s " + (row.suite.error or killer)
        )

    def _variant_run(self, row: VariantRow, order: Path | None) -> None:
        v = row.variant
        label = f"variant-{v.name}-{row.profile}"
        row.suite = run_suite(
            self.procs,
            self.cfg,
            label,
            env_extra={"HOKO_REFERENCE_FAULTS": v.name, "HOKO_PROFILE": row.profile},
            # a documented-profile run must go all the way: any guarantee may raise the alarm
            stop_on=v.expected if row.profile == "reference" else None,
            order_file=order,
        )
        judge_variant(row, self.cfg.logs / f"{label}.json")
        self.say(
            f"[variant] {row.verdict:<14} {v.name:<28} {row.profile:<10} decisions "
            f"{','.join(v.decisions):<12} broken {','.join(row.broken) or '-':<14} "
            f"{row.suite.seconds:5.1f}s {row.suite.error}"
        )

    def _documented_run(self, row: DocumentedRow, order: Path | None) -> None:
        f = row.fault
        label = f"documented-{f.name}"
        row.suite = run_suite(
            self.procs,
            self.cfg,
            label,
            env_extra={"HOKO_REFERENCE_FAULTS": f.name, "HOKO_PROFILE": "documented"},
            stop_on=row.documented or None,
            order_file=order,
        )
        judge_documented(row, self.cfg.logs / f"{label}.json")
        self.say(
            f"[documented] {row.verdict:<11} {f.name:<38} expected "
            f"{','.join(row.documented) or '(DIFFERS)':<16} broken {','.join(row.broken) or '-'} "
            f"{row.suite.seconds:5.1f}s {row.suite.error}"
        )

    def _baseline(self, name: str | None) -> None:
        self.st_pairs[name or ""] = run_schemathesis(
            self.procs,
            [name] if name else [],
            name or "clean",
            self.cfg.logs,
            self.plan.st_examples,
            self.plan.st_cache,
        )

    def failed_clean_runs(self) -> list[str]:
        return [k for k, r in self.clean.items() if r.exit_code != 0 or r.broken or r.error]

    def apply_baseline(self) -> tuple[Pairs, str]:
        """Each server fault's new schemathesis failures; the noise floor and a note."""
        clean_st, _secs, error = self.st_pairs.get("", (set(), 0.0, "not run"))
        reused = sum(1 for _p, secs, err in self.st_pairs.values() if secs == 0.0 and not err)
        ran = len(self.st_pairs) - reused
        self.say(
            f"schemathesis on the clean server: {len(clean_st)} failure kinds (the noise "
            f"floor) {error}; {ran} baseline runs, {reused} reused from the cache"
        )
        for row in self.rows:
            if row.fault.kind == "server" and row.fault.name in self.st_pairs:
                pairs, row.st_seconds, row.st_error = self.st_pairs[row.fault.name]
                row.st_new = new_failures(pairs, clean_st)
        note = (
            f"{ran} schemathesis runs, {reused} reused from the cache (identical schemathesis, "
            "arguments, spec, server code and fault)"
        )
        return clean_st, note


def previous_seconds(report: Path) -> dict[str, float]:
    """Per-fault times of the last run, to start the slowest first (scheduling only)."""
    try:
        data = json.loads(report.with_suffix(".json").read_text(encoding="utf-8"))
        return {
            r["fault"]["name"]: float(r["suite"]["seconds"]) + float(r["schemathesis_seconds"])
            for r in data["rows"]
            if r.get("suite")
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}
