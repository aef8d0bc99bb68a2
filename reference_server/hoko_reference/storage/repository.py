"""The SQL of one write transaction: every query the rules and the writer need, bound to the
request's workspace. `workspace=None` on a lookup means every workspace (an inspection query)."""

from __future__ import annotations

import operator
import sqlite3
from collections.abc import Iterable
from typing import Any

import orjson

Record = dict[str, Any]
Columns = tuple[tuple[str, str], ...]  # (JSON name, column) pairs

# Every field of a stored link record, in response order. The short code is kept beside the
# record, not in it: the record's JSON is the response object minus shortUrl and qrCode.
LINK_FIELD_NAMES = (
    "id",
    "url",
    "collectionId",
    "title",
    "description",
    "image",
    "utm",
    "expiresAt",
    "expiredUrl",
    "password",
    "cloaked",
    "ios",
    "android",
    "geo",
    "externalId",
    "tenantId",
    "partnerId",
    "createdAt",
    "updatedAt",
)
COLLECTION_COLUMNS: Columns = (
    ("name", "name"),
    ("description", "description"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
)
PARTNER_COLUMNS: Columns = (
    ("name", "name"),
    ("email", "email"),
    ("phone", "phone"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
)
COLUMNS: dict[str, Columns] = {"collections": COLLECTION_COLUMNS, "partners": PARTNER_COLUMNS}

INSERT_LINK = (
    "INSERT INTO links (id, workspace, code, collection_id, external_id, updated_at, doc) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def link_row(record: Record, workspace: str, code: str, doc: bytes) -> tuple[Any, ...]:
    """INSERT_LINK's parameters for a record and its stored JSON."""
    return (
        record["id"],
        workspace,
        code,
        record["collectionId"],
        record["externalId"],
        record["updatedAt"],
        doc,
    )


def _in_json(values: Iterable[str]) -> bytes:
    """One bound parameter for `IN (SELECT value FROM json_each(?))`, whatever the batch size."""
    return orjson.dumps(list(values))


class Tx:
    """One open transaction of one workspace's request."""

    def __init__(self, conn: sqlite3.Connection, workspace: str) -> None:
        self.conn = conn
        self.workspace = workspace

    # -- lookups ------------------------------------------------------------------------------

    def rows_by_id(
        self, table: str, columns: str, ids: Iterable[str], *, workspace: str | None
    ) -> list[tuple[Any, ...]]:
        """`columns` of the rows of `table` with these ids (in `workspace`, or in any)."""
        if workspace is None:
            return self.conn.execute(
                f"SELECT {columns} FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                (_in_json(ids),),
            ).fetchall()
        return self.conn.execute(
            f"SELECT {columns} FROM {table} "
            "WHERE workspace = ? AND id IN (SELECT value FROM json_each(?))",
            (workspace, _in_json(ids)),
        ).fetchall()

    def existing_ids(self, table: str, ids: set[str], *, workspace: str | None) -> set[str]:
        if not ids:
            return set()
        return {row[0] for row in self.rows_by_id(table, "id", ids, workspace=workspace)}

    def external_id_owners(
        self, values: Iterable[str], *, workspace: str | None
    ) -> list[tuple[str, str]]:
        """(link id, externalId) of the stored links that hold one of these externalIds."""
        if workspace is None:
            sql = (
                "SELECT id, external_id FROM links "
                "WHERE external_id IN (SELECT value FROM json_each(?))"
            )
            return self.conn.execute(sql, (_in_json(values),)).fetchall()
        sql = (
            "SELECT id, external_id FROM links WHERE workspace = ? "
            "AND external_id IN (SELECT value FROM json_each(?))"
        )
        return self.conn.execute(sql, (workspace, _in_json(values))).fetchall()

    def taken_codes(self, codes: Iterable[str]) -> set[str]:
        rows = self.conn.execute(
            "SELECT code FROM links WHERE code IN (SELECT value FROM json_each(?))",
            (_in_json(codes),),
        )
        return {row[0] for row in rows}

    # -- links --------------------------------------------------------------------------------

    def insert_links(self, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.conn.executemany(INSERT_LINK, rows)

    def update_links(
        self, rekeyed: list[tuple[Any, ...]], rewritten: list[tuple[Any, ...]]
    ) -> None:
        """By rowid (from the lookup that found them in the workspace). Only an update that
        changes an indexed column touches those columns' indexes."""
        if rekeyed:
            self.conn.executemany(
                "UPDATE links SET collection_id = ?, external_id = ?, updated_at = ?, doc = ? "
                "WHERE rowid = ?",
                rekeyed,
            )
        if rewritten:
            self.conn.executemany(
                "UPDATE links SET updated_at = ?, doc = ? WHERE rowid = ?", rewritten
            )

    # -- collections and partners -------------------------------------------------------------

    def load_records(
        self, table: str, ids: list[str], *, workspace: str | None
    ) -> dict[str, Record]:
        columns = COLUMNS[table]
        if not ids:
            return {}
        cols = ", ".join(col for _, col in columns)
        names = ("id", *(name for name, _ in columns))
        rows = self.rows_by_id(table, f"id, {cols}", ids, workspace=workspace)
        return {row[0]: dict(zip(names, row, strict=True)) for row in rows}

    def insert_records(self, table: str, records: list[Record]) -> None:
        if not records:
            return
        columns = COLUMNS[table]
        names = ", ".join(col for _, col in columns)
        marks = ", ".join("?" for _ in range(len(columns) + 2))
        get = operator.itemgetter(*(name for name, _ in columns))
        self.conn.executemany(
            f"INSERT INTO {table} (id, workspace, {names}) VALUES ({marks})",
            [(r["id"], self.workspace, *get(r)) for r in records],
        )

    def update_records(self, table: str, records: list[Record]) -> None:
        if not records:
            return
        columns = COLUMNS[table]
        sets = ", ".join(f"{col} = ?" for _, col in columns)
        get = operator.itemgetter(*(name for name, _ in columns))
        self.conn.executemany(
            f"UPDATE {table} SET {sets} WHERE id = ?", [(*get(r), r["id"]) for r in records]
        )
