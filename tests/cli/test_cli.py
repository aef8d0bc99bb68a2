"""The `hoko` console script, run in a subprocess against the reference server on loopback."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.reference.conftest import free_port, stop_server

HOKO = str(Path(sys.executable).with_name("hoko"))
KEY = "hk_test_full_a"
LIMITED = "hk_cli_limited"
pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, Path]]:
    seed = tmp_path / "seed.json"
    seed.write_text(
        json.dumps(
            {
                "keys": [
                    {
                        "key": LIMITED,
                        "workspace": "A",
                        "scopes": "all",
                        "rateLimit": {"requests": 2, "windowSeconds": 3},
                    }
                ]
            }
        )
    )
    db = tmp_path / "hoko.sqlite"
    log = tmp_path / "server.log"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as sink:  # a file, not a pipe: nobody reads the log while tests run
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hoko_reference",
                "--port",
                str(port),
                "--db",
                str(db),
                "--seed",
                str(seed),
                "--log-level",
                "info",
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            for _ in range(200):
                try:
                    httpx.get(base + "/", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            yield base, db, log
        finally:
            stop_server(proc)


def requests_logged(log: Path) -> int:
    return sum(1 for line in log.read_text().splitlines() if " /api/" in line and "->" in line)


def collection(base: str) -> str:
    r = httpx.put(
        f"{base}/api/collections",
        json=[{"name": "cli"}],
        headers={"Authorization": f"Bearer {KEY}"},
    )
    return str(r.json()[0]["id"])


def hoko(
    base: str, *args: str, key: str = KEY, stdin: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOKO_BASE_URL": base, "HOKO_API_KEY": key}
    return subprocess.run(
        [HOKO, *args], env=env, input=stdin, capture_output=True, text=True, timeout=timeout
    )


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def count_links(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        total, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT external_id) FROM links"
        ).fetchone()
    return int(total), int(distinct)


BAD = {10: "00000000-0000-4000-8000-000000000000", 5000: "00000000-0000-4000-8000-000000000001"}


def test_bad_rows_fail_alone_and_the_fixed_file_creates_exactly_them(
    server: tuple[str, Path, Path], tmp_path: Path
) -> None:
    base, db, _log = server
    shelf = collection(base)
    rows = [
        [f"https://e.com/{i}", BAD.get(i, shelf), f"x-{i}", "news" if i % 2 else ""]
        for i in range(25_000)
    ]
    src = write_csv(
        tmp_path / "links.csv", ["url", "collectionId", "externalId", "utm.source"], rows
    )
    out, failed = tmp_path / "out.jsonl", tmp_path / "failed.csv"
    done = hoko(base, "links", "upsert", str(src), "--out", str(out), "--failed", str(failed))
    assert done.returncode == 1, done.stderr
    assert count_links(db) == (24_998, 24_998)
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["row"] for r in results) == list(range(1, 25_001))
    bad = [r for r in results if r["status"] == "failed"]
    assert sorted(r["row"] for r in bad) == [11, 5001]
    assert all(r["id"] and r["shortUrl"] for r in results if r["status"] == "created")
    with failed.open(newline="") as fh:
        failed_rows = list(csv.DictReader(fh))
    assert [r["externalId"] for r in failed_rows] == ["x-10", "x-5000"]
    assert all("collectionId" in r["error"] for r in failed_rows)
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(failed.read_text().replace(BAD[10], shelf).replace(BAD[5000], shelf))
    again = hoko(base, "links", "upsert", str(fixed))
    assert again.returncode == 0, again.stderr
    assert count_links(db) == (25_000, 25_000)


def test_a_killed_sync_resumes_and_writes_every_row_exactly_once(
    server: tuple[str, Path, Path], tmp_path: Path
) -> None:
    base, db, _log = server
    shelf = collection(base)
    n = 40_000
    src = write_csv(
        tmp_path / "big.csv",
        ["url", "collectionId", "externalId"],
        [[f"https://e.com/{i}", shelf, f"big-{i}"] for i in range(n)],
    )
    journal, out = tmp_path / "sync.journal", tmp_path / "out.jsonl"
    env = {**os.environ, "HOKO_BASE_URL": base, "HOKO_API_KEY": KEY}
    args = [HOKO, "links", "create", str(src), "--journal", str(journal), "--out", str(out), "-q"]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.uniform(0.6, 1.6))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written_before = count_links(db)[0]
    resumed = hoko(
        base,
        "links",
        "create",
        str(src),
        "--journal",
        str(journal),
        "--out",
        str(out),
        "--resume",
        "--json",
    )
    assert resumed.returncode == 0, (written_before, resumed.stdout, resumed.stderr)
    assert count_links(db) == (n, n)
    rows = [json.loads(line)["row"] for line in out.read_text().splitlines()]
    assert sorted(rows) == list(range(1, n + 1))


def test_validate_names_row_and_column_and_sends_nothing(
    server: tuple[str, Path, Path], tmp_path: Path
) -> None:
    base, db, log = server
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("url,collectionId,title\nhttps://e.com,c,t\nhttps://e.com,c\n")
    done = hoko(base, "validate", str(ragged), "--as", "links-upsert")
    assert done.returncode == 2 and "row 2" in done.stderr and "cells" in done.stderr
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("url,collectionId,colour\nhttps://e.com,c,red\n")
    done = hoko(base, "validate", str(unknown), "--as", "links-upsert")
    assert done.returncode == 2 and "colour" in done.stderr
    sync = hoko(base, "links", "upsert", str(unknown))
    assert sync.returncode == 2 and "colour" in sync.stderr
    bad_bool = tmp_path / "bool.csv"
    bad_bool.write_text("url,collectionId,cloaked\nhttps://e.com,c,maybe\n")
    assert hoko(base, "validate", str(bad_bool), "--as", "links-create").returncode == 2
    wrong_type = tmp_path / "types.jsonl"
    wrong_type.write_text('{"name": "fine"}\n{"name": 5}\n')
    typed = hoko(base, "collections", "upsert", str(wrong_type))
    assert typed.returncode == 2 and "row 2" in typed.stderr and "'name'" in typed.stderr
    bad_utf8 = tmp_path / "latin1.csv"
    bad_utf8.write_bytes("name\nok\ncaf\xe9\n".encode("latin-1"))
    assert hoko(base, "collections", "upsert", str(bad_utf8)).returncode == 2
    assert count_links(db)[0] == 0
    assert requests_logged(log) == 0


def test_null_token_clears_and_dotted_columns_build_objects(
    server: tuple[str, Path, Path], tmp_path: Path
) -> None:
    base, _db, _log = server
    shelf = collection(base)
    first = write_csv(
        tmp_path / "a.csv",
        ["url", "collectionId", "title", "utm.source", "utm.medium"],
        [["https://e.com/a", shelf, "A", "news", "email"]],
    )
    out = tmp_path / "out.jsonl"
    assert hoko(base, "links", "upsert", str(first), "--out", str(out)).returncode == 0
    link_id = json.loads(out.read_text())["id"]
    second = write_csv(
        tmp_path / "b.csv",
        ["id", "title", "utm.medium", "description"],
        [[link_id, "null", "null", ""]],
    )
    assert hoko(base, "links", "upsert", str(second)).returncode == 0
    links = httpx.get(
        f"{base}/api/links", params={"id": link_id}, headers={"Authorization": f"Bearer {KEY}"}
    ).json()
    assert links[0]["title"] is None and links[0]["utm"] == {"source": "news"}


def test_stdin_json_lines_and_a_summary_on_stdout(server: tuple[str, Path, Path]) -> None:
    base, _db, _log = server
    lines = "\n".join(json.dumps({"name": f"p{i}"}) for i in range(30))
    done = hoko(base, "partners", "upsert", "-", "--json", "--batch-size", "7", stdin=lines)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["created"] == 30


def test_resume_refuses_a_changed_input(server: tuple[str, Path, Path], tmp_path: Path) -> None:
    base, _db, _log = server
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"name": "one"}) + "\n")
    journal = tmp_path / "j"
    assert hoko(base, "collections", "upsert", str(src), "--journal", str(journal)).returncode == 0
    src.write_text(json.dumps({"name": "two"}) + "\n")
    done = hoko(base, "collections", "upsert", str(src), "--journal", str(journal), "--resume")
    assert done.returncode == 2 and "changed" in done.stderr


def test_a_refused_key_is_exit_3(server: tuple[str, Path, Path], tmp_path: Path) -> None:
    base, _db, _log = server
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps({"name": "one"}) + "\n")
    done = hoko(base, "collections", "upsert", str(src), key="hk_nobody")
    assert done.returncode == 3 and "refused" in done.stderr
    assert "hk_nobody" not in done.stderr + done.stdout


def test_progress_is_plain_lines_without_a_terminal_and_shows_rate_limit_waits(
    server: tuple[str, Path, Path], tmp_path: Path
) -> None:
    base, _db, _log = server
    src = tmp_path / "c.jsonl"
    src.write_text("\n".join(json.dumps({"name": f"c{i}"}) for i in range(8)) + "\n")
    done = hoko(base, "collections", "upsert", str(src), "--batch-size", "1", key=LIMITED)
    assert done.returncode == 0, done.stderr
    assert "\x1b[" not in done.stderr  # no terminal: no bar, no escape codes
    assert "rate limited: waiting" in done.stderr


def test_version_and_help_have_examples() -> None:
    version = subprocess.run([HOKO, "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("hoko ")
    for command in (
        ["links", "create"],
        ["links", "upsert"],
        ["collections", "upsert"],
        ["partners", "upsert"],
        ["validate"],
    ):
        shown = subprocess.run(
            [HOKO, *command, "--help"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "COLUMNS": "200"},
        )
        assert shown.returncode == 0 and "Example: hoko" in shown.stdout, command


def test_under_a_terminal_progress_is_a_bar_with_a_countdown(
    server: tuple[str, Path, Path], tmp_path: Path
) -> None:
    import pty
    import select

    base, _db, _log = server
    src = tmp_path / "c.jsonl"
    src.write_text("\n".join(json.dumps({"name": f"c{i}"}) for i in range(6)) + "\n")
    master, slave = pty.openpty()
    env = {
        **os.environ,
        "HOKO_BASE_URL": base,
        "HOKO_API_KEY": LIMITED,
        "TERM": "xterm",
        "COLUMNS": "160",
    }
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [HOKO, "collections", "upsert", str(src), "--batch-size", "1"],
        env=env,
        stdin=slave,
        stdout=slave,
        stderr=slave,
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(master)
    text = seen.decode("utf-8", "replace")
    assert proc.returncode == 0, text[-2000:]
    assert "━" in text and "rows/s" in text  # the bar
    assert "rate limited: waiting" in text
