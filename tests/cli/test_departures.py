"""The sending loop reads the next chunk only once the current chunk's request has left, and a
chunk that fails before any request goes does not stall it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import hoko
import pytest
from hoko_cli.outputs import Failed, Out
from hoko_cli.rows import Row
from hoko_cli.sync import Departures, Fatal, Sender, Tally, run

SIZE = 3


def _rows(n: int, log: list[tuple[str, int]]) -> Iterator[Row]:
    for number in range(1, n + 1):
        if number % SIZE == 1:
            log.append(("read", (number - 1) // SIZE))
        yield Row(number, {"url": f"https://example.com/{number}"}, [])


def _run(call: Any, rows: Iterator[Row], departures: Departures | None) -> Tally:
    tally = Tally()
    run(
        Sender(call, creates_only=True, journal=None),
        rows,
        size=SIZE,
        concurrency=1,
        first_chunk=0,
        skip=set(),
        out=Out(None, append=False),
        failed=Failed(None, "csv", append=False),
        tally=tally,
        on_progress=lambda _: None,
        departures=departures,
    )
    return tally


def test_the_next_chunk_is_read_after_the_request_left() -> None:
    log: list[tuple[str, int]] = []
    departures = Departures()
    sent = iter(range(100))

    def call(items: list[dict[str, Any]]) -> Any:
        time.sleep(0.02)  # checks and encoding, before the request goes
        k = next(sent)
        log.append(("left", k))
        departures.hook(None)
        time.sleep(0.02)  # the target at work
        return SimpleNamespace(raw=[{"id": f"id{k}"} for _ in items])

    tally = _run(call, _rows(4 * SIZE, log), departures)
    assert tally.created == 4 * SIZE
    # Chunk 0 is read before anything goes; every later chunk only after the one before left.
    assert log == [("read", 0), ("left", 0), ("read", 1), ("left", 1), ("read", 2),
                   ("left", 2), ("read", 3), ("left", 3)]  # fmt: skip


def test_a_chunk_that_fails_before_its_request_does_not_stall_the_loop() -> None:
    def call(items: list[dict[str, Any]]) -> Any:
        raise hoko.HokoError("no route to the target")

    done = threading.Event()

    def go() -> None:
        with pytest.raises(Fatal):
            _run(call, _rows(2 * SIZE, []), Departures())
        done.set()

    worker = threading.Thread(target=go, daemon=True)
    worker.start()
    assert done.wait(10), "the loop waited for a request that never left"
