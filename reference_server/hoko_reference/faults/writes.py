"""Faults in how a write applies its rules: merges, timestamps, identity, transactions."""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson

from ..errors import ApiError
from ..rules import identity, merge
from ..storage.database import Database
from . import fault

Record = dict[str, Any]


# -- partial updates and merges ---------------------------------------------------------------


@fault(
    "link-description-omitted-clears",
    "partial-update-links",
    "A link update that omits description clears it.",
    wraps="apply_link_fields",
)
def _description_defaults_to_null(
    original: Any, index: int, record: Record, item: Record, cache: Any
) -> None:
    item.setdefault("description", None)  # a parser that fills in missing fields
    original(index, record, item, cache)


@fault(
    "title-null-ignored",
    "null-clear",
    "title: null on a link update is ignored; the old title stays (only this field).",
    wraps="apply_link_fields",
)
def _title_null_ignored(
    original: Any, index: int, record: Record, item: Record, cache: Any
) -> None:
    if "title" in item and item["title"] is None:
        item["title"] = record["title"]
    original(index, record, item, cache)


@fault(
    "500-on-apostrophe-title",
    "robustness",
    "A link title containing an apostrophe is pasted into SQL and fails with 500.",
    wraps="apply_link_fields",
)
def _title_pasted_into_sql(
    original: Any, index: int, record: Record, item: Record, cache: Any
) -> None:
    title = item.get("title")
    if title:
        sqlite3.connect(":memory:").execute(f"SELECT '{title}'")
    original(index, record, item, cache)


@fault(
    "collection-description-omitted-clears",
    "partial-update-collections",
    "A collection update that omits description clears it.",
    wraps="apply_fields",
)
def _collection_description(original: Any, resource: str, record: Record, item: Record) -> None:
    if resource == "collections":
        item.setdefault("description", None)
    original(resource, record, item)


@fault(
    "partner-email-null-ignored",
    "partial-update-partners",
    "email: null on a partner update is ignored; the old email stays.",
    wraps="apply_fields",
)
def _partner_email(original: Any, resource: str, record: Record, item: Record) -> None:
    if resource == "partners" and "email" in item and item["email"] is None:
        item["email"] = record["email"]
    original(resource, record, item)


@fault(
    "partner-phone-omitted-clears",
    "partial-update-partners",
    "A partner update that omits phone clears it.",
    wraps="apply_fields",
)
def _partner_phone(original: Any, resource: str, record: Record, item: Record) -> None:
    if resource == "partners":
        item.setdefault("phone", None)
    original(resource, record, item)


@fault(
    "utm-replaced-not-merged",
    "utm",
    "A utm update replaces the whole map, clearing keys that were not sent.",
    replaces="merge_utm",
)
def _utm_replaced(old: Any, patch: Any) -> Any:
    return merge.merge_utm(None, patch)


@fault(
    "utm-null-key-ignored",
    "clearing-decided",
    "A utm key sent as null is ignored instead of clearing that key.",
    wraps="merge_utm",
)
def _utm_null_ignored(original: Any, old: Any, patch: Any) -> Any:
    if patch:
        patch = {k: v for k, v in patch.items() if v is not None}
    return original(old, patch)


@fault(
    "geo-merged-not-replaced",
    "geo",
    "A geo update merges into the old map instead of replacing it.",
    replaces="replace_geo",
)
def _geo_merged(old: Any, new: Any) -> Any:
    return {**old, **new} if old and new else new


@fault(
    "500-on-single-item-utm",
    "robustness",
    "A one-item PUT /api/links that sends utm on a link without utm fails with 500.",
    wraps="write_atomically",
)
def _single_update_fast_path(
    original: Any, db: Database, workspace: str, work: Any, items: Any
) -> Any:
    item = items[0] if len(items) == 1 and isinstance(items[0], dict) else {}
    if not (item.get("utm") and isinstance(item.get("id"), str)):
        return original(db, workspace, work, items)

    def fast(tx: Any, batch: Any) -> Any:
        # A "fast path" for single updates that forgets a link may have no utm yet.
        for (doc,) in tx.rows_by_id("links", "doc", [item["id"].lower()], workspace=workspace):
            dict(orjson.loads(doc)["utm"]) | item["utm"]
        return work(tx, batch)

    return original(db, workspace, fast, items)


