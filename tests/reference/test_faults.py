"""Self-check of the fault registry: every fault is reachable, and only on demand.

For each fault there is a probe (fault_probes.py): a short scenario that returns an observable
summary. The probe must give a different answer on a server with only that fault than on a
clean server. This is a smoke test of the faults themselves, not the kill matrix (the contract
suite does that).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hoko_reference import create_app
from hoko_reference.faults import FAULTS, UnknownFaultError, bind_faults
from hoko_reference.rules import Rules

from tests.reference.fault_probes import PROBES
from tests.reference.probes import run_probe

# The contract breaks; the variants (legal alternatives) have their probes in test_variants.py.
ONLY_FAULTS = {n: f for n, f in FAULTS.items() if f.kind == "fault"}


def test_every_registered_fault_has_a_probe_and_a_description() -> None:
    assert len(ONLY_FAULTS) >= 30
    assert set(PROBES) == set(ONLY_FAULTS)
    for fault in ONLY_FAULTS.values():
        assert fault.family and fault.description and fault.name


def test_a_clean_server_has_no_fault_switched_on(app: Any) -> None:
    assert app.state.hoko.faults == frozenset()
    clean = Rules()
    assert all(getattr(app.state.hoko.rules, n) is getattr(clean, n) for n in Rules.names())


def test_unknown_fault_names_are_refused() -> None:
    with pytest.raises(UnknownFaultError, match="no-such-fault"):
        create_app(faults=["no-such-fault"])
    with pytest.raises(UnknownFaultError):
        bind_faults(Rules(), ["a-name-nobody-registered"])


def test_every_fault_name_is_accepted_together() -> None:
    app = create_app(faults=list(FAULTS))
    assert app.state.hoko.faults == frozenset(FAULTS)


def test_every_fault_replaces_rules_that_exist() -> None:
    for fault in FAULTS.values():  # a combination's seams are "rule@variant"
        rules = {seam.split("@")[0] for seam in fault.seams}
        assert rules and rules <= set(Rules.names()), fault.name


def test_the_cli_lists_the_faults() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hoko_reference", "--list-faults"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    listed = {line.split("\t")[0] for line in done.stdout.splitlines()}
    assert listed == set(ONLY_FAULTS)


@pytest.mark.anyio
@pytest.mark.parametrize("name", sorted(ONLY_FAULTS))
async def test_each_fault_changes_what_its_probe_observes(name: str, tmp_path: Path) -> None:
    fn = PROBES[name]
    clean, clean_statuses = await run_probe(fn, tmp_path, ())
    faulty, faulty_statuses = await run_probe(fn, tmp_path, (name,))
    assert clean != faulty, f"{name}: the probe saw the same result with the fault on: {clean!r}"
    assert all(s < 500 for s in clean_statuses), clean_statuses
    # A fault breaks exactly what it says: only robustness faults may cause a 5xx.
    if FAULTS[name].family != "robustness":
        assert all(s < 500 for s in faulty_statuses), (name, faulty_statuses)
    else:
        assert 500 in faulty_statuses
