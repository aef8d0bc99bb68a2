"""Running a bulk call: ordered, bounded concurrency over the chunks, and partial-failure reports.

Memory stays bounded: items are pulled from the caller's iterable one chunk at a time, at most
`max_concurrency` chunks are in flight, and finished chunks are yielded in input order, so a
streaming call over a generator of 1M links holds ~`max_concurrency` + 1 chunks at once (the sync
driver also keeps the results the caller just let go of until the next request is out).
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sized
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx

from . import _constants
from ._chunks import Chunk, ChunkBuildError, Chunker
from ._exceptions import BulkError, HokoError
from ._options import Settings
from ._response import BulkResult, ChunkFailure, ChunkResult, ResultModel
from ._transport import AsyncSender, Attempts, SyncSender
from ._types import ProgressCallback, RateLimitInfo
from ._validation import ItemSpec

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Operation(Generic[T]):
    """One endpoint: how to send it, what it accepts, what it returns."""

    method: str
    path: str
    spec: ItemSpec
    results: ResultModel[T]  # builds the results (a generated lazy twin)


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One bulk call: what every chunk of it shares."""

    op: Operation[T]
    http: httpx.Client | httpx.AsyncClient
    url: str
    headers: dict[str, str]
    settings: Settings
    on_progress: ProgressCallback | None = None

    def attempts(self, chunk: Chunk | Iterable[Any]) -> Attempts:
        """The attempts of one chunk; given items instead, of the one chunk they make (for
        `with_raw_response`, which sends exactly one request)."""
        if not isinstance(chunk, Chunk):
            chunk = self._single_chunk(chunk)
        return Attempts(self.http, self.headers, self.op.method, self.url, chunk, self.settings)

    def _single_chunk(self, items: Iterable[Any]) -> Chunk:
        chunker = self.chunker(items)
        try:
            chunk = next(chunker)
        except StopIteration:
            raise ValueError("with_raw_response needs at least one item") from None
        except ChunkBuildError as exc:
            raise exc.failure.error from None
        try:
            next(chunker)
        except StopIteration:
            return chunk
        except ChunkBuildError:
            pass
        raise ValueError(
            "with_raw_response sends exactly one request: pass at most batch_size items "
            "(and at most the body cap); use the plain method to chunk"
        )

    def result(self, chunk: Chunk, raw: list[dict[str, Any]], response: Any) -> ChunkResult[T]:
        info = RateLimitInfo.from_headers(response.headers)
        return ChunkResult(chunk.start, chunk.stop, BulkResult(raw, self.op.results, info), info)

    def chunker(self, items: Iterable[Any]) -> Chunker:
        return Chunker(items, self.op.spec, self.settings.batch_size, _constants.MAX_BODY_BYTES)


_CHUNK_ERRORS = (HokoError,)
# How long the caller's thread waits for a worker to send a chunk's body before reading ahead:
# only a bound, the wait ends as soon as the body is out (on loopback, a few ms for 10,000 links).
_HANDOFF_WAIT_S = 0.05


class _Run(Generic[T]):
    """Bookkeeping shared by the sync and async drivers."""

    def __init__(self, call: Call[T], items: Iterable[Any]) -> None:
        self.total = len(items) if isinstance(items, Sized) else None
        self.chunker = call.chunker(items)
        self.on_progress = call.on_progress
        self.delivered = 0
        self.failures: list[ChunkFailure] = []
        self.undelivered: list[ChunkResult[T]] = []
        self.stopped = False

    def fill(self, inflight: deque[tuple[Chunk, Any]], width: int, start: Any) -> None:
        """Start chunks (`start(chunk)` gives its future or task) until `width` are in flight,
        the input ends, or a chunk cannot be built."""
        while self.wants(inflight, width):
            try:
                chunk = next(self.chunker)
            except StopIteration:
                self.stopped = True
            except ChunkBuildError as exc:
                self.fail(exc.failure)
            else:
                inflight.append((chunk, start(chunk)))

    def wants(self, inflight: Sized, width: int) -> bool:
        """Whether another chunk may start: the input goes on and fewer than `width` are out."""
        return not self.stopped and len(inflight) < width

    def deliver(self, result: ChunkResult[T]) -> bool:
        """Record a finished chunk; True if it should be yielded now (no earlier failure)."""
        if self.failures and any(f.start < result.start for f in self.failures):
            self.undelivered.append(result)
            return False
        self.delivered += len(result)
        if self.on_progress is not None:
            self.on_progress(self.delivered, self.total)
        return True

    def fail(self, failure: ChunkFailure) -> None:
        self.failures.append(failure)
        self.stopped = True

    def failed_chunk(self, chunk: Chunk, exc: BaseException) -> None:
        self.fail(ChunkFailure(chunk.start, chunk.stop, exc, chunk.items()))

    def raise_if_failed(self) -> None:
        if not self.failures:
            return
        self.failures.sort(key=lambda f: f.start)
        if self.delivered == 0 and not self.undelivered:
            # Nothing was written: the plain error is the most useful thing to raise.
            raise self.failures[0].error
        raise BulkError(
            completed=self.undelivered,
            failures=self.failures,
            not_attempted_start=self.chunker.not_attempted_start,
            not_attempted_stop=self.total,
            leftover=self.chunker.leftover(),
            delivered=self.delivered,
        )


