"""Answering the auxiliary read `GET /api/links` (D36): the same checks as a write up to the
rate limit (D15), then one query of the key's workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from .errors import ApiError, error_response
from .pipeline import Exchange
from .spec import Read

if TYPE_CHECKING:
    from .app import HokoServer

# Filters the spec offers -> their column; every other parameter is ignored (D36).
_FILTERS = {"id": "id", "externalId": "external_id"}


def find_links(server: HokoServer, workspace: str, params: dict[str, Any]) -> bytes:
    """Blocking: the links that match, oldest first, as the response array."""
    where, args = ["workspace = ?"], [workspace]
    for name, column in _FILTERS.items():
        if name in params:
            where.append(f"{column} = ?")
            args.append(params[name])
    rows = server.db.select(
        f"SELECT code, doc FROM links WHERE {' AND '.join(where)} ORDER BY rowid LIMIT ? OFFSET ?",
        (*args, params["take"], params["skip"]),
    )
    return server.rules.link_answers(server.link_urls, [({}, code, doc) for code, doc in rows])


async def answer_read(server: HokoServer, request: Request, read: Read) -> Response:
    rules = server.rules
    x = Exchange(server, request, read)  # type: ignore[arg-type]  # a read has what the steps use
    try:
        for name in rules.read_check_order():
            await getattr(rules, f"step_{name}")(x)
        params = rules.read_params(read, request.query_params)
        payload = await run_in_threadpool(find_links, server, x.workspace, params)
    except ApiError as exc:
        return error_response(exc, x.rate_headers)
    return Response(
        payload,
        status_code=read.success_status,
        headers=x.rate_headers,
        media_type="application/json",
    )
