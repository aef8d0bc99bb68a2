"""The SQLite file: connection settings, the schema and its migration, one writer at a time.

Speed wins over power-cut durability here (a test server): WAL with `synchronous = OFF` (a
killed server loses nothing, the OS still holds the WAL; a power cut may lose the last writes),
and WAL checkpoints on a helper thread instead of inside a request's COMMIT (checkpoint.py).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from .checkpoint import Checkpointer
from .repository import INSERT_LINK, LINK_FIELD_NAMES, Tx, link_row

SCHEMA_VERSION = 2  # 2: a link is one JSON document plus its indexed columns
BUSY_TIMEOUT_MS = 10_000

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


def _camel_to_snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


class Database:
    """One writer connection; `transaction()` runs one IMMEDIATE transaction at a time."""

    def __init__(self, db_path: str | Path | None) -> None:
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
        # No fsync: ~35 ms saved per 10,000-link batch (see the module doc).
        self._conn.execute("PRAGMA synchronous = OFF")
        self._conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: a 10,000-item batch fits
        self._conn.execute("PRAGMA wal_autocheckpoint = 0")  # see checkpoint.py
        self._checkpointer = Checkpointer(self.path)
        self._migrate()

    def latest_updated_at(self) -> list[str]:
        """The newest `updated_at` of each table (the clock must never go back past them)."""
        out = []
        for table in ("links", "collections", "partners"):
            row = self._conn.execute(f"SELECT max(updated_at) FROM {table}").fetchone()
            if row[0]:
                out.append(str(row[0]))
        return out

    def select(self, query: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """One read outside any write transaction (the connection is shared, so it is locked)."""
        with self._lock:
            return self._conn.execute(query, params).fetchall()

    @contextmanager
    def transaction(self, workspace: str) -> Iterator[Tx]:
        """One IMMEDIATE transaction for one workspace's request; any exception rolls it back."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(conn, workspace)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            self._checkpointer.after_commit(conn)

    def _migrate(self) -> None:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                version = self._conn.execute("PRAGMA user_version").fetchone()[0]
                if version == 0:
                    for statement in SCHEMA.split(";"):
                        if statement.strip():
                            self._conn.execute(statement)
                elif version == 1:
                    self._migrate_links_from_v1()
                elif version != SCHEMA_VERSION:
                    raise RuntimeError(
                        f"{self.path} has schema version {version}; "
                        f"this server knows version {SCHEMA_VERSION}"
                    )
                self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
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
                record: dict[str, Any] = dict(zip(LINK_FIELD_NAMES, values, strict=True))
                for name in ("utm", "geo"):
                    if record[name] is not None:
                        record[name] = orjson.loads(record[name])
                record["cloaked"] = bool(record["cloaked"])
                out.append(link_row(record, workspace, code, orjson.dumps(record)))
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