def iter_sync(sender: SyncSender, call: Call[T], items: Iterable[Any]) -> Iterator[ChunkResult[T]]:
    """Yield each chunk's results in input order; raise BulkError (or the cause) on failure.

    Requests run on worker threads; everything else (reading `items`, checks, encoding,
    `on_progress`) on the thread iterating this generator. While the oldest chunk is in
    flight the next one is prepared (see `Chunker.prefetch`), never sent before a slot frees:
    with `max_concurrency=1` chunk k+1 goes out only after chunk k's results were yielded.
    """
    run: _Run[T] = _Run(call, items)
    width = call.settings.max_concurrency
    inflight: deque[tuple[Chunk, Future[ChunkResult[T]]]] = deque()
    pool: ThreadPoolExecutor | None = None
    # The last two chunks yielded. The caller lets go of one when the next is yielded; if that
    # freed it (100,000s of objects: milliseconds), the next request would wait for it. Held
    # here, it is freed once that request is out, while the server works.
    yielded: deque[ChunkResult[T]] = deque(maxlen=2)
    sent = threading.Event()

    def send(chunk: Chunk, on_sent: Callable[[], object] | None = None) -> ChunkResult[T]:
        attempts = call.attempts(chunk)
        attempts.on_sent = on_sent
        return call.result(chunk, *sender.send(attempts))

    def send_on_worker(chunk: Chunk) -> ChunkResult[T]:
        try:
            return send(chunk, sent.set)
        finally:
            sent.set()  # failed before its body was out: nothing to wait for

    def submit(chunk: Chunk) -> Future[ChunkResult[T]]:
        nonlocal pool
        if width == 1 and not run.chunker.can_prefetch(run.total):
            # Nothing to prepare meanwhile (e.g. the only chunk): no thread hop.
            future: Future[ChunkResult[T]] = Future()
            try:
                future.set_result(send(chunk))
            except _CHUNK_ERRORS as exc:
                future.set_exception(exc)
            return future
        if pool is None:
            pool = ThreadPoolExecutor(width, thread_name_prefix="hoko-bulk")
        # The caller's contextvars (log context, tracing) follow the request to the worker.
        sent.clear()
        future = pool.submit(contextvars.copy_context().run, send_on_worker, chunk)
        # Until the request's body is out, the worker needs the GIL for every socket write:
        # this thread, reading ahead or freeing the results let go of, would hold it for a
        # switch interval (5 ms) each time. Blocked here, it holds nothing.
        sent.wait(_HANDOFF_WAIT_S)
        return future

    try:
        while True:
            run.fill(inflight, width, submit)
            if len(yielded) == 2:
                yielded.popleft()
            if not inflight:
                break
            chunk, future = inflight.popleft()
            if not run.stopped and run.chunker.can_prefetch(run.total):
                run.chunker.prefetch()  # overlaps the request; sent by a later pass, if ever
            try:
                result = future.result()
            except _CHUNK_ERRORS as exc:
                run.failed_chunk(chunk, exc)
                continue
            if run.deliver(result):
                yielded.append(result)
                yield result
        run.raise_if_failed()
    finally:
        # Closed early or failed: wait for requests already out; never send prepared chunks.
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


async def iter_async(
    sender: AsyncSender, call: Call[T], items: Iterable[Any]
) -> AsyncIterator[ChunkResult[T]]:
    """Async twin of `iter_sync`: up to `max_concurrency` chunks in flight, ordered output."""
    run: _Run[T] = _Run(call, items)
    width = call.settings.max_concurrency
    inflight: deque[tuple[Chunk, asyncio.Task[ChunkResult[T]]]] = deque()

    async def send(chunk: Chunk) -> ChunkResult[T]:
        return call.result(chunk, *await sender.send(call.attempts(chunk)))

    def start(chunk: Chunk) -> asyncio.Task[ChunkResult[T]]:
        return asyncio.ensure_future(send(chunk))

    try:
        while True:
            # One chunk at a time, each task let run before the next chunk is read, checked and
            # encoded (all on this loop): its request goes now, not after the whole refill.
            while run.wants(inflight, width):
                run.fill(inflight, len(inflight) + 1, start)
                await asyncio.sleep(0)
            if not inflight:
                break
            chunk, task = inflight.popleft()
            try:
                result = await task
            except _CHUNK_ERRORS as exc:
                run.failed_chunk(chunk, exc)
                continue
            if run.deliver(result):
                yield result
        run.raise_if_failed()
    finally:
        # Closed early (break / cancellation): do not leave requests running unobserved.
        for _, task in inflight:
            task.cancel()
        for _, task in inflight:
            try:
                await task
            except BaseException:
                pass


def rebased(error: BulkError[T], earlier: list[ChunkResult[T]]) -> BulkError[T]:
    """For list-returning calls: the chunks yielded before the failure are 'completed' too."""
    error.completed = earlier + error.completed
    error.delivered = 0
    return error


def collect(op: Operation[T], chunks: list[ChunkResult[T]]) -> BulkResult[T]:
    """Join per-chunk results into one input-ordered BulkResult."""
    if not chunks:
        return BulkResult([], op.results)
    if len(chunks) == 1:
        return chunks[0].results
    raw: list[dict[str, Any]] = []
    for chunk in chunks:
        raw.extend(chunk.results.raw)
    return BulkResult(raw, op.results, chunks[-1].rate_limit if chunks else None)
