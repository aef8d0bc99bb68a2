"""The schemathesis CLI baseline: `st run --checks all` against the same faulty server.

Schemathesis reports failures on a clean server too (random ids do not exist, so
positive_data_acceptance sees correct 400s); a fault counts as caught by schemathesis only if it
produces a (check, operation) pair the clean run did not. Results are cached on everything they
depend on: schemathesis, its arguments, the spec, the server's code and the fault.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from ..target import KEY_VARS, EmbeddedServer
from .procs import Processes
from .runs import ROOT, clean_env

SPEC = ROOT / "openapi" / "hoko.yaml"
ST_EXAMPLES = 5
ST_SEED = 1
ST_TIMEOUT = 180.0

Pairs = set[str]


def cache_key(faults: list[str], examples: int) -> str:
    h = hashlib.sha256()
    h.update(f"{version('schemathesis')}|{examples}|{ST_SEED}|{sorted(faults)}|v1".encode())
    h.update(SPEC.read_bytes())
    server_dir = ROOT / "reference_server" / "hoko_reference"
    for path in sorted([*server_dir.rglob("*.py"), *server_dir.rglob("*.yaml")]):
        h.update(str(path.relative_to(server_dir)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:24]


def run_schemathesis(
    procs: Processes,
    faults: list[str],
    label: str,
    logs: Path,
    examples: int,
    cache: Path | None = None,
) -> tuple[Pairs, float, str]:
    """(check code + operation) pairs that failed, wall time (0 when cached), error text."""
    cached = cache / f"{cache_key(faults, examples)}.json" if cache is not None else None
    if cached is not None and cached.exists():
        return set(json.loads(cached.read_text(encoding="utf-8"))), 0.0, ""
    pairs, secs, error = _run(procs, faults, label, logs, examples)
    if cached is not None and not error:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(sorted(pairs)) + "\n", encoding="utf-8")
    return pairs, secs, error


def _run(
    procs: Processes, faults: list[str], label: str, logs: Path, examples: int
) -> tuple[Pairs, float, str]:
    server = EmbeddedServer(faults, f"st{os.getpid()}")
    start = time.monotonic()
    report = logs / f"{label}.st.json"
    log = logs / f"{label}.st.log"
    try:
        server.start()
        cmd = [
            sys.executable, "-m", "schemathesis.cli", "run", str(SPEC),
            "--url", server.base_url, "--checks", "all",
            "--header", f"Authorization: Bearer {KEY_VARS['HOKO_API_KEY'][1]}",
            "--max-examples", str(examples), "--seed", str(ST_SEED), "--workers", "1",
            "--no-shrink", "--continue-on-failure",
            "--report", "json", "--report-json-path", str(report),
        ]  # fmt: skip
        env = clean_env() | {"NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""}
        with log.open("w", encoding="utf-8") as out:
            # cwd: keeps .schemathesis/ caches out of the tree
            code = procs.run(
                cmd, cwd=Path(tempfile.gettempdir()), env=env, out=out, timeout=ST_TIMEOUT
            )
        if code is None:
            return set(), time.monotonic() - start, f"st timed out after {ST_TIMEOUT:.0f}s"
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


def new_failures(faulty: Pairs, clean: Pairs) -> list[str]:
    """What schemathesis reports on the faulty server beyond its clean-server noise floor."""
    return sorted(faulty - clean)
