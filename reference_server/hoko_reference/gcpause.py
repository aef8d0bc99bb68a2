"""Pausing Python's cyclic garbage collector while requests run.

A 10,000-link request allocates ~100,000 dicts and lists that hold no reference cycles, so a
collection during it frees nothing, yet each full one walks all of them: ~15 % of the request's
CPU. Reference counting still frees everything as usual; only cycle detection waits until no
request is running (or, under constant overlapping load, runs at most every MAX_PAUSE_S).
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

MAX_PAUSE_S = 5.0


class GcPause:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self._reenable = False
        self._since = 0.0

    def enter(self) -> None:
        with self._lock:
            if self._active == 0:
                # Leave a collector someone else switched off alone.
                self._reenable = gc.isenabled()
                gc.disable()
                self._since = time.monotonic()
            self._active += 1

    def exit(self) -> None:
        collect = False
        with self._lock:
            self._active -= 1
            if self._active == 0:
                if self._reenable:
                    gc.enable()
            elif time.monotonic() - self._since > MAX_PAUSE_S:
                self._since = time.monotonic()
                collect = True
        if collect:
            gc.collect()

    @contextmanager
    def __call__(self) -> Iterator[None]:
        self.enter()
        try:
            yield
        finally:
            self.exit()
