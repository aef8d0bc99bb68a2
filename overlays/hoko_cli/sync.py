"""Sending rows in chunks: one bad row does not fail its neighbours, a killed run resumes.

Each chunk is one request. When the server rejects it with `details` that blame rows, those rows
are set aside as failed and the rest is sent again, at most MAX_ROUNDS times; then what is left
fails whole. The journal records each request just before it goes and each answer after it came.

While chunks are out, the next one is read and handed to a spare worker, whose client call checks
and encodes it at once; its request waits at the `Gate` (an httpx request hook) until one of the
`concurrency` slots is free. So the checks and the encoding run while the target works, as
`iter_upsert`'s read-ahead does, and no more requests are out than asked.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import hoko
import httpx
import orjson
from hoko_client.types import when_body_sent

from . import memory
from .journal import Journal, body_digest
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
        gate: Gate,
    ) -> None:
        self.call, self.creates_only, self.journal = call, creates_only, journal
        self.gate = gate
        self.lock = threading.Lock()
        self.gave_up = 0

    def _status(self, row: Row) -> str:
        return "updated" if not self.creates_only and "id" in row.item else "created"

    def send(self, chunk: int, rows: list[Row], turn: Turn) -> Answer:
        with self.gate.passage(turn):
            answer = self._rounds(chunk, rows, turn)
        if self.journal is not None:
            failed = [[r.number, e] for r, e in answer.failed]
            with self.lock:
                self.journal.done(chunk, answer.written, failed)
        return answer

    def _journal_sent(self, chunk: int, pending: list[Row], items: list[Any]) -> Callable[[], None]:
        """What the gate runs right before the round's first request leaves."""
        journal = self.journal
        if journal is None:
            return lambda: None
        numbers, digest = [r.number for r in pending], body_digest(orjson.dumps(items))

        def sent() -> None:
            with self.lock:
                journal.sent(chunk, numbers, digest)

        return sent

    def _rounds(self, chunk: int, rows: list[Row], turn: Turn) -> Answer:
        answer = Answer()
        pending = rows
        for round_no in range(MAX_ROUNDS):
            if not pending:
                break
            items = [r.item for r in pending]
            turn.before = self._journal_sent(chunk, pending, items)
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
            if turn.before is not None:
                # An answer without a request through the gate: nothing would be journaled.
                raise RuntimeError("the client does not run the gate's request hook")
            # The next chunk may go now, if the gate's transport has not let it already:
            # reading this answer and freeing its objects (some 300,000 per 10,000 links)
            # would otherwise hold its request back.
            self.gate.leave(turn)
            for row, obj in zip(pending, result.raw, strict=True):
                answer.written.append(
                    [row.number, obj.get("id"), obj.get("shortUrl"), self._status(row)]
                )
            pending = []
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


class Stopped(Exception):
    """The run stopped while this chunk waited for a slot: its request does not go."""


@dataclass
class Turn:
    """One chunk's passage through the gate (a context variable of its sending thread)."""

    holds: bool = False  # it has a slot: from its first request until its answer came
    before: Callable[[], None] | None = None  # run right before the round's first request
    left: threading.Event = field(default_factory=threading.Event)  # its first body is out

    def wait(self, future: Future[Answer]) -> None:
        """Until the chunk's first request body is out, or the chunk ended without one."""
        future.add_done_callback(lambda _: self.left.set())
        self.left.wait()


