"""Section 3's baseline: the same links, in the same chunks, sent by raw httpx + orjson, with one
request at a time or with several in flight. The least a correct sync does: encode a chunk,
send it, decode the answer, read every result's id."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import orjson

from benchmarks import data
from benchmarks.server import KEY, Fixtures

JSON = {"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"}


def chunk_size() -> int:
    """The overlay's default batch size, so both cut the input alike."""
    import hoko

    return int(hoko.MAX_BATCH_SIZE)


def _chunks(fx: Fixtures, n: int, tag: str) -> Iterator[list[dict[str, Any]]]:
    items = data.iter_links(n, collection_id=fx.collection_id, partner_id=fx.partner_id, tag=tag)
    size = chunk_size()
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _ids(response: httpx.Response, sent: int) -> int:
    if response.status_code != 200:
        raise RuntimeError(f"raw: {response.status_code} {response.text[:300]}")
    got = len([link["id"] for link in orjson.loads(response.content)])
    if got != sent:
        raise RuntimeError(f"raw: {got} results for {sent} items")
    return got


def sequential(base_url: str, fx: Fixtures, n: int, tag: str) -> int:
    done = 0
    with httpx.Client(base_url=base_url, timeout=httpx.Timeout(120.0, connect=5.0)) as c:
        for chunk in _chunks(fx, n, tag):
            done += _ids(c.put("/api/links", content=orjson.dumps(chunk), headers=JSON), len(chunk))
    return done


async def in_flight(base_url: str, fx: Fixtures, n: int, tag: str, concurrency: int) -> int:
    """`concurrency` requests in flight: each worker takes the next chunk as it finishes one."""
    chunks = _chunks(fx, n, tag)
    done = 0
    async with httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(120.0, connect=5.0)) as c:

        async def worker() -> None:
            nonlocal done
            for chunk in chunks:  # one shared iterator: no chunk is sent twice
                r = await c.put("/api/links", content=orjson.dumps(chunk), headers=JSON)
                done += _ids(r, len(chunk))

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return done
