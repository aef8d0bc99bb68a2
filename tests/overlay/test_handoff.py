"""Sync iteration keeps the caller's own work off the path between two requests: a chunk the
caller let go of is freed once the next request is out (not while it waits to leave), and the
worker sends a chunk's body before the caller's thread reads ahead for the next one."""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hoko import AsyncHoko, Hoko
from starlette.applications import Starlette

from .conftest import BASE_URL, FULL_A, Through

SIZE = 4
CHUNKS = 8


class Log:
    """What happened, in order, from both threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.events: list[tuple[str, int]] = []

    def add(self, what: str, chunk: int) -> None:
        with self._lock:
            self.events.append((what, chunk))


def _chunk_of(request: httpx.Request) -> int:
    return int(request.content.split(b'"name":"h', 1)[1].split(b'"', 1)[0]) // SIZE


class Uploading(httpx.BaseTransport):
    """Takes a request's body as a network transport does, by iterating its stream, and only
    after a pause, as a slow upload would; then the target works a while before it answers."""

    def __init__(self, inner: httpx.BaseTransport, log: Log) -> None:
        self._inner, self._log = inner, log

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        time.sleep(UPLOAD_S)
        self._log.add("taking", _chunk_of(request))
        for _ in request.stream:  # type: ignore[union-attr]
            pass
        time.sleep(SERVER_S)
        response = self._inner.handle_request(request)
        self._log.add("answered", _chunk_of(request))
        return response


# Both well within the caller's bounded wait, so that a wait for the wrong moment shows.
UPLOAD_S = 0.01
SERVER_S = 0.02


def _client(app: Starlette, log: Log, *, upload: bool = False) -> Hoko:
    def on_request(request: httpx.Request) -> None:
        log.add("request", _chunk_of(request))

    transport: httpx.BaseTransport = Through(app)
    if upload:
        transport = Uploading(transport, log)
    http = httpx.Client(transport=transport, event_hooks={"request": [on_request]})
    return Hoko(FULL_A, base_url=BASE_URL, http_client=http)


def _items(log: Log, refs: list[weakref.ref[Any]], freed: list[list[bool]]) -> Iterator[Any]:
    for i in range(SIZE * CHUNKS):
        if i % SIZE == 0:
            log.add("pull", i // SIZE)
            freed.append([ref() is None for ref in refs])  # as the caller's thread reads on
        yield {"name": f"h{i}"}


def test_a_chunk_let_go_of_is_freed_once_the_next_request_is_out(app: Starlette) -> None:
    log = Log()
    refs: list[weakref.ref[Any]] = []  # a model of each chunk received, held by its results
    freed_when_pulled: list[list[bool]] = []
    alive_when_received: list[list[bool]] = []
    with _client(app, log) as client:
        source = _items(log, refs, freed_when_pulled)
        for chunk in client.collections.iter_upsert(source, batch_size=SIZE):
            alive_when_received.append([ref() is not None for ref in refs])
            refs.append(weakref.ref(chunk.results[0]))
    assert len(refs) == CHUNKS
    for k in range(1, CHUNKS):
        # Chunk k arrived and the caller let go of chunk k - 1: it is not freed yet, since the
        # next request waits for the caller...
        assert alive_when_received[k][k - 1], alive_when_received[k]
        # ... and no older chunk is kept.
        assert not any(alive_when_received[k][: k - 1]), alive_when_received[k]
    # Chunk k + 1 is read ahead once chunk k's request left: by then chunk k - 2 was freed.
    for pulled in range(3, CHUNKS):
        assert freed_when_pulled[pulled][pulled - 3], freed_when_pulled[pulled]


def test_the_worker_sends_a_chunk_before_the_caller_reads_ahead(app: Starlette) -> None:
    log = Log()
    with _client(app, log) as client:
        got = sum(
            len(chunk)
            for chunk in client.collections.iter_upsert(_items(log, [], []), batch_size=SIZE)
        )
    assert got == SIZE * CHUNKS
    events = log.events
    # A request's thread must get the GIL first; the caller's thread, reading ahead, would hold
    # it for a switch interval. Allow a rare scheduling hiccup, not a habit.
    first = [
        events.index(("request", k)) < events.index(("pull", k + 1)) for k in range(CHUNKS - 1)
    ]
    assert sum(first) >= len(first) - 1, events


def test_the_caller_reads_ahead_once_the_body_is_out_not_before_nor_after(
    app: Starlette,
) -> None:
    """Until a request's body is written, the worker needs the GIL for each write; the caller's
    thread, reading ahead, would hold it. Once written, reading ahead overlaps the target's
    work. Allow a rare scheduling hiccup, not a habit."""
    log = Log()
    with _client(app, log, upload=True) as client:
        got = sum(
            len(chunk)
            for chunk in client.collections.iter_upsert(_items(log, [], []), batch_size=SIZE)
        )
    assert got == SIZE * CHUNKS
    events = log.events
    after = [events.index(("taking", k)) < events.index(("pull", k + 1)) for k in range(CHUNKS - 1)]
    assert sum(after) >= len(after) - 1, events
    during = [
        events.index(("pull", k + 1)) < events.index(("answered", k)) for k in range(CHUNKS - 1)
    ]
    assert sum(during) >= len(during) - 1, events


@pytest.mark.anyio
async def test_async_sends_each_chunk_before_reading_the_next(app: Starlette) -> None:
    """With several in flight, each chunk's request goes before the next chunk is read, checked
    and encoded on the loop, not after the whole window was filled."""
    log = Log()

    async def on_request(request: httpx.Request) -> None:
        log.add("request", _chunk_of(request))

    http = httpx.AsyncClient(transport=Through(app), event_hooks={"request": [on_request]})
    async with AsyncHoko(FULL_A, base_url=BASE_URL, http_client=http) as client:
        got = 0
        source = _items(log, [], [])
        async for chunk in client.collections.iter_upsert(
            source, batch_size=SIZE, max_concurrency=4
        ):
            got += len(chunk)
    assert got == SIZE * CHUNKS
    events = log.events
    for k in range(3):
        assert events.index(("request", k)) < events.index(("pull", k + 1)), events
