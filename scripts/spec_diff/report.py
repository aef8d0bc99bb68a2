"""The spec diff as text for a terminal, Markdown for a pull request, JSON, and a draft
CHANGELOG entry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from python_api import ApiChange
from wire import BREAKING_REQUEST, BREAKING_RESPONSE, COMPATIBLE, Change

TITLES = {
    BREAKING_REQUEST: "Breaking for clients (request side): requests the old spec accepts fail",
    BREAKING_RESPONSE: "Breaking for readers (response side): answers old clients do not expect",
    COMPATIBLE: "Compatible",
}


def breaking(wire: list[Change], python: list[ApiChange]) -> bool:
    return any(c.breaking for c in wire) or bool(python)


def text(base: str, wire: list[Change], python: list[ApiChange]) -> str:
    if not wire and not python:
        return f"spec diff against {base}: no changes"
    lines = [f"spec diff against {base}:"]
    for kind, title in TITLES.items():
        found = [c for c in wire if c.kind == kind]
        if found:
            lines.append(f"\n{title}:")
            lines += [f"  {c.pointer}\n      {c.reason}" for c in found]
    if python:
        lines.append("\nPython API breaks (griffe):")
        lines += [f"  {c.package}: {c.path}: {c.reason}" for c in python]
    verdict = "BREAKING" if breaking(wire, python) else "compatible"
    lines.append(f"\nverdict: {verdict}")
    return "\n".join(lines)


def markdown(base: str, wire: list[Change], python: list[ApiChange]) -> str:
    if not wire and not python:
        return f"# Spec diff against `{base}`\n\nNo changes.\n"
    out = [f"# Spec diff against `{base}`", ""]
    for kind, title in TITLES.items():
        found = [c for c in wire if c.kind == kind]
        if found:
            out += [f"## {title}", "", "| pointer | change |", "|---|---|"]
            out += [f"| `{c.pointer}` | {c.reason} |" for c in found]
            out.append("")
    if python:
        out += [
            "## Python API breaks (griffe)",
            "",
            "| package | object | change |",
            "|---|---|---|",
        ]
        out += [f"| {c.package} | `{c.path}` | {c.reason} |" for c in python]
    return "\n".join(out) + "\n"


def changelog_draft(version: str, wire: list[Change], python: list[ApiChange]) -> str:
    lines = [f"## {version}", ""]
    broke = [c for c in wire if c.breaking]
    if broke or python:
        lines.append("- **Breaking.**")
        lines += [f"  - {c.reason} (`{c.pointer}`)" for c in broke]
        lines += [f"  - Python: `{c.path}`: {c.reason}" for c in python]
    compatible = [c for c in wire if not c.breaking]
    if compatible:
        lines.append("- **Compatible.**")
        lines += [f"  - {c.reason} (`{c.pointer}`)" for c in compatible]
    return "\n".join(lines) + "\n"


def write(out: Path, base: str, wire: list[Change], python: list[ApiChange]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "spec-diff.md").write_text(markdown(base, wire, python), encoding="utf-8")
    data: dict[str, Any] = {
        "base": base,
        "breaking": breaking(wire, python),
        "wire": [c.__dict__ for c in wire],
        "python": [c.__dict__ for c in python],
    }
    (out / "spec-diff.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
