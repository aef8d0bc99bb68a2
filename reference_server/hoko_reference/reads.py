"""Answering the auxiliary reads `GET /api/<resource>` (D36): the same checks as a write up to the
rate limit (D15), then one query of the key's workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from .errors import ApiError, error_response
from .pipeline import Exchange
from .spec import Read
from .storage.repository import COLUMNS

if TYPE_CHECKING:
    from .app import HokoServer

# Filters the spec offers -> their column; every other parameter is ignored (D36).
_FILTERS = {"id": "id", "externalId": "external_id"}


def find(server: HokoServer, workspace: str, read: Read, params: dict[str, Any]) -> bytes:
    """Blocking: the objects that match, in creation order (`sort`), as the response array."""
    where, args = ["workspace = ?"], [workspace]
    for name, column in _FILTERS.items():
        if name in params:
            where.append(f"{column} = ?")
            args.append(params[name])
    order = "DESC" if params.get("sort") == "desc" else "ASC"
    tail = f"WHERE {' AND '.join(where)} ORDER BY rowid {order} LIMIT ? OFFSET ?"
    page = (*args, params["take"], params["skip"])
    if read.resource == "links":
        rows = server.db.select(f"SELECT code, doc FROM links {tail}", page)
        # the record too, as a write passes it: a rule may look at the fields
        links = [(orjson.loads(d), c, d) for c, d in rows]
        return server.rules.link_answers(server.link_urls, links)
    columns = COLUMNS[read.resource]
    names = ("id", *(name for name, _ in columns))
    cols = ", ".join(col for _, col in columns)
    rows = server.db.select(f"SELECT id, {cols} FROM {read.resource} {tail}", page)
    records = [dict(zip(names, row, strict=True)) for row in rows]
    return server.rules.record_answers(read.resource, records)


async def answer_read(server: HokoServer, request: Request, read: Read) -> Response:
    rules = server.rules
    x = Exchange(server, request, read)  # type: ignore[arg-type]  # a read has what the steps use
    try:
        for name in rules.read_check_order():
            await getattr(rules, f"step_{name}")(x)
        params = rules.read_params(read, request.query_params)
        payload = await run_in_threadpool(find, server, x.workspace, read, params)
    except ApiError as exc:
        return error_response(exc, x.rate_headers)
    return Response(
        payload,
        status_code=read.success_status,
        headers=x.rate_headers,
        media_type="application/json",
    )
