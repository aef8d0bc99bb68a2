"""Bounded load runs against the embedded reference server: green when clean, with a master and
two workers; red, naming the broken guarantee, for each seeded concurrency fault; and the hoko
client through a 429 storm without a duplicate or a lost row."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hoko_contract.guarantees import guarantees_for_family
from hoko_reference.faults import FAULTS

pytestmark = pytest.mark.slow

RACES = sorted(name for name, f in FAULTS.items() if f.kind == "race")


def load(
    tmp_path: Path, *args: str, timeout: float = 240, env_extra: dict[str, str] | None = None
) -> tuple[int, dict[str, Any], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOKO_")}
    env.update(env_extra or {})
    report = tmp_path / "load"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "hoko_contract.load",
            "--hoko-report-dir",
            str(report),
            "--csv",
            str(report / "locust"),
            "--html",
            str(report / "locust.html"),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=tmp_path,
    )
    verdict = (
        json.loads((report / "verdict.json").read_text())
        if (report / "verdict.json").exists()
        else {}
    )
    return done.returncode, verdict, done.stdout + done.stderr


def test_a_clean_run_with_a_master_and_two_workers_is_green(tmp_path: Path) -> None:
    code, verdict, out = load(tmp_path, "--workers", "2", "-u", "12", "-r", "12", "-t", "15s")
    assert code == 0, out[-3000:]
    assert verdict["passed"] and verdict["violations"] == {}
    audit = verdict["audit"]
    assert "ledgers audited: 2 process(es)" in audit["notes"]
    assert audit["objects"] > 100 and audit["shared_slots"] >= 6 and audit["tokens"] > 0
    assert verdict["requests"] > 100
    assert {b["band"] for b in verdict["bands"]} >= {"1", "2-50", "51-500"}
    assert (tmp_path / "load" / "locust_stats.csv").exists()
    assert (tmp_path / "load" / "locust.html").exists()
    assert "| (all) | | PASSED |" in (tmp_path / "load" / "verdict.md").read_text()
    assert "hk_test_" not in out and "hk_load_" not in out


@pytest.mark.parametrize("fault", RACES)
def test_each_concurrency_fault_fails_the_guarantee_it_breaks(tmp_path: Path, fault: str) -> None:
    code, verdict, out = load(
        tmp_path, "--reference-fault", fault, "-u", "16", "-r", "16", "-t", "8s"
    )
    assert code == 1, out[-3000:]
    expected = set(guarantees_for_family(FAULTS[fault].family))
    assert expected & set(verdict["violations"]), (fault, verdict["violations"])


def test_the_hoko_client_through_a_429_storm_neither_duplicates_nor_loses(tmp_path: Path) -> None:
    code, verdict, out = load(tmp_path, "-u", "10", "-r", "10", "-t", "8s", "HokoUser")
    assert code == 0, out[-3000:]
    assert verdict["rate_limited"] > 0  # the storm happened
    audit = verdict["audit"]
    assert audit["tokens"] > 0 and audit["duplicates"] == 0 and audit["lost"] == 0


def test_a_slo_that_cannot_hold_exits_1(tmp_path: Path) -> None:
    code, verdict, _out = load(tmp_path, "-u", "2", "-r", "2", "-t", "3s", "--hoko-max-p95-ms", "0")
    assert code == 1
    assert verdict["violations"] == {} and not verdict["passed"]
    assert any(not b["ok"] for b in verdict["bands"])


def test_the_reference_server_lists_its_races() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hoko_reference", "--list-races"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert {line.split("\t")[0] for line in done.stdout.splitlines()} == set(RACES)
    assert len(RACES) >= 3


def test_a_remote_target_with_one_key_runs_what_it_can_in_the_documented_profile(
    tmp_path: Path,
) -> None:
    """No key for workspace B or a rate-limited one: those users sit out or fall back, the
    verdict says so, and a server that keeps the contract passes."""
    from tests.reference.conftest import start_server, stop_server

    proc, base = start_server("--db", str(tmp_path / "remote.sqlite"), "--log-level", "warning")
    try:
        code, verdict, out = load(
            tmp_path,
            "-u", "6", "-r", "6", "-t", "5s",
            env_extra={"HOKO_BASE_URL": base, "HOKO_API_KEY": "hk_test_full_a"},
        )  # fmt: skip
    finally:
        stop_server(proc)
    assert code == 0, out[-3000:]
    assert verdict["profile"] == "documented" and verdict["violations"] == {}
    notes = verdict["audit"]["notes"]
    assert any("IsolationUser did not run: HOKO_API_KEY_OTHER is not set" in n for n in notes)
    assert any(
        "HokoUser: HOKO_API_KEY_RATE_LIMITED not set, ran with HOKO_API_KEY" in n for n in notes
    )
