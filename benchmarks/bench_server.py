"""Server-side time and memory for one 10,000-item PUT /api/links (half creates, half updates).

Drives the ASGI app directly (no socket, no HTTP client), so the clock covers exactly what the
server does: read the body, parse, validate, authorise, one SQLite transaction, serialise.
Run: `python benchmarks/bench_server.py [--runs 7] [--profile]`. Its goal is judged by
`make bench` (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import orjson
from hoko_reference import create_app

KEY = b"Bearer hk_test_full_a"
ITEMS = 10_000
BUDGET_MS = 300.0


async def call(app: Any, method: str, path: str, body: bytes) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"bench"),
            (b"authorization", KEY),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    # Deliver the body in 64 KiB chunks, as a server would.
    chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)] or [b""]
    position = 0

    async def receive() -> dict[str, Any]:
        nonlocal position
        chunk = chunks[position]
        position += 1
        return {"type": "http.request", "body": chunk, "more_body": position < len(chunks)}

    status = 0
    parts: list[bytes] = []

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            parts.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(parts)


async def prepare(app: Any) -> bytes:
    """Creates 5,000 links to update and returns the mixed 10,000-item body (not timed)."""
    status, raw = await call(app, "PUT", "/api/collections", orjson.dumps([{"name": "bench"}]))
    assert status == 200, raw[:300]
    collection = orjson.loads(raw)[0]["id"]
    half = ITEMS // 2
    seed = [
        {"url": f"https://example.com/seed/{i}", "collectionId": collection, "title": f"seed {i}"}
        for i in range(half)
    ]
    status, raw = await call(app, "POST", "/api/links", orjson.dumps(seed))
    assert status == 201, raw[:300]
    ids = [link["id"] for link in orjson.loads(raw)]
    items: list[dict[str, Any]] = []
    for i in range(half):
        # Interleaved, with the fields a real sync job sends.
        items.append(
            {
                "url": f"https://example.com/new/{i}",
                "collectionId": collection,
                "title": f"new {i}",
                "utm": {"source": "bench", "campaign": f"c{i % 10}"},
                "externalId": f"ext-{i}",
            }
        )
        items.append(
            {"id": ids[i], "title": f"updated {i}", "utm": {"medium": "email"}, "cloaked": False}
        )
    return orjson.dumps(items)


async def one_run(workdir: Path, index: int, trace: bool) -> tuple[float, float, int, int]:
    app = create_app(db_path=workdir / f"bench-{index}.sqlite3")
    body = await prepare(app)
    gc.collect()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    cpu_started = time.process_time()
    status, raw = await call(app, "PUT", "/api/links", body)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak = 0
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert status == 200, raw[:500]
    assert len(orjson.loads(raw)) == ITEMS
    return elapsed * 1000, cpu * 1000, peak, len(body)


async def main_async(runs: int, profile: bool) -> int:
    with tempfile.TemporaryDirectory(prefix="hoko-bench-") as tmp:
        workdir = Path(tmp)
        await one_run(workdir, -1, False)  # warm-up: imports, spec parse, validator compile
        if profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            await one_run(workdir, -2, False)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        times: list[float] = []
        cpu_times: list[float] = []
        size = 0
        for i in range(runs):
            ms, cpu_ms, _, size = await one_run(workdir, i, False)
            times.append(ms)
            cpu_times.append(cpu_ms)
        _, _, peak, _ = await one_run(workdir, runs, True)
    median = statistics.median(times)
    print(f"PUT /api/links, {ITEMS} items (half creates, half updates), body {size / 1e6:.2f} MB")
    print(
        f"server-side time over {runs} runs (gc on): median {median:.1f} ms, "
        f"min {min(times):.1f} ms, max {max(times):.1f} ms  [budget {BUDGET_MS:.0f} ms]"
    )
    print(
        f"process CPU time for the request: median {statistics.median(cpu_times):.1f} ms, "
        f"min {min(cpu_times):.1f} ms (less sensitive to other load; 1-min load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    )
    print(
        f"peak Python heap during the request (tracemalloc): {peak / 2**20:.1f} MiB "
        f"({peak / size:.1f}x the request body)"
    )
    print("within budget" if median <= BUDGET_MS else "OVER BUDGET")
    return 0 if median <= BUDGET_MS else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run")
    args = parser.parse_args()
    return asyncio.run(main_async(args.runs, args.profile))


if __name__ == "__main__":
    sys.exit(main())
