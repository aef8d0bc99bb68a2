"""Python API changes of the generated `hoko_client` (and of the `hoko` overlay), from griffe.

The old package is generated from the old spec into a temporary folder with the same generator
and templates; griffe compares it with the new one and reports removed or renamed classes,
attributes and parameters, new required parameters, changed defaults.
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import griffe

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from generate import generate_package  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class ApiChange:
    package: str
    path: str
    reason: str


def _changes(
    package: str, old: griffe.Object | griffe.Alias, new: griffe.Object | griffe.Alias
) -> list[ApiChange]:
    found = []
    for breakage in griffe.find_breaking_changes(old, new):
        # A constant's new value (the spec's version, a limit) is data: the wire diff judges it.
        if breakage.kind is griffe.BreakageKind.ATTRIBUTE_CHANGED_VALUE:
            continue
        reason = ANSI.sub("", breakage.explain()).strip()
        found.append(ApiChange(package, breakage.obj.path, reason))
    return found


def _load(package: str, where: Path) -> griffe.Object | griffe.Alias:
    return griffe.load(package, search_paths=[str(where)], resolve_aliases=False)


def generated_changes(old_spec: Path, new_package: Path, config: Path) -> list[ApiChange]:
    """`hoko_client` generated from `old_spec` against the package at `new_package`'s parent."""
    with tempfile.TemporaryDirectory(prefix="hoko-spec-diff-") as tmp:
        dest = Path(tmp) / "hoko_client"
        generate_package(old_spec, config, dest, facts=False)
        old = _load("hoko_client", Path(tmp))
        new = _load("hoko_client", new_package.parent)
        return _changes("hoko_client", old, new)


def overlay_changes(ref: str) -> list[ApiChange]:
    """The overlay at git `ref` against the working tree (empty when `ref` has no overlay)."""
    # The generated package is on the search path too, so `hoko.types`'s star re-export of
    # `hoko_client.models` expands into the names it really exports.
    paths = ["overlays", "generated"]
    try:
        old = griffe.load_git(
            "hoko",
            ref=ref,
            repo=str(ROOT),
            search_paths=paths,
            resolve_aliases=True,
            resolve_external=True,
        )
    except Exception:  # griffe raises several kinds for a ref without the package
        return []
    new = griffe.load(
        "hoko",
        search_paths=[str(ROOT / p) for p in paths],
        resolve_aliases=True,
        resolve_external=True,
    )
    return _changes("hoko", old, new)
