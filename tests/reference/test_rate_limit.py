"""Fixed-window rate limit per key (D17, D34): headers, 429 shape, no effect, no quota used."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from hoko_reference import create_app

from tests.reference.conftest import (
    FULL_A,
    RATELIMITED_A,
    Api,
    assert_error,
    freeze_rate_limit_clock,
)

pytestmark = pytest.mark.anyio

SEED = {
    "workspaces": [{"id": "D", "plan": "pro"}],
    "keys": [
        {
            "key": "hk_test_three_d",
            "workspace": "D",
            "scopes": "all",
            "rateLimit": {"requests": 3, "windowSeconds": 30},
        }
    ],
}


@pytest.fixture
async def limited(tmp_path: Path) -> AsyncIterator[Api]:
    app = create_app(db_path=tmp_path / "rl.sqlite3", seed=SEED)
    freeze_rate_limit_clock(app)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        yield Api(client, app)


def quota(response: httpx.Response) -> tuple[int, int, int]:
    h = response.headers
    return int(h["x-ratelimit-limit"]), int(h["x-ratelimit-remaining"]), int(h["x-ratelimit-reset"])


async def test_every_authenticated_response_carries_the_headers(api: Api) -> None:
    ok = await api.put_collections([{"name": "a"}])
    bad = await api.put_collections([{"nope": 1}])
    for response in (ok, bad):
        limit, remaining, reset = quota(response)
        assert limit >= 100_000 and 0 <= remaining < limit and 1 <= reset <= 60


async def test_remaining_counts_down_and_body_errors_use_quota(limited: Api) -> None:
    key = "hk_test_three_d"
    r1 = await limited.put_collections([{"name": "a"}], key=key)
    r2 = await limited.put_collections([{"bogus": True}], key=key)  # 400 still counts (D34)
    assert quota(r1)[:2] == (3, 2)
    assert quota(r2)[:2] == (3, 1)
    assert_error(r2, 400)


async def test_the_rate_limited_dev_key_allows_five_requests(api: Api) -> None:
    freeze_rate_limit_clock(api.app)
    for expected_remaining in (4, 3, 2, 1, 0):
        response = await api.put_collections([{"name": "x"}], key=RATELIMITED_A)
        assert response.status_code == 200
        assert quota(response)[:2] == (5, expected_remaining)
    response = await api.put_collections([{"name": "x"}], key=RATELIMITED_A)
    body = assert_error(response, 429)
    assert 1 <= body["retryAfter"] <= 10
    assert response.headers["retry-after"] == str(body["retryAfter"])
    assert quota(response) == (5, 0, body["retryAfter"])
    # Another key of the same workspace is unaffected: the limit is per key.
    await api.ok(await api.put_collections([{"name": "y"}], key=FULL_A))


async def test_a_429_has_no_effect_and_uses_no_quota(limited: Api) -> None:
    key = "hk_test_three_d"
    collection = (await limited.ok(await limited.put_collections([{"name": "c"}], key=key)))[0]
    for _ in range(2):
        await limited.ok(await limited.put_collections([{"name": "filler"}], key=key))
    refused = await limited.put_collections(
        [{"id": collection["id"], "name": "changed by a refused request"}], key=key
    )
    assert_error(refused, 429)
    again = await limited.put_collections([{"id": collection["id"], "name": "x"}], key=key)
    assert_error(again, 429)
    assert quota(again)[1] == 0
    assert limited.db("SELECT name FROM collections WHERE id = ?", collection["id"]) == [("c",)]
    assert limited.db("SELECT count(*) FROM collections") == [(3,)]


async def test_the_rate_limit_is_checked_after_scope_and_before_the_body(limited: Api) -> None:
    key = "hk_test_three_d"
    for _ in range(3):
        await limited.put_collections([{"name": "c"}], key=key)
    # Body errors are not reported while limited: the 429 comes first (D15).
    assert_error(await limited.send("PUT", "/api/links", b"{broken", key=key), 429)
    assert_error(await limited.send("PUT", "/api/links", [{"nope": 1}], key=key), 429)
    # Auth still comes first.
    assert_error(await limited.send("PUT", "/api/links", b"{broken", key="unknown"), 401)


async def test_a_new_window_starts_after_the_reset(tmp_path: Path) -> None:
    now = [1000.0]
    app = create_app(db_path=tmp_path / "w.sqlite3", seed=SEED)
    app.state.hoko.limiter.clock = lambda: now[0]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        api = Api(c, app)
        for _ in range(3):
            await api.ok(await api.put_collections([{"name": "c"}], key="hk_test_three_d"))
        now[0] += 29.5
        limited = await api.put_collections([{"name": "c"}], key="hk_test_three_d")
        assert assert_error(limited, 429)["retryAfter"] == 1
        now[0] += 0.5
        fresh = await api.put_collections([{"name": "c"}], key="hk_test_three_d")
        assert fresh.status_code == 200
        assert quota(fresh) == (3, 2, 30)


async def test_scope_is_checked_before_the_rate_limit(tmp_path: Path) -> None:
    seed = {
        "keys": [
            {
                "key": "hk_one_scope",
                "workspace": "A",
                "scopes": ["collectionsWrite"],
                "rateLimit": {"requests": 1, "windowSeconds": 30},
            }
        ]
    }
    app = create_app(db_path=tmp_path / "order.sqlite3", seed=seed)
    freeze_rate_limit_clock(app)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        api = Api(c, app)
        await api.ok(
            await api.put_collections([{"name": "uses the only request"}], key="hk_one_scope")
        )
        assert_error(await api.put_collections([{"name": "x"}], key="hk_one_scope"), 429)
        # Exhausted, but the missing scope is reported first (D15) ...
        forbidden = await api.put_links([{"id": "x"}], key="hk_one_scope")
        assert assert_error(forbidden, 403)["missingScopes"] == ["linksWrite"]
        # ... and an oversized body still gets 429, not 413.
        huge = b"[" + b" " * (17 * 1024 * 1024) + b"]"
        assert_error(await api.send("PUT", "/api/collections", huge, key="hk_one_scope"), 429)
