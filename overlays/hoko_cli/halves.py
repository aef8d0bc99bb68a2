"""Checking a big file in two processes, before anything is sent.

The check-every-row-first pass reads the whole file once more than the send does, and while it
runs the target is idle. On Linux, a file of at least MIN_SPLIT_BYTES is cut in two at a record
boundary near its middle, and a forked child checks the second half while this process checks
the first. The outcome is only ever "every row is good" (with the row count) or "not sure":
any bad row, a cut that may not fall on a record boundary, or a child that did not answer means
the caller checks the whole file serially, so a message about bad input is always the serial
pass's, naming the same first bad row and column.
"""

from __future__ import annotations

import csv
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator

from .rows import InputError, Records, Row, open_text, read_part

MIN_SPLIT_BYTES = 4 << 20
_BLOCK = 1 << 20


def split_point(path: str, fmt: str, min_bytes: int = MIN_SPLIT_BYTES) -> int | None:
    """A byte offset just after a newline near the middle of `path`, or None (no cut).

    For CSV the newline must follow an even number of quote characters: with RFC 4180 quoting
    that is a record boundary. A literal quote inside an unquoted cell can fool the count, so
    the caller still verifies the cut (see `check_in_halves`).
    """
    if fmt not in ("csv", "jsonl") or not sys.platform.startswith("linux"):
        return None
    if threading.active_count() > 1:
        return None  # a lock another thread holds at the fork would stay held in the child
    size = os.path.getsize(path)
    if size < max(min_bytes, 2):
        return None
    quotes, offset = 0, 0
    with open(path, "rb") as fh:
        while offset < size // 2:
            block = fh.read(min(_BLOCK, size // 2 - offset))
            if not block:
                return None
            quotes += block.count(b'"')
            offset += len(block)
        while block := fh.read(_BLOCK):
            at = block.find(b"\n")
            while at >= 0:
                if fmt == "jsonl" or (quotes + block.count(b'"', 0, at)) % 2 == 0:
                    cut = offset + at + 1
                    return cut if cut < size else None
                at = block.find(b"\n", at + 1)
            quotes += block.count(b'"')
            offset += len(block)
    return None


def _header(path: str) -> list[str] | None:
    with open_text(path) as handle:
        return next(csv.reader(handle), None)


def check_in_halves(
    path: str,
    fmt: str,
    operation_id: str,
    null: str,
    check: Callable[[Iterable[Row | Records]], int],
    min_bytes: int = MIN_SPLIT_BYTES,
) -> int | None:
    """The number of rows if every row of `path` passed `check`; None for "check serially"."""
    cut = split_point(path, fmt, min_bytes)
    if cut is None:
        return None
    header = _header(path) if fmt == "csv" else None
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: check the second half, write its row count, never return
        os.close(read)
        code = 1
        try:
            count = check(read_part(path, fmt, operation_id, null, (cut, None), header))
            os.write(write, str(count).encode("ascii"))
            code = 0
        except BaseException:  # "not sure" is the exit code: the parent re-checks
            pass
        finally:
            os._exit(code)
    os.close(write)
    first: int | None = None
    try:
        last: list[Row | Records] = []
        first = check(_keep_last(read_part(path, fmt, operation_id, null, (0, cut), header), last))
        if fmt == "csv" and not _ends_a_record(last):
            first = None
    except InputError:
        first = None
    finally:
        if first is None:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        with os.fdopen(read, "rb") as pipe:
            answer = pipe.read()
    if first is None or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    return first + int(answer)


def _keep_last(rows: Iterator[Row | Records], last: list[Row | Records]) -> Iterator[Row | Records]:
    for row in rows:
        last[:] = [row]
        yield row


def _ends_a_record(last: list[Row | Records]) -> bool:
    """Whether the first half's cut fell between records.

    A cut inside a quoted cell leaves the half's last cell ending with the newline before the
    cut (the parser reads to the end of the half as part of that cell). A cell that really ends
    with a newline looks the same, so it counts as "not sure" too.
    """
    if not last or not isinstance(last[0], Records):
        return False
    cells = last[0].raws[-1]
    return not (cells and cells[-1].endswith(("\n", "\r")))
