"""Section 2: one 10,000-item mixed upsert over loopback: overlay vs generated client vs raw."""

from __future__ import annotations

import gc
import itertools
import statistics
import time
from collections.abc import Callable
from typing import Any

import httpx
import orjson
from hoko_client import AuthenticatedClient
from hoko_client.api.links import upsert_links
from hoko_client.models import LinkUpsert

from benchmarks import data, overlay
from benchmarks.report import Report, Result, check_goal, set_ratio
from benchmarks.server import KEY, Fixtures, create_fixtures, http_client, wait_idle

SECTION = "2 e2e batch"
JSON = {"Content-Type": "application/json"}
# Goals are ratios to raw httpx + orjson measured in the same run, so they hold on any machine.
# The overlay's is judged on the median of RUNS runs of the section, with their spread shown.
OVERLAY_GOAL = 1.10
GENERATED_GOAL = 1.4
RUNS = 5
# Every variant reads every result's id in its natural form (dict key or model attribute), so a
# lazy result list cannot look fast by never building what the caller gets; the overlay is also
# timed without reading its results, as its own line.
OVERLAY = "hoko.Hoko overlay, every result read"
OVERLAY_LAZY = "hoko.Hoko overlay, results not read"
GENERATED = "generated client (sync_detailed)"


def seed_links(raw: httpx.Client, fx: Fixtures, n: int, tag: str) -> list[str]:
    """Create n links (untimed) and return their ids, for the update half of a batch."""
    items = data.links(n, collection_id=fx.collection_id, partner_id=fx.partner_id, tag=tag)
    r = raw.post("/api/links", content=orjson.dumps(items), headers=JSON)
    if r.status_code != 201:
        raise RuntimeError(f"seeding failed: {r.status_code} {r.text[:500]}")
    return [link["id"] for link in orjson.loads(r.content)]


def run(report: Report, base_url: str, *, n: int, rounds: int, budget_s: float) -> None:
    raw = http_client(base_url)
    fx = create_fixtures(raw)
    gen = AuthenticatedClient(
        base_url=base_url, token=KEY, timeout=httpx.Timeout(120.0, connect=5.0)
    )
    ov = overlay.sync_client(base_url)
    tags = (f"e2e{i}" for i in itertools.count())

    def raw_call(batch: list[dict[str, Any]]) -> Callable[[], int]:
        def call() -> int:
            r = raw.put("/api/links", content=orjson.dumps(batch), headers=JSON)
            if r.status_code != 200:
                raise RuntimeError(f"raw: {r.status_code} {r.text[:300]}")
            return len([link["id"] for link in orjson.loads(r.content)])

        return call

    def gen_call(batch: list[dict[str, Any]]) -> Callable[[], int]:
        # Models are the caller's input for the generated client; built untimed.
        models = [LinkUpsert.from_dict(d) for d in batch]

        def call() -> int:
            resp = upsert_links.sync_detailed(client=gen, body=models)
            if resp.status_code != 200 or not isinstance(resp.parsed, list):
                raise RuntimeError(f"generated: {resp.status_code} {resp.content[:300]!r}")
            return len([link.id for link in resp.parsed])

        return call

    def ov_call(batch: list[dict[str, Any]]) -> Callable[[], int]:
        assert ov is not None

        def call() -> int:
            return len([link.id for link in ov.links.upsert(batch)])

        return call

    def ov_lazy_call(batch: list[dict[str, Any]]) -> Callable[[], int]:
        assert ov is not None

        def call() -> int:
            # The overlay builds result models on first access; here none is read.
            return len(ov.links.upsert(batch))

        return call

    makers: dict[str, Callable[[list[dict[str, Any]]], Callable[[], int]]] = {}
    if ov is not None:
        makers[OVERLAY] = ov_call
        makers[OVERLAY_LAZY] = ov_lazy_call
    makers[GENERATED] = gen_call
    makers["raw httpx + orjson"] = raw_call
    names = list(makers)
    samples: dict[str, list[float]] = {name: [] for name in names}
    start = time.perf_counter()
    try:
        for rnd in range(rounds + 1):  # round 0 warms up connections and caches
            calls = {}
            for name in names:  # prepare every variant's batch before timing any
                ids = seed_links(raw, fx, n // 2, next(tags))
                batch = data.mixed_batch(
                    n, ids, collection_id=fx.collection_id, partner_id=fx.partner_id, tag=next(tags)
                )
                calls[name] = makers[name](batch)
            # Rotate the order each round (ABC, BCA, CAB) so no variant always goes first.
            order = names[rnd % len(names) :] + names[: rnd % len(names)]
            for name in order:
                gc.collect()
                wait_idle(base_url)
                t0 = time.perf_counter()
                got = calls[name]()
                elapsed = (time.perf_counter() - t0) * 1000.0
                if got != n:
                    raise RuntimeError(f"{name}: {got} results for {n} items")
                if rnd > 0:
                    samples[name].append(elapsed)
            if rnd > 0 and time.perf_counter() - start > budget_s:
                break
    finally:
        raw.close()
        gen.get_httpx_client().close()
        if ov is not None:
            ov.close()

    results = {
        name: report.add(Result(SECTION, f"{n:,}-item mixed upsert: {name}", "ms", vals))
        for name, vals in samples.items()
    }
    base = results["raw httpx + orjson"]
    for res in results.values():
        set_ratio(res, base)
        res.ratio_to = "raw"
        # Same-round ratios cancel slow drifts of a shared machine; kept as a cross-check.
        paired = [a / b for a, b in zip(res.samples, base.samples, strict=True)]
        if paired:
            res.extra["median_of_per_round_ratios"] = statistics.median(paired)
    check_goal(results[GENERATED], f"≤ {GENERATED_GOAL}× raw", limit=GENERATED_GOAL, on="ratio")
    if ov is not None:
        # Judged both ways: the call alone (lazy results) and the call plus reading every model.
        for name in (OVERLAY, OVERLAY_LAZY):
            check_goal(results[name], f"≤ {OVERLAY_GOAL}× raw", limit=OVERLAY_GOAL, on="ratio")
    else:
        report.add(
            Result(
                SECTION,
                f"{n:,}-item mixed upsert: {OVERLAY}",
                "ms",
                [],
                goal=f"≤ {OVERLAY_GOAL}× raw",
                note="overlay not available",
            )
        )


def merge_runs(report: Report, runs: list[list[Result]]) -> None:
    """Several runs of this section as one set of lines: every sample kept, each line's ratio
    the median of the runs' own ratios to raw, with their spread in the note."""
    by_name: dict[str, list[Result]] = {}
    for results in runs:
        for r in results:
            by_name.setdefault(r.name, []).append(r)
    for name, parts in by_name.items():
        merged = report.add(
            Result(SECTION, name, parts[0].unit, [x for p in parts for x in p.samples])
        )
        ratios = [p.ratio for p in parts if p.ratio is not None]
        if not ratios or parts[0].ratio_to is None:
            continue
        merged.ratio, merged.ratio_to = statistics.median(ratios), parts[0].ratio_to
        merged.extra["per_run_ratios"] = ratios
        merged.note = f"{len(ratios)} runs: ratio {min(ratios):.2f}-{max(ratios):.2f}"
        if parts[0].goal != "—":
            limit = OVERLAY_GOAL if "overlay" in name else GENERATED_GOAL
            check_goal(merged, parts[0].goal, limit=limit, on="ratio")
