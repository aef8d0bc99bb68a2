"""Sending rows in chunks: one bad row does not fail its neighbours, a killed run resumes.

Each chunk is one request. When the server rejects it with `details` that blame rows, those rows
are set aside as failed and the rest is sent again, at most MAX_ROUNDS times; then what is left
fails whole. The journal records each request before it goes and each answer after it came.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import hoko
import orjson

from .journal import Journal
from .outputs import Failed, Out
from .rows import Row

MAX_ROUNDS = 3


class Fatal(Exception):
    """The run cannot go on (exit code 3: target unreachable or key refused)."""


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    failed: int = 0
    not_sent: int = 0
    in_doubt: int = 0
    skipped: int = 0  # already answered in the journal of an earlier run
    rounds_given_up: int = 0

    @property
    def done(self) -> int:
        return self.created + self.updated + self.failed


@dataclass
class Answer:
    written: list[list[Any]] = field(default_factory=list)  # [row, id, shortUrl, status]
    failed: list[tuple[Row, str]] = field(default_factory=list)


class Sender:
    """Sends one chunk, with the rounds that set blamed rows aside."""

    def __init__(
        self,
        call: Callable[[list[dict[str, Any]]], Any],
        creates_only: bool,
        journal: Journal | None,
    ) -> None:
        self.call, self.creates_only, self.journal = call, creates_only, journal
        self.lock = threading.Lock()
        self.gave_up = 0

    def _status(self, row: Row) -> str:
        return "updated" if not self.creates_only and "id" in row.item else "created"

    def send(self, chunk: int, rows: list[Row]) -> Answer:
        answer = Answer()
        pending = rows
        for round_no in range(MAX_ROUNDS):
            if not pending:
                break
            items = [r.item for r in pending]
            if self.journal is not None:
                with self.lock:
                    self.journal.sent(chunk, [r.number for r in pending], orjson.dumps(items))
            try:
                result = self.call(items)
            except hoko.BulkError as err:
                done = dict(err.results())
                for i, model in done.items():
                    answer.written.append(self._written(pending[i], model))
                blamed = set(err.failed_item_indices)
                pending = self._set_aside(pending, blamed, str(err.cause), answer, keep=set(done))
                continue
            except (hoko.BadRequestError, hoko.PermissionDeniedError) as err:
                blamed = set(err.item_indices)
                if not blamed or round_no == MAX_ROUNDS - 1:
                    self.gave_up += bool(blamed)
                    answer.failed += [(r, str(err)) for r in pending]
                    pending = []
                    break
                pending = self._set_aside(pending, blamed, None, answer, err=err)
                continue
            except (hoko.PayloadTooLargeError, hoko.RateLimitError) as err:
                answer.failed += [(r, str(err)) for r in pending]
                pending = []
                break
            except hoko.AuthenticationError as err:
                raise Fatal(f"the key was refused: {err}") from err
            except hoko.HokoError as err:
                raise Fatal(f"no usable answer from the target: {err}") from err
            for row, obj in zip(pending, result.raw, strict=True):
                answer.written.append(
                    [row.number, obj.get("id"), obj.get("shortUrl"), self._status(row)]
                )
            pending = []
        if self.journal is not None:
            failed = [[r.number, e] for r, e in answer.failed]
            with self.lock:
                self.journal.done(chunk, answer.written, failed)
        return answer

    def _written(self, row: Row, model: Any) -> list[Any]:
        ident = getattr(model, "id", None)
        return [
            row.number,
            str(ident) if ident else None,
            getattr(model, "short_url", None),
            self._status(row),
        ]

    @staticmethod
    def _set_aside(
        pending: list[Row],
        blamed: set[int],
        reason: str | None,
        answer: Answer,
        err: hoko.APIStatusError | None = None,
        keep: set[int] | None = None,
    ) -> list[Row]:
        messages: dict[int, str] = {}
        if err is not None:
            for d in err.details:
                if isinstance(d.index, int):
                    where = f"{d.field}: " if isinstance(d.field, str) else ""
                    messages.setdefault(d.index, f"{err.status_code} {where}{d.message}")
        rest = []
        for i, row in enumerate(pending):
            if keep and i in keep:
                continue
            if i in blamed:
                answer.failed.append((row, messages.get(i) or reason or "rejected"))
            else:
                rest.append(row)
        return rest


class Departures:
    """Tells the reading loop that a request left (an httpx request hook), so it reads the
    next chunk only then. Reading holds the GIL most of the time; started at once, it would
    slow the sender's checks and encoding and hold the request back while the target idles.
    """

    def __init__(self) -> None:
        self._went = threading.Event()

    def hook(self, request: Any) -> None:
        self._went.set()

    def expect(self) -> None:
        self._went.clear()

    def wait(self, future: Future[Answer]) -> None:
        # A chunk that fails before its request goes completes its future instead.
        future.add_done_callback(lambda _: self._went.set())
        self._went.wait()


def chunks(rows: Iterable[Row], size: int, skip: set[int]) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        if row.number in skip:
            continue
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(
    sender: Sender,
    rows: Iterable[Row],
    *,
    size: int,
    concurrency: int,
    first_chunk: int,
    skip: set[int],
    out: Out,
    failed: Failed,
    tally: Tally,
    on_progress: Callable[[Tally], None],
    departures: Departures | None = None,
) -> None:
    """Send every chunk, `concurrency` at a time, handling answers in input order."""
    inflight: deque[tuple[list[Row], Future[Answer]]] = deque()
    number = first_chunk

    def settle(rows_: list[Row], future: Future[Answer]) -> None:
        answer = future.result()
        for row_no, ident, short_url, status in answer.written:
            out.row(row_no, status, ident, short_url)
            if status == "updated":
                tally.updated += 1
            else:
                tally.created += 1
        for row, error in answer.failed:
            out.row(row.number, "failed", error=error)
            failed.row(row, error)
            tally.failed += 1
        on_progress(tally)

    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="hoko-cli") as pool:
        try:
            for chunk in chunks(rows, size, skip):
                # This chunk was read while the ones in flight were out; it goes once a slot
                # is free, so reading overlaps the server without sending more than asked.
                while len(inflight) >= concurrency:
                    settle(*inflight.popleft())
                if departures is not None:
                    departures.expect()
                inflight.append((chunk, pool.submit(sender.send, number, chunk)))
                if departures is not None:
                    departures.wait(inflight[-1][1])
                number += 1
            while inflight:
                settle(*inflight.popleft())
        except BaseException:
            for _chunk, future in inflight:
                future.cancel()
            raise
    tally.rounds_given_up = sender.gave_up