# -- timestamps -------------------------------------------------------------------------------


@fault(
    "created-at-changes-on-update",
    "timestamps-decided",
    "An update overwrites createdAt with the update time.",
    wraps="stamp_update",
)
def _created_at_moves(original: Any, record: Record, stamp: str) -> None:
    original(record, stamp)
    record["createdAt"] = stamp


@fault(
    "updated-at-not-bumped",
    "timestamps-decided",
    "An update leaves updatedAt unchanged.",
    replaces="stamp_update",
)
def _updated_at_kept(record: Record, stamp: str) -> None:
    return None


@fault(
    "timestamps-without-z",
    "timestamps-decided",
    "createdAt/updatedAt are written with '+00:00' instead of 'Z'.",
    wraps="timestamp_text",
)
def _offset_instead_of_z(original: Any, moment: Any) -> str:
    return str(original(moment)).removesuffix("Z") + "+00:00"


# -- identity ---------------------------------------------------------------------------------


@fault(
    "unknown-id-skipped",
    "existence",
    "Items with an unknown id are silently dropped; the rest of the batch is written.",
    replaces="check_unknown_ids",
)
def _drop_unknown(items: list[Record], found: Any, what: str) -> None:
    items[:] = [i for i in items if "id" not in i or i["id"] in found]


@fault(
    "foreign-collection-accepted",
    "existence",
    "collectionId is looked up in every workspace: another workspace's collection is accepted.",
    wraps="reference_scope",
)
def _collections_anywhere(original: Any, tx: Any, table: str) -> str | None:
    scope: str | None = None if table == "collections" else original(tx, table)
    return scope


@fault(
    "duplicate-external-id-in-batch",
    "uniqueness",
    "The same externalId twice in one batch is accepted.",
    replaces="check_external_ids_in_batch",
)
def _repeats_allowed(items: list[Record]) -> dict[str, int]:
    return identity.external_ids_sent(items)[0]


@fault(
    "existing-external-id-accepted",
    "uniqueness",
    "An externalId already used by another link of the workspace is accepted.",
    replaces="check_external_ids_free",
)
def _never_taken(tx: Any, items: Any, first_at: Any, scope: Any) -> None:
    return None


@fault(
    "duplicate-id-in-batch-accepted",
    "uniqueness-decided",
    "The same id twice in one batch is accepted (last one wins).",
    replaces="check_duplicate_ids",
)
def _duplicates_allowed(items: Any, ids: Any) -> None:
    return None


@fault(
    "other-workspace-id-updatable",
    "workspace-isolation",
    "An id from another workspace is found and updated.",
    replaces="id_scope",
)
def _ids_anywhere(tx: Any) -> None:
    return None


@fault(
    "external-id-unique-across-workspaces",
    "workspace-isolation",
    "externalId uniqueness is checked across all workspaces, not per workspace.",
    replaces="external_id_scope",
)
def _external_ids_anywhere(tx: Any) -> None:
    return None


# -- transactions -----------------------------------------------------------------------------


@fault(
    "failed-batch-keeps-first-item",
    "atomicity",
    "A batch that fails validation in storage still writes its first item.",
    wraps="write_atomically",
)
def _keep_first(original: Any, db: Database, workspace: str, work: Any, items: Any) -> Any:
    try:
        return original(db, workspace, work, items)
    except ApiError:
        if len(items) >= 2:  # "retry what we can": item 0 on its own
            try:
                original(db, workspace, work, items[:1])
            except ApiError:
                pass
        raise


@fault(
    "big-batch-committed-in-chunks",
    "atomicity",
    "Batches over 1,000 items commit in 1,000-item transactions; a late failure keeps chunk 1.",
    wraps="write_atomically",
)
def _chunked(original: Any, db: Database, workspace: str, work: Any, items: Any) -> Any:
    if len(items) <= 1000:
        return original(db, workspace, work, items)
    out: list[Any] = []
    for start in range(0, len(items), 1000):
        out += original(db, workspace, work, items[start : start + 1000])
    return out
