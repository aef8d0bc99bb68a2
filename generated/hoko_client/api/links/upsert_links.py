from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.link import Link
from ...models.link_upsert import LinkUpsert
from ...models.rate_limit_error import RateLimitError
from ...types import Response, gc_paused, json_dumps, json_loads, unbind_stream


def _get_kwargs(
    *,
    body: list[LinkUpsert],
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/links",
    }

    _body = []
    for body_item_data in body:
        body_item = body_item_data.to_dict()
        _body.append(body_item)

    _kwargs["content"] = json_dumps(_body)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
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

    if response.status_code == 413:
        response_413 = Error.from_dict(json_loads(response.content))

        return response_413

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
    body: list[LinkUpsert],
) -> Response[Error | RateLimitError | list[Link]]:
    """Upsert links

     An item with `id` updates that link; an item without `id` creates one and then needs
    `url` and `collectionId` (D2). An unknown `id`, or one from another workspace, fails the
    whole request with 400 (D3). Omitted fields keep their value; `null` clears a field (D11),
    except `url` and `collectionId`, which cannot be null. `cloaked: false` and `cloaked: null`
    both clear cloaking (D12). `utm` merges key by key and a key sent as null clears that key;
    `utm: null` clears all keys (D10). `geo` replaces the whole map (D13). Returns 200 even when
    every item is a create (D5), with results in input order (D6).

    Args:
        body (list[LinkUpsert]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RateLimitError | list[Link]]
    """

    with gc_paused():  # see gc_paused: many items encoded, no cycles
        kwargs = _get_kwargs(
            body=body,
        )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: list[LinkUpsert],
) -> Error | RateLimitError | list[Link] | None:
    """Upsert links

     An item with `id` updates that link; an item without `id` creates one and then needs
    `url` and `collectionId` (D2). An unknown `id`, or one from another workspace, fails the
    whole request with 400 (D3). Omitted fields keep their value; `null` clears a field (D11),
    except `url` and `collectionId`, which cannot be null. `cloaked: false` and `cloaked: null`
    both clear cloaking (D12). `utm` merges key by key and a key sent as null clears that key;
    `utm: null` clears all keys (D10). `geo` replaces the whole map (D13). Returns 200 even when
    every item is a create (D5), with results in input order (D6).

    Args:
        body (list[LinkUpsert]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RateLimitError | list[Link]
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: list[LinkUpsert],
) -> Response[Error | RateLimitError | list[Link]]:
    """Upsert links

     An item with `id` updates that link; an item without `id` creates one and then needs
    `url` and `collectionId` (D2). An unknown `id`, or one from another workspace, fails the
    whole request with 400 (D3). Omitted fields keep their value; `null` clears a field (D11),
    except `url` and `collectionId`, which cannot be null. `cloaked: false` and `cloaked: null`
    both clear cloaking (D12). `utm` merges key by key and a key sent as null clears that key;
    `utm: null` clears all keys (D10). `geo` replaces the whole map (D13). Returns 200 even when
    every item is a create (D5), with results in input order (D6).

    Args:
        body (list[LinkUpsert]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RateLimitError | list[Link]]
    """

    with gc_paused():  # see gc_paused: many items encoded, no cycles
        kwargs = _get_kwargs(
            body=body,
        )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: list[LinkUpsert],
) -> Error | RateLimitError | list[Link] | None:
    """Upsert links

     An item with `id` updates that link; an item without `id` creates one and then needs
    `url` and `collectionId` (D2). An unknown `id`, or one from another workspace, fails the
    whole request with 400 (D3). Omitted fields keep their value; `null` clears a field (D11),
    except `url` and `collectionId`, which cannot be null. `cloaked: false` and `cloaked: null`
    both clear cloaking (D12). `utm` merges key by key and a key sent as null clears that key;
    `utm: null` clears all keys (D10). `geo` replaces the whole map (D13). Returns 200 even when
    every item is a create (D5), with results in input order (D6).

    Args:
        body (list[LinkUpsert]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RateLimitError | list[Link]
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
