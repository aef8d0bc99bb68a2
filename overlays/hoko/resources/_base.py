"""Shared plumbing for resources: per-call options, list/stream/raw forms, sync and async."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from .. import _constants
from .._bulk import ChunkBuildError, Chunker, Operation, collect, iter_async, iter_sync
from .._bulk import rebase_bulk_error as _rebase
from .._exceptions import BulkError
from .._response import APIResponse, BulkResult, ChunkResult
from .._types import NOT_GIVEN, NotGiven, ProgressCallback, TimeoutTypes

if TYPE_CHECKING:
    from .._base_client import RequestOptions
    from .._client import AsyncHoko, Hoko

T = TypeVar("T")


def _options(
    base: RequestOptions,
    timeout: TimeoutTypes | NotGiven,
    max_retries: int | NotGiven,
    retry_creates: bool | NotGiven,
) -> RequestOptions:
    return base.merge(timeout=timeout, max_retries=max_retries, retry_creates=retry_creates)


def _single_chunk(op: Operation[T], items: Iterable[Any], batch_size: int) -> Any:
    chunker = Chunker(items, op.spec, batch_size, _constants.MAX_BODY_BYTES)
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
        "(and at most 16 MiB); use the plain method to chunk"
    )


class SyncResource:
    def __init__(self, client: Hoko) -> None:
        self._client = client

    def _iter(
        self,
        op: Operation[T],
        items: Iterable[Any],
        *,
        batch_size: int | None,
        max_concurrency: int | None,
        on_progress: ProgressCallback | None,
        timeout: TimeoutTypes | NotGiven,
        max_retries: int | NotGiven,
        retry_creates: bool | NotGiven,
    ) -> Iterator[ChunkResult[T]]:
        c = self._client
        return iter_sync(
            c,
            op,
            items,
            batch_size=batch_size if batch_size is not None else c.batch_size,
            max_concurrency=max_concurrency if max_concurrency is not None else c.max_concurrency,
            on_progress=on_progress,
            options=_options(c.options, timeout, max_retries, retry_creates),
        )

    def _list(self, op: Operation[T], items: Iterable[Any], **kwargs: Any) -> BulkResult[T]:
        done: list[ChunkResult[T]] = []
        try:
            for chunk in self._iter(op, items, **kwargs):
                done.append(chunk)
        except BulkError as exc:
            raise _rebase(exc, done) from exc.__cause__
        return collect(op, done) if done else BulkResult([], op.factory)

    def _raw(
        self,
        op: Operation[T],
        items: Iterable[Any],
        *,
        batch_size: int | None,
        timeout: TimeoutTypes | NotGiven,
        max_retries: int | NotGiven,
        retry_creates: bool | NotGiven,
    ) -> APIResponse[T]:
        c = self._client
        chunk = _single_chunk(op, items, batch_size or c.batch_size)
        raw, response = c.request_chunk(
            op.method,
            op.path,
            chunk.body,
            count=chunk.count,
            idempotent=chunk.all_ids,
            options=_options(c.options, timeout, max_retries, retry_creates),
        )
        return APIResponse(response, raw, op.factory)


class AsyncResource:
    def __init__(self, client: AsyncHoko) -> None:
        self._client = client

    def _iter(
        self,
        op: Operation[T],
        items: Iterable[Any],
        *,
        batch_size: int | None,
        max_concurrency: int | None,
        on_progress: ProgressCallback | None,
        timeout: TimeoutTypes | NotGiven,
        max_retries: int | NotGiven,
        retry_creates: bool | NotGiven,
    ) -> AsyncIterator[ChunkResult[T]]:
        c = self._client
        return iter_async(
            c,
            op,
            items,
            batch_size=batch_size if batch_size is not None else c.batch_size,
            max_concurrency=max_concurrency if max_concurrency is not None else c.max_concurrency,
            on_progress=on_progress,
            options=_options(c.options, timeout, max_retries, retry_creates),
        )

    async def _list(self, op: Operation[T], items: Iterable[Any], **kwargs: Any) -> BulkResult[T]:
        done: list[ChunkResult[T]] = []
        try:
            async for chunk in self._iter(op, items, **kwargs):
                done.append(chunk)
        except BulkError as exc:
            raise _rebase(exc, done) from exc.__cause__
        return collect(op, done) if done else BulkResult([], op.factory)

    async def _raw(
        self,
        op: Operation[T],
        items: Iterable[Any],
        *,
        batch_size: int | None,
        timeout: TimeoutTypes | NotGiven,
        max_retries: int | NotGiven,
        retry_creates: bool | NotGiven,
    ) -> APIResponse[T]:
        c = self._client
        chunk = _single_chunk(op, items, batch_size or c.batch_size)
        raw, response = await c.request_chunk(
            op.method,
            op.path,
            chunk.body,
            count=chunk.count,
            idempotent=chunk.all_ids,
            options=_options(c.options, timeout, max_retries, retry_creates),
        )
        return APIResponse(response, raw, op.factory)


__all__ = ["NOT_GIVEN", "AsyncResource", "SyncResource"]
