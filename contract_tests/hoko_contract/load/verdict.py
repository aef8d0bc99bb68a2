"""The end of a load run: SLOs from Locust's stats, the verdict table per guarantee, and the
reports under the report folder (verdict.md, verdict.json beside Locust's CSV and HTML)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import profile
from ..guarantees import BY_ID, sort_key
from .audit import Audit
from .ledger import Ledger
from .mix import BANDS, band_of


def parse_p95(text: str | None) -> dict[str, float]:
    """`--hoko-max-p95-ms`: one number for every batch-size band, or `band=ms,...` with the
    bands of `mix.BANDS` (e.g. `1=200,501-2000=4000`)."""
    bands = [band_of(b[0]) for b in BANDS]
    if not text:
        return {}
    if "=" not in text:
        return dict.fromkeys(bands, float(text))
    out = {}
    for part in text.split(","):
        band, _, ms = part.partition("=")
        if band.strip() not in bands:
            raise ValueError(f"unknown batch-size band {band!r}; the bands are {', '.join(bands)}")
        out[band.strip()] = float(ms)
    return out


@dataclass
class Band:
    band: str
    requests: int
    p50: float
    p95: float
    limit: float | None = None

    @property
    def ok(self) -> bool:
        return self.limit is None or self.p95 <= self.limit


@dataclass
class Slo:
    bands: list[Band] = field(default_factory=list)
    requests: int = 0
    failures: int = 0
    max_error_rate: float | None = None
    seconds: float = 0.0  # of load, from the first user's start to the stop

    @property
    def error_rate(self) -> float:
        return self.failures / self.requests if self.requests else 0.0

    @property
    def ok(self) -> bool:
        rate_ok = self.max_error_rate is None or self.error_rate <= self.max_error_rate
        return rate_ok and all(b.ok for b in self.bands)


def slo(
    stats: Any, max_p95: dict[str, float], max_error_rate: float | None, seconds: float = 0.0
) -> Slo:
    """Per band, the HTTP requests' p50 and p95 (Locust's entries merged by band)."""
    from locust.stats import StatsEntry

    merged: dict[str, Any] = {}
    for entry in stats.entries.values():
        name = str(entry.name)
        if "[" not in name or entry.method == "hoko":
            continue
        band = name.rsplit("[", 1)[1].rstrip("]")
        into = merged.setdefault(band, StatsEntry(stats, band, "band"))
        into.extend(entry)
    out = Slo(requests=stats.total.num_requests, failures=stats.total.num_failures, seconds=seconds)
    out.max_error_rate = max_error_rate
    for band in [band_of(b[0]) for b in BANDS]:
        e = merged.get(band)
        if e is None or not e.num_requests:
            continue
        out.bands.append(
            Band(
                band,
                e.num_requests,
                e.get_response_time_percentile(0.5),
                e.get_response_time_percentile(0.95),
                max_p95.get(band),
            )
        )
    return out


def table(ledger: Ledger, audit: Audit, s: Slo) -> str:
    lines = [
        f"# Load run verdict ({profile.name()} profile)",
        "",
        f"{ledger.requests} requests checked, {ledger.rate_limited} answered 429 (expected "
        f"under load); audit: {audit.objects} objects, {audit.shared_slots} shared fields, "
        f"{audit.tokens} hoko-client creates ({audit.skipped_uncertain} skipped: their last "
        "write got no answer)",
        "",
        "| guarantee | basis | verdict | count | example |",
        "|---|---|---|---|---|",
    ]
    gids = sorted(set(ledger.violations.counts) | set(ledger.differs.counts), key=sort_key)
    for gid in gids:
        g = BY_ID.get(gid)
        basis = "doc" if g is None or g.basis == "documented" else f"dec {','.join(g.decisions)}"
        if gid in ledger.violations.counts:
            n, verdict, ex = (
                ledger.violations.counts[gid],
                "FAILED",
                ledger.violations.examples[gid],
            )
        else:
            n, verdict, ex = ledger.differs.counts[gid], "DIFFERS", ledger.differs.examples[gid]
        lines.append(f"| {gid} | {basis} | {verdict} | {n} | {_cell(ex)} |")
    if not gids:
        lines.append("| (all) | | PASSED | 0 | no response or final state broke a guarantee |")
    client_ok = not (audit.duplicates or audit.lost)
    lines += [
        "",
        f"hoko client: {audit.duplicates} duplicate and {audit.lost} lost creates of "
        f"{audit.tokens} ({'ok' if client_ok else 'FAILED'})",
        "",
        "| batch size | requests | p50 ms | p95 ms | p95 goal | |",
        "|---|---|---|---|---|---|",
    ]
    for b in s.bands:
        goal = f"{b.limit:.0f}" if b.limit is not None else "-"
        lines.append(
            f"| {b.band} | {b.requests} | {b.p50:.0f} | {b.p95:.0f} | {goal} | "
            f"{'ok' if b.ok else 'OVER'} |"
        )
    rate_goal = f" (goal <= {s.max_error_rate:.2%})" if s.max_error_rate is not None else ""
    per_s = ledger.links_written / s.seconds if s.seconds else 0.0
    lines += [
        "",
        f"error rate {s.error_rate:.2%} of {s.requests} requests{rate_goal}; "
        f"{ledger.links_written} links written in {s.seconds:.1f} s ({per_s:.0f} links/s)",
    ]
    lines += [f"note: {n}" for n in audit.notes]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")[:300]


def passed(ledger: Ledger, audit: Audit, s: Slo) -> bool:
    return not ledger.violations.total and not audit.duplicates and not audit.lost and s.ok


def write(folder: Path, ledger: Ledger, audit: Audit, s: Slo) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    text = table(ledger, audit, s)
    (folder / "verdict.md").write_text(text, encoding="utf-8")
    data = {
        "profile": profile.name(),
        "passed": passed(ledger, audit, s),
        "violations": ledger.violations.counts,
        "examples": ledger.violations.examples,
        "differs": ledger.differs.counts,
        "audit": audit.as_dict(),
        "requests": ledger.requests,
        "rate_limited": ledger.rate_limited,
        "error_rate": s.error_rate,
        "seconds": s.seconds,
        "links_written": ledger.links_written,
        "links_per_s": ledger.links_written / s.seconds if s.seconds else 0.0,
        "bands": [b.__dict__ | {"ok": b.ok} for b in s.bands],
    }
    (folder / "verdict.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    return text
