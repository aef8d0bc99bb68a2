"""Against any answer a server can give, the client returns results that match the request or
raises a HokoError: never another exception, never past its time bound, never unbounded memory.

A hostile transport (a fake: these answers cannot be had from a real server on demand) draws the
status, the headers (non-finite, huge, negative, duplicated, garbage) and the body (valid,
truncated, oversized, endless, wrong length, reordered, not JSON) per attempt.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anyio
import hoko
import httpx
import orjson
import pytest
from hoko import AsyncHoko, Hoko
from hoko_client.models import Link
from hoko_reference import create_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.overlay.conftest import FULL_A

TIME_BOUND = 10.0  # timeout 1 s per attempt, 3 attempts, waits capped at 0.05 s, with margin


def _real_links(n: int) -> list[dict[str, Any]]:
    async def go() -> list[dict[str, Any]]:
        transport = httpx.ASGITransport(app=create_app())
        headers = {"Authorization": f"Bearer {FULL_A}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", headers=headers
        ) as c:
            shelf = (await c.put("/api/collections", json=[{"name": "c"}])).json()[0]["id"]
            items = [{"url": f"https://e.com/{i}", "collectionId": shelf} for i in range(n)]
            links: list[dict[str, Any]] = (await c.post("/api/links", json=items)).json()
            return links

    return anyio.run(go)


LINKS = _real_links(3)
ITEMS = [{"id": link["id"], "title": f"t{i}"} for i, link in enumerate(LINKS)]
NUMBERS = [
    "nan",
    "inf",
    "-inf",
    "-1",
    "-0.5",
    "0",
    "1",
    "0.01",
    "1e400",
    "99999999999999999999",
    "abc",
    "",
    " 2 ",
    "Wed, 21 Oct 2015 07:28:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
]
HEADER_NAMES = [
    "retry-after",
    "retry-after-ms",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "content-type",
]


def _bodies() -> st.SearchStrategy[tuple[str, Any]]:
    good = orjson.dumps(LINKS)
    return st.sampled_from(
        [
            ("valid", good),
            ("truncated", good[: len(good) // 2]),
            ("short", orjson.dumps(LINKS[:-1])),
            ("long", orjson.dumps([*LINKS, LINKS[0]])),
            ("reordered", orjson.dumps(LINKS[::-1])),
            ("not json", b"<html>oops</html>"),
            ("empty", b""),
            ("object", b'{"error": {"en": "x", "ar": "y"}}'),
            ("wrong shapes", orjson.dumps([{"id": 5}, [], None])),
            ("nan wait", b'{"error": {"en": "slow", "ar": "x"}, "retryAfter": NaN}'),
            ("huge wait", b'{"error": {"en": "slow", "ar": "x"}, "retryAfter": 1e400}'),
            ("negative wait", b'{"error": {"en": "slow", "ar": "x"}, "retryAfter": -5}'),
            ("oversized", b"[" + b'"x",' * 3_000_000 + b'"x"]'),
            ("endless", None),
        ]
    )


ANSWER = st.tuples(
    st.sampled_from([200, 201, 204, 302, 400, 401, 403, 413, 418, 429, 500, 502, 503]),
    st.lists(st.tuples(st.sampled_from(HEADER_NAMES), st.sampled_from(NUMBERS)), max_size=6),
    _bodies(),
)


def _endless() -> Iterator[bytes]:
    chunk = b'{"id": "' + b"x" * 65_000 + b'"},'
    yield b"["
    for _ in range(100_000):  # 6.5 GB if a client read it all; the bound stops far earlier
        yield chunk


async def _aendless() -> AsyncIterator[bytes]:
    for part in _endless():
        yield part


def _response(answer: Any, is_async: bool) -> httpx.Response:
    status, headers, (_kind, body) = answer
    if body is None:
        stream = _aendless() if is_async else _endless()
        return httpx.Response(status, headers=headers, content=stream)
    return httpx.Response(status, headers=headers, content=body)


def _check(result: Any) -> None:
    assert [str(link.id) for link in result] == [item["id"] for item in ITEMS]


OPTIONS: dict[str, Any] = {
    "max_retries": 2,
    "max_rate_limit_retries": 2,
    "max_retry_wait": 0.05,
    "timeout": 1.0,
}


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(answers=st.lists(ANSWER, min_size=1, max_size=4))
def test_sync_client_returns_matching_results_or_raises_a_hoko_error(answers: list[Any]) -> None:
    cycle = itertools.cycle(answers)
    transport = httpx.MockTransport(lambda request: _response(next(cycle), False))
    started = time.monotonic()
    with Hoko(
        FULL_A,
        base_url="http://hostile.test",
        http_client=httpx.Client(transport=transport, base_url="http://hostile.test"),
        **OPTIONS,
    ) as client:
        try:
            _check(client.links.upsert(copy.deepcopy(ITEMS)))
        except hoko.HokoError:
            pass
    assert time.monotonic() - started < TIME_BOUND


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(answers=st.lists(ANSWER, min_size=1, max_size=4))
def test_async_client_returns_matching_results_or_raises_a_hoko_error(answers: list[Any]) -> None:
    cycle = itertools.cycle(answers)

    async def handler(request: httpx.Request) -> httpx.Response:
        return _response(next(cycle), True)

    async def go() -> None:
        http = httpx.AsyncClient(
            transport=httpx.MockTransport(handler), base_url="http://hostile.test"
        )
        async with AsyncHoko(
            FULL_A, base_url="http://hostile.test", http_client=http, **OPTIONS
        ) as client:
            try:
                _check(await client.links.upsert(copy.deepcopy(ITEMS)))
            except hoko.HokoError:
                pass

    started = time.monotonic()
    asyncio.run(asyncio.wait_for(go(), TIME_BOUND))
    assert time.monotonic() - started < TIME_BOUND


def test_the_property_can_fail() -> None:
    """A reordered answer is caught: the check above is not vacuous."""
    transport = httpx.MockTransport(
        lambda r: httpx.Response(200, content=orjson.dumps(LINKS[::-1]))
    )
    http = httpx.Client(transport=transport, base_url="http://hostile.test")
    with Hoko(FULL_A, base_url="http://hostile.test", http_client=http, **OPTIONS) as client:
        with pytest.raises(hoko.APIResponseValidationError, match="0"):
            client.links.upsert(copy.deepcopy(ITEMS))
    assert uuid.UUID(ITEMS[0]["id"])


def test_a_result_field_that_does_not_read_is_a_hoko_error_naming_it() -> None:
    """Results convert a field when it is read (D38): a malformed one fails there, as a HokoError
    naming the field, and the other fields still read."""
    bad = [{**LINKS[0], "createdAt": "not a time"}]
    transport = httpx.MockTransport(lambda r: httpx.Response(200, content=orjson.dumps(bad)))
    http = httpx.Client(transport=transport, base_url="http://hostile.test")
    with Hoko(FULL_A, base_url="http://hostile.test", http_client=http, **OPTIONS) as client:
        (link,) = client.links.upsert(copy.deepcopy(ITEMS[:1]))
    assert str(link.id) == LINKS[0]["id"]
    with pytest.raises(hoko.APIResponseValidationError, match="field created_at"):
        _ = link.created_at
    assert isinstance(link, Link)
