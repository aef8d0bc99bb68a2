"""Section 3: a 100,000-link sync through the overlay, each run in its own child process, against
raw httpx + orjson sending the same links in the same chunks (one request at a time, and 4 in
flight) in the same run.

Every run gets a fresh reference server with an empty database. Each run writes 100,000 links;
on one server for the whole section the tables would grow by millions of links and the server
slow down as they grow, so a run's figure would depend on how many ran before it.

The child feeds a generator (the input never sits in memory), consumes results chunk by chunk
(iter_upsert) and reports its own peak RSS and CPU time, so the figures are the client process
alone. Goals are ratios to raw: links/s, and the client's CPU per 10,000 links (what an
integrator pays against real Hoko, whose server is not ours).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import data, overlay, rawsync
from benchmarks.report import Report, Result, check_goal, set_ratio
from benchmarks.server import (
    KEY,
    Fixtures,
    cpu_seconds,
    create_fixtures,
    http_client,
    loopback_server,
)

SECTION = "3 big sync"
REPO = Path(__file__).resolve().parents[1]
# Against raw in the same run: the read-ahead should more than pay for the checks.
RATE_RATIO_GOAL = 1.0
CPU_RATIO_GOAL = 1.3
IN_FLIGHT = 4
# The CLI (a CSV file in, validated first, then sent) against iter_upsert on the same rows.
CLI_RATIO_GOAL = 0.9
CLI_RSS_GOAL_MB = 200.0
RSS_GOAL_MB = 300.0


def _peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM of its address space).

    Not getrusage's ru_maxrss: Linux carries the parent's high-water mark across fork+exec, so a
    child of a big parent would report the parent's size.
    """
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # non-Linux fallback


def _consume(chunk: Any) -> int:
    """Read every result's id as a model, as a sync that maps externalId -> id would."""
    return len([link.id for link in chunk.results])


def child_sync(base_url: str, fx: Fixtures, n: int, tag: str) -> int:
    client = overlay.sync_client(base_url)
    assert client is not None, "overlay not available"
    items = data.iter_links(n, collection_id=fx.collection_id, partner_id=fx.partner_id, tag=tag)
    done = 0
    with client:
        for chunk in client.links.iter_upsert(items):
            done += _consume(chunk)
    return done


async def child_async(base_url: str, fx: Fixtures, n: int, tag: str, concurrency: int) -> int:
    client = overlay.async_client(base_url, max_concurrency=concurrency)
    assert client is not None, "overlay not available"
    items = data.iter_links(n, collection_id=fx.collection_id, partner_id=fx.partner_id, tag=tag)
    done = 0
    async with client:
        async for chunk in client.links.iter_upsert(items):
            done += _consume(chunk)
    return done


CSV_FIELDS = [
    "url",
    "collectionId",
    "title",
    "description",
    "image",
    "expiresAt",
    "expiredUrl",
    "password",
    "cloaked",
    "ios",
    "android",
    "externalId",
    "tenantId",
    "partnerId",
]
UTM_KEYS = ["source", "medium", "campaign", "term", "content", "referral"]
GEO_KEYS = ["SA", "AE", "EG", "US"]


def write_csv(path: Path, fx: Fixtures, n: int, tag: str) -> None:
    """The same items as `child_sync` sends, as the CSV a user would export (untimed)."""
    import csv

    header = [*CSV_FIELDS, *(f"utm.{k}" for k in UTM_KEYS), *(f"geo.{k}" for k in GEO_KEYS)]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        items = data.iter_links(
            n, collection_id=fx.collection_id, partner_id=fx.partner_id, tag=tag
        )
        for item in items:
            utm, geo = item.get("utm") or {}, item.get("geo") or {}
            row = [item.get(f, "") for f in CSV_FIELDS]
            row[CSV_FIELDS.index("cloaked")] = str(item.get("cloaked", "")).lower()
            writer.writerow(
                [*row, *(utm.get(k, "") for k in UTM_KEYS), *(geo.get(k, "") for k in GEO_KEYS)]
            )


def child_cli(base_url: str, path: str) -> int:
    """`hoko links upsert FILE`, in this process (so its RSS is the figure)."""
    from hoko_cli.app import app

    os.environ.update(HOKO_BASE_URL=base_url, HOKO_API_KEY=KEY)
    try:
        app(["links", "upsert", path, "--batch-size", "10000", "--quiet"], standalone_mode=False)
    except SystemExit as exc:
        return 0 if not exc.code else -1
    return 0


