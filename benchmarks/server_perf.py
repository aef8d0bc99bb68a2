"""Section 4: server time for one 10,000-item PUT, and throughput with 8 concurrent clients."""

from __future__ import annotations

import asyncio
import gc
import itertools
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import orjson

from benchmarks import data
from benchmarks.report import Report, Result, check_goal
from benchmarks.server import KEY, Fixtures, http_client

SECTION = "4 server"
JSON = {"Content-Type": "application/json"}
SERVER_BUDGET_MS = 300.0


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


async def _inprocess_put_ms(n: int, runs: int, budget_s: float) -> list[float]:
    """Time a mixed PUT against create_app() through httpx.ASGITransport: no socket, no
    client-side model work; what remains is the server's parse, validate, write, encode, from
    the request until its answer's last byte is sent."""
    from hoko_reference import create_app

    with tempfile.TemporaryDirectory(prefix="hoko-bench-") as tmp:
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
                batch = data.mixed_batch(n, ids, collection_id=cid, partner_id=pid, tag=f"srv{rnd}")
                body = orjson.dumps(batch)
                gc.collect()
                t0 = time.perf_counter()
                r = await client.put("/api/links", content=body, headers=JSON)
                elapsed = (clock.sent_at - t0) * 1000.0
                if r.status_code != 200 or len(orjson.loads(r.content)) != n:
                    raise RuntimeError(f"PUT failed: {r.status_code} {r.text[:300]}")
                if rnd > 0:
                    out.append(elapsed)
                    if time.perf_counter() - start > budget_s:
                        break
            return out


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
    """Two payloads: the server engineer's (bench_server.py: few fields per item) and ours
    (every field, as in section 2), both in-process, so the budget is judged on each."""
    own = _bench_server_samples(runs, budget_s) if n == 10_000 else None
    if own is not None:
        res = report.add(
            Result(SECTION, "10,000-item mixed PUT, server time", "ms", own,
                   note="bench_server.py payload: few fields")
        )  # fmt: skip
        check_goal(res, f"≤ {SERVER_BUDGET_MS:.0f} ms", limit=SERVER_BUDGET_MS)
    samples = asyncio.run(_inprocess_put_ms(n, runs, budget_s))
    res = report.add(
        Result(SECTION, f"{n:,}-item mixed PUT, server time", "ms", samples,
               note="every-field payload, in-process ASGI")
    )  # fmt: skip
    check_goal(res, f"≤ {SERVER_BUDGET_MS:.0f} ms", limit=SERVER_BUDGET_MS)


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
