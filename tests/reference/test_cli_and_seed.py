"""`python -m hoko_reference` and seed files (JSON or TOML) that add workspaces and keys."""

from __future__ import annotations

import json
import signal
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from hoko_reference import create_app
from hoko_reference.seed import load_seed_file

from tests.reference.conftest import (
    Api,
    assert_error,
    freeze_rate_limit_clock,
    start_server,
    stop_server,
)

SEED: dict[str, Any] = {
    "workspaces": [{"id": "D", "plan": "basic"}],
    "keys": [
        {"key": "hk_seed_d", "workspace": "D", "scopes": ["collectionsWrite"]},
        {
            "key": "hk_seed_a",
            "workspace": "A",
            "scopes": "all",
            "rateLimit": {"requests": 2, "windowSeconds": 5},
        },
    ],
}
SEED_TOML = """
[[workspaces]]
id = "D"
plan = "basic"

[[keys]]
key = "hk_seed_d"
workspace = "D"
scopes = ["collectionsWrite"]

[[keys]]
key = "hk_seed_a"
workspace = "A"
scopes = "all"
rateLimit = { requests = 2, windowSeconds = 5 }
"""


def test_json_and_toml_seed_files_mean_the_same(tmp_path: Path) -> None:
    (tmp_path / "s.json").write_text(json.dumps(SEED))
    (tmp_path / "s.toml").write_text(SEED_TOML)
    assert load_seed_file(tmp_path / "s.json") == load_seed_file(tmp_path / "s.toml") == SEED


@pytest.mark.parametrize(
    "seed",
    [
        {"workspaces": [{"id": "D", "plan": "gold"}]},
        {"keys": [{"key": "k", "workspace": "nowhere"}]},
        {"keys": [{"key": "k", "workspace": "A", "scopes": "everything"}]},
        {"keys": [{"key": "", "workspace": "A"}]},
        {"tenants": []},
    ],
)
def test_a_bad_seed_is_refused_at_start(seed: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        create_app(seed=seed)


@pytest.mark.anyio
async def test_seeded_keys_get_their_workspace_plan_scopes_and_limit(tmp_path: Path) -> None:
    app = create_app(db_path=tmp_path / "db.sqlite3", seed=SEED)
    freeze_rate_limit_clock(app)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        api = Api(c, app)
        await api.ok(await api.put_collections([{"name": "d"}], key="hk_seed_d"))
        assert_error(await api.put_collections([{"name": "d"}] * 101, key="hk_seed_d"), 400)
        forbidden = await api.put_links([{"id": "x"}], key="hk_seed_d")
        assert assert_error(forbidden, 403)["missingScopes"] == ["linksWrite"]
        await api.ok(await api.put_collections([{"name": "a"}], key="hk_seed_a"))
        await api.ok(await api.put_collections([{"name": "a"}], key="hk_seed_a"))
        assert_error(await api.put_collections([{"name": "a"}], key="hk_seed_a"), 429)
        # The dev keys are still there.
        await api.ok(await api.put_collections([{"name": "a"}], key="hk_test_full_a"))


@pytest.mark.slow
def test_the_cli_serves_prints_keys_and_stops_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite3"
    seed = tmp_path / "seed.toml"
    seed.write_text(SEED_TOML)
    proc, base = start_server(
        "--db", str(db), "--seed", str(seed), "--base-url-for-links", "https://s.test"
    )
    try:
        response = httpx.put(
            base + "/api/collections",
            json=[{"name": "via cli"}],
            headers={"Authorization": "Bearer hk_seed_d"},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        collection_id = response.json()[0]["id"]
        link = httpx.post(
            base + "/api/links",
            json=[{"url": "https://e.com", "collectionId": collection_id}],
            headers={"Authorization": "hk_seed_a"},
            timeout=10,
        )
        assert_error(link, 400, index=0, field="collectionId")  # D's collection, A's key
    finally:
        output = stop_server(proc, signal.SIGTERM)
    assert proc.returncode == 0, output
    assert base in output
    for key in (
        "hk_test_full_a",
        "hk_test_readonly_a",
        "hk_test_full_b",
        "hk_test_ratelimited_a",
        "hk_test_basic_c",
        "hk_seed_d",
    ):
        assert key in output
    # The startup banner is the only place keys appear; request logs do not name them.
    request_lines = [line for line in output.splitlines() if "/api/" in line]
    assert request_lines and not any("hk_" in line for line in request_lines)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("SELECT name FROM collections").fetchall() == [("via cli",)]


@pytest.mark.slow
def test_sigint_also_stops_cleanly(tmp_path: Path) -> None:
    proc, _ = start_server("--db", str(tmp_path / "x.sqlite3"))
    output = stop_server(proc, signal.SIGINT)
    assert proc.returncode == 0, output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fault", "no-such-fault"], "unknown fault"),
        (["--seed", "/nonexistent/seed.json"], "error"),
    ],
)
def test_bad_command_lines_fail_with_a_message(args: list[str], message: str) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "hoko_reference", "--port", "1", *args],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert message in done.stderr


def test_a_database_from_a_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "future.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(RuntimeError, match="schema version 99"):
        create_app(db_path=db)


def test_a_busy_port_fails_before_the_url_and_keys_are_printed() -> None:
    import socket
    import subprocess
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "hoko_reference", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert done.returncode == 2
    assert "error:" in done.stderr and "in use" in done.stderr
    assert "hk_test" not in done.stdout and f":{port}" not in done.stdout


def test_the_listening_socket_gets_no_nagle_delay() -> None:
    """asyncio sets TCP_NODELAY on a connection only when its socket says IPPROTO_TCP; without
    it each small answer waited ~40 ms for a delayed ACK."""
    import socket

    from hoko_reference.cli import _bind

    sock = _bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()


def test_served_links_say_which_server_made_them(tmp_path: Path) -> None:
    proc, base = start_server("--db", str(tmp_path / "l.sqlite3"))
    try:
        headers = {"Authorization": "Bearer hk_test_full_a"}
        cid = httpx.put(
            base + "/api/collections", json=[{"name": "c"}], headers=headers, timeout=10
        ).json()[0]["id"]
        link = httpx.post(
            base + "/api/links",
            json=[{"url": "https://e.com", "collectionId": cid}],
            headers=headers,
            timeout=10,
        ).json()[0]
    finally:
        stop_server(proc, signal.SIGTERM)
    assert link["shortUrl"].startswith(base + "/")
    assert "hoko.to" not in link["shortUrl"] + link["qrCode"]
