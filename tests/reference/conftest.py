"""In-process harness: the real app on a real SQLite file, driven through httpx.ASGITransport."""

from __future__ import annotations

import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import orjson
import pytest
import yaml
from hoko_reference import create_app
from starlette.applications import Starlette

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "openapi" / "hoko.yaml"
SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))

FULL_A = "hk_test_full_a"
READONLY_A = "hk_test_readonly_a"
FULL_B = "hk_test_full_b"
RATELIMITED_A = "hk_test_ratelimited_a"
BASIC_C = "hk_test_basic_c"

LINKS = "/api/links"
COLLECTIONS = "/api/collections"
PARTNERS = "/api/partners"
OPERATIONS: dict[str, tuple[str, str]] = {
    "createLinks": ("POST", LINKS),
    "upsertLinks": ("PUT", LINKS),
    "upsertCollections": ("PUT", COLLECTIONS),
    "upsertPartners": ("PUT", PARTNERS),
}


def _response_validators() -> dict[tuple[str, str, int], Any]:
    """One validator per (method, path, status) from the spec, so tests check bodies against it."""
    out: dict[tuple[str, str, int], Any] = {}
    for path, item in SPEC["paths"].items():
        for method, op in item.items():
            for status, response in op["responses"].items():
                while "$ref" in response:
                    response = SPEC["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
                schema = response["content"]["application/json"]["schema"]
                out[(method.upper(), path, int(status))] = jsonschema_rs.Draft202012Validator(
                    {**schema, "components": SPEC["components"]}, validate_formats=True
                )
    return out


RESPONSE_VALIDATORS = _response_validators()


def assert_conforms(response: httpx.Response) -> None:
    """The response body matches what the spec documents for this operation and status."""
    key = (response.request.method, response.request.url.path, response.status_code)
    assert key in RESPONSE_VALIDATORS, f"status not documented in the spec: {key}"
    errors = [e.message for e in RESPONSE_VALIDATORS[key].iter_errors(response.json())]
    assert not errors, errors[:5]


def assert_error(
    response: httpx.Response,
    status: int,
    *,
    index: int | str | None = "any",
    field: str | None = "any",
) -> dict[str, Any]:
    """An error in the one shape: non-empty en and ar, JSON content type, optional detail match."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["error"]["en"], str) and body["error"]["en"]
    assert isinstance(body["error"]["ar"], str) and body["error"]["ar"]
    if index != "any" or field != "any":
        pairs = [(d.get("index"), d.get("field")) for d in body.get("details", [])]
        assert any(
            (index == "any" or i == index) and (field == "any" or f == field) for i, f in pairs
        ), f"no detail with index={index!r} field={field!r} in {pairs}"
    return dict(body)


class Api:
    """Thin helpers over one httpx client talking to the app in-process."""

    def __init__(self, client: httpx.AsyncClient, app: Starlette) -> None:
        self.client = client
        self.app = app

    def db(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Looks straight into the server's SQLite file, to prove what was (not) written."""
        with sqlite3.connect(self.app.state.hoko.db.path) as conn:
            return conn.execute(sql, params).fetchall()

    async def send(
        self,
        method: str,
        path: str,
        body: Any,
        *,
        key: str | None = FULL_A,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        h = {"Content-Type": "application/json"}
        if key is not None:
            h["Authorization"] = f"Bearer {key}"
        h.update(headers or {})
        content = body if isinstance(body, bytes) else orjson.dumps(body)
        return await self.client.request(method, path, content=content, headers=h)

    async def put_links(self, items: Any, key: str | None = FULL_A) -> httpx.Response:
        return await self.send("PUT", LINKS, items, key=key)

    async def post_links(self, items: Any, key: str | None = FULL_A) -> httpx.Response:
        return await self.send("POST", LINKS, items, key=key)

    async def put_collections(self, items: Any, key: str | None = FULL_A) -> httpx.Response:
        return await self.send("PUT", COLLECTIONS, items, key=key)

    async def put_partners(self, items: Any, key: str | None = FULL_A) -> httpx.Response:
        return await self.send("PUT", PARTNERS, items, key=key)

    async def ok(self, response: httpx.Response, status: int = 200) -> list[dict[str, Any]]:
        assert response.status_code == status, (response.status_code, response.text[:800])
        assert_conforms(response)
        body: list[dict[str, Any]] = response.json()
        return body

    async def collection(self, key: str = FULL_A, **fields: Any) -> dict[str, Any]:
        return (await self.ok(await self.put_collections([{"name": "c", **fields}], key=key)))[0]

    async def partner(self, key: str = FULL_A, **fields: Any) -> dict[str, Any]:
        return (await self.ok(await self.put_partners([{"name": "p", **fields}], key=key)))[0]

    async def link(self, key: str = FULL_A, **fields: Any) -> dict[str, Any]:
        if "collectionId" not in fields:
            fields["collectionId"] = (await self.collection(key=key))["id"]
        fields.setdefault("url", "https://example.com/landing")
        return (await self.ok(await self.post_links([fields], key=key), 201))[0]

    async def read_link(self, link_id: str, key: str = FULL_A) -> dict[str, Any]:
        return (await self.ok(await self.put_links([{"id": link_id}], key=key)))[0]


def freeze_rate_limit_clock(app: Starlette) -> None:
    """Keeps every rate-limit window open however slowly a loaded machine runs the test."""
    app.state.hoko.limiter.clock = lambda: 1_000.0


def new_uuid() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "hoko.sqlite3"


@pytest.fixture
def app(db_path: Path) -> Starlette:
    return create_app(db_path=db_path)


@pytest.fixture
async def api(app: Starlette) -> AsyncIterator[Api]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hoko.test") as client:
        yield Api(client, app)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(*args: str, startup_timeout: float = 20.0) -> tuple[subprocess.Popen[str], str]:
    """`python -m hoko_reference` on a free loopback port; returns once it answers HTTP."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hoko_reference", "--host", "127.0.0.1", "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + startup_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            output = proc.stdout.read() if proc.stdout else ""
            raise AssertionError(f"server exited early ({proc.returncode}): {output}")
        try:
            httpx.get(base + "/", timeout=1.0)
            return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    stop_server(proc)
    raise AssertionError("server did not start in time")


def stop_server(
    proc: subprocess.Popen[str], sig: int = signal.SIGTERM, timeout: float = 15.0
) -> str:
    """Stops our own server process by its pid and returns everything it printed."""
    if proc.poll() is None:
        proc.send_signal(sig)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate(timeout=timeout)
    return out or ""
