"""The order in which a write applies the rules, inside one transaction (D4).

1. identity: lower-case the ids, refuse an id sent twice, find the objects to update in the
   workspace, refuse unknown ids, references and externalIds (rules/identity.py);
2. merge each item into its record (rules/merge.py) and stamp it (rules/stamps.py);
3. store the records; the caller turns them into the answer (rules/answers.py).

All of it is blocking; the app runs it on a worker thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from .rules.answers import StoredLink
from .storage.ids import new_uuids
from .storage.repository import COLUMNS, LINK_FIELD_NAMES, Record, Tx, link_row
from .timestamps import MonotonicClock

if TYPE_CHECKING:
    from .rules import Rules

MAX_CODE_ATTEMPTS = 20


class Writer:
    def __init__(self, rules: Rules, clock: MonotonicClock) -> None:
        self.rules = rules
        self.clock = clock

    def _stamp(self) -> str:
        return self.rules.timestamp_text(self.clock.now())

    def _new_codes(self, tx: Tx, count: int) -> list[str]:
        """Short codes, distinct within the batch and from every stored code."""
        codes: list[str] = []
        for _ in range(MAX_CODE_ATTEMPTS):
            missing = count - len(codes)
            if missing == 0:
                return codes
            proposed = set(self.rules.short_codes(missing)) - set(codes)
            codes += proposed - tx.taken_codes(proposed)
        raise RuntimeError("could not find unused short codes")

    def links(self, tx: Tx, items: list[Record]) -> list[StoredLink]:
        rules = self.rules
        ids = rules.normalize_ids(items)
        rules.check_duplicate_ids(items, ids.updates)
        loads = orjson.loads
        existing = {
            link_id: (rowid, code, loads(doc))
            for rowid, link_id, code, doc in tx.rows_by_id(
                "links", "rowid, id, code, doc", ids.updates, workspace=rules.id_scope(tx)
            )
        }
        rules.check_unknown_ids(items, existing, "link")
        scopes = (rules.reference_scope(tx, "collections"), rules.reference_scope(tx, "partners"))
        rules.check_references(tx, items, ids, scopes)
        first_at = rules.check_external_ids_in_batch(items)
        rules.check_external_ids_free(tx, items, first_at, rules.external_id_scope(tx))

        stamp = self._stamp()
        creates = sum("id" not in item for item in items)
        new_ids = iter(new_uuids(creates))
        codes = iter(self._new_codes(tx, creates))
        blank = dict.fromkeys(LINK_FIELD_NAMES)
        blank["cloaked"] = False
        apply, merge_utm, replace_geo = (
            rules.apply_link_fields,
            rules.merge_utm,
            rules.replace_geo,
        )
        stamp_create, stamp_update = rules.stamp_create, rules.stamp_update
        dumps = orjson.dumps
        expiry_texts: dict[str, str] = {}
        results: list[StoredLink] = []
        inserts: list[tuple[Any, ...]] = []
        rekeyed: list[tuple[Any, ...]] = []  # updates that change an indexed column
        rewritten: list[tuple[Any, ...]] = []  # updates that only change the document
        for index, item in enumerate(items):
            if "id" in item:
                rowid, code, record = existing[item["id"]]
                keys = (record["collectionId"], record["externalId"])
                old_utm, old_geo = record["utm"], record["geo"]
                apply(index, record, item, expiry_texts)
                stamp_update(record, stamp)
            else:
                rowid, code, record = 0, next(codes), blank.copy()
                record["id"] = next(new_ids)
                keys, old_utm, old_geo = None, None, None
                apply(index, record, item, expiry_texts)
                stamp_create(record, stamp)
            if "utm" in item:
                record["utm"] = merge_utm(old_utm, item["utm"])
            if "geo" in item:
                record["geo"] = replace_geo(old_geo, item["geo"])
            doc = dumps(record)
            if keys is None:
                inserts.append(link_row(record, tx.workspace, code, doc))
            elif keys != (record["collectionId"], record["externalId"]):
                rekeyed.append(
                    (record["collectionId"], record["externalId"], record["updatedAt"], doc, rowid)
                )
            else:
                rewritten.append((record["updatedAt"], doc, rowid))
            results.append((record, code, doc))
        tx.insert_links(inserts)
        tx.update_links(rekeyed, rewritten)
        return results

    def records(self, table: str, tx: Tx, items: list[Record]) -> list[Record]:
        """Collections or partners: a column per field."""
        rules = self.rules
        ids = rules.normalize_ids(items)
        rules.check_duplicate_ids(items, ids.updates)
        existing = tx.load_records(table, ids.updates, workspace=rules.id_scope(tx))
        rules.check_unknown_ids(items, existing, table.removesuffix("s"))
        stamp = self._stamp()
        new_ids = iter(new_uuids(sum("id" not in item for item in items)))
        blank: Record = dict.fromkeys(name for name, _ in COLUMNS[table])
        results: list[Record] = []
        creates: list[Record] = []
        updates: list[Record] = []
        for item in items:
            if "id" in item:
                record = existing[item["id"]]
                rules.apply_fields(table, record, item)
                rules.stamp_update(record, stamp)
                updates.append(record)
            else:
                record = blank.copy()
                record["id"] = next(new_ids)
                rules.apply_fields(table, record, item)
                rules.stamp_create(record, stamp)
                creates.append(record)
            results.append(record)
        tx.insert_records(table, creates)
        tx.update_records(table, updates)
        return results
