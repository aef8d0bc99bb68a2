"""The CI entry point and the Makefile targets the issue requires."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.foundation.conftest import REPO


def _target(makefile: str, name: str) -> str:
    match = re.search(rf"^{name}:[^\n]*\n((?:\t[^\n]*\n)*)", makefile, re.M)
    assert match, f"Makefile has no `{name}` target"
    return match.group(0)


def test_makefile_targets() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for name in ("setup", "generate", "check-generated", "lint", "test", "contract", "serve"):
        # Every target installs what it needs by itself (fresh clone), through the stamp.
        assert "$(STAMP)" in _target(makefile, name).splitlines()[0], name
    lint = _target(makefile, "lint")
    for tool in ("openapi_spec_validator", "ruff check", "ruff format --check", "mypy"):
        assert tool in lint, tool
    test = _target(makefile, "test")
    assert "lint" in test.splitlines()[0] and "check-generated" in test.splitlines()[0]
    assert "scripts/run_pytest.py tests" in test
    assert "cp $(SPEC) $(SPEC_COPY)" in _target(makefile, "generate")


def test_ci_runs_make_test_and_fails_fast() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in script
    assert re.search(r"^make test\s*$", script, re.M)


def test_no_tests_collected_is_a_failure(tmp_path: Path) -> None:
    """pytest exits 5 when it collects nothing; CI must not pass silently on that."""
    (tmp_path / "test_nothing_here.txt").write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "run_pytest.py"), str(tmp_path), "-q"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "collected no tests" in result.stderr
