"""Every code block in the README and docs/ runs, as written, against the reference server.

A page's blocks run in order, in one fresh folder, with HOKO_BASE_URL and HOKO_API_KEY pointing
at a reference server on loopback (as a reader who followed the quick start would have them):
Python blocks in a fresh interpreter, `hoko` command lines as a shell runs them (a trailing
`# exit N` states the exit code the page promises; 0 otherwise). Other shell lines are checked
for what they name: every `make` target exists, every `python -m` module answers `--help`.
Blocks without a language are output or trees, not code.
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
EXIT = re.compile(r"#\s*exit (\d+)\s*$")
BIN = Path(sys.executable).parent


def blocks(doc: Path) -> list[tuple[str, int, str]]:
    text = doc.read_text(encoding="utf-8")
    return [
        (m.group(1), text.count("\n", 0, m.start()) + 1, m.group(2))
        for m in FENCE.finditer(text)
        if m.group(1) in ("python", "sh", "bash", "shell")
    ]


def test_the_docs_have_code_to_check() -> None:
    found = [b for doc in DOCS for b in blocks(doc)]
    assert sum(b[0] == "python" for b in found) >= 8 and len(found) >= 16, len(found)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("docs") / "hoko.sqlite"
    proc, base = start_server("--db", str(db), "--log-level", "warning")
    try:
        yield base
    finally:
        stop_server(proc)


def _env(server: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOKO_")}
    env.update(
        HOKO_BASE_URL=server,
        HOKO_API_KEY="hk_test_full_a",
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
    )
    return env


def _run_shell_line(line: str, where: str, cwd: Path, env: dict[str, str]) -> None:
    expected = int(m.group(1)) if (m := EXIT.search(line)) else 0
    command = line.split(" #", 1)[0].strip()
    argv = shlex.split(command)
    if argv[0] == "make":
        targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M))
        named = {a for a in argv[1:] if "=" not in a}
        assert named <= targets, f"{where}: no make target {named - targets}"
    elif argv[0] == "python" and argv[1] == "-m":
        done = subprocess.run(
            [sys.executable, "-m", argv[2], "--help"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, f"{where}: python -m {argv[2]} --help: {done.stderr}"
    elif argv[0] == "locust":
        locustfile = argv[argv.index("-f") + 1]
        assert (ROOT / locustfile).is_file(), f"{where}: no locustfile {locustfile}"
    elif argv[0] == "hoko":
        done = subprocess.run(
            command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == expected, f"{where}: {command}\n{done.stdout}\n{done.stderr}"
    # export, pip, curl: the environment is already set up, nothing is installed from a page


@pytest.mark.slow
@pytest.mark.parametrize("doc", DOCS, ids=[str(d.relative_to(ROOT)) for d in DOCS])
def test_every_block_runs_in_order(doc: Path, server: str, tmp_path: Path) -> None:
    env = _env(server)
    for language, line, code in blocks(doc):
        where = f"{doc.relative_to(ROOT)}:{line}"
        if language == "python":
            done = subprocess.run(
                [sys.executable, "-c", code],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=180,
            )
            assert done.returncode == 0, f"{where} failed:\n{done.stdout}\n{done.stderr}"
            continue
        for shell_line in code.splitlines():
            stripped = shell_line.strip()
            if stripped and not stripped.startswith(("#", "export ")):
                _run_shell_line(stripped, where, tmp_path, env)
