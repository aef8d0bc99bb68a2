"""SQLite storage: one writer connection, one IMMEDIATE transaction per request (D4).

All methods here are blocking; the app calls them from a worker thread.
"""

from __future__ import annotations

import base64
import operator
import os
import shutil
import sqlite3
import tempfile
import threading
import time
import weakref
from collections.abc import Container, Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson

from .checkpoint import Checkpointer
from .errors import INVALID_BODY, ApiError, Detail
from .faults import Faults
from .timestamps import MonotonicClock, format_utc, parse_rfc3339

SCHEMA_VERSION = 2  # 2: a link is one JSON document plus its indexed columns
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
    collection_id TEXT NOT NULL,
    external_id TEXT,
    updated_at TEXT NOT NULL,
    doc BLOB NOT NULL
);
CREATE UNIQUE INDEX links_code ON links (code);
CREATE INDEX links_workspace_external_id ON links (workspace, external_id)
    WHERE external_id IS NOT NULL;
"""

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

Record = dict[str, Any]


# A link as written: its record, its short code and the record's JSON (as stored).
StoredLink = tuple[Record, str, bytes]


def new_uuids(count: int) -> list[str]:
    """Time-ordered (version 7, RFC 9562) UUIDs, ascending within the batch.

    A new id lands at the right end of the id index instead of at a random page: a 10,000-link
    batch then dirties a few dozen index pages, not every page of a large index. 74 random
    bits per id (v4 has 122) keep them unguessable and collision-free in practice.
    """
    millis = time.time_ns() // 1_000_000
    head = f"{millis:012x}"
    raw = os.urandom(10 * count).hex()
    out = []
    for i in range(0, 20 * count, 20):
        h = raw[i : i + 20]
        variant = "89ab"[int(h[3], 16) & 3]
        out.append(f"{head[:8]}-{head[8:]}-7{h[:3]}-{variant}{h[4:7]}-{h[7:19]}")
    out.sort()
    return out


def new_codes(count: int, url_safe: bool = True) -> list[str]:
    """Random short codes of 8 URL-safe characters (48 bits each)."""
    encode = base64.urlsafe_b64encode if url_safe else base64.b64encode
    raw = encode(os.urandom(CODE_BYTES * count)).decode()
    return [raw[i : i + 8] for i in range(0, 8 * count, 8)]


def _invalid(details: Sequence[Detail], message: tuple[str, str] = INVALID_BODY) -> ApiError:
    return ApiError(400, *message, details=details)


DUPLICATE_ID = ("The same id appears twice in the batch", "المعرّف نفسه مكرر في الدفعة")
UNKNOWN_ID = ("Unknown id in your workspace", "معرّف غير موجود في مساحة عملك")
UNKNOWN_REFERENCE = (
    "Referenced collection or partner not found in your workspace",
    "المجموعة أو الشريك المشار إليه غير موجود في مساحة عملك",
)
DUPLICATE_EXTERNAL_ID = ("Duplicate externalId", "المعرّف الخارجي مكرر")


def _camel_to_snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


INSERT_LINK = (
    "INSERT INTO links (id, workspace, code, collection_id, external_id, updated_at, doc) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def _link_row(record: Record, workspace: str, code: str, doc: bytes) -> tuple[Any, ...]:
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
        # A new file only (fixed once written): bigger pages mean fewer WAL frames per batch.
        self._conn.execute("PRAGMA page_size = 16384")
        mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise RuntimeError(f"could not switch {self.path} to WAL mode (got {mode})")
        # No fsync: a killed server loses nothing (the OS holds the WAL), only a power cut could.
        # For a test server the ~35 ms saved per 10,000-link batch matters more (README).
        self._conn.execute("PRAGMA synchronous = OFF")
        self._conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: a 10,000-item batch fits
        self._conn.execute("PRAGMA wal_autocheckpoint = 0")  # see checkpoint.py
        self._checkpointer = Checkpointer(self.path)
        self._migrate()
        self.clock = MonotonicClock()
        for table in ("links", "collections", "partners"):  # updated_at is a column in each
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
                elif version == 1:
                    self._migrate_links_from_v1()
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

    def _migrate_links_from_v1(self) -> None:
        """Version 1 kept one column per link field; version 2 keeps the record as JSON."""
        conn = self._conn
        conn.execute("ALTER TABLE links RENAME TO links_v1")
        conn.execute("DROP INDEX links_code")
        conn.execute("DROP INDEX links_workspace_external_id")
        for statement in SCHEMA[SCHEMA.index("CREATE TABLE links") :].split(";"):
            if statement.strip():
                conn.execute(statement)
        columns = ", ".join(_camel_to_snake(name) for name in LINK_FIELD_NAMES)
        rows = conn.execute(f"SELECT workspace, code, {columns} FROM links_v1")
        while batch := rows.fetchmany(1000):
            out = []
            for workspace, code, *values in batch:
                record: Record = dict(zip(LINK_FIELD_NAMES, values, strict=True))
                for name in ("utm", "geo"):
                    if record[name] is not None:
                        record[name] = orjson.loads(record[name])
                record["cloaked"] = bool(record["cloaked"])
                out.append(_link_row(record, workspace, code, orjson.dumps(record)))
            conn.executemany(INSERT_LINK, out)
        conn.execute("DROP TABLE links_v1")

    def checkpoint(self) -> None:
        """Folds the WAL back into the main file, e.g. at shutdown."""
        with self._lock:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self._checkpointer.close()
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
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if self._faults and self._faults.on("failed-batch-keeps-first-item"):
                    self._keep_first_item(exc, work, args)
                raise
            self._checkpointer.after_commit(conn)
            return result

    def _keep_first_item(self, exc: BaseException, work: Any, args: tuple[Any, ...]) -> None:
        # Fault: "retry what we can" after a failed batch, i.e. commit item 0 on its own.
        items = args[-1] if args else None
        if not isinstance(exc, ApiError) or not isinstance(items, list) or len(items) < 2:
            return
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            work(conn, *args[:-1], items[:1])
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")

    # -- helpers ------------------------------------------------------------------------------

    def _normalize_and_find_duplicates(
        self, items: list[Record], references: tuple[set[str], set[str]] | None = None
    ) -> list[str]:
        """Lower-cases uuids (ids compare case-insensitively) and refuses an id sent twice.

        Returns the ids to update, in order. With `references`, also collects the collectionIds
        and partnerIds sent; one pass because this runs for 10,000 items.
        """
        collections, partners = references if references is not None else (set(), set())
        seen: dict[str, int] = {}
        details: list[Detail] = []
        for index, item in enumerate(items):
            value = item.get("collectionId")
            if value is not None:
                item["collectionId"] = value = value.lower()
                collections.add(value)
            value = item.get("partnerId")
            if value is not None:
                item["partnerId"] = value = value.lower()
                partners.add(value)
            ident = item.get("id")
            if ident is None:
                continue
            ident = item["id"] = ident.lower()
            if ident in seen:
                if self._faults and self._faults.on("duplicate-id-in-batch-accepted"):
                    continue
                details.append(
                    Detail(index, "id", f"the same id is already at index {seen[ident]}")
                )
            else:
                seen[ident] = index
        if details:
            raise _invalid(details, DUPLICATE_ID)
        return list(seen)

    def _load(
        self,
        conn: sqlite3.Connection,
        table: str,
        columns: tuple[tuple[str, str], ...],
        workspace: str,
        ids: list[str],
    ) -> dict[str, Record]:
        if not ids:
            return {}
        cols = ", ".join(col for _, col in columns)
        rows = self._select_by_ids(conn, table, f"id, {cols}", workspace, ids)
        names = ("id", *(name for name, _ in columns))
        return {row[0]: dict(zip(names, row, strict=True)) for row in rows}

    def _select_by_ids(
        self, conn: sqlite3.Connection, table: str, columns: str, workspace: str, ids: list[str]
    ) -> sqlite3.Cursor:
        """`columns` of the rows of `table` with these ids in the workspace."""
        if self._faults and self._faults.on("other-workspace-id-updatable"):
            return conn.execute(
                f"SELECT {columns} FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                (_in_json(ids),),
            )
        return conn.execute(
            f"SELECT {columns} FROM {table} "
            "WHERE workspace = ? AND id IN (SELECT value FROM json_each(?))",
            (workspace, _in_json(ids)),
        )

    def _load_links(
        self, conn: sqlite3.Connection, workspace: str, ids: list[str]
    ) -> dict[str, tuple[int, str, Record]]:
        """id -> (rowid, code, record) of the links to update; rowids make the UPDATEs cheaper."""
        if not ids:
            return {}
        rows = self._select_by_ids(conn, "links", "rowid, id, code, doc", workspace, ids)
        loads = orjson.loads
        return {link_id: (rowid, code, loads(doc)) for rowid, link_id, code, doc in rows}

    def _existing_ids(
        self, conn: sqlite3.Connection, table: str, workspace: str, ids: Iterable[str]
    ) -> set[str]:
        wanted = set(ids)
        if not wanted:
            return set()
        if (
            self._faults
            and self._faults.on("foreign-collection-accepted")
            and table == "collections"
        ):
            rows = conn.execute(
                "SELECT id FROM collections WHERE id IN (SELECT value FROM json_each(?))",
                (_in_json(wanted),),
            ).fetchall()
            return {r[0] for r in rows}
        rows = conn.execute(
            f"SELECT id FROM {table} "
            "WHERE workspace = ? AND id IN (SELECT value FROM json_each(?))",
            (workspace, _in_json(wanted)),
        ).fetchall()
        return {r[0] for r in rows}

    def _unknown_ids(self, items: list[Record], existing: Container[str], what: str) -> bool:
        """Refuses ids that are not in the workspace; True if a fault dropped items instead."""
        if self._faults and self._faults.on("unknown-id-skipped"):
            kept = [i for i in items if "id" not in i or i["id"] in existing]
            dropped = len(kept) < len(items)
            items[:] = kept
            return dropped
        details = [
            Detail(index, "id", f"no {what} with this id in your workspace")
            for index, item in enumerate(items)
            if "id" in item and item["id"] not in existing
        ]
        if details:
            raise _invalid(details, UNKNOWN_ID)
        return False

    @staticmethod
    def _rows(
        records: list[Record], columns: tuple[tuple[str, str], ...], workspace: str, id_first: bool
    ) -> list[tuple[Any, ...]]:
        """executemany parameters: (id, workspace, cols...) or (cols..., id, workspace)."""
        getter = operator.itemgetter(*(name for name, _ in columns))
        if len(columns) == 1:  # itemgetter of one name returns the value, not a tuple
            values: list[tuple[Any, ...]] = [(getter(r),) for r in records]
        else:
            values = [getter(r) for r in records]
        if id_first:
            return [(r["id"], workspace, *v) for r, v in zip(records, values, strict=True)]
        return [(*v, r["id"], workspace) for r, v in zip(records, values, strict=True)]

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
            self._rows(records, columns, workspace, id_first=True),
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
            f"UPDATE {table} SET {sets} WHERE {self._update_where()}",
            self._rows(records, columns, workspace, id_first=False),
        )

    def _update_where(self, key: str = "id") -> str:
        if self._faults and self._faults.on("other-workspace-id-updatable"):
            return f"{key} = ? AND ? IS NOT NULL"
        return f"{key} = ? AND workspace = ?"

    # -- links --------------------------------------------------------------------------------

    def upsert_links(self, workspace: str, items: list[Record]) -> list[StoredLink]:
        if self._faults and self._faults.on("big-batch-committed-in-chunks") and len(items) > 1000:
            chunked: list[StoredLink] = []
            for start in range(0, len(items), 1000):
                chunked += self._write(self._upsert_links, workspace, items[start : start + 1000])
            return chunked
        result: list[StoredLink] = self._write(self._upsert_links, workspace, items)
        return result

    def _upsert_links(
        self, conn: sqlite3.Connection, workspace: str, items: list[Record]
    ) -> list[StoredLink]:
        faults = self._faults if self._faults else None
        references: tuple[set[str], set[str]] = (set(), set())
        ids = self._normalize_and_find_duplicates(items, references)
        existing = self._load_links(conn, workspace, ids)
        if self._unknown_ids(items, existing, "link"):
            references = (set(), set())
            self._normalize_and_find_duplicates(items, references)  # a fault dropped items
        self._check_references(conn, workspace, items, *references)
        self._check_external_ids(conn, workspace, items)
        if faults and faults.on("500-on-apostrophe-title"):
            for item in items:
                if item.get("title"):
                    # Fault: a value pasted into SQL instead of bound as a parameter.
                    conn.execute(f"SELECT count(*) FROM links WHERE title = '{item['title']}'")

        stamp = self._stamp()
        creates = sum("id" not in item for item in items)
        new_ids = iter(new_uuids(creates))
        new_codes = iter(self._new_codes(conn, creates))
        blank = dict.fromkeys(LINK_FIELD_NAMES)
        blank.update(cloaked=False, createdAt=stamp)
        apply = self._apply_link
        dumps = orjson.dumps
        expiry_texts: dict[str, str] = {}  # a batch tends to repeat the same expiresAt
        results: list[StoredLink] = []
        inserts: list[tuple[Any, ...]] = []
        rekeyed: list[tuple[Any, ...]] = []  # updates that change an indexed column
        rewritten: list[tuple[Any, ...]] = []  # updates that only change the document
        for index, item in enumerate(items):
            if "id" in item:
                rowid, code, record = existing[item["id"]]  # ids are unique in a batch: no copy
                if faults:
                    record = dict(record)  # a fault may let one id through twice
                    self._link_update_faults(faults, record, item, stamp, len(items))
                keys = (record["collectionId"], record["externalId"])
                apply(index, record, item, expiry_texts)
                if not (faults and faults.on("updated-at-not-bumped")):
                    record["updatedAt"] = stamp
                doc = dumps(record)
                if keys != (record["collectionId"], record["externalId"]):
                    rekeyed.append(
                        (
                            record["collectionId"],
                            record["externalId"],
                            record["updatedAt"],
                            doc,
                            rowid,
                            workspace,
                        )
                    )
                else:
                    rewritten.append((record["updatedAt"], doc, rowid, workspace))
            else:
                record = blank.copy()
                record["id"] = next(new_ids)
                code = next(new_codes)
                apply(index, record, item, expiry_texts)
                record["updatedAt"] = stamp
                doc = dumps(record)
                inserts.append(_link_row(record, workspace, code, doc))
            results.append((record, code, doc))
        if inserts:
            conn.executemany(INSERT_LINK, inserts)
        where = self._update_where("rowid")
        if rekeyed:
            conn.executemany(
                "UPDATE links SET collection_id = ?, external_id = ?, updated_at = ?, doc = ? "
                f"WHERE {where}",
                rekeyed,
            )
        if rewritten:
            conn.executemany(f"UPDATE links SET updated_at = ?, doc = ? WHERE {where}", rewritten)
        if faults and faults.on("order-mixed-batch") and inserts and len(inserts) < len(results):
            created = {row[0] for row in inserts}
            return [r for r in results if r[0]["id"] in created] + [
                r for r in results if r[0]["id"] not in created
            ]
        return results

    def _stamp(self) -> str:
        stamp = format_utc(self.clock.now())
        if self._faults and self._faults.on("timestamps-without-z"):
            return stamp[:-1] + "+00:00"
        return stamp

    @staticmethod
    def _link_update_faults(
        faults: Faults, record: Record, item: Record, stamp: str, batch_size: int
    ) -> None:
        """Faults of the link update path; only reached when some fault is switched on."""
        if faults.on("created-at-changes-on-update"):
            record["createdAt"] = stamp
        if faults.on("link-description-omitted-clears") and "description" not in item:
            item["description"] = None  # the parser defaulted missing fields to None
        if faults.on("title-null-ignored") and "title" in item and item["title"] is None:
            item["title"] = record["title"]
        if faults.on("utm-replaced-not-merged") and item.get("utm") is not None:
            record["utm"] = None
        if faults.on("utm-null-key-ignored") and item.get("utm"):
            item["utm"] = {k: v for k, v in item["utm"].items() if v is not None}
        if faults.on("geo-merged-not-replaced") and item.get("geo") and record["geo"]:
            item["geo"] = {**record["geo"], **item["geo"]}
        if faults.on("500-on-single-item-utm") and batch_size == 1 and item.get("utm"):
            # A "fast path" for single updates that forgets a link may have no utm yet.
            record["utm"] = dict(record["utm"]) | item["utm"]

    @staticmethod
    def _apply_link(index: int, record: Record, item: Record, expiry_texts: dict[str, str]) -> None:
        # Plain fields are copied in one C-level update; the few special ones are fixed after.
        old_utm = record["utm"]
        record.update(item)
        if "utm" in item:
            patch = item["utm"]
            if patch is not None:
                if None in patch.values():  # null clears that key
                    merged = dict(old_utm) if old_utm else {}
                    for key, part in patch.items():
                        if part is None:
                            merged.pop(key, None)
                        else:
                            merged[key] = part
                else:  # the common case, in C: the body's own dict is ours to keep
                    merged = {**old_utm, **patch} if old_utm else patch
                record["utm"] = merged or None
        if "cloaked" in item:
            record["cloaked"] = bool(item["cloaked"])
        expires = item.get("expiresAt")
        if expires is not None:
            text = expiry_texts.get(expires)
            if text is None:
                try:
                    text = expiry_texts[expires] = format_utc(parse_rfc3339(expires))
                except ValueError as exc:
                    raise _invalid([Detail(index, "expiresAt", str(exc))]) from None
            record["expiresAt"] = text

    def _check_references(
        self,
        conn: sqlite3.Connection,
        workspace: str,
        items: list[Record],
        collections: set[str],
        partners: set[str],
    ) -> None:
        known_collections = self._existing_ids(conn, "collections", workspace, collections)
        known_partners = self._existing_ids(conn, "partners", workspace, partners)
        if collections <= known_collections and partners <= known_partners:
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
                details.append(
                    Detail(index, "partnerId", "no partner with this id in your workspace")
                )
        if details:
            raise _invalid(details, UNKNOWN_REFERENCE)

    def _check_external_ids(
        self, conn: sqlite3.Connection, workspace: str, items: list[Record]
    ) -> None:
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
                if self._faults and self._faults.on("duplicate-external-id-in-batch"):
                    continue
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
            raise _invalid(details, DUPLICATE_EXTERNAL_ID)
        if not first_at:
            return
        if self._faults and self._faults.on("existing-external-id-accepted"):
            return
        if self._faults and self._faults.on("external-id-unique-across-workspaces"):
            rows = conn.execute(
                "SELECT id, external_id FROM links "
                "WHERE external_id IN (SELECT value FROM json_each(?))",
                (_in_json(first_at),),
            ).fetchall()
        else:
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
            raise _invalid(details, DUPLICATE_EXTERNAL_ID)

    def _new_codes(self, conn: sqlite3.Connection, count: int) -> list[str]:
        """Random URL-safe short codes, distinct within the batch and from every stored code."""
        url_safe = not (self._faults and self._faults.on("shorturl-not-url-safe"))
        codes: list[str] = []
        for _ in range(MAX_CODE_ATTEMPTS):
            missing = count - len(codes)
            if missing == 0:
                return codes
            proposed = set(new_codes(missing, url_safe)) - set(codes)
            taken = {
                row[0]
                for row in conn.execute(
                    "SELECT code FROM links WHERE code IN (SELECT value FROM json_each(?))",
                    (_in_json(proposed),),
                )
            }
            codes += proposed - taken
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
        ids = self._normalize_and_find_duplicates(items)
        existing = self._load(conn, table, columns, workspace, ids)
        self._unknown_ids(items, existing, what)
        stamp = self._stamp()
        results: list[Record] = []
        creates: list[Record] = []
        updates: list[Record] = []
        new_ids = iter(new_uuids(sum("id" not in item for item in items)))
        blank: Record = dict.fromkeys(name for name, _ in columns)
        blank["createdAt"] = stamp
        for item in items:
            if "id" in item:
                record = existing[item["id"]]
                updates.append(record)
                if self._faults:
                    self._simple_update_faults(self._faults, table, record, item, stamp)
            else:
                record = blank.copy()
                record["id"] = next(new_ids)
                creates.append(record)
            record.update(item)
            if not ("id" in item and self._faults and self._faults.on("updated-at-not-bumped")):
                record["updatedAt"] = stamp
            results.append(record)
        self._insert(conn, table, columns, workspace, creates)
        update_columns = tuple(c for c in columns if c[0] != "createdAt")
        if self._faults and self._faults.on("created-at-changes-on-update"):
            update_columns = columns
        self._update(conn, table, update_columns, workspace, updates)
        return results

    @staticmethod
    def _simple_update_faults(
        faults: Faults, table: str, record: Record, item: Record, stamp: str
    ) -> None:
        """Faults of the collection/partner update path; reached only with a fault on."""
        if faults.on("created-at-changes-on-update"):
            record["createdAt"] = stamp
        if table == "collections":
            if faults.on("collection-description-omitted-clears") and "description" not in item:
                item["description"] = None
        elif table == "partners":
            if faults.on("partner-email-null-ignored") and item.get("email", "") is None:
                item["email"] = record["email"]
            if faults.on("partner-phone-omitted-clears") and "phone" not in item:
                item["phone"] = None

    # -- inspection (tests, tools) ------------------------------------------------------------

    def count(self, table: str) -> int:
        if table not in {"links", "collections", "partners"}:
            raise ValueError(table)
        with self._lock:
            row = self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0])
