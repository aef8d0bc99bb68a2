"""The suite processes a matrix runs: started, waited for with a timeout, killed with their
whole process tree (the servers they started) when the matrix stops."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from pathlib import Path
from typing import IO


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def kill_tree(pid: int) -> None:
    for p in [pid, *descendants(pid)]:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Processes:
    """The running children of one matrix, and whether it is stopping."""

    def __init__(self) -> None:
        self._live: set[int] = set()
        self._lock = threading.Lock()
        self.stopping = threading.Event()

    def run(
        self, cmd: list[str], *, cwd: Path, env: dict[str, str], out: IO[str], timeout: float
    ) -> int | None:
        """The exit code, or None if it ran past `timeout` (then its tree is killed)."""
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        with self._lock:
            self._live.add(proc.pid)
        try:
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_tree(proc.pid)
            proc.wait()
            return None
        finally:
            with self._lock:
                self._live.discard(proc.pid)

    def stop_all(self) -> None:
        """Stop queueing, and kill every running child with what it started."""
        self.stopping.set()
        with self._lock:
            live = list(self._live)
        for pid in live:
            kill_tree(pid)
