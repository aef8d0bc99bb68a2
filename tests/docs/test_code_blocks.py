"""Every code block in the README and docs/ runs, as written, against the reference server.

Python blocks run in a fresh interpreter with HOKO_BASE_URL and HOKO_API_KEY pointing at a
reference server on loopback (as a reader who followed the quick start would have them). Shell
blocks are checked for what they name: every `make` target exists and every `python -m` module
answers `--help`. Blocks without a language are output or trees, not code.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reference.conftest import start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)


def blocks(language: set[str]) -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group(1) in language:
                line = text.count("\n", 0, match.start()) + 1
                found.append((f"{doc.relative_to(ROOT)}:{line}", match.group(2)))
    return found


PYTHON = blocks({"python"})
SHELL = blocks({"sh", "bash", "shell"})


def test_the_docs_have_code_to_check() -> None:
    assert len(PYTHON) >= 8 and len(SHELL) >= 4, (len(PYTHON), len(SHELL))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("docs") / "hoko.sqlite"
    proc, base = start_server("--db", str(db))
    try:
        yield base
    finally:
        stop_server(proc)


@pytest.mark.slow
@pytest.mark.parametrize(("where", "code"), PYTHON, ids=[w for w, _ in PYTHON])
def test_python_block_runs(where: str, code: str, server: str, tmp_path: Path) -> None:
    env = {**os.environ, "HOKO_BASE_URL": server, "HOKO_API_KEY": "hk_test_full_a"}
    env.pop("HOKO_LOG", None)
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, f"{where} failed:\n{done.stdout}\n{done.stderr}"


def _commands(code: str) -> Iterator[list[str]]:
    for line in code.splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith(("#", "export ")):
            yield shlex.split(line)


@pytest.mark.parametrize(("where", "code"), SHELL, ids=[w for w, _ in SHELL])
def test_shell_block_names_real_commands(where: str, code: str) -> None:
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M))
    for argv in _commands(code):
        if argv[0] == "make":
            named = [a for a in argv[1:] if "=" not in a]
            assert set(named) <= targets, f"{where}: no make target {set(named) - targets}"
        elif argv[0] == "python" and argv[1] == "-m":
            done = subprocess.run(
                [sys.executable, "-m", argv[2], "--help"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert done.returncode == 0, f"{where}: python -m {argv[2]} --help: {done.stderr}"
