"""WAL checkpoints off the request path.

With SQLite's automatic checkpoints, the COMMIT of whichever request pushes the WAL past its
threshold copies the whole WAL into the database file: about 20 ms of a 10,000-link batch. Here a
helper thread with its own connection does that copy after each write (SQLite releases the GIL
while it works), and the writer only steps in when the WAL has grown past a hard limit.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger("hoko_reference")

IDLE_EXIT_S = 2.0  # the thread exits when no write came for this long; the next write restarts it
WAL_HARD_LIMIT_BYTES = 256 * 1024 * 1024  # past this the writer checkpoints itself


class Checkpointer:
    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self._wal_path = Path(f"{db_path}-wal")
        self._cond = threading.Condition()
        self._due = False
        self._closed = False
        self._thread: threading.Thread | None = None

    def after_commit(self, conn: sqlite3.Connection) -> None:
        """Called by the writer after each COMMIT, with its own connection."""
        try:
            oversized = os.path.getsize(self._wal_path) > WAL_HARD_LIMIT_BYTES
        except OSError:
            oversized = False
        if oversized:
            # The helper cannot keep up (e.g. a reader pins old frames): bound the WAL here.
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        with self._cond:
            if self._closed:
                return
            self._due = True
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="hoko-checkpoint", daemon=True
                )
                self._thread.start()
            else:
                self._cond.notify()

    def _run(self) -> None:
        conn = sqlite3.connect(str(self._db_path), isolation_level=None, check_same_thread=False)
        try:
            while True:
                with self._cond:
                    if not self._due and not self._closed:
                        self._cond.wait(IDLE_EXIT_S)
                    if not self._due or self._closed:
                        self._thread = None
                        return
                    self._due = False
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error as exc:  # e.g. busy with a shutdown checkpoint: next time
                    log.debug("background checkpoint skipped: %s", exc)
        finally:
            conn.close()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            thread = self._thread
            self._cond.notify()
        if thread is not None:
            thread.join(timeout=30)
