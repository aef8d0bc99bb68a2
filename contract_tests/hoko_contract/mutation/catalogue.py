"""Every fault of the kill matrix in one form: seeded server faults (the reference server's
registry, through `python -m hoko_reference --list-faults`) and the proxy's wire-level faults.

A fault names the family of guarantees it breaks; the family maps to G-numbers through the
suite's own catalogue (hoko_contract.guarantees), the one way faults map to guarantees.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..guarantees import guarantees_for_family

ROOT = Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class Fault:
    name: str
    kind: str  # "server" | "proxy" | "race"
    family: str
    description: str
    expected: tuple[str, ...]
    seam: str  # the rules it replaces (server) or the direction it rewrites (proxy)


def _expected(name: str, family: str) -> tuple[str, ...]:
    expected = tuple(guarantees_for_family(family))
    if not expected:
        raise SystemExit(f"fault {name}: family {family!r} maps to no guarantee")
    return expected


def _listed(flag: str, kind: str) -> list[Fault]:
    out = subprocess.run(
        [sys.executable, "-m", "hoko_reference", flag],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    faults = []
    for line in out.splitlines():
        name, family, seams, description = line.split("\t", 3)
        faults.append(Fault(name, kind, family, description, _expected(name, family), seams))
    return faults


def server_faults() -> list[Fault]:
    return _listed("--list-faults", "server")


def race_faults() -> list[Fault]:
    """Faults only concurrent requests reveal: the load run (hoko_contract.load) judges them."""
    return _listed("--list-races", "race")


def proxy_faults() -> list[Fault]:
    from ..proxy_faults import PROXY_FAULTS

    return [
        Fault(f.name, "proxy", f.family, f.description, _expected(f.name, f.family), f.seam)
        for f in PROXY_FAULTS.values()
    ]


def table(faults: list[Fault]) -> str:
    """One line per fault, tab-separated: name, kind, family, expected, seam, description."""
    return "\n".join(
        f"{f.name}\t{f.kind}\t{f.family}\t{','.join(f.expected)}\t{f.seam}\t{f.description}"
        for f in faults
    )
