"""``client.collections``: upsert collections in bulk (PUT /api/collections)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from typing import Any

from hoko_client.models import Collection, CollectionUpsert

from .._bulk import Operation
from .._response import APIResponse, BulkResult, ChunkResult
from .._types import NOT_GIVEN, NotGiven, ProgressCallback, TimeoutTypes
from .._validation import COLLECTION_UPSERT
from ._base import AsyncResource, SyncResource

__all__ = [
    "AsyncCollections",
    "AsyncCollectionsWithRawResponse",
    "Collections",
    "CollectionsWithRawResponse",
]

UPSERT: Operation[Collection] = Operation(
    "PUT", "/api/collections", COLLECTION_UPSERT, Collection.from_dict
)

CollectionUpsertInput = CollectionUpsert | Mapping[str, Any]


class Collections(SyncResource):
    def upsert(
        self,
        items: Iterable[CollectionUpsertInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> BulkResult[Collection]:
        """Update (item with ``id``) or create collections -> ``Collection``, in input order.

        A key that is absent (or ``UNSET``) keeps the field; ``None`` clears it.
        """
        return self._list(
            UPSERT,
            items,
            batch_size=batch_size,
            max_concurrency=max_concurrency,
            on_progress=on_progress,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )

    def iter_upsert(
        self,
        items: Iterable[CollectionUpsertInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> Iterator[ChunkResult[Collection]]:
        """Like ``upsert`` but yields each chunk's results as it finishes (input order).

        While a chunk is in flight, the next one is read from your iterable and checked on your
        thread, but not sent: with ``max_concurrency=1`` it goes out after this one is yielded.
        """
        return self._iter(
            UPSERT,
            items,
            batch_size=batch_size,
            max_concurrency=max_concurrency,
            on_progress=on_progress,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )

    @property
    def with_raw_response(self) -> CollectionsWithRawResponse:
        """One request, no chunking; returns the raw ``httpx.Response`` with ``.parse()``."""
        return CollectionsWithRawResponse(self)


class CollectionsWithRawResponse:
    def __init__(self, resource: Collections) -> None:
        self._resource = resource

    def upsert(
        self,
        items: Iterable[CollectionUpsertInput],
        *,
        batch_size: int | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Collection]:
        return self._resource._raw(
            UPSERT,
            items,
            batch_size=batch_size,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )


class AsyncCollections(AsyncResource):
    async def upsert(
        self,
        items: Iterable[CollectionUpsertInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> BulkResult[Collection]:
        """Update or create collections; see ``Collections.upsert``."""
        return await self._list(
            UPSERT,
            items,
            batch_size=batch_size,
            max_concurrency=max_concurrency,
            on_progress=on_progress,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )

    def iter_upsert(
        self,
        items: Iterable[CollectionUpsertInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> AsyncIterator[ChunkResult[Collection]]:
        """Async iterator of each chunk's results, in input order (``async for``)."""
        return self._iter(
            UPSERT,
            items,
            batch_size=batch_size,
            max_concurrency=max_concurrency,
            on_progress=on_progress,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )

    @property
    def with_raw_response(self) -> AsyncCollectionsWithRawResponse:
        return AsyncCollectionsWithRawResponse(self)


class AsyncCollectionsWithRawResponse:
    def __init__(self, resource: AsyncCollections) -> None:
        self._resource = resource

    async def upsert(
        self,
        items: Iterable[CollectionUpsertInput],
        *,
        batch_size: int | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Collection]:
        return await self._resource._raw(
            UPSERT,
            items,
            batch_size=batch_size,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )
