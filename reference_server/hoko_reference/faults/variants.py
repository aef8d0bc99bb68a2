"""Variants in how a request is checked: other statuses, orders and bounds Hoko's docs allow.

Each departs from one decision of openapi/DECISIONS.md and names the passage that leaves the
point open. None of them may make the contract suite fail in its documented profile.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import ApiError
from ..seed import ApiKey
from ..spec import Operation
from . import variant

Check = Callable[..., None]
UTM_KEYS = frozenset({"source", "medium", "campaign", "term", "content", "referral"})


@contextmanager
def _status(old: int, new: int) -> Iterator[None]:
    """An error of status `old` leaves with status `new`."""
    try:
        yield
    except ApiError as exc:
        if exc.status == old:
            exc.status = new
        raise


@variant(
    "scope-partners-write",
    "D1",
    "PUT /api/partners needs partnersWrite (the site inventory's scope), not linksWrite.",
    "facts A1: llms-full.txt lists partnersWrite for POST/PUT/DELETE /api/partners",
    replaces="missing_scopes",
)
def _partners_write(key: ApiKey, operation: Operation) -> list[str]:
    wanted = (
        ["partnersWrite"]
        if (operation.resource, operation.method) == ("partners", "PUT")
        else list(operation.scopes)
    )
    return [scope for scope in wanted if scope not in key.scopes]


@variant(
    "unknown-id-404",
    "D3",
    "An unknown or foreign id gets 404 instead of 400.",
    "seeds 000/002/003: 'If the ID does not exist, the request fails' (no status)",
    wraps="check_unknown_ids",
)
def _unknown_404(original: Callable[..., None], *args: Any) -> None:
    with _status(400, 404):
        original(*args)


@variant(
    "empty-batch-accepted",
    "D7",
    "An empty array on links and collections is a successful no-op (partners keep the minimum).",
    "seeds 000/001/003 state no minimum (facts A7)",
    wraps="check_batch_size",
)
def _empty_ok(original: Callable[..., None], count: int, operation: Operation, plan: Any) -> None:
    if count == 0 and operation.resource != "partners":
        return
    original(count, operation, plan)


@variant(
    "over-max-413",
    "D7",
    "More than 10,000 items (or the plan's cap) is a 413, not a 400.",
    "seeds 000-003: 'Requests above 10,000 items are rejected' (no status, facts A8)",
    wraps="check_batch_size",
)
def _over_max_413(
    original: Callable[..., None], count: int, operation: Operation, plan: Any
) -> None:
    if count == 0:
        original(count, operation, plan)
        return
    with _status(400, 413):
        original(count, operation, plan)


@variant(
    "plan-gate-400",
    "D8",
    "A plan-gated field on a plan without the feature gets 400 instead of 403.",
    "seeds 000/001 name the entitlements, not the status (facts A8)",
    wraps="check_plan_gates",
)
def _gate_400(original: Callable[..., None], *args: Any) -> None:
    with _status(403, 400):
        original(*args)


@variant(
    "unknown-partner-accepted",
    "D14",
    "A partnerId is not checked for existence (only collectionId is).",
    "seeds 000/001: collectionId 'must exist'; partnerId: nothing (facts A16)",
    wraps="check_references",
)
def _partners_unchecked(
    original: Callable[..., None], tx: Any, items: Any, ids: Any, scopes: Any
) -> None:
    original(tx, items, dataclasses.replace(ids, partners=set()), scopes)


@variant(
    "duplicate-external-id-409",
    "D14",
    "An externalId already in use (in the batch or by another link) gets 409.",
    "seeds 000/001: 'Must be unique within your workspace' (no status, facts A16)",
    wraps="check_external_ids_in_batch",
)
def _dup_batch_409(original: Callable[..., Any], items: Any) -> Any:
    with _status(400, 409):
        return original(items)


@variant(
    "duplicate-external-id-409",
    "D14",
    "An externalId already in use (in the batch or by another link) gets 409.",
    "seeds 000/001: 'Must be unique within your workspace' (no status, facts A16)",
    wraps="check_external_ids_free",
)
def _dup_free_409(original: Callable[..., None], *args: Any) -> None:
    with _status(400, 409):
        original(*args)


@variant(
    "body-checked-first",
    "D15",
    "The body is checked before the scope: an invalid body from a read-only key gets 400.",
    "the docs state no order of the checks (facts A17)",
    replaces="check_order",
)
def _body_first() -> tuple[str, ...]:
    return ("authenticate", "body", "authorize", "rate_limit")


@variant(
    "content-type-415",
    "D33",
    "A body without Content-Type application/json gets 415.",
    "the docs say nothing about Content-Type",
    wraps="check_content_type",
)
def _ctype_415(original: Callable[..., None], header: str | None) -> None:
    with _status(400, 415):
        original(header)


@variant(
    "unknown-field-dropped",
    "D18",
    "An unknown field in an item is dropped instead of rejected.",
    "the docs list the fields but not what an unknown one does",
    wraps="check_items",
)
def _drop_unknown(
    original: Callable[..., None], operation: Operation, items: Any, depth: int
) -> None:
    for item in items:
        if isinstance(item, dict):
            for name in [n for n in item if n not in operation.properties]:
                del item[name]
    original(operation, items, depth)


@variant(
    "utm-unknown-key-dropped",
    "D10",
    "An unknown utm key is dropped instead of rejected.",
    "seed 001 names six keys but not what another one does (facts A10)",
    wraps="check_items",
)
def _drop_utm(original: Check, operation: Operation, items: Any, depth: int) -> None:
    for item in items:
        utm = item.get("utm") if isinstance(item, dict) else None
        if isinstance(utm, dict):
            for k in [k for k in utm if k not in UTM_KEYS]:
                del utm[k]
    original(operation, items, depth)


@variant(
    "tighter-text-bounds",
    "D21",
    "title, description and name are limited to 120 characters (longer: 400).",
    "no seed documents string lengths",
    wraps="check_items",
)
def _short_texts(
    original: Callable[..., None], operation: Operation, items: Any, depth: int
) -> None:
    original(operation, items, depth)
    for item in items:
        if any(len(str(item.get(n) or "")) > 120 for n in ("title", "description", "name")):
            raise ApiError(400, "Invalid request", "طلب غير صالح")


@variant(
    "wrong-method-404",
    "D27",
    "A documented path with an undocumented method gets 404 instead of 405.",
    "docs/errors names 404 for unknown endpoints, nothing for a wrong method",
    wraps="route_error",
)
def _method_404(original: Callable[..., Any], status: int, detail: str, headers: Any) -> Any:
    return original(404 if status == 405 else status, detail, headers)


@variant(
    "geo-merges",
    "D13",
    "geo on PUT merges per country instead of replacing the map.",
    "seeds 000/001: 'Country-code destination map'; only utm is said to merge (facts A13)",
    replaces="replace_geo",
)
def _geo_merge(old: dict[str, str] | None, new: dict[str, str] | None) -> dict[str, str] | None:
    if new is None:
        return None
    return {**(old or {}), **new} or None
