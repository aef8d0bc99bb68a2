"""Property: whatever the input length and batch size, result i answers item i.

Two layers: the chunker alone (many examples, no server), and the whole client against the real
server with lists of 0..25,000 items (few examples, bounded in time).
"""

from __future__ import annotations

import asyncio
import math
from pathlib import Path
from typing import Any

import hoko
import httpx
import orjson
import pytest
from hoko._chunks import Chunker
from hoko._resource import COLLECTION_UPSERT
from hoko_reference import create_app
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from .conftest import FULL_A, SyncASGIBridge


@settings(max_examples=150, deadline=None, database=None)
@given(
    sizes=st.lists(st.integers(0, 300), max_size=300),
    batch_size=st.integers(1, 10_000),
    cap=st.integers(400, 20_000),
)
def test_chunks_partition_the_input_in_order_within_both_limits(
    sizes: list[int], batch_size: int, cap: int
) -> None:
    items = [{"name": f"n{i}", "description": "x" * size} for i, size in enumerate(sizes)]
    chunks = list(Chunker(iter(items), COLLECTION_UPSERT.spec, batch_size, cap))
    assert [i for c in chunks for i in c.indices] == list(range(len(items)))
    for c in chunks:
        assert 1 <= c.count <= batch_size
        assert len(c.body) <= cap
        assert orjson.loads(c.body) == items[c.start : c.stop]


def _items(n: int, existing: list[str]) -> list[dict[str, Any]]:
    # Every 7th item updates an existing collection (each id once), the rest create.
    out: list[dict[str, Any]] = []
    ids = iter(existing)
    for i in range(n):
        update = next(ids, None) if i % 7 == 3 else None
        out.append({"id": update, "name": f"p{i}"} if update else {"name": f"p{i}"})
    return out


@settings(
    max_examples=4,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    n=st.integers(0, 25_000),
    batch_size=st.integers(1, 10_000),
    concurrency=st.integers(1, 4),
    flavor=st.sampled_from(["sync", "async"]),
)
@example(n=25_000, batch_size=10_000, concurrency=1, flavor="sync")
@example(n=25_000, batch_size=9_999, concurrency=3, flavor="async")
@example(n=10_001, batch_size=10_000, concurrency=2, flavor="sync")
@example(n=0, batch_size=1, concurrency=1, flavor="async")
@example(n=1, batch_size=1, concurrency=4, flavor="sync")
def test_results_line_up_with_inputs_for_any_length_and_batch_size(
    tmp_path_factory: pytest.TempPathFactory, n: int, batch_size: int, concurrency: int, flavor: str
) -> None:
    # At most ~40 requests per example keeps the test bounded in time.
    batch_size = max(batch_size, math.ceil(n / 40))
    app = create_app(db_path=Path(tmp_path_factory.mktemp("prop")) / "db.sqlite3")
    with hoko.Hoko(
        FULL_A, base_url="http://t", http_client=httpx.Client(transport=SyncASGIBridge(app))
    ) as setup:
        existing = [str(c.id) for c in setup.collections.upsert([{"name": "e"}] * 200)]
    items = _items(n, existing)

    if flavor == "sync":
        with hoko.Hoko(
            FULL_A, base_url="http://t", http_client=httpx.Client(transport=SyncASGIBridge(app))
        ) as client:
            result = client.collections.upsert(
                iter(items), batch_size=batch_size, max_concurrency=concurrency
            )
    else:

        async def run() -> hoko.BulkResult[Any]:
            transport = httpx.ASGITransport(app=app)
            async with hoko.AsyncHoko(
                FULL_A, base_url="http://t", http_client=httpx.AsyncClient(transport=transport)
            ) as client:
                return await client.collections.upsert(
                    iter(items), batch_size=batch_size, max_concurrency=concurrency
                )

        result = asyncio.run(run())

    assert len(result) == n
    assert [r["name"] for r in result.raw] == [f"p{i}" for i in range(n)]
    for i, item in enumerate(items):
        if "id" in item:
            assert result.raw[i]["id"] == item["id"]
    if n:
        assert result[n - 1].name == f"p{n - 1}"
