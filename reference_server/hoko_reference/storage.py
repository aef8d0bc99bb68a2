"""SQLite storage: one writer connection, one IMMEDIATE transaction per request (D4).

All methods here are blocking; the app calls them from a worker thread.
"""

from __future__ import annotations

import secrets
import shutil
import sqlite3
import tempfile
import threading
import uuid
import weakref
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from .errors import INVALID_BODY, ApiError, Detail
from .faults import Faults
from .timestamps import MonotonicClock, format_utc, parse_rfc3339

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000
CODE_BYTES = 6  # 8 URL-safe characters
MAX_CODE_ATTEMPTS = 20

SCHEMA = """
CREATE TABLE collections (
    id TEXT PRIMARY KEY,
    workspace TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX collections_workspace ON collections (workspace);
CREATE TABLE partners (
    id TEXT PRIMARY KEY,
    workspace TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX partners_workspace ON partners (workspace);
CREATE TABLE links (
    id TEXT PRIMARY KEY,
    workspace TEXT NOT NULL,
    code TEXT NOT NULL,
    url TEXT NOT NULL,
    collection_id TEXT NOT NULL,
    title TEXT,
    description TEXT,
    image TEXT,
    utm TEXT,
    expires_at TEXT,
    expired_url TEXT,
    password TEXT,
    cloaked INTEGER NOT NULL DEFAULT 0,
    ios TEXT,
    android TEXT,
    geo TEXT,
    external_id TEXT,
    tenant_id TEXT,
    partner_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX links_code ON links (code);
CREATE INDEX links_workspace_external_id ON links (workspace, external_id);
"""

# API field name -> column, in column order (after id/workspace).
LINK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("code", "code"),
    ("url", "url"),
    ("collectionId", "collection_id"),
    ("title", "title"),
    ("description", "description"),
    ("image", "image"),
    ("utm", "utm"),
    ("expiresAt", "expires_at"),
    ("expiredUrl", "expired_url"),
    ("password", "password"),
    ("cloaked", "cloaked"),
    ("ios", "ios"),
    ("android", "android"),
    ("geo", "geo"),
    ("externalId", "external_id"),
    ("tenantId", "tenant_id"),
    ("partnerId", "partner_id"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
)
COLLECTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "name"),
    ("description", "description"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
)
PARTNER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "name"),
    ("email", "email"),
    ("phone", "phone"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
)
JSON_FIELDS = frozenset({"utm", "geo"})
UUID_FIELDS = ("id", "collectionId", "partnerId")

Record = dict[str, Any]


def _invalid(details: Sequence[Detail]) -> ApiError:
    return ApiError(400, *INVALID_BODY, details=details)


def _in_json(values: Iterable[str]) -> bytes:
    """One bound parameter for `IN (SELECT value FROM json_each(?))`, whatever the batch size."""
    return orjson.dumps(list(values))


