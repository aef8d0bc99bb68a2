"""``client.partners``: upsert partners in bulk (PUT /api/partners)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from typing import Any

from hoko_client.models import Partner, PartnerUpsert

from .._bulk import Operation
from .._models import fast_factory
from .._response import APIResponse, BulkResult, ChunkResult
from .._types import NOT_GIVEN, NotGiven, ProgressCallback, TimeoutTypes
from .._validation import PARTNER_UPSERT
from ._base import AsyncResource, SyncResource

__all__ = ["AsyncPartners", "AsyncPartnersWithRawResponse", "Partners", "PartnersWithRawResponse"]

UPSERT: Operation[Partner] = Operation(
    "PUT", "/api/partners", PARTNER_UPSERT, fast_factory(Partner)
)

PartnerUpsertInput = PartnerUpsert | Mapping[str, Any]


class Partners(SyncResource):
    def upsert(
        self,
        items: Iterable[PartnerUpsertInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> BulkResult[Partner]:
        """Update (item with ``id``) or create partners -> ``Partner``, in input order.

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
        items: Iterable[PartnerUpsertInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> Iterator[ChunkResult[Partner]]:
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
    def with_raw_response(self) -> PartnersWithRawResponse:
        """One request, no chunking; returns the raw ``httpx.Response`` with ``.parse()``."""
        return PartnersWithRawResponse(self)


class PartnersWithRawResponse:
    def __init__(self, resource: Partners) -> None:
        self._resource = resource

    def upsert(
        self,
        items: Iterable[PartnerUpsertInput],
        *,
        batch_size: int | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Partner]:
        return self._resource._raw(
            UPSERT,
            items,
            batch_size=batch_size,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )


class AsyncPartners(AsyncResource):
    async def upsert(
        self,
        items: Iterable[PartnerUpsertInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> BulkResult[Partner]:
        """Update or create partners; see ``Partners.upsert``."""
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
        items: Iterable[PartnerUpsertInput],
        *,
        batch_size: int | None = None,
        max_concurrency: int | None = None,
        on_progress: ProgressCallback | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> AsyncIterator[ChunkResult[Partner]]:
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
    def with_raw_response(self) -> AsyncPartnersWithRawResponse:
        return AsyncPartnersWithRawResponse(self)


class AsyncPartnersWithRawResponse:
    def __init__(self, resource: AsyncPartners) -> None:
        self._resource = resource

    async def upsert(
        self,
        items: Iterable[PartnerUpsertInput],
        *,
        batch_size: int | None = None,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_creates: bool | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Partner]:
        return await self._resource._raw(
            UPSERT,
            items,
            batch_size=batch_size,
            timeout=timeout,
            max_retries=max_retries,
            retry_creates=retry_creates,
        )
