"""The retry policy: which failures are retried, for which chunks, and how long we wait.

Faults a real server cannot produce on demand (5xx, reset, timeout) come from the ``Through``
transport; 429s come from the real server with a fast rate-limited key.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator

import hoko
import httpx
import pytest
from hoko import _constants
from hoko._transport import backoff_delay

from .conftest import FAST_LIMITED, PAIRED_LIMITED, SLOW_LIMITED, Drive, db

pytestmark = pytest.mark.anyio


async def _existing_collections(drive: Drive, n: int) -> list[str]:
    result = await drive.call("collections.upsert", [{"name": f"c{i}"} for i in range(n)])
    return [str(c.id) for c in result]


def _attempts(drive: Drive, path: str) -> list[tuple[str | None, int | None]]:
    return [(s.fault, s.status) for s in drive.transport.requests_to(path)]


async def test_5xx_on_an_all_update_chunk_is_retried(drive: Drive) -> None:
    ids = await _existing_collections(drive, 2)
    drive.transport.plan.extend(["500", "500"])
    result = await drive.call("collections.upsert", [{"id": i, "name": "renamed"} for i in ids])
    assert [str(c.id) for c in result] == ids
    assert _attempts(drive, "/api/collections")[-3:] == [("500", 500), ("500", 500), (None, 200)]


async def test_5xx_on_a_chunk_with_creates_is_not_retried_unless_opted_in(drive: Drive) -> None:
    ids = await _existing_collections(drive, 1)
    mixed = [{"id": ids[0], "name": "u"}, {"name": "new"}]
    drive.transport.plan.append("500")
    with pytest.raises(hoko.InternalServerError) as info:
        await drive.call("collections.upsert", mixed)
    assert info.value.status_code == 500 and info.value.message_en == "Injected failure"
    assert len(drive.transport.requests_to("/api/collections")) == 2  # setup + one attempt
    drive.transport.plan.append("500")
    result = await drive.call("collections.upsert", mixed, retry_creates=True)
    assert [c.name for c in result] == ["u", "new"]


async def test_a_create_whose_response_was_lost_is_not_repeated(drive: Drive) -> None:
    [cid] = await _existing_collections(drive, 1)
    item = {"url": "https://example.com/once", "collectionId": cid}
    drive.transport.plan.append("timeout")
    with pytest.raises(hoko.APITimeoutError) as info:
        await drive.call("links.create", [item])
    assert info.value.sent is True
    assert _count_links(drive, cid) == 1  # the server did write it: a retry would duplicate
    # Opting in repeats it, and shows exactly why it is opt-in.
    drive.transport.plan.append("drop")
    result = await drive.call("links.create", [item], retry_creates=True)
    assert len(result) == 1
    assert _count_links(drive, cid) == 3


async def test_connection_failure_before_sending_is_retried_even_for_creates(drive: Drive) -> None:
    [cid] = await _existing_collections(drive, 1)
    drive.transport.plan.extend(["connect", "connect"])
    result = await drive.call(
        "links.create", [{"url": "https://example.com/c", "collectionId": cid}]
    )
    assert len(result) == 1 and _count_links(drive, cid) == 1
    assert [s.fault for s in drive.transport.requests_to("/api/links")] == [
        "connect",
        "connect",
        None,
    ]


async def test_drops_and_timeouts_after_sending_are_retried_for_updates(drive: Drive) -> None:
    ids = await _existing_collections(drive, 3)
    drive.transport.plan.extend(["drop", "timeout"])
    result = await drive.call("collections.upsert", [{"id": i, "description": "d"} for i in ids])
    assert [c.description for c in result] == ["d"] * 3


async def test_retries_are_bounded_and_max_retries_zero_disables_them(drive: Drive) -> None:
    ids = await _existing_collections(drive, 1)
    body = [{"id": ids[0], "name": "x"}]
    drive.transport.plan.extend(["500"] * 3)
    with pytest.raises(hoko.InternalServerError):
        await drive.call("collections.upsert", body)  # 1 try + 2 retries
    assert len(drive.transport.requests_to("/api/collections")) == 1 + 3
    no_retry = drive.client(max_retries=0)
    drive.transport.plan.extend(["connect"])
    with pytest.raises(hoko.APIConnectionError) as info:
        await drive.call("collections.upsert", body, client=no_retry)
    assert info.value.sent is False
    # per-call override beats the client option
    drive.transport.plan.extend(["500"])
    result = await drive.call("collections.upsert", body, client=no_retry, max_retries=1)
    assert result[0].name == "x"


async def test_429_waits_for_the_server_and_then_succeeds(drive: Drive) -> None:
    client = drive.client(PAIRED_LIMITED)
    await drive.call("collections.upsert", [{"name": "first"}], client=client)
    result = await drive.call("collections.upsert", [{"name": "second"}], client=client)
    assert result[0].name == "second"
    statuses = [s.status for s in drive.transport.requests_to("/api/collections")]
    assert statuses[0] == 200 and statuses[-1] == 200 and 429 in statuses
    assert client.rate_limit is not None and client.rate_limit.limit == 1


async def test_429_beyond_max_retry_wait_raises_at_once(drive: Drive) -> None:
    client = drive.client(SLOW_LIMITED, max_retry_wait=0.5)
    await drive.call("collections.upsert", [{"name": "first"}], client=client)
    with pytest.raises(hoko.RateLimitError) as info:
        await drive.call("collections.upsert", [{"name": "second"}], client=client)
    assert info.value.retry_after is not None and info.value.retry_after > 60
    assert [s.status for s in drive.transport.requests_to("/api/collections")] == [200, 429]


async def test_429_retries_do_not_use_up_max_retries(drive: Drive) -> None:
    # max_retries=1, yet three back-to-back calls under a 1-request window all finish.
    client = drive.client(FAST_LIMITED, max_retries=1)
    names = []
    for i in range(3):
        names += [
            c.name
            for c in await drive.call("collections.upsert", [{"name": f"n{i}"}], client=client)
        ]
    assert names == ["n0", "n1", "n2"]


class _SlowBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response whose body trickles in: each piece arrives in time, the whole does not."""

    def __iter__(self) -> Iterator[bytes]:
        yield b"["
        for _ in range(20):
            time.sleep(0.05)
            yield b" "
        yield b"]"

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b"["
        for _ in range(20):
            await asyncio.sleep(0.05)
            yield b" "
        yield b"]"


