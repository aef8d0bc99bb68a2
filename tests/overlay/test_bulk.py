"""Bulk behaviour: chunking by count and bytes, order, progress, streaming, concurrency,
partial failure (BulkError) and resuming from it, and a 25,000-link sync through a 429 storm."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import anyio
import hoko
import pytest

from .conftest import FAST_LIMITED, Drive, db, links

pytestmark = pytest.mark.anyio


def _names(n: int, prefix: str = "n") -> list[dict[str, Any]]:
    return [{"name": f"{prefix}{i}"} for i in range(n)]


async def test_any_iterable_is_chunked_by_count_in_input_order(drive: Drive) -> None:
    progress: list[tuple[int, int | None]] = []
    result = await drive.call(
        "collections.upsert",
        (item for item in _names(25)),
        batch_size=10,
        on_progress=lambda done, total: progress.append((done, total)),
    )
    assert [c.name for c in result] == [f"n{i}" for i in range(25)]
    assert [s.items for s in drive.transport.seen] == [10, 10, 5]
    assert progress == [(10, None), (20, None), (25, None)]
    progress.clear()
    await drive.call(
        "collections.upsert",
        _names(3),
        batch_size=2,
        on_progress=lambda d, t: progress.append((d, t)),
    )
    assert progress == [(2, 3), (3, 3)]


async def test_default_chunks_are_10000_items(drive: Drive) -> None:
    cid = await drive.collection()
    result = await drive.call("links.create", list(links(cid, 10_001)))
    assert len(result) == 10_001
    assert result.raw[10_000]["url"] == "https://example.com/10000"
    assert [s.items for s in drive.transport.requests_to("/api/links")] == [10_000, 1]


async def test_chunks_are_also_cut_by_body_bytes(
    drive: Drive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hoko._constants, "MAX_BODY_BYTES", 2_000)
    items = [{"name": f"n{i}", "description": "x" * 150} for i in range(40)]
    result = await drive.call("collections.upsert", items)
    assert [c.name for c in result] == [f"n{i}" for i in range(40)]
    sizes = [s.items for s in drive.transport.seen]
    assert len(sizes) > 1 and sum(sizes) == 40 and max(sizes) <= 11


async def test_streaming_pulls_input_lazily_and_yields_per_chunk(drive: Drive) -> None:
    pulled = 0

    def source() -> Iterator[dict[str, Any]]:
        nonlocal pulled
        for i in range(7):
            pulled += 1
            yield {"name": f"s{i}"}

    chunks, error = await drive.chunks("collections.iter_upsert", source(), batch_size=3)
    assert error is None
    assert [(c.start, c.stop) for c in chunks] == [(0, 3), (3, 6), (6, 7)]
    assert [c.results[0].name for c in chunks] == ["s0", "s3", "s6"]
    assert all(c.rate_limit is not None for c in chunks)
    assert pulled == 7
    # Lazily: after the first chunk only its items had been read; sync reads (never sends) one
    # chunk ahead while the first is in flight.
    if drive.flavor == "sync":
        pulled = 0
        sync_client = drive.default
        assert isinstance(sync_client, hoko.Hoko)
        sent_before = len(drive.transport.seen)

        def first_chunk() -> int:
            it = sync_client.collections.iter_upsert(source(), batch_size=3)
            first = next(it)
            it.close()  # type: ignore[attr-defined]
            return len(first)

        assert (await anyio.to_thread.run_sync(first_chunk), pulled) == (3, 6)
        assert len(drive.transport.seen) == sent_before + 1
    else:
        pulled = 0
        async_client = drive.default
        assert isinstance(async_client, hoko.AsyncHoko)
        ait = async_client.collections.iter_upsert(source(), batch_size=3)
        first = await ait.__anext__()
        await ait.aclose()  # type: ignore[attr-defined]
        assert (len(first), pulled) == (3, 3)


async def test_concurrent_chunks_finish_out_of_order_but_results_keep_input_order(
    drive: Drive,
) -> None:
    drive.transport.delays = {0: 0.3, 1: 0.15}  # the first chunks answer last
    client = drive.client(max_concurrency=3) if drive.flavor == "async" else drive.client()
    progress: list[int] = []
    result = await drive.call(
        "collections.upsert",
        _names(9),
        client=client,
        batch_size=3,
        max_concurrency=3,
        on_progress=lambda d, t: progress.append(d),
    )
    assert [c.name for c in result] == [f"n{i}" for i in range(9)]
    assert progress == [3, 6, 9]


async def test_bulk_error_reports_completed_failed_and_never_attempted(drive: Drive) -> None:
    items = _names(30)
    items[14] = {"id": str(uuid.uuid4()), "name": "ghost"}  # unknown id: chunk 10..19 fails (D3)
    with pytest.raises(hoko.BulkError) as info:
        await drive.call("collections.upsert", items, batch_size=10)
    err = info.value
    assert [(c.start, c.stop) for c in err.completed] == [(0, 10)]
    assert [c.name for _, c in err.results()] == [f"n{i}" for i in range(10)]
    assert [i for i, _ in err.results()] == list(range(10))
    assert err.failed_range == range(10, 20)
    assert isinstance(err.cause, hoko.BadRequestError) and err.__cause__ is err.cause
    assert err.failed_item_indices == [14]
    assert (err.not_attempted_start, err.not_attempted_stop) == (20, 30)
    assert "10..19" in str(err) and "20..29" in str(err)
    assert "item 14" in str(err)  # the caller's index, not the chunk-relative 4
    assert len(drive.transport.seen) == 2  # chunk 20..29 was never sent
    # Resume: fix the bad item, send what remains, map results back by index.
    indices = list(err.remaining_indices())
    remaining = [dict(item) for item in err.remaining_items()]
    assert indices == list(range(10, 30))
    remaining[indices.index(14)] = {"name": "n14"}
    resumed = await drive.call("collections.upsert", remaining, batch_size=10)
    merged = dict(err.results()) | dict(zip(indices, resumed, strict=True))
    assert [merged[i].name for i in range(30)] == [f"n{i}" for i in range(30)]
    names = [r[0] for r in db(drive.app, "SELECT name FROM collections WHERE name LIKE 'n%'")]
    assert sorted(names) == sorted(f"n{i}" for i in range(30))  # each exactly once


async def test_bulk_error_from_a_client_side_check_in_a_later_chunk(drive: Drive) -> None:
    def source() -> Iterator[dict[str, Any]]:
        yield from _names(12)
        yield {"name": "bad", "unknownField": 1}
        yield from _names(5, "tail")

    with pytest.raises(hoko.BulkError) as info:
        await drive.call("collections.upsert", source(), batch_size=5)
    err = info.value
    assert isinstance(err.cause, hoko.InvalidItemError)
    assert (err.cause.index, err.cause.field) == (12, "unknownField")
    assert err.failed_range == range(10, 15)
    assert err.failed_item_indices == [12]
    assert err.not_attempted_stop is None
    pairs = list(err.remaining())
    assert [i for i, _ in pairs] == list(range(10, 18))
    assert [item["name"] for _, item in pairs] == [
        "n10",
        "n11",
        "bad",
        "tail0",
        "tail1",
        "tail2",
        "tail3",
        "tail4",
    ]
    with pytest.raises(RuntimeError):
        list(err.remaining())


async def test_a_failure_before_anything_succeeded_raises_the_plain_error(drive: Drive) -> None:
    items = _names(5)
    items[1] = {"id": str(uuid.uuid4())}
    with pytest.raises(hoko.BadRequestError):
        await drive.call("collections.upsert", items, batch_size=2)


async def test_streaming_bulk_error_holds_only_undelivered_results(drive: Drive) -> None:
    items = _names(9)
    items[7] = {"id": str(uuid.uuid4())}
    chunks, error = await drive.chunks("collections.iter_upsert", items, batch_size=3)
    assert [(c.start, c.stop) for c in chunks] == [(0, 3), (3, 6)]
    assert isinstance(error, hoko.BulkError)
    assert error.completed == [] and error.delivered == 6
    assert error.failed_range == range(6, 9)


async def test_concurrent_bulk_error_keeps_later_completed_chunks_and_never_resends_them(
    drive: Drive,
) -> None:
    items = _names(12)
    items[4] = {"id": str(uuid.uuid4())}
    drive.transport.delays = {0: 0.2}
    with pytest.raises(hoko.BulkError) as info:
        await drive.call("collections.upsert", items, batch_size=3, max_concurrency=4)
    err = info.value
    done = sorted(i for i, _ in err.results())
    assert err.failed_range == range(3, 6)
    assert set(done) | set(err.remaining_indices()) == set(range(12))
    assert not set(done) & set(err.remaining_indices())
    assert 0 in done


async def test_25k_link_sync_through_a_429_storm_completes_in_order_without_duplicates(
    drive: Drive,
) -> None:
    # A 1-request-per-second key and 3 chunks in flight: most requests are answered 429.
    client = drive.client(FAST_LIMITED, max_concurrency=3)
    [col] = await drive.call("collections.upsert", [{"name": "storm"}], client=client)
    cid = str(col.id)
    result = await drive.call("links.create", links(cid, 25_000), client=client, max_concurrency=3)
    assert len(result) == 25_000
    assert result.raw[0]["url"] == "https://example.com/0"
    assert all(r["url"] == f"https://example.com/{i}" for i, r in enumerate(result.raw))
    statuses = [s.status for s in drive.transport.requests_to("/api/links")]
    assert statuses.count(200) + statuses.count(201) == 3 and 429 in statuses
    rows = db(
        drive.app,
        "SELECT count(*), count(DISTINCT json_extract(CAST(doc AS TEXT), '$.url')) FROM links "
        "WHERE collection_id = ?",
        cid,
    )
    assert rows == [(25_000, 25_000)]


async def test_closing_a_stream_early_stops_sending_and_leaves_nothing_running(
    drive: Drive,
) -> None:
    client = drive.client(max_concurrency=3)
    if isinstance(client, hoko.Hoko):
        sync_client = client

        def first() -> int:
            it = sync_client.collections.iter_upsert(_names(30), batch_size=3)
            n = len(next(it))
            it.close()  # type: ignore[attr-defined]
            return n

        assert await anyio.to_thread.run_sync(first) == 3
    else:
        ait = client.collections.iter_upsert(_names(30), batch_size=3)
        assert len(await ait.__anext__()) == 3
        await ait.aclose()  # type: ignore[attr-defined]
    sent = len(drive.transport.seen)
    assert 1 <= sent <= 4  # the first chunk plus at most the ones already in flight
    await anyio.sleep(0.05)
    assert len(drive.transport.seen) == sent  # nothing is sent after closing
