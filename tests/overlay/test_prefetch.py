"""Sync read-ahead: while chunk k is in flight, chunk k+1 is read from the caller's iterable and
checked on the caller's thread, but it is sent only after chunk k's results were yielded, and
every failure is reported exactly as without read-ahead. Each test runs both clients: the async
one never reads ahead, so it pins the behaviour the sync one must keep.

Some tests pause briefly after each chunk: not to time anything, but so that a client that sent
a chunk too early would have done so before the counts are checked.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import anyio
import hoko
import httpx
import pytest
from starlette.applications import Starlette

from .conftest import Drive, Through, db

pytestmark = pytest.mark.anyio

SETTLE = 0.05  # seconds to let a wrongly eager client send after a chunk was received


class Watch(Through):
    """Through that also counts requests in flight and records the thread that sent each one."""

    def __init__(self, app: Starlette) -> None:
        super().__init__(app)
        self._lock = threading.Lock()
        self.inflight = 0
        self.max_inflight = 0
        self.threads: list[int] = []

    def _enter(self) -> None:
        with self._lock:
            self.inflight += 1
            self.max_inflight = max(self.max_inflight, self.inflight)
            self.threads.append(threading.get_ident())

    def _exit(self) -> None:
        with self._lock:
            self.inflight -= 1

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._enter()
        try:
            return super().handle_request(request)
        finally:
            self._exit()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._enter()
        try:
            return await super().handle_async_request(request)
        finally:
            self._exit()


def watch(drive: Drive) -> Watch:
    """Swap the drive's transport for a Watch; call before the drive's first client."""
    w = Watch(drive.app)
    drive.transport = w
    return w


@dataclass
class Source:
    """A generator over ``items`` that records, per item pulled, the pulling thread and how many
    chunks the caller had received at that moment; ``fail_after`` makes it raise instead."""

    items: list[dict[str, Any]]
    fail_after: int | None = None
    error: Exception = field(default_factory=lambda: RuntimeError("the source broke"))
    received: int = 0
    pulls: list[tuple[int, int]] = field(default_factory=list)  # (thread ident, received)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for i, item in enumerate(self.items):
            if i == self.fail_after:
                raise self.error
            self.pulls.append((threading.get_ident(), self.received))
            yield item

    @property
    def pulled(self) -> int:
        return len(self.pulls)

    def received_when_pulled(self, index: int) -> int:
        return self.pulls[index][1]


@dataclass
class Stream:
    chunks: list[hoko.ChunkResult[Any]]
    error: BaseException | None
    caller: int  # the iterating thread


async def stream(
    drive: Drive,
    path: str,
    items: Any,
    *,
    source: Source | None = None,
    after: Callable[[int, hoko.ChunkResult[Any]], bool | None] | None = None,
    **kw: Any,
) -> Stream:
    """Iterate ``path`` (an iter_* method) over ``items`` like a caller would.

    After chunk k arrives: pause SETTLE, count it in ``source``, then ``after(k, chunk)`` runs
    on the iterating thread; True breaks out of the loop (closing the iterator).
    """
    fn = drive._resolve(drive.default, path)
    got: list[hoko.ChunkResult[Any]] = []

    def on_chunk(chunk: hoko.ChunkResult[Any]) -> bool:
        got.append(chunk)
        if source is not None:
            source.received += 1
        return bool(after(len(got) - 1, chunk)) if after is not None else False

    if drive.flavor == "sync":

        def run() -> Stream:
            caller = threading.get_ident()
            it = fn(items, **kw)
            try:
                while True:
                    try:
                        chunk = next(it)
                    except StopIteration:
                        return Stream(got, None, caller)
                    except Exception as exc:
                        return Stream(got, exc, caller)
                    time.sleep(SETTLE)
                    if on_chunk(chunk):
                        return Stream(got, None, caller)
            finally:
                it.close()

        return await anyio.to_thread.run_sync(run)
    caller = threading.get_ident()
    ait = fn(items, **kw)
    try:
        while True:
            try:
                chunk = await ait.__anext__()
            except StopAsyncIteration:
                return Stream(got, None, caller)
            except Exception as exc:
                return Stream(got, exc, caller)
            await anyio.sleep(SETTLE)
            if on_chunk(chunk):
                return Stream(got, None, caller)
    finally:
        await ait.aclose()


def _names(n: int, prefix: str = "p") -> list[dict[str, Any]]:
    return [{"name": f"{prefix}{i}"} for i in range(n)]


def rows(drive: Drive, prefix: str = "p") -> int:
    [(n,)] = db(drive.app, "SELECT count(*) FROM collections WHERE name LIKE ?", prefix + "%")
    return int(n)


@pytest.mark.parametrize("concurrency", [1, 3])
async def test_the_iterable_and_on_progress_only_run_on_the_iterating_thread(
    drive: Drive, concurrency: int
) -> None:
    w = watch(drive)
    source = Source(_names(20))
    progress: list[int] = []
    s = await stream(
        drive,
        "collections.iter_upsert",
        iter(source),
        source=source,
        batch_size=4,
        max_concurrency=concurrency,
        on_progress=lambda done, total: progress.append(threading.get_ident()),
    )
    assert s.error is None and [c.start for c in s.chunks] == [0, 4, 8, 12, 16]
    assert source.pulled == 20
    assert {ident for ident, _ in source.pulls} == {s.caller}
    assert progress == [s.caller] * 5
    first_not_sent_at_once = 4 * concurrency  # the chunk after those the first pass sends
    if drive.flavor == "sync":
        # It was read while chunk 0 was in flight, so the thread-check above covers read-ahead;
        # requests ran on worker threads meanwhile.
        assert source.received_when_pulled(first_not_sent_at_once) == 0
        assert s.caller not in w.threads
    else:
        assert source.received_when_pulled(first_not_sent_at_once) == 1


async def test_one_request_at_a_time_and_each_chunk_sent_only_after_the_previous_was_yielded(
    drive: Drive,
) -> None:
    w = watch(drive)
    source = Source(_names(20))

    def after(k: int, chunk: hoko.ChunkResult[Any]) -> None:
        assert (chunk.start, chunk.stop) == (4 * k, 4 * k + 4)
        assert len(w.seen) == k + 1  # chunk k+1 not sent yet, though it was already read (sync)
        assert rows(drive) == 4 * (k + 1)

    s = await stream(
        drive, "collections.iter_upsert", iter(source), source=source, batch_size=4, after=after
    )
    assert s.error is None and len(s.chunks) == 5
    assert w.max_inflight == 1
    assert len(w.seen) == 5 and rows(drive) == 20
    if drive.flavor == "sync":
        assert [source.received_when_pulled(4 * k) for k in range(1, 5)] == [0, 1, 2, 3]


async def test_breaking_out_after_the_first_chunk_leaves_only_that_chunk_written(
    drive: Drive,
) -> None:
    w = watch(drive)
    source = Source(_names(12))
    s = await stream(
        drive,
        "collections.iter_upsert",
        iter(source),
        source=source,
        batch_size=4,
        after=lambda k, chunk: True,
    )
    assert s.error is None and [(c.start, c.stop) for c in s.chunks] == [(0, 4)]
    # Sync had read (not sent) chunk 1 when it was closed.
    assert source.pulled == (8 if drive.flavor == "sync" else 4)
    await anyio.sleep(SETTLE)
    assert len(w.seen) == 1 and w.inflight == 0
    assert sorted(r[0] for r in db(drive.app, "SELECT name FROM collections")) == sorted(
        f"p{i}" for i in range(4)
    )


@pytest.mark.parametrize("sized", [False, True], ids=["generator", "list"])
async def test_a_bad_item_in_the_read_ahead_chunk_fails_only_after_the_chunk_before_it(
    drive: Drive, sized: bool
) -> None:
    items = _names(17)
    items[12] = {"name": "pbad", "unknownField": 1}
    source = Source(items)
    s = await stream(
        drive,
        "collections.iter_upsert",
        list(items) if sized else iter(source),
        source=source,
        batch_size=5,
    )
    assert [(c.start, c.stop) for c in s.chunks] == [(0, 5), (5, 10)]
    err = s.error
    assert isinstance(err, hoko.BulkError)
    assert isinstance(err.cause, hoko.InvalidItemError)
    assert (err.cause.index, err.cause.field) == (12, "unknownField")
    assert err.failed_range == range(10, 15) and err.failed_item_indices == [12]
    assert (err.not_attempted_start, err.not_attempted_stop) == (15, 17 if sized else None)
    assert err.completed == [] and err.delivered == 10
    assert len(drive.transport.seen) == 2 and rows(drive) == 10
    if not sized:
        assert source.pulled == 15  # nothing read past the bad chunk
    pairs = list(err.remaining())
    assert [i for i, _ in pairs] == list(range(10, 17))
    assert [item["name"] for _, item in pairs] == [items[i]["name"] for i in range(10, 17)]


async def test_nothing_more_is_read_after_a_failure_with_chunks_still_in_flight(
    drive: Drive,
) -> None:
    items = _names(15)
    items[7] = {"name": "pbad", "unknownField": 1}
    source = Source(items)
    s = await stream(
        drive, "collections.iter_upsert", iter(source), batch_size=3, max_concurrency=2
    )
    err = s.error
    assert isinstance(err, hoko.BulkError) and err.failed_range == range(6, 9)
    assert [(c.start, c.stop) for c in s.chunks] == [(0, 3), (3, 6)]
    assert source.pulled == 9 and err.not_attempted_start == 9
    assert len(drive.transport.seen) == 2


async def test_an_exception_from_the_iterable_during_read_ahead_comes_after_the_chunk_before_it(
    drive: Drive,
) -> None:
    source = Source(_names(14), fail_after=10)
    s = await stream(drive, "collections.iter_upsert", iter(source), batch_size=5)
    assert [(c.start, c.stop) for c in s.chunks] == [(0, 5), (5, 10)]
    assert s.error is source.error
    assert len(drive.transport.seen) == 2 and rows(drive) == 10


@pytest.mark.parametrize("sized", [False, True], ids=["generator", "list"])
async def test_a_failed_request_reports_the_read_ahead_chunk_as_never_attempted(
    drive: Drive, sized: bool
) -> None:
    drive.transport.plan.extend([None, "500"])  # creates: a 500 is not retried
    items = _names(12)
    s = await stream(
        drive, "collections.iter_upsert", list(items) if sized else iter(items), batch_size=4
    )
    assert [(c.start, c.stop) for c in s.chunks] == [(0, 4)]
    err = s.error
    assert isinstance(err, hoko.BulkError)
    assert isinstance(err.cause, hoko.InternalServerError)
    assert err.failed_range == range(4, 8)
    assert (err.not_attempted_start, err.not_attempted_stop) == (8, 12 if sized else None)
    assert list(islice(err.remaining_indices(), 9)) == list(range(4, 12)) + ([] if sized else [12])
    pairs = list(err.remaining())
    assert [i for i, _ in pairs] == list(range(4, 12))
    assert [item["name"] for _, item in pairs] == [f"p{i}" for i in range(4, 12)]
    assert len(drive.transport.seen) == 2 and rows(drive) == 4


async def test_a_failed_request_then_an_iterable_that_raised_during_read_ahead(
    drive: Drive,
) -> None:
    items = _names(12)
    items[5] = {"id": str(uuid.uuid4()), "name": "ghost"}  # unknown id: chunk 4..7 fails (D3)
    source = Source(items, fail_after=10)
    s = await stream(drive, "collections.iter_upsert", iter(source), batch_size=4)
    assert [(c.start, c.stop) for c in s.chunks] == [(0, 4)]
    err = s.error
    assert isinstance(err, hoko.BulkError) and isinstance(err.cause, hoko.BadRequestError)
    assert err.failed_range == range(4, 8) and err.not_attempted_start == 8
    # Resuming reads on: the items the iterable gave, then its exception, as without read-ahead.
    remaining = err.remaining()
    assert [next(remaining)[0] for _ in range(6)] == list(range(4, 10))
    with pytest.raises(RuntimeError) as info:
        next(remaining)
    assert info.value is source.error
    assert len(drive.transport.seen) == 2 and rows(drive) == 4


async def test_requests_on_worker_threads_see_the_callers_context(
    drive: Drive, caplog: pytest.LogCaptureFixture
) -> None:
    var: contextvars.ContextVar[str] = contextvars.ContextVar("request_tag", default="none")
    seen: list[str] = []

    class Tag(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("Request:"):
                seen.append(var.get())

    caplog.set_level(logging.DEBUG, logger="hoko")
    handler = Tag()
    logging.getLogger("hoko").addHandler(handler)
    try:
        fn = drive._resolve(drive.default, "collections.iter_upsert")
        if drive.flavor == "sync":

            def run() -> int:
                var.set("caller")
                return sum(len(c) for c in fn(iter(_names(12)), batch_size=4))

            done = await anyio.to_thread.run_sync(run)
        else:
            var.set("caller")
            done = 0
            async for chunk in fn(iter(_names(12)), batch_size=4):
                done += len(chunk)
    finally:
        logging.getLogger("hoko").removeHandler(handler)
    assert done == 12
    assert seen == ["caller"] * 3
