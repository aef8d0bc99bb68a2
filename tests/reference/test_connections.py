"""A half-sent request head does not hold a connection: it is closed after --head-timeout."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.reference.conftest import FULL_A, start_server, stop_server

HEAD_TIMEOUT = 1.0


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    proc, url = start_server("--head-timeout", str(HEAD_TIMEOUT))
    try:
        yield url
    finally:
        stop_server(proc)


def _connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    return sock


def _closed_by_server(sock: socket.socket, within: float) -> bool:
    sock.settimeout(within)
    try:
        return sock.recv(1024) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


@pytest.mark.slow
def test_half_sent_heads_are_closed(base: str) -> None:
    socks = [_connect(base) for _ in range(50)]
    for sock in socks:
        sock.sendall(b"PUT /api/collections HTTP/1.1\r\nHost: x\r\nAuthorization: Bea")
    started = time.monotonic()
    closed = [_closed_by_server(s, HEAD_TIMEOUT * 4) for s in socks]
    assert all(closed), closed.count(False)
    assert time.monotonic() - started < HEAD_TIMEOUT * 4
    for sock in socks:
        sock.close()


@pytest.mark.slow
def test_a_silent_connection_is_closed(base: str) -> None:
    sock = _connect(base)
    assert _closed_by_server(sock, HEAD_TIMEOUT * 4)
    sock.close()


@pytest.mark.slow
def test_a_slow_but_complete_head_is_served(base: str) -> None:
    sock = _connect(base)
    body = b'[{"name": "slow"}]'
    head = (
        f"PUT /api/collections HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {FULL_A}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    for part in (head[:20], head[20:]):
        sock.sendall(part)
        time.sleep(HEAD_TIMEOUT / 3)
    sock.sendall(body)
    sock.settimeout(10)
    answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    sock.close()


@pytest.mark.slow
def test_a_kept_alive_connection_serves_the_next_request(base: str) -> None:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {FULL_A}"}) as client:
        for _ in range(3):
            response = client.put("/api/collections", json=[{"name": "kept"}])
            assert response.status_code == 200
            time.sleep(HEAD_TIMEOUT * 1.2)  # longer than a head may take, shorter than keep-alive
