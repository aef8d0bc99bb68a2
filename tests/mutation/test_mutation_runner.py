"""The kill-matrix runner: verdict rules, the fault catalogue's mapping, and two real runs.

The two end-to-end runs restrict the suite to one cheap test (`--pytest-args -k ...`, which also
applies to the clean run) so they take seconds, yet go through every step: clean run, per-test
durations, a fresh faulty server, early stop, the verdict JSON and the report.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hoko_contract import mutation
from hoko_contract.guarantees import BY_ID, guarantees_for_family
from hoko_contract.mutation import Failure, Fault, Row, Run, judge
from hoko_reference.faults import FAULTS

REPO = Path(__file__).resolve().parents[2]


def _row(expected: list[str], exit_code: int, *failures: Failure, error: str = "") -> Row:
    row = Row(Fault("f", "server", "fam", "d", tuple(expected), "rule"))
    broken = sorted({g for f in failures for g in f.broken})
    row.suite = Run(exit_code, broken, list(failures), 10, 1.0, False, "log", error)
    judge(row)
    return row


def test_verdicts() -> None:
    own = Failure("test_ordering.py::t", ["G3"], ["G3"])
    helper = Failure("test_errors_and_status.py::t", ["G25"], ["G3"])  # shared check named G3
    other = Failure("test_errors_and_status.py::u", ["G25"], ["G25"])
    own_wrong = Failure("test_ordering.py::u", ["G3"], ["G24"])  # G3's test, blamed elsewhere
    assert _row(["G3"], 1, own, other).verdict == "KILLED"
    killed = _row(["G3", "G4"], 1, helper, own)
    assert killed.verdict == "KILLED" and killed.killers == [own.test]
    assert _row(["G3"], 1, helper, other).verdict == "STRAY"  # G3's own tests missed it
    assert _row(["G3"], 1, other).verdict == "ACCIDENT"  # caught only by an unrelated G
    assert _row(["G3"], 1, own_wrong).verdict == "ACCIDENT"
    assert _row(["G3"], 0).verdict == "SURVIVED"
    assert _row(["G3"], 1).verdict == "SURVIVED"  # failed, but no guarantee broken
    assert _row(["G3"], -1, error="timed out").verdict == "ERROR"


def test_every_fault_maps_to_known_guarantees_through_its_family() -> None:
    listed = mutation.server_faults()
    assert {f.name for f in listed} == {n for n, f in FAULTS.items() if f.kind == "fault"}
    assert len(listed) >= 25
    for f in [*listed, *mutation.proxy_faults()]:
        assert f.expected and all(g in BY_ID for g in f.expected), f.name
        assert f.expected == tuple(guarantees_for_family(f.family)), f.name
        assert f.seam, f.name


def test_schemathesis_noise_floor_is_subtracted() -> None:
    clean = {"ST202 Schema-valid request rejected @ PUT /api/links"}
    faulty = clean | {"ST101 Server error @ PUT /api/links"}
    assert mutation.new_failures(faulty, clean) == ["ST101 Server error @ PUT /api/links"]
    assert mutation.new_failures(clean, clean) == []


def _run(tmp_path: Path, fault: str, k: str) -> tuple[int, dict[str, Any], str]:
    report = tmp_path / "m.md"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "hoko_contract.mutation",
            "--quick",
            "--no-proxy",
            "--fault",
            fault,
            "--pytest-args",
            f"-k {k}",
            "--report",
            str(report),
            "--logs",
            str(tmp_path / "logs"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    data = json.loads(report.with_suffix(".json").read_text()) if report.exists() else {}
    return proc.returncode, data, proc.stdout + proc.stderr


@pytest.mark.slow
def test_a_killed_fault_passes_and_a_surviving_one_fails(tmp_path: Path) -> None:
    code, data, out = _run(tmp_path / "killed", "put-returns-201", "test_success_status")
    assert code == 0, out
    (row,) = data["rows"]
    assert row["verdict"] == "KILLED" and "G25" in row["killed_by"], out
    assert row["suite"]["stopped_early"], out

    # the one test that runs cannot see a null that does not clear: the matrix must say so
    code, data, out = _run(tmp_path / "survived", "title-null-ignored", "test_success_status")
    assert code == 1, out
    (row,) = data["rows"]
    assert row["verdict"] == "SURVIVED", out
    assert "title-null-ignored" in (tmp_path / "survived" / "m.md").read_text()


def _suite(exit_code: int, *failures: Failure) -> Run:
    broken = sorted({g for f in failures for g in f.broken})
    return Run(exit_code, broken, list(failures), 10, 1.0, False, "log")


def _report(tmp_path: Path, *decisions: str) -> Path:
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"differs": [{"decisions": list(decisions)}]}))
    return path


def test_variant_verdicts(tmp_path: Path) -> None:
    from hoko_contract.mutation.variants import Variant, VariantRow, judge_variant

    v = Variant("v", ("D8",), "rule", "d", "seed 000")
    assert v.expected == ("G30",)

    def verdict(profile: str, run: Run) -> str:
        row = VariantRow(v, profile, suite=run)
        judge_variant(row, _report(tmp_path, "D8"))
        return row.verdict

    g30 = Failure("test_limits.py::t", ["G18", "G30"], ["G30"])
    g18 = Failure("test_limits.py::t", ["G18", "G30"], ["G18"])
    assert verdict("documented", _suite(0)) == "NO FALSE ALARM"
    assert verdict("documented", _suite(1, g18)) == "FALSE ALARM"
    assert verdict("reference", _suite(1, g30)) == "DIFFERS"
    assert verdict("reference", _suite(1, g18)) == "WRONG BASIS"  # the docs blamed for D8
    assert verdict("reference", _suite(0)) == "MISSED"


def test_documented_profile_fault_verdicts(tmp_path: Path) -> None:
    from hoko_contract.mutation.documented import DocumentedRow, judge

    def verdict(family: str, run: Run, *reported: str) -> str:
        fault = Fault("f", "server", family, "d", tuple(guarantees_for_family(family)), "rule")
        row = DocumentedRow(fault, suite=run)
        judge(row, _report(tmp_path, *reported))
        return row.verdict

    g18 = Failure("test_limits.py::t", ["G18", "G30"], ["G18"])
    assert verdict("plan-gates", _suite(1, g18)) == "KILLED"
    assert verdict("plan-gates", _suite(0)) == "SURVIVED"
    assert verdict("plan-gates-decided", _suite(0), "D8") == "DIFFERS"
    assert verdict("plan-gates-decided", _suite(0)) == "UNSEEN"
    assert verdict("plan-gates-decided", _suite(1, g18)) == "FALSE ALARM"


def test_a_race_fault_is_judged_by_its_load_run() -> None:
    from hoko_contract.mutation.catalogue import race_faults
    from hoko_contract.mutation.verdicts import judge_race

    races = race_faults()
    assert {f.name for f in races} == {n for n, f in FAULTS.items() if f.kind == "race"}
    assert all(f.kind == "race" and f.expected for f in races)
    fault = next(f for f in races if f.family == "concurrent-writes")

    def verdict(code: int, broken: list[str], error: str = "") -> str:
        row = Row(fault)
        row.suite = Run(code, broken, [], 10, 1.0, False, "log", error)
        judge_race(row)
        return row.verdict

    assert verdict(1, ["G9"]) == "KILLED"
    assert verdict(1, ["G2"]) == "ACCIDENT"  # failed, but not for what the fault breaks
    assert verdict(0, []) == "SURVIVED"
    assert verdict(1, ["G9"], error="timed out") == "ERROR"
