"""One run of the contract suite, in its own pytest process, against one (faulty) target."""

from __future__ import annotations

import json
import os
import shlex
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..guarantees import sort_key
from ..target import KEY_VARS, EmbeddedServer
from .procs import Processes

ROOT = Path(__file__).resolve().parents[3]
SUITE_TIMEOUT = 600.0
STOPPED_MARK = "mutation run: killed by expected guarantee"


@dataclass
class Failure:
    test: str
    marked: list[str]
    broken: list[str]


@dataclass
class Run:
    exit_code: int
    broken: list[str]
    failing_tests: list[Failure]
    tests_run: int
    seconds: float
    stopped_early: bool
    log: str
    error: str = ""


@dataclass
class SuiteConfig:
    seed: int
    pytest_args: list[str]
    logs: Path
    timeout: float = SUITE_TIMEOUT
    env: dict[str, str] = field(default_factory=dict)


def clean_env() -> dict[str, str]:
    """The caller's environment without any HOKO_* target setting (a run picks its own)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOKO_")}
    # pytest caches its assertion-rewritten modules as .pyc; without them every run re-rewrites
    # hundreds of plugin modules (about 5 s of CPU per run, x70 runs).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_suite(
    procs: Processes,
    cfg: SuiteConfig,
    label: str,
    *,
    env_extra: dict[str, str],
    stop_on: tuple[str, ...] | None,
    durations_out: Path | None = None,
    order_file: Path | None = None,
) -> Run:
    report = cfg.logs / f"{label}.json"
    log = cfg.logs / f"{label}.log"
    if procs.stopping.is_set():
        return Run(-1, [], [], 0, 0.0, False, str(log), "interrupted")
    report.unlink(missing_ok=True)
    env = clean_env() | cfg.env | env_extra
    env["HOKO_REPORT_JSON"] = str(report)
    if stop_on:
        env["HOKO_MUTATION_STOP_ON"] = ",".join(stop_on)
    if order_file is not None:
        env["HOKO_MUTATION_ORDER"] = str(order_file)
    if durations_out is not None:
        env["HOKO_MUTATION_DURATIONS"] = str(durations_out)
    cmd = [
        sys.executable, "-m", "pytest", "contract_tests",
        "-p", "hoko_contract.mutation.plugin", "-q", "--no-header", "-p", "no:cacheprovider",
        f"--hoko-seed={cfg.seed}",
        # shrinking only minimises the counterexample (many more requests), never a verdict
        "--hoko-shrink=0",
        # verdicts come from the JSON ledger: one line per failure in the log is enough
        "--tb=line",
        *cfg.pytest_args,
    ]  # fmt: skip
    start = time.monotonic()
    error = ""
    with log.open("w", encoding="utf-8") as out:
        out.write(f"$ {shlex.join(cmd)}\n")
        out.flush()
        code = procs.run(cmd, cwd=ROOT, env=env, out=out, timeout=cfg.timeout)
    if code is None:
        code, error = -1, f"timed out after {cfg.timeout:.0f}s"
    seconds = time.monotonic() - start
    broken: list[str] = []
    failing: list[Failure] = []
    tests_run = 0
    if report.exists():
        data = json.loads(report.read_text(encoding="utf-8"))
        broken = list(data.get("broken", []))
        for nodeid, t in data.get("tests", {}).items():
            if t.get("outcome") in ("passed", "failed"):
                tests_run += 1
            if t.get("outcome") == "failed":
                failing.append(Failure(nodeid, list(t["marked"]), list(t["broken"])))
    elif not error:
        error = f"no verdict JSON (pytest exit {code}); see {log}"
    stopped = STOPPED_MARK in log.read_text(encoding="utf-8", errors="replace")
    # 2 is pytest's "interrupted", which is also how an early stop ends
    if code not in (0, 1) and not (code == 2 and stopped) and not error:
        error = f"pytest exit {code}; see {log}"
    shown = log.relative_to(ROOT) if log.is_relative_to(ROOT) else log
    return Run(
        code, sorted(broken, key=sort_key), failing, tests_run, seconds, stopped, str(shown), error
    )


class ProxyHarness:
    """A clean upstream server plus the fault proxy in front of it, for one proxy fault."""

    def __init__(self, fault: str | None, run_id: str) -> None:
        from ..fault_proxy import ProxyProcess

        self.upstream = EmbeddedServer([], run_id)
        self.proxy = ProxyProcess(fault)

    def __enter__(self) -> ProxyHarness:
        self.upstream.start()
        self.proxy.start(self.upstream.base_url)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.proxy.stop()
        self.upstream.cleanup()

    def env(self) -> dict[str, str]:
        """The suite's settings for a remote target: the proxy, and all five keys."""
        # A kill-matrix run judges against every decision (the reference profile), and its
        # upstream is a fresh server that is thrown away (no clean-up needed).
        env = {
            "HOKO_BASE_URL": self.proxy.base_url,
            "HOKO_PROFILE": "reference",
            "HOKO_CLEANUP": "0",
        }
        for var, (_opt, dev) in KEY_VARS.items():
            env[var] = dev
        # the dev rate-limited key allows 5 requests per 10 s; the seeded one 3 per 2 s
        env["HOKO_API_KEY_RATE_LIMITED"] = self.upstream.fast_rl_key
        return env


