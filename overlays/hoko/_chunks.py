"""Cutting any iterable into chunks: pulled lazily, checked and encoded, split by item count
and body bytes, optionally one chunk ahead.

Sync read-ahead: while a chunk is in flight, the next one is read from the caller's iterable,
checked and encoded on the caller's thread, so client work overlaps the server's. It is not
sent earlier than without read-ahead, and a failure found while preparing it is raised where it
would have been raised without it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import count, islice
from typing import Any

import orjson

from ._exceptions import InvalidItemError
from ._response import ChunkFailure
from ._validation import ItemSpec, json_default


@dataclass(frozen=True, slots=True)
class Chunk:
    """One request's worth of items, already checked and encoded.

    Only the encoded body is kept (not the caller's objects): for full links it is about a third
    of their in-memory size, and `max_concurrency` chunks are held at once. `items()`
    decodes it again when a failure report needs the items.
    """

    start: int
    body: bytes
    # per item: the id it updates (lower case), None for a create
    ids: list[str | None]
    all_ids: bool

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def stop(self) -> int:
        return self.start + self.count

    @property
    def indices(self) -> range:
        return range(self.start, self.stop)

    def items(self) -> list[Any]:
        """The items as sent (JSON objects), e.g. to send them again."""
        items: list[Any] = orjson.loads(self.body)
        return items


class ChunkBuildError(Exception):
    """A chunk could not be built (an item failed a client-side check); nothing was sent."""

    def __init__(self, start: int, items: list[Any], cause: InvalidItemError) -> None:
        super().__init__(str(cause))
        self.failure = ChunkFailure(start, start + len(items), cause, items)


def _encode(dicts: list[dict[str, Any]]) -> bytes:
    return orjson.dumps(dicts, default=json_default)


@dataclass(frozen=True, slots=True)
class _Held:
    """What a read-ahead ran into, kept until the `next()` that would have met it.

    `items` are the caller's items pulled for that chunk; `from_source` says the caller's
    iterable raised `error` (after yielding `items`), else building the chunk did.
    """

    start: int
    items: list[Any]
    error: Exception
    from_source: bool


class Chunker:
    """Pulls items, checks and encodes them, and cuts chunks by item count and body bytes.

    `prefetch()` prepares the next chunk ahead of time; what `next()`, `not_attempted_start`
    and `leftover()` report is the same with or without it.
    """

    def __init__(
        self, items: Iterable[Any], spec: ItemSpec, batch_size: int, max_body_bytes: int
    ) -> None:
        if isinstance(items, str | bytes | Mapping) or hasattr(items, "to_dict"):
            raise TypeError(
                f"items must be an iterable of items (a list of dicts or models), not one "
                f"{type(items).__name__}; wrap a single item in a list: [item]"
            )
        self._source = iter(items)
        self._spec = spec
        self._batch_size = batch_size
        self._max_body_bytes = max_body_bytes
        self._next_index = 0
        self._pending: deque[Chunk] = deque()
        self._held: _Held | None = None
        self._exhausted = False
        self._short = False  # the last pull got less than a batch: the source is (likely) done

    @property
    def not_attempted_start(self) -> int:
        if self._pending:
            return self._pending[0].start
        if self._held is not None:
            return self._held.start
        return self._next_index

    def can_prefetch(self, total: int | None) -> bool:
        """False when there is surely nothing to read ahead (`total`: the input's length)."""
        return not (
            self._pending
            or self._held is not None
            or self._exhausted
            or self._short
            or (total is not None and self._next_index >= total)
        )

    def leftover(self) -> Iterator[tuple[int, Any]]:
        """(index, item) of everything pulled but not handed out, then the unread source."""
        pending = list(self._pending)
        self._pending.clear()
        held, self._held = self._held, None
        for chunk in pending:
            yield from zip(chunk.indices, chunk.items(), strict=True)
        if held is not None:
            yield from zip(count(held.start), held.items)
            if held.from_source:
                raise held.error  # as reading on from the source would have
        if not self._exhausted:
            yield from zip(count(self._next_index), self._source)

    def __iter__(self) -> Chunker:
        return self

    def __next__(self) -> Chunk:
        self.prefetch()
        if self._pending:
            return self._pending.popleft()
        if self._held is not None:
            held, self._held = self._held, None
            raise held.error
        raise StopIteration

    def prefetch(self) -> None:
        """Read, check and encode the next chunk now (if there is none yet); a later `next()`
        hands it out.

        Any exception (a failed check, or one raised by the caller's iterable) is held and
        raised by that `next()`, so results that come before it are still delivered first.
        """
        if self._pending or self._held is not None or self._exhausted:
            return
        start = self._next_index
        items: list[Any] = []
        append = items.append
        try:
            # A loop, not list(): on an exception the items read so far are kept for leftover().
            for item in islice(self._source, self._batch_size):
                append(item)
        except Exception as exc:
            self._next_index += len(items)
            self._held = _Held(start, items, exc, from_source=True)
            return
        if not items:
            self._exhausted = True
            return
        self._next_index += len(items)
        self._short = len(items) < self._batch_size
        try:
            self._build(items, start)
        except Exception as exc:
            self._pending.clear()
            self._held = _Held(start, items, exc, from_source=False)

    def _build(self, items: list[Any], start: int) -> None:
        """Check and encode one pull; append its chunk(s) to `_pending`."""
        try:
            plain = self._spec.encode_plain(items)
            if plain is not None:
                body, ids = plain
                dicts: list[dict[str, Any]] = items
            else:
                dicts, ids = self._spec.prepare(items, start)
                body = self._encode_checked(dicts, start)
            if len(body) <= self._max_body_bytes:
                self._pending.append(self._chunk(start, body, ids))
            else:
                self._split(dicts, ids, start)
        except InvalidItemError as exc:
            raise ChunkBuildError(start, items, exc) from exc

    def _encode_checked(self, dicts: list[dict[str, Any]], start: int) -> bytes:
        try:
            return _encode(dicts)
        except TypeError:
            for i, d in enumerate(dicts):
                try:
                    orjson.dumps(d, default=json_default)
                except TypeError as exc:
                    raise InvalidItemError(
                        start + i, None, f"not JSON serializable: {exc}"
                    ) from exc
            raise

    def _chunk(self, start: int, body: bytes, ids: list[str | None]) -> Chunk:
        return Chunk(start, body, ids, not self._spec.create_only and None not in ids)

    def _split(self, dicts: list[dict[str, Any]], ids: list[str | None], start: int) -> None:
        """Cut an over-size group into chunks that each fit the body cap (greedy, in order)."""
        cap = self._max_body_bytes
        encoded = [orjson.dumps(d, default=json_default) for d in dicts]
        for i, part in enumerate(encoded):
            if len(part) + 2 > cap:
                raise InvalidItemError(
                    start + i,
                    None,
                    f"item encodes to {len(part)} bytes; a request body may not exceed {cap} bytes",
                )
        first = 0
        size = 2  # the brackets
        for i, part in enumerate(encoded):
            extra = len(part) + (1 if i > first else 0)
            if i > first and size + extra > cap:
                self._push(encoded, ids, start, first, i)
                first, size = i, 2 + len(part)
            else:
                size += extra
        self._push(encoded, ids, start, first, len(encoded))

    def _push(
        self, encoded: list[bytes], ids: list[str | None], start: int, lo: int, hi: int
    ) -> None:
        body = b"[" + b",".join(encoded[lo:hi]) + b"]"
        self._pending.append(self._chunk(start + lo, body, ids[lo:hi]))
