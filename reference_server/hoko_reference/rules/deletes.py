"""The auxiliary delete (D29, D37): which bodies of ids it takes."""

from __future__ import annotations

import uuid
from typing import Any

from ..errors import INVALID_BODY, UNKNOWN_ID, ApiError, Detail, invalid
from ..spec import Delete


def check_delete_ids(op: Delete, body: list[Any]) -> list[str]:
    """1 to `maxItems` UUID strings, none twice; returned lower-cased, in input order."""
    if not op.min_items <= len(body) <= op.max_items:
        message = f"send {op.min_items} to {op.max_items} ids, not {len(body)}"
        raise ApiError(400, *INVALID_BODY, details=[Detail(None, None, message)])
    ids: list[str] = []
    details: list[Detail] = []
    seen: set[str] = set()
    for index, value in enumerate(body):
        try:
            ident = str(uuid.UUID(value)) if isinstance(value, str) else ""
        except ValueError:
            ident = ""
        if not ident:
            details.append(Detail(index, None, "not a UUID string"))
        elif ident in seen:
            details.append(Detail(index, None, "the same id appears twice"))
        seen.add(ident)
        ids.append(ident)
    if details:
        raise invalid(details[:50])
    return ids


def unknown_ids(ids: list[str], found: set[str], what: str) -> ApiError | None:
    """Ids not in the workspace (unknown, foreign or already deleted): the whole request fails
    and nothing is deleted (D37)."""
    details = [
        Detail(index, None, f"no {what} with this id in your workspace")
        for index, ident in enumerate(ids)
        if ident not in found
    ]
    return invalid(details[:50], UNKNOWN_ID) if details else None
