"""Before the first test: is the target there, does it speak HTTP, is the main key accepted?

Only documented reads are sent (`GET /api/collections?take=1`, hoko-api-facts.md), falling back
to a body that no server can take as a write (an empty array) where the target has no GET.
Nothing is written either way.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from .http import CONNECT_TIMEOUT
from .secrets import reveal

UNREACHABLE = 3  # exit code: the target is unreachable or does not answer
CONFIG_ERROR = 2  # exit code: the target answers, but the run cannot go on as configured


@dataclass
class Failure:
    code: int
    message: str


def check(base_url: str, key: str | None, timeout: float) -> Failure | None:
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
    except OSError as exc:
        return Failure(UNREACHABLE, f"target {base_url} is unreachable: {exc}")
    limits = httpx.Timeout(min(timeout, 15.0), connect=CONNECT_TIMEOUT)
    headers = {"Authorization": f"Bearer {reveal(key)}"} if key else {}
    try:
        with httpx.Client(base_url=base_url, timeout=limits) as client:
            resp = client.get("/api/collections", params={"take": 1}, headers=headers)
            if resp.status_code in (404, 405):
                resp = client.put(
                    "/api/collections",
                    content=b"[]",
                    headers={**headers, "Content-Type": "application/json"},
                )
    except httpx.TimeoutException:
        return Failure(
            UNREACHABLE,
            f"target {base_url} accepts connections but did not answer within "
            f"{limits.read:g} s (HOKO_TIMEOUT)",
        )
    except httpx.HTTPError as exc:
        return Failure(
            UNREACHABLE, f"target {base_url} does not speak HTTP: {type(exc).__name__}: {exc}"
        )
    if resp.status_code == 401:
        return Failure(CONFIG_ERROR, f"target {base_url} rejects the main key (HOKO_API_KEY): 401")
    return None
