"""Concurrent writers over loopback: no lost update, unique short codes, no 5xx."""

from __future__ import annotations

import random
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from hoko_reference import create_app

from tests.reference.conftest import FULL_A

UTM_KEYS = ("source", "medium", "campaign", "term", "content", "referral")
ROUNDS = 8
SHARED_LINKS = 30


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """uvicorn on 127.0.0.1 in a background thread, on a socket we bound ourselves."""
    db = tmp_path / "concurrent.sqlite3"
    app = create_app(db_path=db)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        threading.Event().wait(0.05)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}", db
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()


@pytest.mark.slow
def test_eight_threads_of_interleaved_batches(live_server: tuple[str, Path]) -> None:
    base, db = live_server
    headers = {"Authorization": f"Bearer {FULL_A}"}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        collection = client.put("/api/collections", json=[{"name": "c"}]).json()[0]["id"]
        shared = client.post(
            "/api/links",
            json=[
                {"url": f"https://e.com/{i}", "collectionId": collection}
                for i in range(SHARED_LINKS)
            ],
        ).json()
    shared_ids = [link["id"] for link in shared]

    statuses: list[int] = []
    created_short_urls: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def utm_writer(worker: int) -> None:
        # Six workers each own one utm key: a lost read-modify-write would drop another's key.
        key = UTM_KEYS[worker]
        rng = random.Random(worker)
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            start.wait(timeout=30)
            for round_no in range(ROUNDS):
                ids = shared_ids[:]
                rng.shuffle(ids)
                items = [{"id": i, "utm": {key: f"w{worker}-r{round_no}"}} for i in ids]
                response = client.put("/api/links", json=items)
                with lock:
                    statuses.append(response.status_code)

    def creator(worker: int) -> None:
        # Mixed batches: creates plus no-op updates of the shared links.
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            start.wait(timeout=30)
            for round_no in range(ROUNDS):
                items: list[dict[str, Any]] = [
                    {"url": f"https://e.com/w{worker}/{round_no}/{n}", "collectionId": collection}
                    for n in range(150)
                ]
                items.insert(75, {"id": shared_ids[round_no % SHARED_LINKS]})
                response = client.put("/api/links", json=items)
                with lock:
                    statuses.append(response.status_code)
                    if response.status_code == 200:
                        body = response.json()
                        created_short_urls.extend(
                            b["shortUrl"] for i, b in enumerate(body) if i != 75
                        )

    def run(target: Any, worker: int) -> None:
        try:
            target(worker)
        except BaseException as exc:  # surfaced below
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(utm_writer, w)) for w in range(6)]
    threads += [threading.Thread(target=run, args=(creator, w)) for w in range(6, 8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a worker hung"
    assert not errors, errors
    assert statuses == [200] * (8 * ROUNDS), sorted(set(statuses))

    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        final = client.put("/api/links", json=[{"id": i} for i in shared_ids]).json()
    expected = {key: f"w{w}-r{ROUNDS - 1}" for w, key in enumerate(UTM_KEYS)}
    for link in final:
        assert link["utm"] == expected, "an update was lost"

    assert len(created_short_urls) == 2 * ROUNDS * 150
    assert len(set(created_short_urls)) == len(created_short_urls)
    import sqlite3

    with sqlite3.connect(db) as conn:
        total, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT code) FROM links"
        ).fetchone()
    assert total == distinct == SHARED_LINKS + 2 * ROUNDS * 150
