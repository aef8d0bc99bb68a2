"""A call leaves no reference cycle that holds a request (and so its body, the whole chunk): httpx
binds each response to its stream in one, and both clients cut it once the response is closed
(`hoko_client.types.unbind_stream`). Left in place, after a big pause had moved it to the oldest
generation (D39), only a full collection would free the chunk."""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable
from typing import Any

import anyio.to_thread
import httpx
import pytest
from hoko_client import AuthenticatedClient
from hoko_client.api.links import upsert_links
from hoko_client.models import LinkUpsert
from starlette.applications import Starlette

from .conftest import BASE_URL, FULL_A, Drive, SyncASGIBridge, links

pytestmark = pytest.mark.anyio


async def _cyclic_garbage(run: Callable[[], Awaitable[Any]]) -> list[object]:
    """The requests and responses only the cyclic collector would free after `run()`."""
    was = gc.isenabled()
    gc.collect()
    gc.disable()  # so nothing is freed behind the test's back
    try:
        await run()
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        return [o for o in gc.garbage if isinstance(o, httpx.Request | httpx.Response)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        (gc.enable if was else gc.disable)()


async def test_an_overlay_call_leaves_no_cycle_holding_its_request(drive: Drive) -> None:
    cid = await drive.collection()

    async def upsert() -> None:
        results = await drive.call("links.upsert", list(links(cid, 50)))
        assert len(results) == 50

    assert await _cyclic_garbage(upsert) == []


async def test_a_generated_call_leaves_no_cycle_holding_its_request(app: Starlette) -> None:
    http = httpx.Client(
        base_url=BASE_URL,
        transport=SyncASGIBridge(app),
        headers={"Authorization": f"Bearer {FULL_A}"},
    )
    # The bridge runs its own event loop: the calls go to a thread, away from the test's loop.
    made = await anyio.to_thread.run_sync(
        lambda: http.put("/api/collections", json=[{"name": "c"}])
    )
    cid = made.json()[0]["id"]
    client = AuthenticatedClient(base_url=BASE_URL, token=FULL_A)
    client.set_httpx_client(http)
    body = [LinkUpsert.from_dict(item) for item in links(cid, 50)]

    async def upsert() -> None:
        resp = await anyio.to_thread.run_sync(
            lambda: upsert_links.sync_detailed(client=client, body=body)
        )
        assert resp.status_code == 200

    assert await _cyclic_garbage(upsert) == []