class Gate:
    """An httpx request hook that holds a chunk's first request until one of `slots` is free,
    and runs the journal's "sent" right before a round's first request leaves.

    A slot is a request at the target: through `transport`, it is free again as soon as the
    answer's body is read, so the next chunk's request goes while this one's answer is decoded
    (without it, when the client's call returns). Its `Turn` also tells the reading loop that
    the chunk's request body is out, so the loop reads the next chunk only then: reading holds
    the GIL most of the time and, started before, would slow the checks and encoding of the
    chunk about to go, then each socket write of its body by a switch interval (5 ms). Requests
    made outside a chunk's turn pass freely.
    """

    def __init__(self, slots: int) -> None:
        self._free = slots
        self._cond = threading.Condition()
        self._closed = False
        self._turn: ContextVar[Turn | None] = ContextVar("hoko_cli_turn", default=None)

    def hook(self, request: Any) -> None:
        turn = self._turn.get()
        if turn is not None:
            if not turn.holds:
                with self._cond:
                    while not self._free and not self._closed:
                        self._cond.wait()
                    if self._closed:
                        raise Stopped("the run stopped before this chunk was sent")
                    self._free -= 1
                turn.holds = True
            before, turn.before = turn.before, None
            if before is not None:
                before()

    def transport(self, inner: httpx.BaseTransport) -> httpx.BaseTransport:
        """`inner`, telling the current turn when its request body is out, and with each
        answer's slot freed once its body is read (or abandoned)."""
        return _Releasing(inner, self)

    def sent(self) -> None:
        """The current turn's request body is out: the reading loop may read on."""
        turn = self._turn.get()
        if turn is not None:
            turn.left.set()

    def answered(self) -> None:
        """The current turn's answer was read: its slot is free (a retry or the next round
        waits for one again)."""
        turn = self._turn.get()
        if turn is not None:
            self.leave(turn)

    @contextmanager
    def passage(self, turn: Turn) -> Iterator[None]:
        """`turn` is the chunk sent by this thread (or one it hands the request to)."""
        token = self._turn.set(turn)
        try:
            yield
        except BaseException:
            self.close()  # a chunk that ended the run lets no waiting chunk go after it
            raise
        finally:
            self._turn.reset(token)
            self.leave(turn)

    def leave(self, turn: Turn) -> None:
        """Free `turn`'s slot, if it holds one."""
        if turn.holds:
            turn.holds = False
            with self._cond:
                self._free += 1
                self._cond.notify()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


def http_client(gate: Gate) -> httpx.Client:
    """The command's httpx client, through `gate` (its timeouts are hoko's, per call)."""
    return httpx.Client(
        event_hooks={"request": [gate.hook]}, transport=gate.transport(httpx.HTTPTransport())
    )


class _Releasing(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, gate: Gate) -> None:
        self._inner, self._gate = inner, gate

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        when_body_sent(request, self._gate.sent)
        try:
            response = self._inner.handle_request(request)
        finally:
            self._gate.sent()  # for a transport that took the body without iterating it
        stream = response.stream
        if isinstance(stream, httpx.SyncByteStream):
            response.stream = _Released(stream, self._gate.answered)
        return response

    def close(self) -> None:
        self._inner.close()


class _Released(httpx.SyncByteStream):
    """An answer's body that frees its slot when closed: httpx closes it once it is read."""

    def __init__(self, stream: httpx.SyncByteStream, on_close: Callable[[], None]) -> None:
        self._stream, self._on_close = stream, on_close

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        try:
            self._stream.close()
        finally:
            self._on_close()


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
) -> None:
    """Send every chunk, `concurrency` at a time (the sender's gate holds that many slots),
    handling answers in input order."""
    gate = sender.gate
    # Futures only: a chunk's rows are freed once it is answered (its failed rows stay).
    inflight: deque[Future[Answer]] = deque()
    number = first_chunk

    def settle(future: Future[Answer]) -> None:
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
        memory.chunk_done()

    # One worker more than slots: it checks and encodes the next chunk while the others are out.
    with ThreadPoolExecutor(max_workers=concurrency + 1, thread_name_prefix="hoko-cli") as pool:
        try:
            for chunk in chunks(rows, size, skip):
                # This chunk was read while the ones before it were out.
                turn = Turn()
                inflight.append(pool.submit(sender.send, number, chunk, turn))
                turn.wait(inflight[-1])
                number += 1
                # Its request is out, so a chunk before it ended; the oldest is settled (waited
                # for, if need be) before the next is read: at most `concurrency` + 1 chunks of
                # rows are held.
                while len(inflight) > concurrency:
                    settle(inflight.popleft())
            while inflight:
                settle(inflight.popleft())
        except BaseException:
            gate.close()
            for future in inflight:
                future.cancel()
            raise
    tally.rounds_given_up = sender.gave_up
