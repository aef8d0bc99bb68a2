"""Section 4: server time for one 10,000-item PUT against its floor, and throughput with 8
concurrent clients.

The floor is the least any server does with the same body, timed the same way in the same
process: parse it with orjson, write every item with one `executemany` into the reference
server's own links table (same indexes, same journal settings, one IMMEDIATE transaction), and
encode an answer. The goal is the every-field PUT as a ratio to it."""

from __future__ import annotations

import asyncio
import gc
import itertools
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import orjson

from benchmarks import data
from benchmarks.report import Report, Result, check_goal, set_ratio
from benchmarks.server import KEY, Fixtures, http_client

SECTION = "4 server"
JSON = {"Content-Type": "application/json"}
FLOOR_RATIO_GOAL = 2.0
UPSERT = (
    "INSERT INTO links (id, workspace, code, collection_id, external_id, updated_at, doc) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
    "collection_id = coalesce(nullif(excluded.collection_id, ''), links.collection_id), "
    "external_id = coalesce(excluded.external_id, links.external_id), "
    "updated_at = excluded.updated_at, doc = excluded.doc"
)


class Floor:
    """The reference server's storage with nothing of its rules: a fresh file, its schema."""

    def __init__(self, folder: Path) -> None:
        from hoko_reference.storage.database import Database

        self.db = Database(folder / "floor.db")
        self.codes = (f"f{i}" for i in itertools.count())

    def seed(self, items: list[dict[str, Any]], ids: list[str]) -> None:
        """The links a batch will update, stored untimed under the server's ids."""
        self._write([{**item, "id": i} for item, i in zip(items, ids, strict=True)])

    def _write(self, items: list[dict[str, Any]]) -> None:
        dumps, stamp = orjson.dumps, "2026-01-01T00:00:00.000Z"
        rows = [
            (it["id"], "A", next(self.codes), it.get("collectionId") or "", it.get("externalId"),
             stamp, dumps(it))
            for it in items
        ]  # fmt: skip
        with self.db.transaction("A") as tx:
            tx.conn.executemany(UPSERT, rows)

    def put_ms(self, body: bytes) -> float:
        t0 = time.perf_counter()
        items = orjson.loads(body)
        for item in items:
            if "id" not in item:
                item["id"] = str(uuid.uuid4())
        self._write(items)
        orjson.dumps(items)
        return (time.perf_counter() - t0) * 1000.0


