"""`python -m hoko_contract.load [--workers N] [--reference-fault NAME] [Locust options]`

Runs the locustfile headless against `HOKO_BASE_URL` (with the usual HOKO_API_KEY* keys), or,
without one, against the embedded reference server started here with a rate-limited key of its
own. `--workers N` starts a Locust master and N workers on loopback; every other option goes to
Locust as it is (`-u`, `-r`, `-t`, `--csv`, `--hoko-max-p95-ms`, ...). The exit code is the
master's: 0 when no guarantee broke and the SLOs held, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ..target import KEY_VARS, EmbeddedServer, free_port, stop_process

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
DEFAULTS = {"-u": "12", "-r": "12", "-t": "20s"}
# The embedded server's key for the hoko-client users: a 429 storm within seconds.
STORM_LIMIT = {"requests": 20, "windowSeconds": 2}
GRACE = 180.0  # seconds past --run-time before the run is killed
WORKER_GRACE = 2.0  # seconds a worker may take to exit by itself after the master has


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m hoko_contract.load", add_help=False, allow_abbrev=False
    )
    p.add_argument(
        "--workers", type=int, default=0, help="Locust workers on loopback (0: one process)"
    )
    p.add_argument("--reference-fault", action="append", default=[], help="embedded server only")
    p.add_argument("--help-load", action="help", help="this help; --help shows Locust's")
    return p


def _with_defaults(rest: list[str]) -> list[str]:
    out = list(rest)
    for flag, value in DEFAULTS.items():
        long = {"-u": "--users", "-r": "--spawn-rate", "-t": "--run-time"}[flag]
        if not any(a == flag or a == long or a.startswith(long + "=") for a in rest):
            out += [flag, value]
    if not any(a.startswith("--csv") for a in rest):
        out += ["--csv", "reports/load/locust"]
    if not any(a.startswith("--html") for a in rest):
        out += ["--html", "reports/load/locust.html"]
    if not any(a.startswith("--stop-timeout") for a in rest):
        out += ["--stop-timeout", "10"]
    return out


def _run_seconds(args: list[str]) -> float:
    from locust.util.timespan import parse_timespan

    for i, a in enumerate(args):
        if a in ("-t", "--run-time") and i + 1 < len(args):
            return float(parse_timespan(args[i + 1]))
        if a.startswith("--run-time="):
            return float(parse_timespan(a.split("=", 1)[1]))
    return 0.0


def main(argv: Sequence[str] | None = None) -> int:
    ours, rest = _parser().parse_known_args(argv)
    if "-h" in rest or "--help" in rest:
        _parser().print_help()
        print("\nLocust's options (all accepted here):\n", flush=True)
        return subprocess.call([sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--help"])
    env = dict(os.environ)
    env.setdefault("HOKO_RUN_ID", secrets.token_hex(4))
    server = None
    if not env.get("HOKO_BASE_URL"):
        rl_key = f"hk_load_rl_{env['HOKO_RUN_ID']}"
        extra = [{"key": rl_key, "workspace": "A", "scopes": "all", "rateLimit": STORM_LIMIT}]
        server = EmbeddedServer(ours.reference_fault, env["HOKO_RUN_ID"], extra_keys=extra)
        server.start()
        env["HOKO_BASE_URL"] = server.base_url
        for var, (_opt, dev) in KEY_VARS.items():
            env.setdefault(var, dev)
        env["HOKO_API_KEY_RATE_LIMITED"] = rl_key
        env.setdefault("HOKO_PROFILE", "reference")
    elif ours.reference_fault:
        print("--reference-fault needs the embedded server (no HOKO_BASE_URL)", file=sys.stderr)
        return 2
    env.setdefault("HOKO_PROFILE", "documented")
    args = _with_defaults(rest)
    base = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
    procs: list[subprocess.Popen[bytes]] = []
    try:
        if ours.workers <= 0:
            master = subprocess.Popen([*base, *args], env=env)
        else:
            port = free_port()
            master = subprocess.Popen(
                [
                    *base,
                    "--master",
                    "--master-bind-host",
                    "127.0.0.1",
                    "--master-bind-port",
                    str(port),
                    "--expect-workers",
                    str(ours.workers),
                    *args,
                ],
                env=env,
            )
            for _ in range(ours.workers):
                procs.append(
                    subprocess.Popen(
                        [
                            *base,
                            "--worker",
                            "--master-host",
                            "127.0.0.1",
                            "--master-port",
                            str(port),
                            *_worker_args(args),
                        ],
                        env=env,
                    )
                )
        deadline = _run_seconds(args) + GRACE
        try:
            return master.wait(timeout=deadline)
        except subprocess.TimeoutExpired:
            print(f"the load run did not end within {deadline:.0f} s; stopped", file=sys.stderr)
            return 2
    finally:
        stop_process(master if "master" in locals() else None)
        for p in procs:
            _reap(p)
        if server is not None:
            server.cleanup()


def _worker_args(args: list[str]) -> list[str]:
    """Workers take their options from the master; only the locustfile's and logging ones stay."""
    keep: list[str] = []
    for i, a in enumerate(args):
        if a.startswith("--loglevel") or a == "-L":
            keep += [a] + ([args[i + 1]] if "=" not in a and i + 1 < len(args) else [])
    return keep


def _reap(proc: subprocess.Popen[bytes]) -> None:
    """A worker has sent its ledger before the master ends; Locust's master forgets a worker
    once it reports stopped, so its quit never reaches it: a short grace, then SIGTERM."""
    deadline = time.monotonic() + WORKER_GRACE
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    stop_process(proc)


if __name__ == "__main__":
    raise SystemExit(main())