class _SlowTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.calls = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return httpx.Response(200, stream=_SlowBody())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls += 1
        return httpx.Response(200, stream=_SlowBody())


async def test_timeout_is_overall_not_per_read(drive: Drive) -> None:
    transport = _SlowTransport()
    client: hoko.Hoko | hoko.AsyncHoko
    if drive.flavor == "sync":
        client = hoko.Hoko("k", base_url="http://t", http_client=httpx.Client(transport=transport))
    else:
        client = hoko.AsyncHoko(
            "k", base_url="http://t", http_client=httpx.AsyncClient(transport=transport)
        )
    creates = [{"name": "n"}]
    with pytest.raises(hoko.APITimeoutError):
        await drive.call("collections.upsert", creates, client=client, timeout=0.3)
    assert transport.calls == 1  # a create chunk: not retried after sending
    updates = [{"id": str(uuid.uuid4())}]
    with pytest.raises(hoko.APITimeoutError):
        await drive.call("collections.upsert", updates, client=client.with_options(timeout=0.3))
    assert transport.calls == 1 + 3


def test_backoff_is_exponential_with_jitter_from_half_a_second_to_eight(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_constants, "INITIAL_RETRY_DELAY", 0.5)
    monkeypatch.setattr(_constants, "MAX_RETRY_DELAY", 8.0)
    for n, ceiling in enumerate([0.5, 1, 2, 4, 8, 8, 8]):
        for _ in range(50):
            assert ceiling * 0.75 <= backoff_delay(n) <= ceiling


def _count_links(drive: Drive, cid: str) -> int:
    return int(db(drive.app, "SELECT count(*) FROM links WHERE collection_id = ?", cid)[0][0])
