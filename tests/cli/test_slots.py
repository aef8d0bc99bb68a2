"""A slot is a request at the target: it is free once the answer's body is read, so the next
chunk's request goes while the client still works on the answer before it (the CLI's own client,
against the reference server on loopback)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import hoko
import httpx
import pytest
from hoko_cli.rows import Row
from hoko_cli.sync import Gate, Turn, http_client

from tests.cli.loop import send_rows
from tests.reference.conftest import start_server, stop_server

KEY = "hk_test_full_a"
SIZE = 5
CHUNKS = 3
# The client's work on an answer after its body was read (decoding, in a real sync), made long
# enough that no scheduling can hide which came first.
WORK_S = 0.3
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    proc, url = start_server()
    try:
        yield url
    finally:
        stop_server(proc)


def _collection(base: str) -> str:
    r = httpx.put(
        f"{base}/api/collections",
        json=[{"name": "slots"}],
        headers={"Authorization": f"Bearer {KEY}"},
    )
    assert r.status_code == 200, r.text
    return str(r.json()[0]["id"])


def _sync(base: str, gate: Gate, width: int = 1) -> list[tuple[str, int]]:
    """Send CHUNKS chunks through `gate` as the command does; the order of what happened."""
    log: list[tuple[str, int]] = []
    lock = threading.Lock()
    http = http_client(gate)

    def chunk_of(request: httpx.Request) -> int:
        return int(request.content.split(b'"externalId":"slot-', 1)[1].split(b"-", 1)[0])

    def left(request: httpx.Request) -> None:  # runs after the gate's hook let it go
        with lock:
            log.append(("left", chunk_of(request)))

    def head(response: httpx.Response) -> None:
        with lock:
            log.append(("head", chunk_of(response.request)))

    http.event_hooks["request"].append(left)
    http.event_hooks["response"].append(head)
    client = hoko.Hoko(api_key=KEY, base_url=base, http_client=http, max_retries=0)
    collection = _collection(base)

    def call(items: list[dict[str, Any]]) -> Any:
        result = client.links.create(items, batch_size=len(items))
        time.sleep(WORK_S)
        with lock:
            log.append(("returned", int(items[0]["externalId"].split("-")[1])))
        return result

    stamp = time.monotonic_ns()

    def rows() -> Iterator[Row]:
        for number in range(CHUNKS * SIZE):
            item = {
                "url": f"https://example.com/{number}",
                "collectionId": collection,
                "externalId": f"slot-{number // SIZE}-{number}-{stamp}",
            }
            yield Row(number + 1, item, [])

    try:
        tally = send_rows(call, rows(), gate, SIZE, width=width)
    finally:
        client.close()
    assert tally.created == CHUNKS * SIZE
    return log


def test_the_next_request_goes_once_the_answer_before_it_is_read(base: str) -> None:
    log = _sync(base, Gate(1))
    for k in range(1, CHUNKS):
        # One request at the target at a time: chunk k leaves after chunk k - 1's answer came.
        assert log.index(("head", k - 1)) < log.index(("left", k)), log
    # ... and the second chunk leaves before the client finished with the first answer. Only that
    # pair has a margin of WORK_S: a later chunk is read once the chunk two before it was settled,
    # so its margin is one request's time, which a loaded machine does not keep.
    assert log.index(("left", 1)) < log.index(("returned", 0)), log


def test_a_freed_slot_is_taken_again_by_the_turns_next_request() -> None:
    """A retry or the next round of a chunk whose answer was read waits for a slot too."""
    gate = Gate(1)
    first, second = threading.Event(), threading.Event()

    def chunk(turn: Turn, started: threading.Event, go_on: threading.Event | None) -> None:
        with gate.passage(turn):
            gate.hook(None)
            started.set()
            gate.answered()  # its answer was read
            if go_on is not None:
                go_on.wait(5)
                gate.hook(None)  # a second round: needs a slot again

    other_started = threading.Event()
    a = threading.Thread(target=chunk, args=(Turn(), first, second))
    a.start()
    assert first.wait(5)
    holder = Turn()
    release = threading.Event()

    def hold() -> None:
        with gate.passage(holder):
            gate.hook(None)
            other_started.set()
            release.wait(5)

    b = threading.Thread(target=hold)
    b.start()
    assert other_started.wait(5), "the slot freed by the answer was not free"
    second.set()
    time.sleep(0.2)
    assert a.is_alive(), "the second round went while the only slot was taken"
    release.set()
    a.join(5)
    b.join(5)
    assert not a.is_alive()
