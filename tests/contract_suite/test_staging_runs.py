"""The contract suite as a staging user runs it: keys never leave, a dead target ends the run in
bounded time with exit 3, coverage is honest (PARTIAL, --certify), failures leave evidence, and
a baseline accepts known findings. Each test runs the real suite in a subprocess against a real
reference server on loopback (with a seeded fault where a failure is needed)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reference.conftest import free_port, start_server, stop_server

REPO = Path(__file__).resolve().parents[2]
KEYS = {
    "HOKO_API_KEY": "hk_live_QQdistinctMAIN_7f3a91",
    "HOKO_API_KEY_READONLY": "hk_live_QQdistinctREAD_2b8c40",
    "HOKO_API_KEY_OTHER": "hk_live_QQdistinctOTHR_55e1d2",
    "HOKO_API_KEY_RATE_LIMITED": "hk_live_QQdistinctRLIM_9a0f6c",
    "HOKO_API_KEY_BASIC": "hk_live_QQdistinctBASC_c4d7e8",
}
SEED = {
    "keys": [
        {"key": KEYS["HOKO_API_KEY"], "workspace": "A", "scopes": "all"},
        {
            "key": KEYS["HOKO_API_KEY_READONLY"],
            "workspace": "A",
            "scopes": ["linksRead", "collectionsRead", "partnersRead"],
        },
        {"key": KEYS["HOKO_API_KEY_OTHER"], "workspace": "B", "scopes": "all"},
        {
            "key": KEYS["HOKO_API_KEY_RATE_LIMITED"],
            "workspace": "A",
            "scopes": "all",
            "rateLimit": {"requests": 3, "windowSeconds": 2},
        },
        {"key": KEYS["HOKO_API_KEY_BASIC"], "workspace": "C", "scopes": "all"},
    ]
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed.json"
    path.write_text(json.dumps(SEED), encoding="utf-8")
    return path


def serve(seed_file: Path, *faults: str) -> tuple[subprocess.Popen[str], str]:
    args = ["--seed", str(seed_file), "--log-level", "error"]  # its stdout pipe is never read
    for fault in faults:
        args += ["--fault", fault]
    return start_server(*args)


def run_suite(
    base: str,
    reports: Path,
    *args: str,
    keys: dict[str, str] = KEYS,
    timeout: float = 600,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("HOKO_")}
    environ.update(keys, HOKO_BASE_URL=base, HOKO_SEED="7", **env)
    cmd = [
        sys.executable,
        str(REPO / "scripts" / "run_pytest.py"),
        "contract_tests",
        "-p",
        "no:cacheprovider",
        f"--hoko-report-json={reports / 'contract-guarantees.json'}",
        f"--junitxml={reports / 'contract.xml'}",
        *args,
    ]
    return subprocess.run(
        cmd, cwd=REPO, env=environ, capture_output=True, text=True, timeout=timeout
    )


def leaks(done: subprocess.CompletedProcess[str], reports: Path) -> list[str]:
    found = [f"stdout: {k}" for k in KEYS.values() if k in done.stdout]
    found += [f"stderr: {k}" for k in KEYS.values() if k in done.stderr]
    for path in reports.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.name}: {k}" for k in KEYS.values() if k in text]
    return found


@pytest.fixture
def faulty(seed_file: Path) -> Iterator[str]:
    proc, base = serve(seed_file, "order-mixed-batch")
    try:
        yield base
    finally:
        stop_server(proc)


def test_a_failing_run_leaves_no_key_anywhere_and_leaves_evidence(
    faulty: str, tmp_path: Path
) -> None:
    done = run_suite(faulty, tmp_path, "-k", "ordering or auth or schemathesis")
    assert done.returncode == 1, done.stdout[-3000:]
    assert leaks(done, tmp_path) == []
    assert "[G3] PUT /api/links" in done.stdout
    assert '"Authorization: Bearer $HOKO_API_KEY"' in done.stdout.replace(
        "authorization", "Authorization"
    )
    hars = list((tmp_path / "evidence").glob("*.har"))
    assert hars, "no HAR evidence"
    har = json.loads(hars[0].read_text(encoding="utf-8"))
    assert har["log"]["version"] == "1.2" and har["log"]["entries"]
    html = (tmp_path / "contract.html").read_text(encoding="utf-8")
    assert "test_ordering.py" in html and "FAILED" in html
    report = json.loads((tmp_path / "contract-guarantees.json").read_text(encoding="utf-8"))
    assert all(f["evidence"] for f in report["failures"] if "ordering" in f["test"])
    assert "Traceback" not in done.stdout  # short blocks, not tracebacks


def test_a_closed_port_ends_the_run_with_exit_3_at_once(tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{free_port()}"
    started = time.monotonic()
    done = run_suite(base, tmp_path)
    assert done.returncode == 3, done.stdout[-2000:]
    assert time.monotonic() - started < 15
    assert base in done.stdout + done.stderr and "unreachable" in done.stdout + done.stderr


def test_a_target_that_never_answers_ends_the_run_with_exit_3(tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)  # the kernel completes handshakes; nobody ever reads or answers
    base = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        started = time.monotonic()
        done = run_suite(base, tmp_path)
        took = time.monotonic() - started
    finally:
        listener.close()
    assert done.returncode == 3, done.stdout[-2000:]
    assert took < 90, took
    assert "did not answer" in done.stdout + done.stderr


def test_a_server_killed_mid_run_ends_it_with_exit_3(seed_file: Path, tmp_path: Path) -> None:
    proc, base = serve(seed_file)
    killed: list[float] = []

    def kill_soon() -> None:
        time.sleep(8)
        proc.kill()
        killed.append(time.monotonic())

    threading.Thread(target=kill_soon, daemon=True).start()
    try:
        done = run_suite(base, tmp_path)
    finally:
        stop_server(proc)
    assert killed, "the suite ended before the server was killed"
    assert done.returncode == 3, done.stdout[-2000:]
    assert time.monotonic() - killed[0] < 90
    report = json.loads((tmp_path / "contract-guarantees.json").read_text(encoding="utf-8"))
    assert report["stopped"] and "NOT RUN" in done.stdout


def test_heavy_off_reads_partial_and_certify_refuses(seed_file: Path, tmp_path: Path) -> None:
    proc, base = serve(seed_file)
    try:
        done = run_suite(base, tmp_path, "-k", "test_limits", "--certify")
    finally:
        stop_server(proc)
    assert done.returncode == 1, done.stdout[-2000:]
    assert "G16 PARTIAL" in done.stdout and "test_max_items_accepted" in done.stdout
    assert "NOT certified" in done.stdout


def test_a_run_that_executes_nothing_fails(seed_file: Path, tmp_path: Path) -> None:
    proc, base = serve(seed_file)
    try:
        only_main = {"HOKO_API_KEY": KEYS["HOKO_API_KEY"]}
        done = run_suite(base, tmp_path, "-k", "rate_limit", keys=only_main)
    finally:
        stop_server(proc)
    assert done.returncode == 2, done.stdout[-2000:]


def test_production_needs_an_explicit_yes(tmp_path: Path) -> None:
    done = run_suite("https://hoko.to", tmp_path, timeout=60)
    assert done.returncode == 2
    assert "HOKO_ALLOW_PRODUCTION=1" in done.stdout + done.stderr


def test_a_baseline_accepts_known_findings_and_reports_fixed_ones(
    seed_file: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    # The fault reorders links only; the collections and partners cases would pass every run.
    select = ["-k", "test_mixed_upsert_batch_keeps_order and links"]
    proc, base = serve(seed_file, "order-mixed-batch")
    try:
        first = run_suite(
            base, tmp_path / "a", *select, f"--baseline={baseline}", "--baseline-update"
        )
        again = run_suite(base, tmp_path / "b", *select, f"--baseline={baseline}")
    finally:
        stop_server(proc)
    assert baseline.exists() and json.loads(baseline.read_text())["findings"], first.stdout[-2000:]
    assert again.returncode == 0, again.stdout[-3000:]
    assert "ACCEPTED" in again.stdout
    proc, base = serve(seed_file)
    try:
        fixed = run_suite(base, tmp_path / "c", *select, f"--baseline={baseline}")
    finally:
        stop_server(proc)
    assert fixed.returncode == 1, fixed.stdout[-2000:]
    assert "fixed, prune it" in fixed.stdout
