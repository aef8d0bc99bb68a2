"""A command runs with the automatic cyclic collector off (D40) and frees each chunk's cycles
itself once the chunk is settled."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from hoko_cli.outputs import Failed, Out
from hoko_cli.rows import Row
from hoko_cli.sync import Gate, Sender, Tally, run
from hoko_client.types import gc_paused

from tests.cli.loop import depart

SIZE = 4


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_turns_the_collector_off_and_restores_the_setting(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with pytest.raises(KeyError), gc_paused():
            assert not gc.isenabled()
            raise KeyError("an error inside")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_the_cycles_of_a_chunk_are_freed_once_it_is_settled() -> None:
    gate = Gate(1)
    made: list[weakref.ref[Node]] = []
    alive_when_sent: list[int] = []

    def call(items: list[dict[str, Any]]) -> Any:
        depart(gate)
        alive_when_sent.append(sum(ref() is not None for ref in made))
        node = Node()
        made.append(weakref.ref(node))
        del node  # garbage now, but in a cycle
        return SimpleNamespace(raw=[{"id": "x"} for _ in items])

    def rows() -> Iterator[Row]:
        for number in range(1, 4 * SIZE + 1):
            yield Row(number, {"url": f"https://example.com/{number}"}, [])

    with gc_paused():
        run(
            Sender(call, creates_only=True, journal=None, gate=gate),
            rows(),
            size=SIZE,
            concurrency=1,
            first_chunk=0,
            skip=set(),
            out=Out(None, append=False),
            failed=Failed(None, "csv", append=False),
            tally=Tally(),
            on_progress=lambda _: None,
        )
        assert all(ref() is None for ref in made)
    # Chunk k's request left before chunk k - 1 was settled, so at most one cycle was alive.
    assert max(alive_when_sent) <= 1


ARENAS = """
import ctypes, sys, threading
from hoko_cli import memory
from hoko_client.types import gc_paused
if sys.argv[1] == "one":
    assert memory.one_malloc_arena()
def work():
    for _ in range(50):
        b = bytearray(300_000)  # malloc, from this thread's arena unless there is one
        del b
threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
libc = ctypes.CDLL(None)
libc.fdopen.restype = ctypes.c_void_p
out = libc.fdopen(1, b"w")
libc.malloc_info(0, ctypes.c_void_p(out))
libc.fflush(ctypes.c_void_p(out))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc")
def test_one_malloc_arena_keeps_the_threads_on_the_main_arena() -> None:
    def heaps(mode: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", ARENAS, mode], capture_output=True, text=True, check=True
        )
        return done.stdout.count("<heap nr=")

    if heaps("default") < 2:
        pytest.skip("this C library gives threads no arenas of their own")
    assert heaps("one") == 1
