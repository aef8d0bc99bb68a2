"""Kill matrix: run the contract suite against faulty servers and report what it catches.

`python -m hoko_contract.mutation` (or `make mutation`):

1. Clean run: the whole suite against a fault-free embedded server. It must pass, or the run is an
   ERROR (exit 2): a failing suite cannot tell a kill from noise. Its per-test durations fix the
   test order of every fault run (cheapest first, same order for every fault).
2. One run per seeded fault of the reference server (`python -m hoko_reference --list-faults`):
   a fresh embedded server with only that fault, the whole suite, stopped early once a test fails
   that the suite blames on a guarantee of the fault's family (hoko_contract.guarantees maps
   families to G-numbers). A failure blamed on another guarantee does not stop the run.
3. One run per proxy fault (hoko_contract.fault_proxy): faults the server does not know, injected
   by a reverse proxy in front of a clean server; the suite targets the proxy as a remote server
   (HOKO_BASE_URL and all five keys), as a user certifying staging would.
4. Baseline: `st run --checks all` (schemathesis CLI) with the main key, a fixed example budget and
   seed, against the same faulty server. Schemathesis reports failures on the CLEAN server too
   (random ids do not exist, so positive_data_acceptance sees correct 400s); a fault counts as
   caught by schemathesis only if it produces a (check, operation) pair the clean run did not.

Verdicts (see judge()): KILLED (a test of an expected guarantee failed, blaming it), STRAY (only
other guarantees' tests caught it, even if their shared checks named the expected guarantee),
ACCIDENT (only unrelated guarantees blamed), SURVIVED, ERROR (the suite could not run). Exit 0
when every fault is KILLED, 1 otherwise, 2 when the clean run fails or a run errors.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .guarantees import guarantees_for_family, sort_key
from .target import KEY_VARS, EmbeddedServer

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "hoko.yaml"
DEFAULT_SEED = 20261121
ST_EXAMPLES = 5
ST_SEED = 1
SUITE_TIMEOUT = 600.0
ST_TIMEOUT = 180.0


@dataclass
class Fault:
    name: str
    kind: str  # "server" | "proxy"
    family: str
    description: str
    expected: list[str]


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
class Row:
    fault: Fault
    verdict: str = "ERROR"
    killed_by: list[str] = field(default_factory=list)
    killers: list[str] = field(default_factory=list)  # failing tests of an expected guarantee
    suite: Run | None = None
    st_new: list[str] | None = None  # None: baseline not run
    st_seconds: float = 0.0
    st_error: str = ""


# Running suite processes, stopped (with the servers they started) if the runner is interrupted.
# They stay in the runner's process group, so whoever kills that group kills them too.
LIVE: set[int] = set()
STOPPING = threading.Event()


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _kill_tree(pid: int) -> None:
    for p in [pid, *_descendants(pid)]:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _clean_env() -> dict[str, str]:
    """The caller's environment without any HOKO_* target setting (a run picks its own)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOKO_")}
    # pytest caches its assertion-rewritten modules as .pyc; without them every run re-rewrites
    # hundreds of plugin modules (about 5 s of CPU per run, x70 runs).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def server_faults() -> list[Fault]:
    out = subprocess.run(
        [sys.executable, "-m", "hoko_reference", "--list-faults"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    faults = []
    for line in out.splitlines():
        name, family, description = line.split("\t", 2)
        expected = guarantees_for_family(family)
        if not expected:
            raise SystemExit(f"fault {name}: family {family!r} maps to no guarantee")
        faults.append(Fault(name, "server", family, description, expected))
    return faults


def proxy_faults() -> list[Fault]:
    from .fault_proxy import PROXY_FAULTS

    return [
        Fault(f.name, "proxy", f.family, f.description, list(f.expected))
        for f in PROXY_FAULTS.values()
    ]


# -- one run of the contract suite ---------------------------------------------------------------


@dataclass
class SuiteConfig:
    seed: int
    pytest_args: list[str]
    logs: Path
    timeout: float = SUITE_TIMEOUT


def run_suite(
    cfg: SuiteConfig,
    label: str,
    *,
    env_extra: dict[str, str],
    stop_on: list[str] | None,
    durations_out: Path | None = None,
    order_file: Path | None = None,
) -> Run:
    report = cfg.logs / f"{label}.json"
    log = cfg.logs / f"{label}.log"
    if STOPPING.is_set():
        return Run(-1, [], [], 0, 0.0, False, str(log), "interrupted")
    report.unlink(missing_ok=True)
    env = _clean_env() | env_extra
    env["HOKO_REPORT_JSON"] = str(report)
    if stop_on:
        env["HOKO_MUTATION_STOP_ON"] = ",".join(stop_on)
    if order_file is not None:
        env["HOKO_MUTATION_ORDER"] = str(order_file)
    if durations_out is not None:
        env["HOKO_MUTATION_DURATIONS"] = str(durations_out)
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "contract_tests",
        "-p",
        "hoko_contract.mutation_plugin",
        "-q",
        "--no-header",
        "-p",
        "no:cacheprovider",
        f"--hoko-seed={cfg.seed}",
        # shrinking only minimises the counterexample (many more requests), never changes a verdict
        "--hoko-shrink=0",
        # verdicts come from the JSON ledger; a fault failing 100 tests need not format 100
        # tracebacks (the log keeps one line per failure)
        "--tb=line",
        *cfg.pytest_args,
    ]
    start = time.monotonic()
    error = ""
    with log.open("w", encoding="utf-8") as out:
        out.write(f"$ {shlex.join(cmd)}\n")
        out.flush()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        LIVE.add(proc.pid)
        try:
            code = proc.wait(timeout=cfg.timeout)
        except subprocess.TimeoutExpired:
            _kill_tree(proc.pid)
            proc.wait()
            code = -1
            error = f"timed out after {cfg.timeout:.0f}s"
        finally:
            LIVE.discard(proc.pid)
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
    text = log.read_text(encoding="utf-8", errors="replace")
    stopped = "mutation run: killed by expected guarantee" in text
    # 2 is pytest's "interrupted", which is also how an early stop ends
    if code not in (0, 1) and not (code == 2 and stopped) and not error:
        error = f"pytest exit {code}; see {log}"
    return Run(
        code,
        sorted(broken, key=sort_key),
        failing,
        tests_run,
        seconds,
        stopped,
        str(log.relative_to(ROOT) if log.is_relative_to(ROOT) else log),
        error,
    )


# -- the schemathesis CLI baseline ---------------------------------------------------------------


def _st_cache_key(faults: list[str], examples: int) -> str:
    """Everything the baseline's outcome depends on: schemathesis, its arguments, the spec, the
    reference server's code and the fault. Our suite is not part of it."""
    import hashlib
    from importlib.metadata import version

    h = hashlib.sha256()
    h.update(f"{version('schemathesis')}|{examples}|{ST_SEED}|{sorted(faults)}|v1".encode())
    h.update(SPEC.read_bytes())
    server_dir = ROOT / "reference_server" / "hoko_reference"
    for path in sorted([*server_dir.rglob("*.py"), *server_dir.rglob("*.yaml")]):
        h.update(str(path.relative_to(server_dir)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:24]


def run_schemathesis(
    faults: list[str], label: str, logs: Path, examples: int, cache: Path | None = None
) -> tuple[set[str], float, str]:
    """(check code + operation) pairs that failed, wall time, error text.

    With `cache`, a result computed for identical inputs (see _st_cache_key) is reused; its time
    is reported as 0.
    """
    cached = cache / f"{_st_cache_key(faults, examples)}.json" if cache is not None else None
    if cached is not None and cached.exists():
        return set(json.loads(cached.read_text(encoding="utf-8"))), 0.0, ""
    pairs, secs, error = _run_schemathesis(faults, label, logs, examples)
    if cached is not None and not error:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(sorted(pairs)) + "\n", encoding="utf-8")
    return pairs, secs, error


def _run_schemathesis(
    faults: list[str], label: str, logs: Path, examples: int
) -> tuple[set[str], float, str]:
    server = EmbeddedServer(faults, f"st{os.getpid()}")
    start = time.monotonic()
    report = logs / f"{label}.st.json"
    log = logs / f"{label}.st.log"
    try:
        server.start()
        cmd = [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            str(SPEC),
            "--url",
            server.base_url,
            "--checks",
            "all",
            "--header",
            f"Authorization: Bearer {KEY_VARS['HOKO_API_KEY'][1]}",
            "--max-examples",
            str(examples),
            "--seed",
            str(ST_SEED),
            "--workers",
            "1",
            "--no-shrink",
            "--continue-on-failure",
            "--report",
            "json",
            "--report-json-path",
            str(report),
        ]
        env = _clean_env() | {"NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""}
        with log.open("w", encoding="utf-8") as out:
            proc = subprocess.Popen(
                cmd,
                cwd=tempfile.gettempdir(),  # keeps .schemathesis/ caches out of the tree
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            LIVE.add(proc.pid)
            try:
                code = proc.wait(timeout=ST_TIMEOUT)
            except subprocess.TimeoutExpired:
                _kill_tree(proc.pid)
                proc.wait()
                return set(), time.monotonic() - start, f"st timed out after {ST_TIMEOUT:.0f}s"
            finally:
                LIVE.discard(proc.pid)
        if not report.exists():
            return set(), time.monotonic() - start, f"st exit {code}, no report"
        data = json.loads(report.read_text(encoding="utf-8"))
        pairs = {
            f"{f['code']} {f.get('title', f['type'])} @ {op}"
            for f in data.get("failures", [])
            for op in f.get("operations", [])
        }
        pairs |= {f"error {e.get('title', e)!s:.60}" for e in data.get("errors", [])}
        return pairs, time.monotonic() - start, ""
    finally:
        server.cleanup()


def new_failures(faulty: set[str], clean: set[str]) -> list[str]:
    """What schemathesis reports on the faulty server beyond its clean-server noise floor."""
    return sorted(faulty - clean)


# -- the matrix ----------------------------------------------------------------------------------


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


class ProxyHarness:
    """A clean upstream server plus the fault proxy in front of it, for one proxy fault."""

    def __init__(self, fault: str | None, run_id: str) -> None:
        from .fault_proxy import ProxyProcess

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
        env = {"HOKO_BASE_URL": self.proxy.base_url}
        for var, (_opt, dev) in KEY_VARS.items():
            env[var] = dev
        # the dev rate-limited key allows 5 requests per 10 s; the seeded one 3 per 2 s
        env["HOKO_API_KEY_RATE_LIMITED"] = self.upstream.fast_rl_key
        return env


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("mutation: interrupted; runs stopped", file=sys.stderr)
        return 130


def _on_signal(_signum: int, _frame: object) -> None:
    # Stop the running suites first: the worker threads wait on them, and the pool waits on
    # the threads; queued faults see STOPPING and do not start.
    STOPPING.set()
    for pid in list(LIVE):
        _kill_tree(pid)
    raise KeyboardInterrupt


def _main(argv: list[str] | None) -> int:
    p = argparse.ArgumentParser(prog="python -m hoko_contract.mutation", description=__doc__)
    p.add_argument("--quick", action="store_true", help="no schemathesis baseline (for make test)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--fault", action="append", default=[], help="only these faults (repeatable)")
    p.add_argument("--no-proxy", action="store_true", help="skip the proxy faults")
    p.add_argument("--no-server", action="store_true", help="skip the server faults")
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
    args = p.parse_args(argv)

    t0 = time.monotonic()
    STOPPING.clear()
    logs = Path(args.logs)
    logs.mkdir(parents=True, exist_ok=True)
    baseline = not args.quick
    faults: list[Fault] = []
    if not args.no_server:
        faults += server_faults()
    if not args.no_proxy:
        faults += proxy_faults()
    if args.list:
        for f in faults:
            print(f"{f.name}\t{f.kind}\t{f.family}\t{','.join(f.expected)}\t{f.description}")
        return 0
    if args.fault:
        known = {f.name for f in faults}
        unknown = sorted(set(args.fault) - known)
        if unknown:
            print(f"unknown fault(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        faults = [f for f in faults if f.name in args.fault]
    _lock(logs)
    for stale in logs.glob("*.json"):
        stale.unlink()  # verdicts and durations of an earlier run must not be read as this one's
    extra = shlex.split(args.pytest_args)
    if args.examples is not None:
        extra.append(f"--hoko-examples={args.examples}")
    cfg = SuiteConfig(args.seed, extra, logs)
    print_lock = threading.Lock()

    def say(msg: str) -> None:
        with print_lock:
            print(msg, flush=True)

    say(
        f"mutation: {len(faults)} faults, {args.workers} workers, seed {args.seed}, "
        f"schemathesis baseline {'on' if baseline else 'off'}; logs in {logs}"
    )

    # Scheduling: one pool of `workers` threads. The clean runs go first; each kind of fault run
    # is queued the moment its clean run has passed (server faults after the embedded clean
    # run, whose durations order their tests; proxy faults after the clean proxy run), so no
    # worker idles while the long embedded clean run finishes. The schemathesis baseline does
    # not depend on our suite and is queued at once. Verdicts never depend on this timing.
    rows = [Row(f) for f in faults]
    previous = _previous_seconds(Path(args.report))
    rows.sort(key=lambda r: -previous.get(r.fault.name, 0.0))  # slowest first: shorter tail
    clean: dict[str, Run] = {}
    clean_st: set[str] = set()
    st_pairs: dict[str, tuple[set[str], float, str]] = {}
    st_note = [""]
    done = [0]
    futures: list[Future[Any]] = []
    futures_lock = threading.Lock()
    pool = ThreadPoolExecutor(max_workers=max(1, args.workers))

    def submit(fn: Any, *a: Any) -> None:
        with futures_lock:
            if not STOPPING.is_set():
                futures.append(pool.submit(fn, *a))

    def one(row: Row, order: Path | None) -> None:
        f = row.fault
        if f.kind == "server":
            row.suite = run_suite(
                cfg,
                f.name,
                env_extra={"HOKO_REFERENCE_FAULTS": f.name},
                stop_on=f.expected,
                order_file=order,
            )
        else:
            row.suite = _proxy_suite(cfg, f.name, f"proxy-{f.name}", f.expected, order)
        judge(row)
        done[0] += 1
        say(
            f"[{done[0]:>2}/{len(rows)}] {row.verdict:<8} {f.name:<38} expected "
            f"{','.join(f.expected):<16} broken {','.join(row.killed_by) or '-':<14} "
            f"{row.suite.seconds:5.1f}s "
            + (row.suite.error or _short(row.killers[0] if row.killers else ""))
        )

    def clean_then(kind: str, run_clean: Any, order: Path | None) -> None:
        run = clean[kind] = run_clean()
        ok = run.exit_code == 0 and not run.broken and not run.error
        say(
            f"clean run ({kind}): {'PASSED' if ok else 'FAILED'} in {run.seconds:.0f}s, "
            f"{run.tests_run} tests ({run.log})"
        )
        if not ok:
            say(f"  broken: {', '.join(run.broken) or '-'} {run.error}")
            for t in run.failing_tests[:10]:
                say(f"  failing: {t.test} (broken {', '.join(t.broken)})")
            STOPPING.set()  # no kill can be trusted; stop queueing
            return
        for row in rows:
            if row.fault.kind == kind:
                submit(one, row, order if order is not None and order.exists() else None)

    cache = None if args.no_cache else ROOT / "reports" / "mutation-st-cache"

    def baseline_run(name: str | None) -> None:
        st_pairs[name or ""] = run_schemathesis(
            [name] if name else [], name or "clean", logs, args.st_examples, cache
        )

    embedded_order = logs / "clean-durations.json"
    proxy_order = logs / "clean-proxy-durations.json"
    try:
        if any(r.fault.kind == "server" for r in rows) or not rows:
            submit(
                clean_then,
                "server",
                lambda: run_suite(
                    cfg, "clean", env_extra={}, stop_on=None, durations_out=embedded_order
                ),
                embedded_order,
            )
        if any(r.fault.kind == "proxy" for r in rows):
            submit(
                clean_then,
                "proxy",
                lambda: _proxy_suite(cfg, None, "clean-proxy", None, None, proxy_order),
                proxy_order,
            )
        if baseline:
            submit(baseline_run, None)
            for row in rows:
                if row.fault.kind == "server":
                    submit(baseline_run, row.fault.name)
        while True:  # tasks queue more tasks: wait until a pass finds nothing new
            with futures_lock:
                pending = [fut for fut in futures if not fut.done()]
            if not pending:
                break
            for fut in pending:
                fut.result()
    finally:
        pool.shutdown(wait=True)

    failed = [k for k, run in clean.items() if run.exit_code != 0 or run.broken or run.error]
    if failed:
        say(
            f"ERROR: the suite fails against a correct server ({', '.join(failed)}); "
            "no kill can be trusted."
        )
        return 2
    if baseline:
        clean_st, _secs, st_clean_error = st_pairs.get("", (set(), 0.0, "not run"))
        reused = sum(1 for _p, secs, err in st_pairs.values() if secs == 0.0 and not err)
        say(
            f"schemathesis on the clean server: {len(clean_st)} failure kinds "
            f"(the noise floor) {st_clean_error}; {len(st_pairs) - reused} baseline runs, "
            f"{reused} reused from reports/mutation-st-cache (unchanged inputs)"
        )
        st_note[0] = (
            f"{len(st_pairs) - reused} schemathesis runs, {reused} reused from the cache "
            "(identical schemathesis, arguments, spec, server code and fault)"
        )
        for row in rows:
            if row.fault.kind == "server" and row.fault.name in st_pairs:
                pairs, row.st_seconds, row.st_error = st_pairs[row.fault.name]
                row.st_new = new_failures(pairs, clean_st)
    rows.sort(key=lambda r: (r.fault.kind != "server", faults.index(r.fault)))
    wall = time.monotonic() - t0
    md = render(rows, clean, clean_st if baseline else None, wall, args, st_note[0])
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text(md, encoding="utf-8")
    Path(args.report).with_suffix(".json").write_text(
        json.dumps(
            {
                "wall_seconds": round(wall, 1),
                "seed": args.seed,
                "quick": args.quick,
                "clean": {k: asdict(v) for k, v in clean.items()},
                "schemathesis_clean": sorted(clean_st),
                "rows": [
                    {
                        "fault": asdict(r.fault),
                        "verdict": r.verdict,
                        "killed_by": r.killed_by,
                        "killing_tests": r.killers,
                        "suite": asdict(r.suite) if r.suite else None,
                        "schemathesis_new_failures": r.st_new,
                        "schemathesis_seconds": round(r.st_seconds, 1),
                    }
                    for r in rows
                ],
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print()
    print(md)
    bad = [r for r in rows if r.verdict != "KILLED"]
    # A plain closing line CI can read: a killed fault is a passed check of the suite.
    print(f"mutation: {len(rows) - len(bad)} passed, {len(bad)} failed")
    if any(r.verdict == "ERROR" for r in rows):
        return 2
    return 1 if bad else 0


_LOCKS: list[Any] = []


def _lock(logs: Path) -> None:
    """One matrix per logs directory at a time: a second run would delete the first one's
    verdicts and test order. It waits (e.g. `make bench` timing `make mutation` meanwhile)."""
    import fcntl

    handle = (logs / ".lock").open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"mutation: another run is using {logs}; waiting for it", flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
    _LOCKS.append(handle)  # held until the process exits


def _proxy_suite(
    cfg: SuiteConfig,
    fault: str | None,
    label: str,
    stop_on: list[str] | None,
    order_file: Path | None,
    durations_out: Path | None = None,
) -> Run:
    try:
        with ProxyHarness(fault, label.replace("-", "")[:12]) as h:
            return run_suite(
                cfg,
                label,
                env_extra=h.env(),
                stop_on=stop_on,
                order_file=order_file,
                durations_out=durations_out,
            )
    except Exception as exc:  # infrastructure, not a verdict
        return Run(-1, [], [], 0, 0.0, False, "", f"proxy harness failed: {exc!r}")


def _previous_seconds(report: Path) -> dict[str, float]:
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


def _short(nodeid: str) -> str:
    return nodeid.removeprefix("contract_tests/")


def _cell(items: list[str]) -> str:
    return ", ".join(items) if items else "—"


def render(
    rows: list[Row],
    clean: dict[str, Run],
    clean_st: set[str] | None,
    wall: float,
    args: argparse.Namespace,
    st_note: str,
) -> str:
    lines = ["# Mutation testing: kill matrix", ""]
    lines.append(
        f"Generated by `make mutation{'-quick' if args.quick else ''}` "
        f"(`python -m hoko_contract.mutation`), seed {args.seed}, {args.workers} workers, "
        f'wall time {wall:.0f} s. README section "Mutation testing (kill matrix)" explains '
        "the design."
    )
    if args.pytest_args:
        lines.append(f"Extra pytest arguments: `{args.pytest_args}`.")
    lines.append("")
    for k, run in clean.items():
        where = "embedded server" if k == "server" else "through the transparent proxy"
        lines.append(f"- Clean run ({where}): passed, {run.tests_run} tests, {run.seconds:.0f} s.")
    if clean_st is not None:
        lines.append(
            f"- schemathesis CLI on the clean server (`st run --checks all -n "
            f"{args.st_examples} --seed {ST_SEED}`, main key): {len(clean_st)} failure kinds, "
            "the noise floor: " + (_cell(sorted(clean_st)) or "none") + f". {st_note}."
        )
    lines.append("")
    for kind, title in (("server", "Seeded server faults"), ("proxy", "Unseen faults via proxy")):
        part = [r for r in rows if r.fault.kind == kind]
        if not part:
            continue
        lines.append(f"## {title}")
        lines.append("")
        if kind == "proxy":
            lines.append(
                "Injected by `hoko_contract.fault_proxy` between the suite and a clean reference "
                "server; the suite targets the proxy as a remote server (HOKO_BASE_URL + all five "
                "keys, heavy tests off, the remote default). No schemathesis baseline here."
            )
            lines.append("")
        lines.append(
            "| fault | what breaks | expected G | killed-by G | ours | schemathesis-CLI | time |"
        )
        lines.append("|---|---|---|---|---|---|---|")
        for r in part:
            assert r.suite is not None
            if r.st_new is None:
                st = "n/a"
            elif r.st_error:
                st = f"error: {r.st_error}"
            elif r.st_new:
                st = "caught: " + "; ".join(r.st_new[:3])
            else:
                st = "missed"
            ours = r.verdict
            if r.suite.error:
                ours += f" ({r.suite.error})"
            elif r.killers:
                ours += f" by `{_short(r.killers[0])}`"
            lines.append(
                f"| `{r.fault.name}` | {r.fault.description} | {_cell(r.fault.expected)} | "
                f"{_cell(r.killed_by)} | {ours} | {st} | {r.suite.seconds:.1f} s |"
            )
        lines.append("")
    lines.append("## Kill rates")
    lines.append("")
    for kind, title in (("server", "seeded server faults"), ("proxy", "proxy faults")):
        part = [r for r in rows if r.fault.kind == kind]
        if not part:
            continue
        killed = sum(r.verdict == "KILLED" for r in part)
        lines.append(f"- {title}: ours {killed}/{len(part)} ({100 * killed / len(part):.0f} %)")
        st_rows = [r for r in part if r.st_new is not None]
        if st_rows:
            caught = sum(bool(r.st_new) for r in st_rows)
            lines.append(
                f"- {title}: schemathesis CLI alone {caught}/{len(st_rows)} "
                f"({100 * caught / len(st_rows):.0f} %)"
            )
    bad = [r for r in rows if r.verdict != "KILLED"]
    lines.append("")
    if bad:
        lines.append("**NOT KILLED by the expected guarantee** (a hole in the suite):")
        for r in bad:
            seen = "; ".join(
                f"`{_short(f.test)}` ({_cell(f.marked)}) broke {_cell(f.broken)}"
                for f in (r.suite.failing_tests if r.suite else [])[:3]
            )
            lines.append(
                f"- `{r.fault.name}`: {r.verdict}, expected {_cell(r.fault.expected)}, "
                f"broken {_cell(r.killed_by)}" + (f"; failing: {seen}" if seen else "")
            )
    else:
        lines.append("Every fault was killed by a guarantee of its family.")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
