"""The sending loop: the next chunk is read once the current chunk's request body is out, and
checked while the chunks before it are out; its request goes only when a slot is free, the
journal's "sent" right before it. A chunk that fails before any request does not stall it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import hoko
import httpx
import pytest
from hoko_cli.journal import Journal
from hoko_cli.rows import Row
from hoko_cli.sync import Fatal, Gate, Tally, Turn

from tests.cli.loop import depart, send_rows

SIZE = 3


def _rows(n: int, log: list[tuple[str, int]]) -> Iterator[Row]:
    for number in range(1, n + 1):
        if number % SIZE == 1:
            log.append(("read", (number - 1) // SIZE))
        yield Row(number, {"url": f"https://example.com/{number}"}, [])


def _run(
    call: Any, rows: Iterator[Row], gate: Gate, journal: Journal | None = None, width: int = 1
) -> Tally:
    return send_rows(call, rows, gate, SIZE, journal, width)


def test_the_next_chunk_is_read_after_the_request_left(tmp_path: Path) -> None:
    """The journal's "sent" of chunk k is written by the gate just before chunk k's request
    leaves; chunk k + 1 is read only after it."""
    path = tmp_path / "input.csv"
    path.write_text("url\n")
    journal = Journal.create(tmp_path / "journal", str(path), "createLinks")
    log: list[tuple[str, int]] = []
    gate = Gate(1)

    def sent_lines() -> int:
        return (tmp_path / "journal").read_text().count('"event":"sent"')

    def rows() -> Iterator[Row]:
        for row in _rows(4 * SIZE, log):
            if row.number % SIZE == 1:
                log.append(("sent before it", sent_lines()))
            yield row

    def call(items: list[dict[str, Any]]) -> Any:
        time.sleep(0.02)  # checks and encoding, before the request goes
        depart(gate)
        time.sleep(0.02)  # the target at work
        return SimpleNamespace(raw=[{"id": "x"} for _ in items])

    tally = _run(call, rows(), gate, journal)
    journal.close()
    assert tally.created == 4 * SIZE
    # Chunk 0 is read before anything goes; every later chunk only after the one before left.
    expected: list[tuple[str, int]] = []
    for k in range(4):
        expected += [("read", k), ("sent before it", k)]
    assert log == expected


def test_a_chunk_that_fails_before_its_request_does_not_stall_the_loop() -> None:
    def call(items: list[dict[str, Any]]) -> Any:
        raise hoko.HokoError("no route to the target")

    done = threading.Event()

    def go() -> None:
        with pytest.raises(Fatal):
            _run(call, _rows(2 * SIZE, []), Gate(1))
        done.set()

    worker = threading.Thread(target=go, daemon=True)
    worker.start()
    assert done.wait(10), "the loop waited for a request that never left"


@pytest.mark.parametrize("width", [1, 2])
def test_the_next_chunk_is_checked_while_the_ones_before_are_out(
    tmp_path: Path, width: int
) -> None:
    """Its checks start before the chunk before it is answered; its request goes only when a
    slot is free, and the journal says "sent" only then."""
    log: list[tuple[str, int]] = []
    gate = Gate(width)
    lock = threading.Lock()
    out = 0
    most = 0
    path = tmp_path / "input.csv"
    path.write_text("url\n")
    journal = Journal.create(tmp_path / "journal", str(path), "createLinks")
    lines = (tmp_path / "journal").read_text
    checking = [threading.Event() for _ in range(6)]

    def call(items: list[dict[str, Any]]) -> Any:
        nonlocal out, most
        k = (int(items[0]["url"].rsplit("/", 1)[1]) - 1) // SIZE
        with lock:
            log.append(("checking", k))
        checking[k].set()
        time.sleep(0.02)  # checks and encoding
        depart(gate)
        with lock:
            # the journal line of this chunk is written before its request leaves
            assert f'"chunk":{k},' in lines()
            out += 1
            most = max(most, out)
            log.append(("left", k))
        # The target at work: until the chunk `width` later is being checked, which it can be
        # only with a spare worker (without one, this waits the 2 s out and the test fails).
        if k + width < len(checking):
            checking[k + width].wait(2)
        with lock:
            out -= 1
            log.append(("answered", k))
        return SimpleNamespace(raw=[{"id": f"id{k}"} for _ in items])

    tally = _run(call, _rows(6 * SIZE, []), gate, journal, width)
    journal.close()
    assert tally.created == 6 * SIZE
    assert most == width  # never more requests out than slots, and the slots were used
    for k in range(width, 6):
        # chunk k was being checked while chunk k - width was still out, and left after it
        assert log.index(("checking", k)) < log.index(("answered", k - width))
        assert log.index(("answered", k - width)) < log.index(("left", k))


def test_a_chunk_waiting_for_a_slot_is_not_sent_after_a_fatal_error() -> None:
    gate = Gate(1)
    left: list[int] = []

    def call(items: list[dict[str, Any]]) -> Any:
        k = (int(items[0]["url"].rsplit("/", 1)[1]) - 1) // SIZE
        depart(gate)
        left.append(k)
        if k == 0:
            time.sleep(0.1)  # chunk 1 is waiting at the gate meanwhile
            raise hoko.HokoError("the target went away")
        return SimpleNamespace(raw=[{"id": "x"} for _ in items])

    with pytest.raises(Fatal):
        _run(call, _rows(3 * SIZE, []), gate)
    assert left == [0]


@pytest.mark.parametrize("iterates", [True, False])
def test_a_turn_is_out_once_the_transport_took_its_body(iterates: bool) -> None:
    """Through the command's transport, the loop learns a chunk left only once its body was
    taken: by iterating the request's stream, as a network transport does, or else once the
    transport answered."""
    gate = Gate(1)
    turn = Turn()
    seen: list[bool] = []

    class Taking(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(turn.left.is_set())
            if iterates:
                for _ in request.stream:  # type: ignore[union-attr]
                    seen.append(turn.left.is_set())
            else:
                request.read()
            seen.append(turn.left.is_set())
            return httpx.Response(200, json=[])

    hooks: dict[str, list[Any]] = {"request": [gate.hook]}
    with httpx.Client(event_hooks=hooks, transport=gate.transport(Taking())) as http:
        with gate.passage(turn):
            http.post("http://hoko.test/api/links", content=b"[]")
            assert turn.left.is_set()
    assert seen == ([False, False, True] if iterates else [False, False])
