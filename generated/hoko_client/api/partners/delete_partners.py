from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.deleted_ids import DeletedIds
from ...models.error import Error
from ...models.rate_limit_error import RateLimitError
from ...types import Response, gc_paused, json_dumps, json_loads, unbind_stream


def _get_kwargs(
    *,
    body: list[UUID],
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/partners",
    }

    _body = []
    for body_item_data in body:
        body_item = uuid_text(body_item_data)
        _body.append(body_item)

    _kwargs["content"] = json_dumps(_body)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DeletedIds | Error | RateLimitError | None:
    if response.status_code == 200:
        response_200 = DeletedIds.from_dict(json_loads(response.content))

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
) -> Response[DeletedIds | Error | RateLimitError]:
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
    body: list[UUID],
) -> Response[DeletedIds | Error | RateLimitError]:
    """Delete partners (auxiliary, for clean-up)

     Documented by Hoko (hoko-api-facts.md §2) outside the four bulk operations this toolkit
    covers; the contract suite uses it to remove what a run created. Soft delete: the objects
    vanish from reads and their ids become unknown (D29). The body is an array of 1 to
    10,000 ids. The request is atomic: an id that is not the workspace's (unknown, foreign,
    already deleted) or given twice is a 400 and nothing is deleted (D37). The scope is the one of the
    partners page, as for PUT (D1).

    Args:
        body (list[UUID]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeletedIds | Error | RateLimitError]
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
    body: list[UUID],
) -> DeletedIds | Error | RateLimitError | None:
    """Delete partners (auxiliary, for clean-up)

     Documented by Hoko (hoko-api-facts.md §2) outside the four bulk operations this toolkit
    covers; the contract suite uses it to remove what a run created. Soft delete: the objects
    vanish from reads and their ids become unknown (D29). The body is an array of 1 to
    10,000 ids. The request is atomic: an id that is not the workspace's (unknown, foreign,
    already deleted) or given twice is a 400 and nothing is deleted (D37). The scope is the one of the
    partners page, as for PUT (D1).

    Args:
        body (list[UUID]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeletedIds | Error | RateLimitError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: list[UUID],
) -> Response[DeletedIds | Error | RateLimitError]:
    """Delete partners (auxiliary, for clean-up)

     Documented by Hoko (hoko-api-facts.md §2) outside the four bulk operations this toolkit
    covers; the contract suite uses it to remove what a run created. Soft delete: the objects
    vanish from reads and their ids become unknown (D29). The body is an array of 1 to
    10,000 ids. The request is atomic: an id that is not the workspace's (unknown, foreign,
    already deleted) or given twice is a 400 and nothing is deleted (D37). The scope is the one of the
    partners page, as for PUT (D1).

    Args:
        body (list[UUID]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DeletedIds | Error | RateLimitError]
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
    body: list[UUID],
) -> DeletedIds | Error | RateLimitError | None:
    """Delete partners (auxiliary, for clean-up)

     Documented by Hoko (hoko-api-facts.md §2) outside the four bulk operations this toolkit
    covers; the contract suite uses it to remove what a run created. Soft delete: the objects
    vanish from reads and their ids become unknown (D29). The body is an array of 1 to
    10,000 ids. The request is atomic: an id that is not the workspace's (unknown, foreign,
    already deleted) or given twice is a 400 and nothing is deleted (D37). The scope is the one of the
    partners page, as for PUT (D1).

    Args:
        body (list[UUID]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DeletedIds | Error | RateLimitError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