def child_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--mode", choices=["sync", "async", "raw", "raw4", "idle", "cli"], required=True)
    p.add_argument("--csv", default="")
    p.add_argument("--url", required=True)
    p.add_argument("--collection", required=True)
    p.add_argument("--partner", required=True)
    p.add_argument("--n", type=int, required=True)
    p.add_argument("--tag", required=True)
    p.add_argument("--concurrency", type=int, default=4)
    a = p.parse_args(argv)
    fx = Fixtures(a.collection, a.partner)
    overlay.available()  # import before the clock starts
    before = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    if a.mode == "sync":
        done = child_sync(a.url, fx, a.n, a.tag)
    elif a.mode == "async":
        done = asyncio.run(child_async(a.url, fx, a.n, a.tag, a.concurrency))
    elif a.mode == "raw":
        done = rawsync.sequential(a.url, fx, a.n, a.tag)
    elif a.mode == "raw4":
        done = asyncio.run(rawsync.in_flight(a.url, fx, a.n, a.tag, a.concurrency))
    elif a.mode == "cli":
        done = a.n if child_cli(a.url, a.csv) == 0 else 0
    else:  # baseline: the interpreter with the overlay imported, no work
        done = a.n
    elapsed = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)  # all threads of this process
    out = {
        "done": done,
        "elapsed_s": elapsed,
        "cpu_s": usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime,
        "peak_rss_mb": _peak_rss_mb(),
    }
    print(json.dumps(out))
    return 0 if done == a.n else 1


