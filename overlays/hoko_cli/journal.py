"""The sync's journal: what was sent and what came back, so a killed run can resume safely.

One JSON line per event, flushed and fsynced before the next step:

    {"event": "start", "input": path, "sha256": ..., "operation": ...}
    {"event": "sent", "chunk": n, "rows": [row numbers], "body": sha256 of the body}
    {"event": "done", "chunk": n, "written": [[row, id, shortUrl, status]...],
     "failed": [[row, error]...]}

A chunk with a "sent" and no "done" is in doubt: the server may or may not have written it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO


def file_digest(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def body_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@dataclass
class State:
    """What an earlier run's journal says."""

    done: set[int] = field(default_factory=set)  # rows with an answer (written or failed)
    in_doubt: dict[int, list[int]] = field(default_factory=dict)  # chunk -> its rows
    chunks: int = 0


class Journal:
    def __init__(self, handle: TextIO) -> None:
        self._fh = handle

    @classmethod
    def create(cls, path: Path, input_path: str, operation: str) -> Journal:
        journal = cls(path.open("w", encoding="utf-8"))
        journal.write(
            {
                "event": "start",
                "input": input_path,
                "sha256": file_digest(input_path),
                "operation": operation,
            }
        )
        return journal

    @classmethod
    def reopen(cls, path: Path) -> Journal:
        return cls(path.open("a", encoding="utf-8"))

    def write(self, event: dict[str, Any]) -> None:
        self._fh.write(json.dumps(event, separators=(",", ":")) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def sent(self, chunk: int, rows: Iterable[int], digest: str) -> None:
        """`digest`: `body_digest` of the items sent."""
        self.write({"event": "sent", "chunk": chunk, "rows": list(rows), "body": digest})

    def done(self, chunk: int, written: list[list[Any]], failed: list[list[Any]]) -> None:
        self.write({"event": "done", "chunk": chunk, "written": written, "failed": failed})

    def close(self) -> None:
        self._fh.close()


class JournalError(Exception):
    pass


def load(path: Path, input_path: str, operation: str) -> State:
    """The state of an earlier run; refuses a journal of another input or operation."""
    state = State()
    sent: dict[int, list[int]] = {}
    with path.open(encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    for number, line in enumerate(lines, start=1):
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            if number == len(lines):
                break  # a line cut by the kill: that event never completed
            raise JournalError(f"{path}: line {number} is not JSON") from None
        kind = event.get("event")
        if kind == "start":
            if event.get("operation") != operation:
                raise JournalError(
                    f"{path} is a journal of {event.get('operation')}, not {operation}"
                )
            if event.get("sha256") != file_digest(input_path):
                raise JournalError(f"{input_path} changed since the journal {path} was written")
        elif kind == "sent":
            sent[event["chunk"]] = event["rows"]
            state.chunks = max(state.chunks, event["chunk"] + 1)
        elif kind == "done":
            sent.pop(event["chunk"], None)
            state.done.update(r for r, *_ in event["written"])
            state.done.update(r for r, *_ in event["failed"])
    state.in_doubt = {chunk: rows for chunk, rows in sent.items() if not set(rows) <= state.done}
    return state


def replay(path: Path, on_row: Callable[..., None]) -> dict[int, str]:
    """Every journaled answer, in order, to `on_row(row, status, id, shortUrl[, error=])`;
    returns the failed rows and their errors (the caller writes them to --failed)."""
    failed: dict[int, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                break
            if event.get("event") != "done":
                continue
            for row, ident, short_url, status in event["written"]:
                on_row(row, status, ident, short_url)
            for row, error in event["failed"]:
                on_row(row, "failed", error=error)
                failed[row] = error
    return failed
