"""Faults that only concurrent requests reveal: a lost update, an answer that belongs to another
request, a rate limiter that miscounts parallel requests.

Each one widens its race window with a short sleep, so that a bounded load run meets it; one
request at a time, each behaves like the correct rule it replaces.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..storage.database import Database
from ..storage.repository import Tx
from . import race

if TYPE_CHECKING:
    from ..pipeline import Exchange

RACE_WINDOW = 0.005  # seconds: what a round trip to a shared store or cache would take
COUNTER_ROUND_TRIP = 0.05  # a remote counter store: parallel requests of a burst all read one count


@race(
    "lost-update-stale-read",
    "concurrent-writes",
    "A links write reads the rows it updates before taking the write lock: a writer that "
    "commits in between is overwritten.",
    wraps="write_atomically",
)
def _stale_read(
    original: Callable[..., Any],
    db: Database,
    workspace: str,
    work: Callable[[Tx, list[Any]], Any],
    items: list[Any],
) -> Any:
    ids = [str(item["id"]).lower() for item in items if isinstance(item.get("id"), str)]
    if not ids or getattr(work, "__name__", "") != "links":
        return original(db, workspace, work, items)
    with db.transaction(workspace) as tx:
        stale = tx.rows_by_id("links", "updated_at, doc, rowid", ids, workspace=workspace)
    time.sleep(RACE_WINDOW)

    def on_stale_rows(tx: Tx, batch: list[Any]) -> Any:
        tx.update_links([], [tuple(row) for row in stale])
        return work(tx, batch)

    return original(db, workspace, on_stale_rows, items)


@race(
    "lost-update-records-stale-read",
    "concurrent-writes",
    "A collections or partners write reads the records it updates before taking the write "
    "lock: a writer that commits in between is overwritten.",
    wraps="write_atomically",
)
def _stale_records(
    original: Callable[..., Any],
    db: Database,
    workspace: str,
    work: Callable[[Tx, list[Any]], Any],
    items: list[Any],
) -> Any:
    ids = [str(item["id"]).lower() for item in items if isinstance(item.get("id"), str)]
    table = getattr(work, "args", ("",))[0]  # records work is partial(writer.records, table)
    if not ids or table not in ("collections", "partners"):
        return original(db, workspace, work, items)
    with db.transaction(workspace) as tx:
        stale = list(tx.load_records(table, ids, workspace=workspace).values())
    time.sleep(4 * RACE_WINDOW)  # record writes are small and quick: a wider window

    def on_stale_records(tx: Tx, batch: list[Any]) -> Any:
        tx.update_records(table, stale)
        return work(tx, batch)

    return original(db, workspace, on_stale_records, items)


class _Mailbox:
    """One answer buffer shared by every request (the bug): a request whose answer is built
    while another one's is hands out whichever answer was posted last."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latest: bytes | None = None

    def swap(self, mine: bytes) -> bytes:
        with self.lock:
            self.latest = mine
        time.sleep(RACE_WINDOW)
        with self.lock:
            return self.latest if self.latest is not None else mine


_MAILBOX = _Mailbox()


@race(
    "answer-from-another-request",
    "concurrent-answers",
    "Answers share one buffer: a request answered while another is being answered may get "
    "that request's results.",
    wraps="link_answers",
)
def _crossed_links(original: Callable[..., bytes], *args: Any) -> bytes:
    return _MAILBOX.swap(bytes(original(*args)))


@race(
    "answer-from-another-request",
    "concurrent-answers",
    "Answers share one buffer: a request answered while another is being answered may get "
    "that request's results.",
    wraps="record_answers",
)
def _crossed_records(original: Callable[..., bytes], *args: Any) -> bytes:
    return _MAILBOX.swap(bytes(original(*args)))


class _RacyCounter:
    """A fixed window per key whose count is read, then written back one higher after a round
    trip: parallel requests read the same count and all but one increment are lost."""

    def __init__(self) -> None:
        self.windows: dict[str, list[float]] = {}  # key -> [started, used]

    def window(self, key: str, seconds: int, now: float) -> list[float]:
        w = self.windows.get(key)
        if w is None or now >= w[0] + seconds:
            w = self.windows[key] = [now, 0]
        return w


_COUNTER = _RacyCounter()


@race(
    "rate-limit-ignores-parallel",
    "concurrent-rate-limit",
    "The rate limiter reads a key's count and writes it back one higher later: requests that "
    "arrive in parallel are counted once.",
    replaces="step_rate_limit",
)
async def _racy_rate_limit(x: Exchange) -> None:
    key, rules = x.key, x.rules
    now = time.monotonic()
    w = _COUNTER.window(key.key, key.rate_window_seconds, now)
    used = int(w[1])
    reset = min(key.rate_window_seconds, max(1, math.ceil(w[0] + key.rate_window_seconds - now)))
    if used >= key.rate_requests:
        raise rules.rate_limited_error(rules.rate_limit_headers(key.rate_requests, 0, reset), reset)
    await asyncio.sleep(COUNTER_ROUND_TRIP)
    w[1] = used + 1
    x.rate_headers = rules.rate_limit_headers(
        key.rate_requests, key.rate_requests - used - 1, reset
    )
