from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.link import Link
from ...models.link_create import LinkCreate
from ...models.rate_limit_error import RateLimitError
from ...types import Response, gc_paused, json_dumps, json_loads, unbind_stream


def _get_kwargs(
    *,
    body: list[LinkCreate],
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
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
    if response.status_code == 201:
        response_201 = []
        _response_201 = json_loads(response.content)
        for response_201_item_data in _response_201:
            response_201_item = Link.from_dict(response_201_item_data)

            response_201.append(response_201_item)

        return response_201

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
    body: list[LinkCreate],
) -> Response[Error | RateLimitError | list[Link]]:
    """Create links

     Creates one link per item. Each item needs `url` and `collectionId`; no field is nullable
    here (D11). Returns 201 with the created links in input order (D5, D6). Hoko generates the
    `id`, a unique short code (`shortUrl`) and a `qrCode` URL for each link.

    Args:
        body (list[LinkCreate]):

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
    body: list[LinkCreate],
) -> Error | RateLimitError | list[Link] | None:
    """Create links

     Creates one link per item. Each item needs `url` and `collectionId`; no field is nullable
    here (D11). Returns 201 with the created links in input order (D5, D6). Hoko generates the
    `id`, a unique short code (`shortUrl`) and a `qrCode` URL for each link.

    Args:
        body (list[LinkCreate]):

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
    body: list[LinkCreate],
) -> Response[Error | RateLimitError | list[Link]]:
    """Create links

     Creates one link per item. Each item needs `url` and `collectionId`; no field is nullable
    here (D11). Returns 201 with the created links in input order (D5, D6). Hoko generates the
    `id`, a unique short code (`shortUrl`) and a `qrCode` URL for each link.

    Args:
        body (list[LinkCreate]):

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
    body: list[LinkCreate],
) -> Error | RateLimitError | list[Link] | None:
    """Create links

     Creates one link per item. Each item needs `url` and `collectionId`; no field is nullable
    here (D11). Returns 201 with the created links in input order (D5, D6). Hoko generates the
    `id`, a unique short code (`shortUrl`) and a `qrCode` URL for each link.

    Args:
        body (list[LinkCreate]):

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