class _AnswerClock:
    """ASGI wrapper noting when the last byte of each answer is handed to the server: what a
    client waits for. Work the app does after that (freeing the request's objects) is not
    counted; httpx.ASGITransport itself only returns once the app is completely done."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.sent_at = 0.0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def timed_send(message: Any) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self.sent_at = time.perf_counter()

        await self.app(scope, receive, timed_send)


async def _inprocess_put_ms(n: int, runs: int, budget_s: float) -> tuple[list[float], list[float]]:
    """Time a mixed PUT against create_app() through httpx.ASGITransport: no socket, no
    client-side model work; what remains is the server's parse, validate, write, encode, from
    the request until its answer's last byte is sent. Each round also times the floor on the
    same body, in the other order every other round."""
    from hoko_reference import create_app

    with tempfile.TemporaryDirectory(prefix="hoko-bench-") as tmp:
        floor = Floor(Path(tmp))
        floors: list[float] = []
        clock = _AnswerClock(create_app(db_path=Path(tmp) / "server.db"))
        transport = httpx.ASGITransport(app=clock)
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://bench.local",
            headers={"Authorization": f"Bearer {KEY}"},
            timeout=120.0,
        ) as client:
            r = await client.put("/api/collections", json=[{"name": "bench"}])
            r.raise_for_status()
            cid = r.json()[0]["id"]
            r = await client.put("/api/partners", json=[{"name": "bench partner"}])
            r.raise_for_status()
            pid = r.json()[0]["id"]
            out: list[float] = []
            start = time.perf_counter()
            for rnd in range(runs + 1):  # run 0 warms up
                items = data.links(n // 2, collection_id=cid, partner_id=pid, tag=f"srv{rnd}s")
                r = await client.post("/api/links", content=orjson.dumps(items), headers=JSON)
                if r.status_code != 201:
                    raise RuntimeError(f"seeding failed: {r.status_code} {r.text[:300]}")
                ids = [x["id"] for x in orjson.loads(r.content)]
                floor.seed(items, ids)
                batch = data.mixed_batch(n, ids, collection_id=cid, partner_id=pid, tag=f"srv{rnd}")
                body = orjson.dumps(batch)
                if rnd % 2:
                    gc.collect()
                    floor_ms = floor.put_ms(body)
                gc.collect()
                t0 = time.perf_counter()
                r = await client.put("/api/links", content=body, headers=JSON)
                elapsed = (clock.sent_at - t0) * 1000.0
                if r.status_code != 200 or len(orjson.loads(r.content)) != n:
                    raise RuntimeError(f"PUT failed: {r.status_code} {r.text[:300]}")
                if not rnd % 2:
                    gc.collect()
                    floor_ms = floor.put_ms(body)
                if rnd > 0:
                    out.append(elapsed)
                    floors.append(floor_ms)
                    if time.perf_counter() - start > budget_s:
                        break
            return out, floors


def _throughput_once(
    base_url: str, fx: Fixtures, *, clients: int, batches: int, batch_size: int, tag: str
) -> float:
    """`clients` threads, each sending `batches` PUTs of `batch_size` creates; returns links/s."""
    bodies = [
        [
            orjson.dumps(
                data.links(
                    batch_size,
                    collection_id=fx.collection_id,
                    partner_id=fx.partner_id,
                    tag=f"{tag}c{c}b{b}",
                )
            )
            for b in range(batches)
        ]
        for c in range(clients)
    ]
    barrier = threading.Barrier(clients + 1)
    errors: list[str] = []

    def worker(own: list[bytes]) -> None:
        with http_client(base_url) as client:
            client.put("/api/links", content=b"[]", headers=JSON)  # connect before the clock
            barrier.wait()
            for body in own:
                r = client.put("/api/links", content=body, headers=JSON)
                if r.status_code != 200:
                    errors.append(f"{r.status_code} {r.text[:200]}")
                    return

    threads = [threading.Thread(target=worker, args=(b,), daemon=True) for b in bodies]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join(timeout=300)
    elapsed = time.perf_counter() - t0
    if errors or any(t.is_alive() for t in threads):
        raise RuntimeError(f"concurrent clients failed: {errors[:3]}")
    return clients * batches * batch_size / elapsed


def run_server_time(report: Report, *, n: int, runs: int, budget_s: float) -> None:
    """The every-field PUT (as in section 2) against its floor; the server engineer's payload
    (bench_server.py: few fields per item) for information."""
    samples, floors = asyncio.run(_inprocess_put_ms(n, runs, budget_s))
    base = report.add(
        Result(SECTION, f"{n:,} items: the floor (orjson parse, one executemany, encode)", "ms",
               floors, note="the reference server's table, indexes and journal settings")
    )  # fmt: skip
    res = report.add(
        Result(SECTION, f"{n:,}-item mixed PUT, server time", "ms", samples,
               note="every-field payload, in-process ASGI")
    )  # fmt: skip
    set_ratio(res, base)
    res.ratio_to = "the floor"
    paired = [a / b for a, b in zip(samples, floors, strict=True) if b > 0]
    if paired:
        res.extra["median_of_per_round_ratios"] = statistics.median(paired)
    check_goal(res, f"≤ {FLOOR_RATIO_GOAL}× the floor", limit=FLOOR_RATIO_GOAL, on="ratio")
    own = _bench_server_samples(runs, budget_s) if n == 10_000 else None
    if own is not None:
        report.add(
            Result(SECTION, "10,000-item mixed PUT, server time", "ms", own,
                   note="bench_server.py payload: few fields; information")
        )  # fmt: skip


def _bench_server_samples(runs: int, budget_s: float) -> list[float] | None:
    """Reuse the server engineer's measurement (benchmarks/bench_server.py, 10,000 items)."""
    try:
        from benchmarks import bench_server
    except ImportError:
        return None
    one_run = getattr(bench_server, "one_run", None)
    if one_run is None:
        return None

    async def go() -> list[float]:
        out: list[float] = []
        with tempfile.TemporaryDirectory(prefix="hoko-bench-") as tmp:
            await one_run(Path(tmp), -1, False)  # warm-up, as bench_server.main does
            start = time.perf_counter()
            for i in range(runs):
                measured = await one_run(Path(tmp), i, False)
                out.append(float(measured[0]))  # (wall ms, ...): the rest has changed shape
                if time.perf_counter() - start > budget_s:
                    break
        return out

    return asyncio.run(go())


def run_throughput(
    report: Report,
    base_url: str,
    fx: Fixtures,
    *,
    clients: int,
    batches: int,
    batch_size: int,
    runs: int,
    budget_s: float,
) -> None:
    tags = (f"thr{i}" for i in itertools.count())
    samples: list[float] = []
    start = time.perf_counter()
    _throughput_once(
        base_url, fx, clients=clients, batches=1, batch_size=batch_size, tag=next(tags)
    )
    for _ in range(runs):
        samples.append(
            _throughput_once(
                base_url,
                fx,
                clients=clients,
                batches=batches,
                batch_size=batch_size,
                tag=next(tags),
            )
        )
        if time.perf_counter() - start > budget_s:
            break
    report.add(
        Result(
            SECTION,
            f"throughput, {clients} concurrent clients × {batches} PUTs of {batch_size:,} creates",
            "links/s",
            samples,
            note="loopback",
            higher_is_better=True,
        )
    )
