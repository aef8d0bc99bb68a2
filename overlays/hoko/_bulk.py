"""Bulk machinery: chunking any iterable, ordered bounded concurrency, partial-failure reports.

Memory stays bounded: items are pulled from the caller's iterable one chunk at a time, at most
``max_concurrency`` chunks are in flight, and finished chunks are yielded in input order, so a
streaming call over a generator of 1M links holds ~``max_concurrency`` + 1 chunks at once.

Sync read-ahead: while a chunk is in flight, the next one is read from the caller's iterable,
checked and encoded on the caller's thread (the request itself runs on a worker thread), so
client work overlaps the server's. It is not sent earlier than without read-ahead, and a
failure found while preparing it is raised where it would have been raised without it.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sized
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import count, islice
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import orjson

from . import _constants
from ._exceptions import BulkError, HokoError, InvalidItemError
from ._response import BulkResult, ChunkFailure, ChunkResult
from ._types import ProgressCallback, RateLimitInfo
from ._validation import ItemSpec, json_default

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, RequestOptions, SyncAPIClient

__all__ = ["Chunk", "Chunker", "Operation", "collect", "iter_async", "iter_sync"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Operation(Generic[T]):
    """One endpoint: how to send it, what it accepts, what it returns."""

    method: str
    path: str
    spec: ItemSpec
    factory: Callable[[dict[str, Any]], T]


@dataclass(frozen=True, slots=True)
class Chunk:
    """One request's worth of items, already checked and encoded.

    Only the encoded body is kept (not the caller's objects): for full links it is about a third
    of their in-memory size, and ``max_concurrency`` chunks are held at once. ``items()``
    decodes it again when a failure report needs the items.
    """

    start: int
    count: int
    body: bytes
    all_ids: bool

    @property
    def stop(self) -> int:
        return self.start + self.count

    @property
    def indices(self) -> range:
        return range(self.start, self.stop)

    def items(self) -> list[Any]:
        """The items as sent (JSON objects), e.g. to send them again."""
        items: list[Any] = orjson.loads(self.body)
        return items


class ChunkBuildError(Exception):
    """A chunk could not be built (an item failed a client-side check); nothing was sent."""

    def __init__(self, start: int, items: list[Any], cause: InvalidItemError) -> None:
        super().__init__(str(cause))
        self.failure = ChunkFailure(start, start + len(items), cause, items)


def _encode(dicts: list[dict[str, Any]]) -> bytes:
    return orjson.dumps(dicts, default=json_default)


@dataclass(frozen=True, slots=True)
class _Held:
    """What a read-ahead ran into, kept until the ``next()`` that would have met it.

    ``items`` are the caller's items pulled for that chunk; ``from_source`` says the caller's
    iterable raised ``error`` (after yielding ``items``), else building the chunk did.
    """

    start: int
    items: list[Any]
    error: Exception
    from_source: bool


class Chunker:
    """Pulls items, checks and encodes them, and cuts chunks by item count and body bytes.

    ``prefetch()`` prepares the next chunk ahead of time; what ``next()``, ``not_attempted_start``
    and ``leftover()`` report is the same with or without it.
    """

    def __init__(
        self, items: Iterable[Any], spec: ItemSpec, batch_size: int, max_body_bytes: int
    ) -> None:
        if not 1 <= batch_size <= _constants.MAX_BATCH_SIZE:
            raise ValueError(f"batch_size must be between 1 and {_constants.MAX_BATCH_SIZE}")
        self._source = iter(items)
        self._spec = spec
        self._batch_size = batch_size
        self._max_body_bytes = max_body_bytes
        self._next_index = 0
        self._pending: deque[Chunk] = deque()
        self._held: _Held | None = None
        self._exhausted = False
        self._short = False  # the last pull got less than a batch: the source is (likely) done

    @property
    def not_attempted_start(self) -> int:
        if self._pending:
            return self._pending[0].start
        if self._held is not None:
            return self._held.start
        return self._next_index

    def can_prefetch(self, total: int | None) -> bool:
        """False when there is surely nothing to read ahead (``total``: the input's length)."""
        return not (
            self._pending
            or self._held is not None
            or self._exhausted
            or self._short
            or (total is not None and self._next_index >= total)
        )

    def leftover(self) -> Iterator[tuple[int, Any]]:
        """(index, item) of everything pulled but not handed out, then the unread source."""
        pending = list(self._pending)
        self._pending.clear()
        held, self._held = self._held, None
        for chunk in pending:
            yield from zip(chunk.indices, chunk.items(), strict=True)
        if held is not None:
            yield from zip(count(held.start), held.items)
            if held.from_source:
                raise held.error  # as reading on from the source would have
        if not self._exhausted:
            yield from zip(count(self._next_index), self._source)

    def __iter__(self) -> Chunker:
        return self

    def __next__(self) -> Chunk:
        if self._pending:
            return self._pending.popleft()
        if self._held is not None:
            held, self._held = self._held, None
            raise held.error
        if self._exhausted:
            raise StopIteration
        start = self._next_index
        items = list(islice(self._source, self._batch_size))
        if not items:
            self._exhausted = True
            raise StopIteration
        self._next_index += len(items)
        self._short = len(items) < self._batch_size
        self._build(items, start)
        return self._pending.popleft()

    def prefetch(self) -> None:
        """Read, check and encode the next chunk now; a later ``next()`` hands it out.

        Any exception (a failed check, or one raised by the caller's iterable) is held and
        raised by that ``next()``, so results that come before it are still delivered first.
        """
        if self._pending or self._held is not None or self._exhausted:
            return
        start = self._next_index
        items: list[Any] = []
        append = items.append
        try:
            # A loop, not list(): on an exception the items read so far are kept for leftover().
            for item in islice(self._source, self._batch_size):
                append(item)
        except Exception as exc:
            self._next_index += len(items)
            self._held = _Held(start, items, exc, from_source=True)
            return
        if not items:
            self._exhausted = True
            return
        self._next_index += len(items)
        self._short = len(items) < self._batch_size
        try:
            self._build(items, start)
        except Exception as exc:
            self._pending.clear()
            self._held = _Held(start, items, exc, from_source=False)

    def _build(self, items: list[Any], start: int) -> None:
        """Check and encode one pull; append its chunk(s) to ``_pending``."""
        try:
            plain = self._spec.encode_plain(items)
            if plain is not None:
                body, all_ids = plain
                dicts: list[dict[str, Any]] = items
            else:
                dicts, all_ids = self._spec.prepare(items, start)
                body = self._encode_checked(dicts, start)
            if len(body) <= self._max_body_bytes:
                self._pending.append(Chunk(start, len(items), body, all_ids))
            else:
                self._split(dicts, start)
        except InvalidItemError as exc:
            raise ChunkBuildError(start, items, exc) from exc

    def _encode_checked(self, dicts: list[dict[str, Any]], start: int) -> bytes:
        try:
            return _encode(dicts)
        except TypeError:
            for i, d in enumerate(dicts):
                try:
                    orjson.dumps(d, default=json_default)
                except TypeError as exc:
                    raise InvalidItemError(
                        start + i, None, f"not JSON serializable: {exc}"
                    ) from exc
            raise

    def _split(self, dicts: list[dict[str, Any]], start: int) -> None:
        """Cut an over-size group into chunks that each fit the body cap (greedy, in order)."""
        cap = self._max_body_bytes
        encoded = [orjson.dumps(d, default=json_default) for d in dicts]
        for i, part in enumerate(encoded):
            if len(part) + 2 > cap:
                raise InvalidItemError(
                    start + i,
                    None,
                    f"item encodes to {len(part)} bytes; a request body may not exceed {cap} bytes",
                )
        first = 0
        size = 2  # the brackets
        for i, part in enumerate(encoded):
            extra = len(part) + (1 if i > first else 0)
            if i > first and size + extra > cap:
                self._push(encoded, dicts, start, first, i)
                first, size = i, 2 + len(part)
            else:
                size += extra
        self._push(encoded, dicts, start, first, len(encoded))

    def _push(
        self,
        encoded: list[bytes],
        dicts: list[dict[str, Any]],
        start: int,
        lo: int,
        hi: int,
    ) -> None:
        body = b"[" + b",".join(encoded[lo:hi]) + b"]"
        all_ids = not self._spec.create_only and all("id" in d for d in dicts[lo:hi])
        self._pending.append(Chunk(start + lo, hi - lo, body, all_ids))


def _to_result(
    op: Operation[T], chunk: Chunk, raw: list[dict[str, Any]], info: Any
) -> ChunkResult[T]:
    rate_limit: RateLimitInfo | None = info
    return ChunkResult(chunk.start, chunk.stop, BulkResult(raw, op.factory, rate_limit), rate_limit)


def _send_sync(
    client: SyncAPIClient, op: Operation[T], chunk: Chunk, options: RequestOptions
) -> ChunkResult[T]:
    raw, response = client.request_chunk(
        op.method,
        op.path,
        chunk.body,
        count=chunk.count,
        idempotent=chunk.all_ids,
        options=options,
    )
    return _to_result(op, chunk, raw, RateLimitInfo.from_headers(response.headers))


async def _send_async(
    client: AsyncAPIClient, op: Operation[T], chunk: Chunk, options: RequestOptions
) -> ChunkResult[T]:
    raw, response = await client.request_chunk(
        op.method,
        op.path,
        chunk.body,
        count=chunk.count,
        idempotent=chunk.all_ids,
        options=options,
    )
    return _to_result(op, chunk, raw, RateLimitInfo.from_headers(response.headers))


_CHUNK_ERRORS = (HokoError,)


class _Run(Generic[T]):
    """Bookkeeping shared by the sync and async drivers."""

    def __init__(
        self, items: Iterable[Any], chunker: Chunker, on_progress: ProgressCallback | None
    ):
        self.total = len(items) if isinstance(items, Sized) else None
        self.chunker = chunker
        self.on_progress = on_progress
        self.delivered = 0
        self.failures: list[ChunkFailure] = []
        self.undelivered: list[ChunkResult[T]] = []
        self.stopped = False

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


def iter_sync(
    client: SyncAPIClient,
    op: Operation[T],
    items: Iterable[Any],
    *,
    batch_size: int,
    max_concurrency: int,
    on_progress: ProgressCallback | None,
    options: RequestOptions,
) -> Iterator[ChunkResult[T]]:
    """Yield each chunk's results in input order; raise BulkError (or the cause) on failure.

    Requests run on worker threads; everything else (reading ``items``, checks, encoding,
    ``on_progress``) on the thread iterating this generator. While the oldest chunk is in
    flight the next one is prepared (see ``Chunker.prefetch``), never sent before a slot frees:
    with ``max_concurrency=1`` chunk k+1 goes out only after chunk k's results were yielded.
    """
    if max_concurrency < 1:
        raise ValueError("max_concurrency must be >= 1")
    chunker = Chunker(items, op.spec, batch_size, _constants.MAX_BODY_BYTES)
    run: _Run[T] = _Run(items, chunker, on_progress)
    inflight: deque[tuple[Chunk, Future[ChunkResult[T]]]] = deque()
    pool: ThreadPoolExecutor | None = None

    def submit(chunk: Chunk) -> Future[ChunkResult[T]]:
        nonlocal pool
        if max_concurrency == 1 and not chunker.can_prefetch(run.total):
            # Nothing to prepare meanwhile (e.g. the only chunk): no thread hop.
            future: Future[ChunkResult[T]] = Future()
            try:
                future.set_result(_send_sync(client, op, chunk, options))
            except _CHUNK_ERRORS as exc:
                future.set_exception(exc)
            return future
        if pool is None:
            pool = ThreadPoolExecutor(max_concurrency, thread_name_prefix="hoko-bulk")
        # The caller's contextvars (log context, tracing) follow the request to the worker.
        context = contextvars.copy_context()
        return pool.submit(context.run, _send_sync, client, op, chunk, options)

    try:
        while True:
            while not run.stopped and len(inflight) < max_concurrency:
                try:
                    chunk = next(chunker)
                except StopIteration:
                    run.stopped = True
                    break
                except ChunkBuildError as exc:
                    run.fail(exc.failure)
                    break
                inflight.append((chunk, submit(chunk)))
            if not inflight:
                break
            chunk, future = inflight.popleft()
            if not run.stopped and chunker.can_prefetch(run.total):
                chunker.prefetch()  # overlaps the request; sent by a later pass, if ever
            try:
                result = future.result()
            except _CHUNK_ERRORS as exc:
                run.fail(ChunkFailure(chunk.start, chunk.stop, exc, chunk.items()))
                continue
            if run.deliver(result):
                yield result
        run.raise_if_failed()
    finally:
        # Closed early or failed: wait for requests already out; never send prepared chunks.
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


async def iter_async(
    client: AsyncAPIClient,
    op: Operation[T],
    items: Iterable[Any],
    *,
    batch_size: int,
    max_concurrency: int,
    on_progress: ProgressCallback | None,
    options: RequestOptions,
) -> AsyncIterator[ChunkResult[T]]:
    """Async twin of ``iter_sync``: up to ``max_concurrency`` chunks in flight, ordered output."""
    if max_concurrency < 1:
        raise ValueError("max_concurrency must be >= 1")
    run: _Run[T] = _Run(
        items, Chunker(items, op.spec, batch_size, _constants.MAX_BODY_BYTES), on_progress
    )
    inflight: deque[tuple[Chunk, asyncio.Task[ChunkResult[T]]]] = deque()
    try:
        while True:
            while not run.stopped and len(inflight) < max_concurrency:
                try:
                    chunk = next(run.chunker)
                except StopIteration:
                    run.stopped = True
                    break
                except ChunkBuildError as exc:
                    run.fail(exc.failure)
                    break
                task = asyncio.ensure_future(_send_async(client, op, chunk, options))
                inflight.append((chunk, task))
            if not inflight:
                break
            chunk, task = inflight.popleft()
            try:
                result = await task
            except _CHUNK_ERRORS as exc:
                run.fail(ChunkFailure(chunk.start, chunk.stop, exc, chunk.items()))
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


def collect(op: Operation[T], chunks: list[ChunkResult[T]]) -> BulkResult[T]:
    """Join per-chunk results into one input-ordered BulkResult."""
    if len(chunks) == 1:
        return chunks[0].results
    raw: list[dict[str, Any]] = []
    for chunk in chunks:
        raw.extend(chunk.results.raw)
    return BulkResult(raw, op.factory, chunks[-1].rate_limit if chunks else None)


def rebase_bulk_error(error: BulkError[T], earlier: list[ChunkResult[T]]) -> BulkError[T]:
    """For list-returning calls: the chunks yielded before the failure are 'completed' too."""
    error.completed = earlier + error.completed
    error.delivered = 0
    return error
