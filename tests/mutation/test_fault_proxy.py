"""The fault proxy: transparent without a fault, and every proxy fault changes what a client sees.

The proxy runs in-process in front of the real reference server (both ASGI, chained through
httpx.ASGITransport, real SQLite file). One fixed script of requests provokes every trigger (big
and small batches, creates, an error, a plan gate, a 429); its responses are normalised (ids,
codes and times replaced by first-seen tokens) so two runs compare equal unless a fault changed
something.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from hoko_contract.fault_proxy import make_app
from hoko_contract.guarantees import all_families
from hoko_contract.proxy_faults import PROXY_FAULTS
from hoko_reference import create_app

FULL = "hk_test_full_a"
BASIC = "hk_test_basic_c"
READONLY = "hk_test_readonly_a"
SLOW_KEY = "hk_proxy_test_one_per_minute"
SEED = {
    "keys": [
        {
            "key": SLOW_KEY,
            "workspace": "A",
            "scopes": "all",
            "rateLimit": {"requests": 1, "windowSeconds": 60},
        }
    ]
}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIME = re.compile(r"\d{4}-\d\d-\d\dT[0-9:.]+(Z|[+-]\d\d:\d\d)")
CODE = re.compile(r"(reference\.hoko\.invalid(?:/|%2F))[A-Za-z0-9_-]+")


def _normalise(text: str, tokens: dict[str, str]) -> str:
    """Ids become first-seen tokens (shared across one script run), times and codes placeholders."""

    def tok(m: re.Match[str]) -> str:
        return tokens.setdefault(m.group(0), f"<id{len(tokens)}>")

    text = UUID.sub(tok, text)
    text = TIME.sub(lambda m: "<time" + ("Z>" if m.group(0).endswith("Z") else "offset>"), text)
    return CODE.sub(lambda m: m.group(1) + "<code>", text)


async def _script(client: httpx.AsyncClient) -> list[Any]:
    seen: list[Any] = []
    tokens: dict[str, str] = {}
    try:
        await _steps(client, seen, tokens)
    except (LookupError, TypeError):
        seen.append("script could not go on")  # a fault broke a response the script relies on
    return seen


async def _steps(client: httpx.AsyncClient, seen: list[Any], tokens: dict[str, str]) -> None:

    async def send(method: str, path: str, body: Any, key: str | None = FULL) -> Any:
        headers = {"Content-Type": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        r = await client.request(method, path, content=json.dumps(body), headers=headers)
        try:
            data: Any = r.json()
        except ValueError:
            data = r.text
        retry = data.get("retryAfter") if isinstance(data, dict) else None
        seen.append(
            {
                "status": r.status_code,
                "content-type": r.headers.get("content-type"),
                "has-remaining": "x-ratelimit-remaining" in r.headers,
                "remaining": r.headers.get("x-ratelimit-remaining") if key == FULL else None,
                "retry-after-agrees": r.headers.get("retry-after") == str(retry)
                if retry is not None
                else None,
                "retryAfter-type": type(retry).__name__,
                "body": _normalise(json.dumps(data, ensure_ascii=False, sort_keys=True), tokens)
                if not isinstance(data, dict) or "retryAfter" not in data
                else "<429>",
            }
        )
        return data

    cols = await send("PUT", "/api/collections", [{"name": f"c{i}"} for i in range(5)])
    cid = cols[0]["id"]
    links = await send(
        "POST",
        "/api/links",
        [{"url": f"https://example.com/{i}", "collectionId": cid} for i in range(2)],
    )
    await send("PUT", "/api/links", [{"id": links[0]["id"], "title": "t"}, {"id": links[1]["id"]}])
    await send("PUT", "/api/links", [{"id": links[0]["id"], "title": None}])
    await send("PUT", "/api/links", [])
    await send("PUT", "/api/collections", [{"name": "ok"}, {"name": "x", "bogus": 1}])
    await send("PUT", "/api/collections", [{"name": "ro"}], key=READONLY)
    basic_col = (await send("PUT", "/api/collections", [{"name": "b"}], key=BASIC))[0]["id"]
    await send(
        "POST",
        "/api/links",
        [{"url": "https://example.com/x", "collectionId": basic_col, "cloaked": True}],
        key=BASIC,
    )
    await send("PUT", "/api/collections", [{"name": "slow"}], key=SLOW_KEY)
    await send("PUT", "/api/collections", [{"name": "slow"}], key=SLOW_KEY)


def _run(tmp_path: Path, fault: str | None) -> list[Any]:
    async def go() -> list[Any]:
        server = create_app(db_path=tmp_path / f"{fault or 'clean'}.sqlite", seed=SEED)
        proxy = make_app("http://upstream", fault, transport=httpx.ASGITransport(app=server))
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=proxy), base_url="http://proxy"
        ) as client:
            return await _script(client)

    return asyncio.run(go())


def test_without_a_fault_the_proxy_is_transparent(tmp_path: Path) -> None:
    async def direct() -> list[Any]:
        server = create_app(db_path=tmp_path / "direct.sqlite", seed=SEED)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=server), base_url="http://direct"
        ) as client:
            return await _script(client)

    through_proxy = _run(tmp_path, None)
    assert through_proxy == asyncio.run(direct())
    statuses = [s["status"] for s in through_proxy]
    assert statuses == [200, 201, 200, 200, 400, 400, 403, 200, 403, 200, 429], "every trigger"


@pytest.mark.parametrize("fault", sorted(PROXY_FAULTS))
def test_every_proxy_fault_changes_what_the_client_sees(tmp_path: Path, fault: str) -> None:
    (tmp_path / "clean").mkdir()
    (tmp_path / "faulty").mkdir()
    assert _run(tmp_path / "faulty", fault) != _run(tmp_path / "clean", None)


def test_proxy_faults_name_known_families_and_are_new() -> None:
    from hoko_reference.faults import FAULTS

    for f in PROXY_FAULTS.values():
        assert f.family in all_families(), f.name
        assert f.name.startswith("proxy-") and f.name not in FAULTS
