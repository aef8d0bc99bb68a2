"""Identity rules: which objects a batch names, and whether it may (D3, D14, D29).

Ids compare case-insensitively (they are UUIDs), so they are lower-cased first. Every lookup
runs inside the caller's workspace: that is the whole of workspace isolation (G21), and each
kind of lookup has its own scope rule.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from typing import Any

from ..errors import (
    DUPLICATE_EXTERNAL_ID,
    DUPLICATE_ID,
    UNKNOWN_ID,
    UNKNOWN_REFERENCE,
    Detail,
    invalid,
)
from ..storage.repository import Tx


@dataclass(slots=True)
class BatchIds:
    """What a batch refers to: the ids it updates (in order) and the references it sends."""

    updates: list[str] = field(default_factory=list)
    collections: set[str] = field(default_factory=set)
    partners: set[str] = field(default_factory=set)


def normalize_ids(items: list[dict[str, Any]]) -> BatchIds:
    """Lower-cases `id`, `collectionId` and `partnerId` in place and collects them (one pass:
    this runs for 10,000 items)."""
    out = BatchIds()
    updates, collections, partners = out.updates, out.collections, out.partners
    for item in items:
        value = item.get("collectionId")
        if value is not None:
            item["collectionId"] = value = value.lower()
            collections.add(value)
        value = item.get("partnerId")
        if value is not None:
            item["partnerId"] = value = value.lower()
            partners.add(value)
        value = item.get("id")
        if value is not None:
            item["id"] = value = value.lower()
            updates.append(value)
    return out


def check_duplicate_ids(items: list[dict[str, Any]], ids: list[str]) -> None:
    """The same id twice in one batch is a 400 (D14)."""
    if len(set(ids)) == len(ids):
        return
    seen: dict[str, int] = {}
    details = []
    for index, item in enumerate(items):
        ident = item.get("id")
        if ident is None:
            continue
        if ident in seen:
            details.append(Detail(index, "id", f"the same id is already at index {seen[ident]}"))
        else:
            seen[ident] = index
    raise invalid(details, DUPLICATE_ID)


def id_scope(tx: Tx) -> str | None:
    """Ids are looked up in the caller's workspace: another workspace's id is unknown (D3)."""
    return tx.workspace


def reference_scope(tx: Tx, table: str) -> str | None:
    """`collectionId` and `partnerId` must exist in the caller's workspace (D14)."""
    return tx.workspace


def external_id_scope(tx: Tx) -> str | None:
    """`externalId` is unique within the caller's workspace (D14)."""
    return tx.workspace


def check_unknown_ids(items: list[dict[str, Any]], found: Container[str], what: str) -> None:
    """An id that names nothing in the workspace fails the whole request with 400 (D3); a
    soft-deleted object's id counts as unknown (D29)."""
    details = [
        Detail(index, "id", f"no {what} with this id in your workspace")
        for index, item in enumerate(items)
        if "id" in item and item["id"] not in found
    ]
    if details:
        raise invalid(details, UNKNOWN_ID)


def check_references(
    tx: Tx, items: list[dict[str, Any]], ids: BatchIds, scopes: tuple[str | None, str | None]
) -> None:
    """Every `collectionId` and `partnerId` sent names an object of the workspace (D14);
    `scopes` are the collections' and the partners' lookup scopes."""
    known_collections = tx.existing_ids("collections", ids.collections, workspace=scopes[0])
    known_partners = tx.existing_ids("partners", ids.partners, workspace=scopes[1])
    if ids.collections <= known_collections and ids.partners <= known_partners:
        return  # the usual case: no need to walk the items again
    details: list[Detail] = []
    for index, item in enumerate(items):
        cid = item.get("collectionId")
        if cid is not None and cid not in known_collections:
            details.append(
                Detail(index, "collectionId", "no collection with this id in your workspace")
            )
        pid = item.get("partnerId")
        if pid is not None and pid not in known_partners:
            details.append(Detail(index, "partnerId", "no partner with this id in your workspace"))
    if details:
        raise invalid(details, UNKNOWN_REFERENCE)


def external_ids_sent(items: list[dict[str, Any]]) -> tuple[dict[str, int], list[Detail]]:
    """Each externalId sent -> the index of its first item, and the items repeating one."""
    first_at: dict[str, int] = {}
    repeats: list[Detail] = []
    for index, item in enumerate(items):
        value = item.get("externalId")
        if value is None:
            continue
        if value in first_at:
            message = f"the same externalId is already at index {first_at[value]}"
            repeats.append(Detail(index, "externalId", message))
        else:
            first_at[value] = index
    return first_at, repeats


def check_external_ids_in_batch(items: list[dict[str, Any]]) -> dict[str, int]:
    """The same externalId twice in a batch is a 400 (D14); returns each one's index."""
    first_at, repeats = external_ids_sent(items)
    if repeats:
        raise invalid(repeats, DUPLICATE_EXTERNAL_ID)
    return first_at


def check_external_ids_free(
    tx: Tx, items: list[dict[str, Any]], first_at: dict[str, int], scope: str | None
) -> None:
    """No other link of the workspace holds an externalId sent, once the batch is applied: a
    link may keep its own, or take one that another link of the batch gives up (D14)."""
    if not first_at:
        return
    owners = tx.external_id_owners(first_at, workspace=scope)
    if not owners:
        return
    sending = {i["id"]: i["externalId"] for i in items if "id" in i and "externalId" in i}
    details = []
    for link_id, value in owners:
        index = first_at[value]
        if items[index].get("id") == link_id or link_id in sending:
            continue
        details.append(
            Detail(index, "externalId", "another link in your workspace has this externalId")
        )
    if details:
        details.sort(key=lambda d: d.index or 0)
        raise invalid(details, DUPLICATE_EXTERNAL_ID)
