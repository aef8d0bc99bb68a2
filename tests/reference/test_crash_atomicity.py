"""A server killed with SIGKILL in the middle of a 10,000-item batch leaves all rows or none."""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.reference.conftest import FULL_A, start_server, stop_server

BATCH = 10_000
HEADERS = {"Authorization": f"Bearer {FULL_A}"}


def link_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:  # a fresh connection also recovers the WAL
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT count(*) FROM links").fetchone()[0])


def batch(collection_id: str) -> list[dict[str, str]]:
    return [
        {"url": f"https://e.com/{i}", "collectionId": collection_id, "title": f"t{i}"}
        for i in range(BATCH)
    ]


@pytest.mark.slow
@pytest.mark.heavy
def test_sigkill_during_a_batch_leaves_all_or_nothing(tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite3"
    proc, base = start_server("--db", str(db), "--log-level", "warning")
    try:
        collection = httpx.put(
            base + "/api/collections", json=[{"name": "c"}], headers=HEADERS, timeout=30
        ).json()[0]["id"]
        body = batch(collection)
        started = time.perf_counter()
        first = httpx.post(base + "/api/links", json=body, headers=HEADERS, timeout=60)
        full_time = time.perf_counter() - started
        assert first.status_code == 201
    finally:
        stop_server(proc, signal.SIGKILL)
    assert link_count(db) == BATCH

    outcomes: list[int] = []
    for fraction in (0.15, 0.4, 0.6, 0.8, 0.95):
        before = link_count(db)
        proc, base = start_server("--db", str(db), "--log-level", "warning")
        done = threading.Event()

        def send(url: str = base, done: threading.Event = done) -> None:
            try:
                httpx.post(url + "/api/links", json=body, headers=HEADERS, timeout=30)
            except httpx.TransportError:
                pass  # the server died under us, as intended
            finally:
                done.set()

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        time.sleep(full_time * fraction)
        stop_server(proc, signal.SIGKILL)
        assert done.wait(timeout=30)
        after = link_count(db)
        assert after in (before, before + BATCH), f"partial batch: {after - before} rows"
        outcomes.append(after - before)
    print("rows added per killed run:", outcomes)
    # Codes stayed unique through every crash and restart.
    with sqlite3.connect(db) as conn:
        total, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT code) FROM links"
        ).fetchone()
    assert total == distinct
