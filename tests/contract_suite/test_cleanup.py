"""`--cleanup` (the default against a remote target): a run leaves none of the objects it
created behind, on a target that offers Hoko's DELETEs; and it says so. The suite runs in a
subprocess against a real reference server whose SQLite file the test then opens."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.contract_suite.test_staging_runs import run_suite, seed_file
from tests.reference.conftest import start_server, stop_server

pytestmark = pytest.mark.slow
__all__ = ["seed_file"]  # the fixture, used by name

TABLES = ("links", "collections", "partners")


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_a_remote_run_deletes_what_it_created(seed_file: Path, tmp_path: Path) -> None:
    db = tmp_path / "hoko.sqlite3"
    args = ["--seed", str(seed_file), "--db", str(db), "--log-level", "error"]
    proc, base = start_server(*args)
    try:
        done = run_suite(
            base, tmp_path / "reports", "-k", "created or failures or partial_update or auth"
        )
    finally:
        stop_server(proc)
    assert done.returncode == 0, done.stdout[-3000:]
    report = json.loads((tmp_path / "reports/contract-guarantees.json").read_text("utf-8"))
    assert report["objects_created"] > 100  # the run did write
    assert report["cleanup"].startswith("cleanup: deleted"), report["cleanup"]
    assert "left behind" not in report["cleanup"]
    assert _counts(db) == dict.fromkeys(TABLES, 0)
    assert "cleanup: deleted" in done.stdout
