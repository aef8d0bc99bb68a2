"""Harness for the overlay tests: the real reference app in-process, driven by Hoko and AsyncHoko.

Every test that takes ``drive`` runs twice, once through the sync client (whose httpx client uses
a small sync->ASGI bridge, run in a worker thread) and once through the async client (httpx
ASGITransport). ``Through`` sits between client and app: it records every request and can inject
the faults a real server cannot produce on demand (reset, timeout, 5xx), and nothing else.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import hoko
import httpx
import orjson
import pytest
from hoko import AsyncHoko, Hoko
from hoko_reference import create_app
from starlette.applications import Starlette

FULL_A = "hk_test_full_a"
READONLY_A = "hk_test_readonly_a"
FULL_B = "hk_test_full_b"
BASIC_C = "hk_test_basic_c"
# Rate-limited keys, so 429 handling is exercised with short waits, not the dev key's 10 s:
# FAST for storms (waits of ~1 s), PAIRED where a test needs the 2nd of two back-to-back calls to
# be limited even on a slow machine, SLOW where a test must see a wait longer than its cap.
FAST_LIMITED = "hk_test_overlay_fast_rl"
PAIRED_LIMITED = "hk_test_overlay_paired_rl"
SLOW_LIMITED = "hk_test_overlay_slow_rl"


def _limited(key: str, window: int) -> dict[str, object]:
    rate = {"requests": 1, "windowSeconds": window}
    return {"key": key, "workspace": "OVL", "scopes": "all", "rateLimit": rate}


SEED = {
    "workspaces": [{"id": "OVL", "plan": "pro"}],
    "keys": [
        _limited(FAST_LIMITED, 1),
        _limited(PAIRED_LIMITED, 3),
        _limited(SLOW_LIMITED, 120),
    ],
}
ALL_KEYS = (FULL_A, READONLY_A, FULL_B, BASIC_C, FAST_LIMITED, PAIRED_LIMITED, SLOW_LIMITED)
BASE_URL = "http://hoko.test"


@pytest.fixture(autouse=True)
def _fast_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff bounds are module constants; shrink them so retry tests take milliseconds."""
    monkeypatch.setattr(hoko._constants, "INITIAL_RETRY_DELAY", 0.01)
    monkeypatch.setattr(hoko._constants, "MAX_RETRY_DELAY", 0.05)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class SyncASGIBridge(httpx.BaseTransport):
    """httpx.ASGITransport is async-only; run each request on a private event loop."""

    def __init__(self, app: Starlette) -> None:
        self._inner = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def go() -> httpx.Response:
            response = await self._inner.handle_async_request(request)
            content = await response.aread()
            # An unread stream, like a real network response, so the client's streaming read runs.
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                stream=httpx.ByteStream(content),
                request=request,
            )

        return asyncio.run(go())


@dataclass
class Seen:
    method: str
    path: str
    items: int
    status: int | None
    fault: str | None


