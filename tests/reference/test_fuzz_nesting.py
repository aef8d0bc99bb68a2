"""Deeply nested and pathological JSON gets a clean 400 on every operation, never a 5xx.

The depth bound is the spec's `x-limits.maxDepth`; bodies from depth 100 to 5,000 cover both
sides of it and the depths at which a validator or a recursive encoder would give up.
"""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest
from hoko_reference import create_app
from hoko_reference.spec import load_spec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reference.conftest import FULL_A

APP = create_app()
OPERATIONS = [
    ("POST", "/api/links"),
    ("PUT", "/api/links"),
    ("PUT", "/api/collections"),
    ("PUT", "/api/partners"),
]
MAX_DEPTH = load_spec().max_depth


def nested(depth: int, kind: str, leaf: bytes = b"1") -> bytes:
    if kind == "list":
        return b"[" * depth + leaf + b"]" * depth
    return b'{"a":' * depth + leaf + b"}" * depth


def body(depth: int, kind: str, where: str) -> bytes:
    """A batch whose nesting sits at the top, in an item, or in a field value."""
    if where == "top":
        return nested(depth, kind)
    if where == "item":
        return b"[" + nested(depth - 1, kind) + b"]"
    return b'[{"name":"n","url":"https://e.com","title":' + nested(depth - 2, kind) + b"}]"


def send(method: str, path: str, content: bytes) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=APP)
        headers = {"Authorization": f"Bearer {FULL_A}", "Content-Type": "application/json"}
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.request(method, path, content=content, headers=headers)

    return anyio.run(go)


def assert_clean_400(response: httpx.Response) -> None:
    assert response.status_code == 400, (response.status_code, response.text[:300])
    error = response.json()["error"]
    assert error["en"] and error["ar"]


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
@pytest.mark.parametrize("depth", [100, 256, 257, 1024, 5000])
@pytest.mark.parametrize("kind", ["list", "object"])
def test_deep_nesting_is_400_with_a_reason(method: str, path: str, depth: int, kind: str) -> None:
    response = send(method, path, body(depth, kind, "item"))
    assert_clean_400(response)
    reasons = [d["message"] for d in response.json()["details"]]
    assert any("deep" in r or "depth" in r for r in reasons), reasons


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    op=st.sampled_from(OPERATIONS),
    depth=st.integers(min_value=3, max_value=5000),
    kind=st.sampled_from(["list", "object"]),
    where=st.sampled_from(["top", "item", "field"]),
    leaf=st.sampled_from([b"1", b'"x"', b"null", b"[]", b"{}", b"1e400", b"-0", b'"\\u0000"']),
)
def test_nested_bodies_never_get_a_server_error(
    op: tuple[str, str], depth: int, kind: str, where: str, leaf: bytes
) -> None:
    content = nested(depth, kind, leaf) if where == "top" else body(depth, kind, where)
    response = send(*op, content)
    assert response.status_code < 500, (op, depth, kind, where, response.text[:300])
    if depth > MAX_DEPTH:
        assert_clean_400(response)


PATHOLOGICAL: list[Any] = [
    b'[{"name": "' + b"a" * 100_000 + b'"}]',
    b'[{"name": "a", "name": "b"}]',  # a duplicate key
    b"[" + b'{"name":"a"},' * 5000 + b'{"name":"a"}]',
    b'[{"name": 1e999999}]',
    b'[{"name": "\\ud83d\\ude00\\u0000\\u202e"}]',
    b"[" + b" " * 100_000 + b"]",
    b'[{"' + b"k" * 10_000 + b'": 1}]',
]


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
@pytest.mark.parametrize("content", PATHOLOGICAL, ids=range(len(PATHOLOGICAL)))
def test_pathological_json_is_never_a_server_error(method: str, path: str, content: bytes) -> None:
    response = send(method, path, content)
    assert response.status_code < 500, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