def _spawn(
    mode: str, base_url: str, fx: Fixtures, n: int, tag: str, timeout_s: float, csv: str = ""
) -> dict[str, Any]:
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.bigsync",
        "--mode",
        mode,
        "--url",
        base_url,
        "--collection",
        fx.collection_id,
        "--partner",
        fx.partner_id,
        "--n",
        str(n),
        "--tag",
        tag,
        "--csv",
        csv,
        "--concurrency",
        str(IN_FLIGHT),
    ]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=timeout_s, check=False, cwd=REPO, env=env
    )
    if proc.returncode != 0:
        raise RuntimeError(f"big sync child ({mode}) failed: {proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


LABEL = {
    "raw": "raw httpx + orjson, one request at a time (raw)",
    "raw4": f"raw httpx + orjson, {IN_FLIGHT} in flight (raw4)",
    "sync": "Hoko iter_upsert (default max_concurrency=1)",
    "async": f"AsyncHoko iter_upsert, max_concurrency={IN_FLIGHT}",
}
BASELINE = {"sync": "raw", "async": "raw4"}


def _fresh(
    mode: str, n: int, tag: str, timeout_s: float, csv: Path | None = None
) -> tuple[dict[str, Any], float]:
    """One run against a fresh server: the child's figures and the server's CPU seconds."""
    with loopback_server() as url, http_client(url) as c:
        fx = create_fixtures(c)
        if csv is not None:
            write_csv(csv, fx, n, tag)  # untimed, as the user's export would be
        server_before = cpu_seconds(url)
        out = _spawn(mode, url, fx, n, tag, timeout_s=timeout_s, csv=str(csv or ""))
        return out, cpu_seconds(url) - server_before


def run(report: Report, *, n: int, runs: int, budget_s: float) -> None:
    if not overlay.available():
        for mode in BASELINE:
            report.add(Result(SECTION, f"{n:,} links: {LABEL[mode]}", "links/s", [],
                              note="overlay not available"))  # fmt: skip
        return
    rates: dict[str, list[float]] = {m: [] for m in LABEL}
    rss: dict[str, list[float]] = {m: [] for m in LABEL}
    start = time.perf_counter()
    # Where the wall time goes: (wall, client CPU, server CPU) seconds per run.
    cpu: dict[str, list[tuple[float, float, float]]] = {m: [] for m in LABEL}
    cli_rates: list[float] = []
    cli_rss: list[float] = []
    paired: list[float] = []
    timeout = max(60.0, budget_s)
    with tempfile.TemporaryDirectory(prefix="hoko-bench-cli-") as tmp:
        for rnd in range(runs):
            modes = [*LABEL, "cli"]
            modes = modes[rnd % len(modes) :] + modes[: rnd % len(modes)]  # rotated per round
            for mode in modes:
                if mode == "cli":
                    out, _ = _fresh(mode, n, f"cli{rnd}", timeout, Path(tmp) / "links.csv")
                    cli_rates.append(out["done"] / out["elapsed_s"])
                    cli_rss.append(out["peak_rss_mb"])
                    continue
                out, server_cpu = _fresh(mode, n, f"{mode}{rnd}", timeout)
                rates[mode].append(out["done"] / out["elapsed_s"])
                rss[mode].append(out["peak_rss_mb"])
                cpu[mode].append((out["elapsed_s"], out["cpu_s"], server_cpu))
            paired.append(cli_rates[-1] / rates["sync"][-1])
            spent = time.perf_counter() - start
            if spent + spent / (rnd + 1) > budget_s:  # the next round would not fit
                break
    _rate_lines(report, n, rates, cpu)
    _cpu_lines(report, n, cpu)
    idle, _ = _fresh("idle", 0, "idle", timeout_s=60)
    for mode in BASELINE:
        res = report.add(
            Result(
                SECTION,
                f"peak RSS of client: {LABEL[mode]}",
                "MB",
                rss[mode],
                note=f"a bound, not a ratio; idle interpreter + hoko: {idle['peak_rss_mb']:.0f} MB",
            )
        )
        check_goal(res, f"≤ {RSS_GOAL_MB:.0f} MB", limit=RSS_GOAL_MB)
    cli = report.add(
        Result(
            SECTION,
            f"{n:,} links: hoko links upsert FILE.csv (the CLI, validated, then sent)",
            "links/s",
            cli_rates,
            note="ratio: to Hoko iter_upsert on the same rows in the same run",
            extra={"median_of_per_round_ratios": statistics.median(paired)},
            higher_is_better=True,
        )
    )
    cli.ratio = statistics.median(cli_rates) / statistics.median(rates["sync"])
    cli.ratio_to = "iter_upsert"
    check_goal(
        cli, f"≥ {CLI_RATIO_GOAL}× iter_upsert", limit=CLI_RATIO_GOAL, on="ratio",
        higher_is_better=True,
    )  # fmt: skip
    res = report.add(Result(SECTION, "peak RSS of the CLI process", "MB", cli_rss,
                            note="a bound, not a ratio"))  # fmt: skip
    check_goal(res, f"≤ {CLI_RSS_GOAL_MB:.0f} MB", limit=CLI_RSS_GOAL_MB)


def _per10k(n: int, rows: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    wall, client, server = (statistics.median(x) * 10_000 / n for x in zip(*rows, strict=True))
    return wall, client, server


def _rate_lines(
    report: Report,
    n: int,
    rates: dict[str, list[float]],
    cpu: dict[str, list[tuple[float, float, float]]],
) -> None:
    lines = {}
    for mode in LABEL:
        wall, client, server = _per10k(n, cpu[mode])
        lines[mode] = report.add(
            Result(
                SECTION,
                f"{n:,} links: {LABEL[mode]}",
                "links/s",
                rates[mode],
                note=f"incl. server time; per 10k: wall {wall:.2f} s, CPU client {client:.2f} s"
                f" + server {server:.2f} s",
                higher_is_better=True,
                extra={"per_10k_wall_client_server_s": [wall, client, server]},
            )
        )
    for mode, base in BASELINE.items():
        set_ratio(lines[mode], lines[base])
        lines[mode].ratio_to = base
        check_goal(
            lines[mode],
            f"≥ {RATE_RATIO_GOAL}× {base}",
            limit=RATE_RATIO_GOAL,
            on="ratio",
            higher_is_better=True,
        )


def _cpu_lines(report: Report, n: int, cpu: dict[str, list[tuple[float, float, float]]]) -> None:
    """The client process's CPU seconds per 10,000 links, against raw's in the same run."""
    lines = {
        mode: report.add(
            Result(
                SECTION,
                f"client CPU per 10k links: {LABEL[mode]}",
                "s",
                [c * 10_000 / n for _w, c, _s in cpu[mode]],
            )
        )
        for mode in LABEL
    }
    for mode, base in BASELINE.items():
        set_ratio(lines[mode], lines[base])
        lines[mode].ratio_to = base
        check_goal(lines[mode], f"≤ {CPU_RATIO_GOAL}× {base}", limit=CPU_RATIO_GOAL, on="ratio")


if __name__ == "__main__":
    raise SystemExit(child_main(sys.argv[1:]))
