"""Answering the auxiliary soft delete `DELETE /api/<resource>` (D29, D37): the checks of a write
up to the rate limit (D15), the body of ids, then one transaction of the key's workspace.

The reference server removes the rows: the objects then behave exactly as Hoko's soft-deleted
ones do through the API (gone from reads, their ids unknown, D29); links of a deleted collection
stay."""

from __future__ import annotations

from typing import TYPE_CHECKING

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from .errors import ApiError, error_response
from .pipeline import Exchange
from .rules.deletes import unknown_ids
from .spec import Delete

if TYPE_CHECKING:
    from .app import HokoServer


def delete_objects(server: HokoServer, workspace: str, op: Delete, ids: list[str]) -> bytes:
    """Blocking: all of `ids` deleted, or none."""
    with server.db.transaction(workspace) as tx:
        found = {row[0] for row in tx.rows_by_id(op.resource, "id", ids, workspace=workspace)}
        error = unknown_ids(ids, found, op.resource.removesuffix("s"))
        if error is not None:
            raise error
        tx.conn.execute(
            f"DELETE FROM {op.resource} WHERE workspace = ? "
            "AND id IN (SELECT value FROM json_each(?))",
            (workspace, orjson.dumps(ids).decode()),
        )
    return orjson.dumps({"deletedIds": ids})


async def answer_delete(server: HokoServer, request: Request, op: Delete) -> Response:
    rules = server.rules
    x = Exchange(server, request, op)  # type: ignore[arg-type]  # a delete has what the steps use
    try:
        for name in rules.read_check_order():
            await getattr(rules, f"step_{name}")(x)
        body = rules.parse_json_array(await x.read_body())
        ids = rules.check_delete_ids(op, body)
        payload = await run_in_threadpool(delete_objects, server, x.workspace, op, ids)
    except ApiError as exc:
        return error_response(exc, x.rate_headers)
    return Response(
        payload,
        status_code=op.success_status,
        headers=x.rate_headers,
        media_type="application/json",
    )
