"""The real network path: Hoko and AsyncHoko against the reference server over loopback TCP.

The in-process tests cover behaviour; this one proves the pooled httpx client, streamed reads,
threads (sync max_concurrency) and keep-alive work over a real socket.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import hoko
import pytest
import uvicorn
from hoko_reference import create_app
from starlette.applications import Starlette

from .conftest import FULL_A, db


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Starlette]]:
    app = create_app(db_path=Path(tmp_path_factory.mktemp("loopback")) / "db.sqlite3")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def test_sync_client_over_tcp_with_threads(server: tuple[str, Starlette]) -> None:
    url, app = server
    progress: list[int] = []
    with hoko.Hoko(FULL_A, base_url=url, max_concurrency=3) as client:
        [col] = client.collections.upsert([{"name": "tcp"}])
        items = ({"url": f"https://tcp.example/{i}", "collectionId": col.id} for i in range(2_500))
        result = client.links.create(
            items, batch_size=500, on_progress=lambda d, t: progress.append(d)
        )
        assert [link.url for link in result] == [f"https://tcp.example/{i}" for i in range(2_500)]
        assert progress == [500, 1000, 1500, 2000, 2500]
        assert client.rate_limit is not None and client.rate_limit.limit is not None
        with pytest.raises(hoko.BadRequestError):
            client.links.upsert([{"id": "00000000-0000-4000-8000-000000000000"}])
    rows = db(app, "SELECT count(*) FROM links WHERE collection_id = ?", str(col.id))
    assert rows == [(2_500,)]


def test_async_client_over_tcp_with_tasks(server: tuple[str, Starlette]) -> None:
    url, _ = server

    async def run() -> list[int]:
        async with hoko.AsyncHoko(FULL_A, base_url=url, max_concurrency=4) as client:
            names = [{"name": f"n{i}"} for i in range(1_000)]
            starts = []
            async for chunk in client.collections.iter_upsert(names, batch_size=100):
                assert [c.name for c in chunk.results] == [f"n{i}" for i in chunk.indices]
                starts.append(chunk.start)
            return starts

    assert asyncio.run(run()) == list(range(0, 1_000, 100))