class Store:
    def __init__(self, db_path: str | Path | None, faults: Faults) -> None:
        self._faults = faults
        if db_path is None:
            tmp = tempfile.mkdtemp(prefix="hoko-reference-")
            self._finalizer: weakref.finalize[Any, Any] | None = weakref.finalize(
                self, shutil.rmtree, tmp, True
            )
            db_path = Path(tmp) / "hoko.sqlite3"
        else:
            self._finalizer = None
        self.path = Path(db_path)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            str(self.path), isolation_level=None, check_same_thread=False, timeout=10
        )
        self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise RuntimeError(f"could not switch {self.path} to WAL mode (got {mode})")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._migrate()
        self.clock = MonotonicClock()
        for table in ("links", "collections", "partners"):
            row = self._conn.execute(f"SELECT max(updated_at) FROM {table}").fetchone()
            if row[0]:
                self.clock.advance_past(parse_rfc3339(row[0]))

    def _migrate(self) -> None:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                version = self._conn.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    for statement in SCHEMA.split(";"):
                        if statement.strip():
                            self._conn.execute(statement)
                    self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                elif version != SCHEMA_VERSION:
                    raise RuntimeError(
                        f"{self.path} has schema version {version}; "
                        f"this server knows version {SCHEMA_VERSION}"
                    )
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def checkpoint(self) -> None:
        """Folds the WAL back into the main file, e.g. at shutdown."""
        with self._lock:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            self._conn.close()
        if self._finalizer is not None:
            self._finalizer()

    # -- transactions -------------------------------------------------------------------------

    def _write(self, work: Any, *args: Any) -> Any:
        """Runs `work(*args)` in one IMMEDIATE transaction; any exception rolls everything back."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn, *args)
                conn.execute("COMMIT")
                return result
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    # -- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _normalize_uuids(items: list[Record]) -> None:
        for item in items:
            for name in UUID_FIELDS:
                value = item.get(name)
                if isinstance(value, str):
                    item[name] = value.lower()

    @staticmethod
    def _duplicate_ids(items: list[Record]) -> None:
        seen: dict[str, int] = {}
        details: list[Detail] = []
        for index, item in enumerate(items):
            ident = item.get("id")
            if ident is None:
                continue
            if ident in seen:
                details.append(
                    Detail(index, "id", f"the same id is already at index {seen[ident]}")
                )
            else:
                seen[ident] = index
        if details:
            raise _invalid(details)

    @staticmethod
    def _load(
        conn: sqlite3.Connection,
        table: str,
        columns: tuple[tuple[str, str], ...],
        workspace: str,
        ids: list[str],
    ) -> dict[str, Record]:
        if not ids:
            return {}
        cols = ", ".join(col for _, col in columns)
        rows = conn.execute(
            f"SELECT id, {cols} FROM {table} "
            "WHERE workspace = ? AND id IN (SELECT value FROM json_each(?))",
            (workspace, _in_json(ids)),
        ).fetchall()
        out: dict[str, Record] = {}
        for row in rows:
            record: Record = {"id": row[0]}
            for (name, _), value in zip(columns, row[1:], strict=True):
                if name in JSON_FIELDS and value is not None:
                    value = orjson.loads(value)
                record[name] = value
            out[row[0]] = record
        return out

    @staticmethod
    def _existing_ids(
        conn: sqlite3.Connection, table: str, workspace: str, ids: Iterable[str]
    ) -> set[str]:
        wanted = set(ids)
        if not wanted:
            return set()
        rows = conn.execute(
            f"SELECT id FROM {table} "
            "WHERE workspace = ? AND id IN (SELECT value FROM json_each(?))",
            (workspace, _in_json(wanted)),
        ).fetchall()
        return {r[0] for r in rows}

    @staticmethod
    def _unknown_ids(items: list[Record], existing: dict[str, Record], what: str) -> None:
        details = [
            Detail(index, "id", f"no {what} with this id in your workspace")
            for index, item in enumerate(items)
            if "id" in item and item["id"] not in existing
        ]
        if details:
            raise _invalid(details)

    @staticmethod
    def _row(record: Record, columns: tuple[tuple[str, str], ...]) -> list[Any]:
        row: list[Any] = []
        for name, _ in columns:
            value = record.get(name)
            if name in JSON_FIELDS and value is not None:
                value = orjson.dumps(value).decode()
            row.append(value)
        return row

    def _insert(
        self,
        conn: sqlite3.Connection,
        table: str,
        columns: tuple[tuple[str, str], ...],
        workspace: str,
        records: list[Record],
    ) -> None:
        if not records:
            return
        names = ", ".join(col for _, col in columns)
        marks = ", ".join("?" for _ in range(len(columns) + 2))
        conn.executemany(
            f"INSERT INTO {table} (id, workspace, {names}) VALUES ({marks})",
            ([r["id"], workspace, *self._row(r, columns)] for r in records),
        )

    def _update(
        self,
        conn: sqlite3.Connection,
        table: str,
        columns: tuple[tuple[str, str], ...],
        workspace: str,
        records: list[Record],
    ) -> None:
        if not records:
            return
        sets = ", ".join(f"{col} = ?" for _, col in columns)
        conn.executemany(
            f"UPDATE {table} SET {sets} WHERE id = ? AND workspace = ?",
            ([*self._row(r, columns), r["id"], workspace] for r in records),
        )

    # -- links --------------------------------------------------------------------------------

    def upsert_links(self, workspace: str, items: list[Record]) -> list[Record]:
        result: list[Record] = self._write(self._upsert_links, workspace, items)
        return result

    def _upsert_links(
        self, conn: sqlite3.Connection, workspace: str, items: list[Record]
    ) -> list[Record]:
        self._normalize_uuids(items)
        self._duplicate_ids(items)
        ids = [item["id"] for item in items if "id" in item]
        existing = self._load(conn, "links", LINK_COLUMNS, workspace, ids)
        self._unknown_ids(items, existing, "link")
        self._check_references(conn, workspace, items)
        self._check_external_ids(conn, workspace, items)

        stamp = format_utc(self.clock.now())
        results: list[Record] = []
        creates: list[Record] = []
        updates: list[Record] = []
        for index, item in enumerate(items):
            if "id" in item:
                record = dict(existing[item["id"]])
                updates.append(record)
            else:
                record = {name: None for name, _ in LINK_COLUMNS}
                record["id"] = str(uuid.uuid4())
                record["cloaked"] = False
                record["createdAt"] = stamp
                creates.append(record)
            self._apply_link(index, record, item)
            record["updatedAt"] = stamp
            results.append(record)
        self._assign_codes(conn, creates)
        self._insert(conn, "links", LINK_COLUMNS, workspace, creates)
        self._update(conn, "links", LINK_COLUMNS, workspace, updates)
        return results

    @staticmethod
    def _apply_link(index: int, record: Record, item: Record) -> None:
        for name, value in item.items():
            if name == "id":
                continue
            if name == "utm":
                if value is None:
                    record["utm"] = None
                else:
                    merged = dict(record.get("utm") or {})
                    for key, part in value.items():
                        if part is None:
                            merged.pop(key, None)
                        else:
                            merged[key] = part
                    record["utm"] = merged or None
            elif name == "cloaked":
                record["cloaked"] = bool(value)
            elif name == "expiresAt" and value is not None:
                try:
                    record["expiresAt"] = format_utc(parse_rfc3339(value))
                except ValueError as exc:
                    raise _invalid([Detail(index, "expiresAt", str(exc))]) from None
            else:
                record[name] = value

    def _check_references(
        self, conn: sqlite3.Connection, workspace: str, items: list[Record]
    ) -> None:
        collections = {i["collectionId"] for i in items if i.get("collectionId") is not None}
        partners = {i["partnerId"] for i in items if i.get("partnerId") is not None}
        known_collections = self._existing_ids(conn, "collections", workspace, collections)
        known_partners = self._existing_ids(conn, "partners", workspace, partners)
        details: list[Detail] = []
        for index, item in enumerate(items):
            cid = item.get("collectionId")
            if cid is not None and cid not in known_collections:
                details.append(
                    Detail(index, "collectionId", "no collection with this id in your workspace")
                )
            pid = item.get("partnerId")
            if pid is not None and pid not in known_partners:
                details.append(
                    Detail(index, "partnerId", "no partner with this id in your workspace")
                )
        if details:
            raise _invalid(details)

    @staticmethod
    def _check_external_ids(conn: sqlite3.Connection, workspace: str, items: list[Record]) -> None:
        """externalId is unique in the workspace after the batch is applied (D14)."""
        sending: dict[str, Any] = {}  # link id -> externalId it sends (may be None)
        first_at: dict[str, int] = {}
        details: list[Detail] = []
        for index, item in enumerate(items):
            if "externalId" not in item:
                continue
            value = item["externalId"]
            if "id" in item:
                sending[item["id"]] = value
            if value is None:
                continue
            if value in first_at:
                details.append(
                    Detail(
                        index,
                        "externalId",
                        f"the same externalId is already at index {first_at[value]}",
                    )
                )
            else:
                first_at[value] = index
        if details:
            raise _invalid(details)
        if not first_at:
            return
        rows = conn.execute(
            "SELECT id, external_id FROM links WHERE workspace = ? "
            "AND external_id IN (SELECT value FROM json_each(?))",
            (workspace, _in_json(first_at)),
        ).fetchall()
        for link_id, value in rows:
            index = first_at[value]
            if items[index].get("id") == link_id:
                continue  # the link keeps its own externalId
            if link_id in sending:
                continue  # that link gets another externalId in this same batch
            details.append(
                Detail(index, "externalId", "another link in your workspace has this externalId")
            )
        if details:
            details.sort(key=lambda d: d.index or 0)
            raise _invalid(details)

    @staticmethod
    def _assign_codes(conn: sqlite3.Connection, records: list[Record]) -> None:
        """Random URL-safe codes, checked against the batch and the unique index."""
        pending = records
        for _ in range(MAX_CODE_ATTEMPTS):
            if not pending:
                return
            proposed: dict[str, Record] = {}
            retry: list[Record] = []
            for record in pending:
                code = secrets.token_urlsafe(CODE_BYTES)
                if code in proposed:
                    retry.append(record)
                else:
                    proposed[code] = record
            taken = {
                row[0]
                for row in conn.execute(
                    "SELECT code FROM links WHERE code IN (SELECT value FROM json_each(?))",
                    (_in_json(proposed),),
                )
            }
            for code, record in proposed.items():
                if code in taken:
                    retry.append(record)
                else:
                    record["code"] = code
            pending = retry
        raise RuntimeError("could not find unused short codes")

    # -- collections and partners -------------------------------------------------------------

    def upsert_collections(self, workspace: str, items: list[Record]) -> list[Record]:
        result: list[Record] = self._write(
            self._upsert_simple, "collections", COLLECTION_COLUMNS, "collection", workspace, items
        )
        return result

    def upsert_partners(self, workspace: str, items: list[Record]) -> list[Record]:
        result: list[Record] = self._write(
            self._upsert_simple, "partners", PARTNER_COLUMNS, "partner", workspace, items
        )
        return result

    def _upsert_simple(
        self,
        conn: sqlite3.Connection,
        table: str,
        columns: tuple[tuple[str, str], ...],
        what: str,
        workspace: str,
        items: list[Record],
    ) -> list[Record]:
        self._normalize_uuids(items)
        self._duplicate_ids(items)
        ids = [item["id"] for item in items if "id" in item]
        existing = self._load(conn, table, columns, workspace, ids)
        self._unknown_ids(items, existing, what)
        stamp = format_utc(self.clock.now())
        results: list[Record] = []
        creates: list[Record] = []
        updates: list[Record] = []
        for item in items:
            if "id" in item:
                record = dict(existing[item["id"]])
                updates.append(record)
            else:
                record = {name: None for name, _ in columns}
                record["id"] = str(uuid.uuid4())
                record["createdAt"] = stamp
                creates.append(record)
            for name, value in item.items():
                if name != "id":
                    record[name] = value
            record["updatedAt"] = stamp
            results.append(record)
        self._insert(conn, table, columns, workspace, creates)
        self._update(conn, table, columns, workspace, updates)
        return results

    # -- inspection (tests, tools) ------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in {"links", "collections", "partners"}:
            raise ValueError(table)
        with self._lock:
            row = self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0])


def parse_stamp(text: str) -> datetime:
    return parse_rfc3339(text)
