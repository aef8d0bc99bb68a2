from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.link import Link
from ...models.rate_limit_error import RateLimitError
from ...models.sort_order import SortOrder
from ...types import UNSET, Response, Unset, gc_paused, json_loads, unbind_stream


def _get_kwargs(
    *,
    id: UUID | Unset = UNSET,
    external_id: str | Unset = UNSET,
    take: int | Unset = 50,
    skip: int | Unset = 0,
    sort: SortOrder | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_id: str | Unset = UNSET
    if not isinstance(id, Unset):
        json_id = str(id)
    params["id"] = json_id

    params["externalId"] = external_id

    params["take"] = take

    params["skip"] = skip

    json_sort: str | Unset = UNSET
    if not isinstance(sort, Unset):
        json_sort = sort

    params["sort"] = json_sort

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/links",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | RateLimitError | list[Link] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = json_loads(response.content)
        for response_200_item_data in _response_200:
            response_200_item = Link.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(json_loads(response.content))

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(json_loads(response.content))

        return response_401

    if response.status_code == 403:
        response_403 = Error.from_dict(json_loads(response.content))

        return response_403

    if response.status_code == 429:
        response_429 = RateLimitError.from_dict(json_loads(response.content))

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(json_loads(response.content))

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | RateLimitError | list[Link]]:
    unbind_stream(response)  # read and closed by now: see unbind_stream
    with gc_paused():  # see gc_paused: many models, no cycles
        parsed = _parse_response(client=client, response=response)
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    id: UUID | Unset = UNSET,
    external_id: str | Unset = UNSET,
    take: int | Unset = 50,
    skip: int | Unset = 0,
    sort: SortOrder | Unset = UNSET,
) -> Response[Error | RateLimitError | list[Link]]:
    """Read links (auxiliary, for verification)

     Documented by Hoko (hoko-api-facts.md §2 and §0.5) outside the four bulk operations this
    toolkit covers. It is here so that clients and the contract suite can read state back
    (D36). Filters combine with AND; `take` defaults to 50 and is at most 10,000, `skip`
    defaults to 0, `sort` orders by creation time, newest first by default (facts §0.5).
    A parameter out of range or of the wrong type is a 400; an unknown one is ignored (D36).

    Args:
        id (UUID | Unset):
        external_id (str | Unset):
        take (int | Unset):  Default: 50.
        skip (int | Unset):  Default: 0.
        sort (SortOrder | Unset): Creation-time order of a read (facts §0.5).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RateLimitError | list[Link]]
    """

    with gc_paused():  # see gc_paused: many items encoded, no cycles
        kwargs = _get_kwargs(
            id=id,
            external_id=external_id,
            take=take,
            skip=skip,
            sort=sort,
        )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    id: UUID | Unset = UNSET,
    external_id: str | Unset = UNSET,
    take: int | Unset = 50,
    skip: int | Unset = 0,
    sort: SortOrder | Unset = UNSET,
) -> Error | RateLimitError | list[Link] | None:
    """Read links (auxiliary, for verification)

     Documented by Hoko (hoko-api-facts.md §2 and §0.5) outside the four bulk operations this
    toolkit covers. It is here so that clients and the contract suite can read state back
    (D36). Filters combine with AND; `take` defaults to 50 and is at most 10,000, `skip`
    defaults to 0, `sort` orders by creation time, newest first by default (facts §0.5).
    A parameter out of range or of the wrong type is a 400; an unknown one is ignored (D36).

    Args:
        id (UUID | Unset):
        external_id (str | Unset):
        take (int | Unset):  Default: 50.
        skip (int | Unset):  Default: 0.
        sort (SortOrder | Unset): Creation-time order of a read (facts §0.5).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RateLimitError | list[Link]
    """

    return sync_detailed(
        client=client,
        id=id,
        external_id=external_id,
        take=take,
        skip=skip,
        sort=sort,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    id: UUID | Unset = UNSET,
    external_id: str | Unset = UNSET,
    take: int | Unset = 50,
    skip: int | Unset = 0,
    sort: SortOrder | Unset = UNSET,
) -> Response[Error | RateLimitError | list[Link]]:
    """Read links (auxiliary, for verification)

     Documented by Hoko (hoko-api-facts.md §2 and §0.5) outside the four bulk operations this
    toolkit covers. It is here so that clients and the contract suite can read state back
    (D36). Filters combine with AND; `take` defaults to 50 and is at most 10,000, `skip`
    defaults to 0, `sort` orders by creation time, newest first by default (facts §0.5).
    A parameter out of range or of the wrong type is a 400; an unknown one is ignored (D36).

    Args:
        id (UUID | Unset):
        external_id (str | Unset):
        take (int | Unset):  Default: 50.
        skip (int | Unset):  Default: 0.
        sort (SortOrder | Unset): Creation-time order of a read (facts §0.5).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RateLimitError | list[Link]]
    """

    with gc_paused():  # see gc_paused: many items encoded, no cycles
        kwargs = _get_kwargs(
            id=id,
            external_id=external_id,
            take=take,
            skip=skip,
            sort=sort,
        )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    id: UUID | Unset = UNSET,
    external_id: str | Unset = UNSET,
    take: int | Unset = 50,
    skip: int | Unset = 0,
    sort: SortOrder | Unset = UNSET,
) -> Error | RateLimitError | list[Link] | None:
    """Read links (auxiliary, for verification)

     Documented by Hoko (hoko-api-facts.md §2 and §0.5) outside the four bulk operations this
    toolkit covers. It is here so that clients and the contract suite can read state back
    (D36). Filters combine with AND; `take` defaults to 50 and is at most 10,000, `skip`
    defaults to 0, `sort` orders by creation time, newest first by default (facts §0.5).
    A parameter out of range or of the wrong type is a 400; an unknown one is ignored (D36).

    Args:
        id (UUID | Unset):
        external_id (str | Unset):
        take (int | Unset):  Default: 50.
        skip (int | Unset):  Default: 0.
        sort (SortOrder | Unset): Creation-time order of a read (facts §0.5).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RateLimitError | list[Link]
    """

    return (
        await asyncio_detailed(
            client=client,
            id=id,
            external_id=external_id,
            take=take,
            skip=skip,
            sort=sort,
        )
    ).parsed
