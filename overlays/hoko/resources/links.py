"""``client.links``: create (POST) and upsert (PUT) links in bulk."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from typing import Any

from hoko_client.models import Link, LinkCreate, LinkUpsert

from .._bulk import Operation
from .._models import fast_factory
from .._response import APIResponse, BulkResult, ChunkResult
from .._types import NOT_GIVEN, NotGiven, ProgressCallback, TimeoutTypes
from .._validation import LINK_CREATE, LINK_UPSERT
from ._base import AsyncResource, SyncResource

__all__ = ["AsyncLinks", "AsyncLinksWithRawResponse", "Links", "LinksWithRawResponse"]

CREATE: Operation[Link] = Operation("POST", "/api/links", LINK_CREATE, fast_factory(Link))
UPSERT: Operation[Link] = Operation("PUT", "/api/links", LINK_UPSERT, fast_factory(Link))

LinkCreateInput = LinkCreate | Mapping[str, Any]
LinkUpsertInput = LinkUpsert | LinkCreate | Mapping[str, Any]


class Links(SyncResource):
    def create(
        self,
        items: Iterable[LinkCreateInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> BulkResult[Link]:
        """Create links (POST /api/links); returns the created ``Link`` models in input order.

        Creates are not idempotent: after a 5xx, timeout or dropped connection a chunk is only
        retried with ``retry_creates=True`` (a retried create can duplicate links).
        """
        return self._list(
            CREATE,
            items,
            batch_size=batch_size,
            max_concurrency=max_concurrency,
            on_progress=on_progress,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )

    def upsert(
        self,
        items: Iterable[LinkUpsertInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> BulkResult[Link]:
        """Update (item with ``id``) or create links (PUT /api/links), in input order.

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

    def iter_create(
        self,
        items: Iterable[LinkCreateInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> Iterator[ChunkResult[Link]]:
        """Like ``create`` but yields each chunk's results as it finishes (input order).

        While a chunk is in flight, the next one is read from your iterable and checked on your
        thread, but not sent: with ``max_concurrency=1`` it goes out after this one is yielded.
        """
        return self._iter(
            CREATE,
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
        items: Iterable[LinkUpsertInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> Iterator[ChunkResult[Link]]:
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
    def with_raw_response(self) -> LinksWithRawResponse:
        """One request, no chunking; returns the raw ``httpx.Response`` with ``.parse()``."""
        return LinksWithRawResponse(self)


class LinksWithRawResponse:
    def __init__(self, links: Links) -> None:
        self._links = links

    def create(
        self,
        items: Iterable[LinkCreateInput],
        *,
        batch_size: int | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Link]:
        return self._links._raw(
            CREATE,
            items,
            batch_size=batch_size,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )

    def upsert(
        self,
        items: Iterable[LinkUpsertInput],
        *,
        batch_size: int | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Link]:
        return self._links._raw(
            UPSERT,
            items,
            batch_size=batch_size,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )


class AsyncLinks(AsyncResource):
    async def create(
        self,
        items: Iterable[LinkCreateInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> BulkResult[Link]:
        """Create links (POST /api/links); see ``Links.create``."""
        return await self._list(
            CREATE,
            items,
            batch_size=batch_size,
            max_concurrency=max_concurrency,
            on_progress=on_progress,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )

    async def upsert(
        self,
        items: Iterable[LinkUpsertInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> BulkResult[Link]:
        """Update or create links (PUT /api/links); see ``Links.upsert``."""
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

    def iter_create(
        self,
        items: Iterable[LinkCreateInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> AsyncIterator[ChunkResult[Link]]:
        """Async iterator of each chunk's results, in input order (``async for``)."""
        return self._iter(
            CREATE,
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
        items: Iterable[LinkUpsertInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> AsyncIterator[ChunkResult[Link]]:
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
    def with_raw_response(self) -> AsyncLinksWithRawResponse:
        return AsyncLinksWithRawResponse(self)


class AsyncLinksWithRawResponse:
    def __init__(self, links: AsyncLinks) -> None:
        self._links = links

    async def create(
        self,
        items: Iterable[LinkCreateInput],
        *,
        batch_size: int | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Link]:
        return await self._links._raw(
            CREATE,
            items,
            batch_size=batch_size,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )

    async def upsert(
        self,
        items: Iterable[LinkUpsertInput],
        *,
        batch_size: int | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Link]:
        return await self._links._raw(
            UPSERT,
            items,
            batch_size=batch_size,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )
