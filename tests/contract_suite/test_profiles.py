"""Profiles: against a server that decided an open point otherwise (a variant), the documented
profile fails nothing and reports the deviation as DIFFERS with its D-number, while the reference
profile fails the decision's guarantee; a fault that breaks what Hoko documents fails both.
Each test runs the real suite in a subprocess against a real reference server on loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.contract_suite.test_staging_runs import run_suite, seed_file, serve
from tests.reference.conftest import stop_server

pytestmark = pytest.mark.slow
__all__ = ["seed_file"]  # the fixture, used by name


def _report(reports: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(
        (reports / "contract-guarantees.json").read_text(encoding="utf-8")
    )
    return data


@pytest.fixture
def gate_400(seed_file: Path) -> Iterator[str]:
    proc, base = serve(seed_file, "plan-gate-400")
    try:
        yield base
    finally:
        stop_server(proc)


def test_a_variant_differs_in_the_documented_profile_and_fails_the_reference_one(
    gate_400: str, tmp_path: Path
) -> None:
    documented = run_suite(gate_400, tmp_path / "doc", "-k", "gated or plan_gate")
    assert documented.returncode == 0, documented.stdout[-3000:]
    report = _report(tmp_path / "doc")
    assert report["profile"] == "documented"
    guarantees = report["guarantees"]
    assert isinstance(guarantees, dict)
    assert guarantees["G30"]["status"] == "differs"
    assert guarantees["G30"]["basis"] == "decision"
    assert any("D8" in f["decisions"] for f in guarantees["G30"]["differs"])
    assert guarantees["G18"]["status"] in ("passed", "partial")
    assert "DIFFERS D8" in documented.stdout

    reference = run_suite(
        gate_400, tmp_path / "ref", "-k", "gated or plan_gate", HOKO_PROFILE="reference"
    )
    assert reference.returncode == 1, reference.stdout[-3000:]
    assert _report(tmp_path / "ref")["broken"] == ["G30"]


@pytest.fixture
def gate_ignored(seed_file: Path) -> Iterator[str]:
    proc, base = serve(seed_file, "plan-gate-geo-ungated")
    try:
        yield base
    finally:
        stop_server(proc)


def test_a_documented_fault_fails_the_documented_profile(gate_ignored: str, tmp_path: Path) -> None:
    done = run_suite(gate_ignored, tmp_path, "-k", "gated")
    assert done.returncode == 1, done.stdout[-3000:]
    assert "G18" in _report(tmp_path)["broken"]  # type: ignore[operator]
