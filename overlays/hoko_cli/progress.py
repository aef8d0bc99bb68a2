"""Progress on stderr: a bar with rows/s and ETA on a terminal, a plain line every few seconds
otherwise. A rate-limit wait (the client logs each retry on the `hoko` logger) shows as a
countdown."""

from __future__ import annotations

import logging
import sys
import threading
import time
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from .sync import Tally

PLAIN_EVERY = 5.0


class _Waits(logging.Handler):
    """Catches the client's "Retrying ... in N s after RateLimitError" records."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.until = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        if record.msg.startswith("Retrying") and len(args) >= 4 and args[3] == "RateLimitError":
            self.until = time.monotonic() + float(str(args[2]))


class _WaitColumn(ProgressColumn):
    """Rendered on every refresh, so the countdown moves while no answer comes."""

    def __init__(self, reporter: Reporter) -> None:
        super().__init__()
        self.reporter = reporter

    def render(self, task: Task) -> Text:
        return Text(self.reporter.status(), style="yellow")


class Reporter:
    def __init__(self, total: int | None, *, quiet: bool, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.total, self.quiet = total, quiet
        self.started = self.last_line = time.monotonic()
        self.waits = _Waits()
        self.logger = logging.getLogger("hoko")
        self._level = self.logger.level
        self.bar: Progress | None = None
        self.task: Any = None
        self.tally: Tally | None = None
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __enter__(self) -> Reporter:
        self.logger.addHandler(self.waits)
        if self.logger.getEffectiveLevel() > logging.INFO:
            self.logger.setLevel(logging.INFO)
        self.logger.propagate = False
        if not self.quiet and self.console.is_terminal:
            self.bar = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[rate]} rows/s"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                _WaitColumn(self),
                console=self.console,
                refresh_per_second=4,
            )
            self.bar.start()
            self.task = self.bar.add_task("syncing", total=self.total, rate="-")
        elif not self.quiet:
            self._ticker = threading.Thread(target=self._plain_loop, daemon=True)
            self._ticker.start()
        return self

    def _plain_loop(self) -> None:
        """Without a terminal: a line every PLAIN_EVERY seconds, and one when a wait begins."""
        announced = 0.0
        while not self._stop.wait(0.5):
            until = self.waits.until
            if until > time.monotonic() and until != announced:
                announced = until
                print(f"hoko: {self.status()}", file=sys.stderr, flush=True)
            if time.monotonic() - self.last_line >= PLAIN_EVERY:
                self._line()

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2)
        if self.bar is not None:
            self.bar.stop()
        self.logger.removeHandler(self.waits)
        self.logger.setLevel(self._level)
        self.logger.propagate = True

    def status(self) -> str:
        left = self.waits.until - time.monotonic()
        return f"rate limited: waiting {left:.0f} s" if left > 0 else ""

    def progress(self, tally: Tally) -> None:
        self.tally = tally
        if self.bar is not None:
            done = tally.done
            rate = done / max(time.monotonic() - self.started, 1e-9)
            self.bar.update(self.task, completed=done, rate=f"{rate:,.0f}")

    def _line(self) -> None:
        self.last_line = now = time.monotonic()
        done = self.tally.done if self.tally else 0
        rate = done / max(now - self.started, 1e-9)
        of = f"/{self.total:,}" if self.total else ""
        wait = self.status()
        print(
            f"hoko: {done:,}{of} rows, {rate:,.0f} rows/s" + (f", {wait}" if wait else ""),
            file=sys.stderr,
            flush=True,
        )
