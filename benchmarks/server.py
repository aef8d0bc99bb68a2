"""The reference server as a loopback subprocess (fresh DB, free port), always killed."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

KEY = "hk_test_full_a"
HOST = "127.0.0.1"
_PIDS: dict[str, int] = {}  # base URL -> pid of the running server


def cpu_seconds(base_url: str) -> float:
    """CPU time (user + system, all threads) the loopback server at `base_url` has used so far."""
    import psutil

    times = psutil.Process(_PIDS[base_url]).cpu_times()
    return float(times.user + times.system)


def wait_idle(base_url: str, *, quiet_s: float = 0.05, max_s: float = 2.0) -> float:
    """Block until the loopback server at `base_url` used no CPU for `quiet_s` (at most `max_s`).

    A server finishes some work after its answer (freeing the request's objects, a WAL
    checkpoint); without this, that work lands on whichever variant happens to come next, so the
    order of variants, not the variants, would decide part of their times. Returns the wait.
    """
    start = time.monotonic()
    last = cpu_seconds(base_url)
    while time.monotonic() - start < max_s:
        time.sleep(quiet_s)
        now = cpu_seconds(base_url)
        if now - last < 0.002:  # psutil's clock ticks are 10 ms; allow scheduler noise
            break
        last = now
    return time.monotonic() - start


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Fixtures:
    """Objects every links batch refers to (collectionId, partnerId must exist, D14)."""

    collection_id: str
    partner_id: str


def create_fixtures(client: httpx.Client) -> Fixtures:
    r = client.put("/api/collections", json=[{"name": "bench"}])
    r.raise_for_status()
    collection_id = r.json()[0]["id"]
    r = client.put("/api/partners", json=[{"name": "bench partner", "email": "p@example.com"}])
    r.raise_for_status()
    return Fixtures(collection_id, r.json()[0]["id"])


def http_client(base_url: str, *, timeout: float = 120.0) -> httpx.Client:
    return httpx.Client(
        base_url=base_url,
        headers={"Authorization": f"Bearer {KEY}"},
        timeout=httpx.Timeout(timeout, connect=5.0),
    )


def _wait_ready(proc: subprocess.Popen[bytes], base_url: str, log: Path, deadline_s: float) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-2000:]}")
        try:
            # Any HTTP answer (a 404 in the error shape) means uvicorn is serving.
            httpx.get(base_url + "/", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"server not ready after {deadline_s} s:\n{log.read_text()[-2000:]}")


def stop(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextlib.contextmanager
def loopback_server(
    workdir: Path | None = None,
    *,
    module: str = os.environ.get("HOKO_BENCH_SERVER", "hoko_reference"),
) -> Iterator[str]:
    """`python -m hoko_reference` on 127.0.0.1, a free port and a fresh DB; yields its URL.

    HOKO_BENCH_SERVER names another module with the same CLI (harness development only).
    """
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="hoko-bench-")))
        port = free_port()
        db = workdir / f"bench-{port}.db"
        log = workdir / f"server-{port}.log"
        base_url = f"http://{HOST}:{port}"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    module,
                    "--host",
                    HOST,
                    "--port",
                    str(port),
                    "--db",
                    str(db),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        try:
            _wait_ready(proc, base_url, log, deadline_s=60)
            _PIDS[base_url] = proc.pid
            yield base_url
        finally:
            _PIDS.pop(base_url, None)
            stop(proc)