def proxy_suite(
    procs: Processes,
    cfg: SuiteConfig,
    fault: str | None,
    label: str,
    stop_on: tuple[str, ...] | None,
    order_file: Path | None,
    durations_out: Path | None = None,
) -> Run:
    try:
        with ProxyHarness(fault, label.replace("-", "")[:12]) as h:
            return run_suite(
                procs,
                cfg,
                label,
                env_extra=h.env(),
                stop_on=stop_on,
                order_file=order_file,
                durations_out=durations_out,
            )
    except Exception as exc:  # infrastructure, not a verdict
        return Run(-1, [], [], 0, 0.0, False, "", f"proxy harness failed: {exc!r}")


# A race fault's load run: enough users and time for the race to be met (tests/load uses the same).
RACE_LOAD = ("-u", "16", "-r", "16", "-t", "8s")


def load_run(procs: Processes, cfg: SuiteConfig, fault: str) -> Run:
    """The load run (`python -m hoko_contract.load`) against the embedded server with `fault`;
    `broken` is what its verdict counts as violated."""
    folder = cfg.logs / f"race-{fault}"
    log = cfg.logs / f"race-{fault}.log"
    if procs.stopping.is_set():
        return Run(-1, [], [], 0, 0.0, False, str(log), "interrupted")
    verdict = folder / "verdict.json"
    verdict.unlink(missing_ok=True)
    cmd = [
        sys.executable, "-m", "hoko_contract.load", "--reference-fault", fault, *RACE_LOAD,
        "--hoko-report-dir", str(folder), "--csv", str(folder / "locust"),
        "--html", str(folder / "locust.html"),
    ]  # fmt: skip
    start = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        out.write(f"$ {shlex.join(cmd)}\n")
        out.flush()
        code = procs.run(cmd, cwd=ROOT, env=clean_env() | cfg.env, out=out, timeout=cfg.timeout)
    seconds = time.monotonic() - start
    shown = str(log.relative_to(ROOT) if log.is_relative_to(ROOT) else log)
    if code is None:
        return Run(-1, [], [], 0, seconds, False, shown, f"timed out after {cfg.timeout:.0f}s")
    if not verdict.exists():
        return Run(code, [], [], 0, seconds, False, shown, f"no verdict (exit {code}); see {log}")
    data = json.loads(verdict.read_text(encoding="utf-8"))
    broken = sorted(data.get("violations", {}), key=sort_key)
    return Run(code, broken, [], int(data.get("requests", 0)), seconds, False, shown)