class Through(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Pass-through to the real app that records requests and injects planned faults.

    ``plan`` holds one entry per upcoming request: None (pass through) or a fault name:
    - "500": answer 500 without reaching the app;
    - "connect": fail before sending (httpx.ConnectError);
    - "drop": the app handles the request, then the connection dies (RemoteProtocolError);
    - "timeout": the app handles the request, then the read times out (httpx.ReadTimeout).
    ``delay`` (seconds) holds a response back, for ordering tests.
    """

    def __init__(self, app: Starlette) -> None:
        self._sync = SyncASGIBridge(app)
        self._async = httpx.ASGITransport(app=app)
        self.plan: deque[str | None] = deque()
        self.delays: dict[int, float] = {}
        self.seen: list[Seen] = []

    def _begin(self, request: httpx.Request) -> tuple[Seen, str | None]:
        fault = self.plan.popleft() if self.plan else None
        body = request.content
        items = len(orjson.loads(body)) if body and len(body) < 64 * 1024 * 1024 else -1
        seen = Seen(request.method, request.url.path, items, None, fault)
        self.seen.append(seen)
        if fault == "connect":
            raise httpx.ConnectError("connection refused (injected)", request=request)
        return seen, fault

    @staticmethod
    def _fault_500(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            500,
            json={"error": {"en": "Injected failure", "ar": "فشل مقصود"}},
            request=request,
        )

    @staticmethod
    def _after(fault: str | None, request: httpx.Request) -> None:
        if fault == "drop":
            raise httpx.RemoteProtocolError("peer closed connection (injected)", request=request)
        if fault == "timeout":
            raise httpx.ReadTimeout("read timed out (injected)", request=request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        index = len(self.seen)
        seen, fault = self._begin(request)
        if fault == "500":
            seen.status = 500
            return self._fault_500(request)
        response = self._sync.handle_request(request)
        if index in self.delays:
            time.sleep(self.delays[index])
        seen.status = response.status_code
        self._after(fault, request)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        index = len(self.seen)
        seen, fault = self._begin(request)
        if fault == "500":
            seen.status = 500
            return self._fault_500(request)
        response = await self._async.handle_async_request(request)
        content = await response.aread()
        if index in self.delays:
            await asyncio.sleep(self.delays[index])
        seen.status = response.status_code
        self._after(fault, request)
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx.ByteStream(content),
            request=request,
        )

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


@pytest.fixture
def app(tmp_path: Path) -> Starlette:
    return create_app(db_path=tmp_path / "hoko.sqlite3", seed=SEED)


def db(app: Starlette, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    """Read the server's SQLite file directly, to prove what was (not) written."""
    with sqlite3.connect(app.state.hoko.db.path) as conn:
        return conn.execute(sql, params).fetchall()


class Drive:
    """One API over both clients: ``await drive.call("links.upsert", items, **kw)``."""

    def __init__(self, flavor: str, app: Starlette) -> None:
        self.flavor = flavor
        self.app = app
        self.transport = Through(app)
        self._clients: list[Hoko | AsyncHoko] = []

    def client(self, key: str = FULL_A, **options: Any) -> Hoko | AsyncHoko:
        c: Hoko | AsyncHoko
        if self.flavor == "sync":
            c = Hoko(
                key,
                base_url=BASE_URL,
                http_client=httpx.Client(transport=self.transport),
                **options,
            )
        else:
            c = AsyncHoko(
                key,
                base_url=BASE_URL,
                http_client=httpx.AsyncClient(transport=self.transport),
                **options,
            )
        self._clients.append(c)
        return c

    @staticmethod
    def _resolve(client: Hoko | AsyncHoko, path: str) -> Callable[..., Any]:
        target: Any = client
        for part in path.split("."):
            target = getattr(target, part)
        return target  # type: ignore[no-any-return]

    async def call(
        self, path: str, *args: Any, client: Hoko | AsyncHoko | None = None, **kw: Any
    ) -> Any:
        fn = self._resolve(client or self.default, path)
        if self.flavor == "sync":
            return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kw))
        return await fn(*args, **kw)

    async def chunks(
        self, path: str, *args: Any, client: Hoko | AsyncHoko | None = None, **kw: Any
    ) -> tuple[list[hoko.ChunkResult[Any]], BaseException | None]:
        """Run an iter_* method to the end; return the chunks it yielded and what it raised."""
        fn = self._resolve(client or self.default, path)
        got: list[hoko.ChunkResult[Any]] = []
        if self.flavor == "sync":

            def run() -> BaseException | None:
                try:
                    for chunk in fn(*args, **kw):
                        got.append(chunk)
                except Exception as exc:
                    return exc
                return None

            return got, await anyio.to_thread.run_sync(run)
        try:
            async for chunk in fn(*args, **kw):
                got.append(chunk)
        except Exception as exc:
            return got, exc
        return got, None

    @functools.cached_property
    def default(self) -> Hoko | AsyncHoko:
        return self.client()

    async def close(self) -> None:
        for c in self._clients:
            if isinstance(c, AsyncHoko):
                await c.close()
            else:
                c.close()

    # Small helpers on top of the real API.
    async def collection(self, **fields: Any) -> str:
        result = await self.call("collections.upsert", [{"name": "c", **fields}])
        return str(result[0].id)


@pytest.fixture(params=["sync", "async"])
async def drive(request: pytest.FixtureRequest, app: Starlette) -> AsyncIterator[Drive]:
    d = Drive(request.param, app)
    yield d
    await d.close()


def links(cid: str, n: int, prefix: str = "https://example.com/") -> Iterator[dict[str, Any]]:
    return ({"url": f"{prefix}{i}", "collectionId": cid} for i in range(n))
