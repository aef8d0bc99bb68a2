"""Result records and the report writer (reports/bench.md + reports/bench.json)."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Result:
    """One line of the report: repeated samples of one measurement."""

    section: str
    name: str
    unit: str  # "ms", "s", "links/s", "MB", ...
    samples: list[float]
    # Ratio of this line's median to a baseline line's median, measured in the same run.
    ratio: float | None = None
    ratio_to: str | None = None
    goal: str = "—"
    met: bool | None = None  # None: no goal, or not measurable
    note: str = ""
    higher_is_better: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # JSON only

    @property
    def runs(self) -> int:
        return len(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def min(self) -> float:
        return min(self.samples) if self.samples else float("nan")

    @property
    def max(self) -> float:
        return max(self.samples) if self.samples else float("nan")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(runs=self.runs, median=self.median, min=self.min, max=self.max)
        return data


@dataclass
class Report:
    meta: dict[str, Any] = field(default_factory=dict)
    results: list[Result] = field(default_factory=list)

    def add(self, result: Result) -> Result:
        self.results.append(result)
        return result

    def get(self, section: str, name: str) -> Result:
        for r in self.results:
            if r.section == section and r.name == name:
                return r
        raise KeyError((section, name))


def set_ratio(result: Result, baseline: Result) -> None:
    if baseline.samples and result.samples and baseline.median > 0:
        result.ratio = result.median / baseline.median
        result.ratio_to = baseline.name


def check_goal(
    result: Result, goal: str, *, limit: float, on: str = "median", higher_is_better: bool = False
) -> None:
    """Record a goal and whether it was met, judged on the median (or the ratio)."""
    result.goal = goal
    result.higher_is_better = higher_is_better
    value = result.ratio if on == "ratio" else result.median
    if value is None or not result.samples or value != value:  # NaN: nothing measured
        result.met = None
        return
    result.met = value >= limit if higher_is_better else value <= limit


def fmt_num(value: float, unit: str) -> str:
    if value != value:
        return "n/a"
    if unit in ("links/s", "req/s"):
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _met_text(met: bool | None) -> str:
    return {True: "yes", False: "**NO**", None: "—"}[met]


COLUMNS = ("Section", "Benchmark", "Unit", "Median", "Min", "Max", "Runs", "Ratio", "Goal", "Met")


def table_rows(results: Sequence[Result]) -> list[list[str]]:
    rows = []
    for r in results:
        ratio = f"{r.ratio:.2f}× {r.ratio_to}" if r.ratio is not None else "—"
        rows.append(
            [
                r.section,
                r.name + (f" ({r.note})" if r.note else ""),
                r.unit,
                fmt_num(r.median, r.unit),
                fmt_num(r.min, r.unit),
                fmt_num(r.max, r.unit),
                str(r.runs),
                ratio,
                r.goal,
                _met_text(r.met),
            ]
        )
    return rows


def render_markdown(report: Report) -> str:
    lines = ["# Benchmarks", ""]
    for key, value in report.meta.items():
        lines.append(f"- {key}: {value}")
    lines += ["", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in table_rows(report.results):
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    lines.append("")
    return "\n".join(lines)


def render_text(report: Report) -> str:
    """A plain fixed-width table for the terminal."""
    rows = [list(COLUMNS), *table_rows(report.results)]
    rows = [[cell.replace("**", "") for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    out = []
    for n, row in enumerate(rows):
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def write_report(report: Report, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    md = out_dir / "bench.md"
    js = out_dir / "bench.json"
    md.write_text(render_markdown(report), encoding="utf-8")
    payload = {"meta": report.meta, "results": [r.to_json() for r in report.results]}
    js.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return md, js
