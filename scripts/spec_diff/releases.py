"""Released versions of the spec: `openapi/releases/<version>.yaml`, a copy of the spec as it was
released, so the gate needs no git tags (a fresh CI clone may not fetch them)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
RELEASES = ROOT / "openapi" / "releases"
SPEC = ROOT / "openapi" / "hoko.yaml"
CHANGELOG = ROOT / "CHANGELOG.md"


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version)[:3])


def released(directory: Path = RELEASES) -> list[Path]:
    """The released specs, oldest first."""
    return sorted(directory.glob("*.yaml"), key=lambda p: version_key(p.stem))


def latest(directory: Path = RELEASES) -> Path | None:
    found = released(directory)
    return found[-1] if found else None


def version_of(spec_text: str) -> str:
    return str(yaml.safe_load(spec_text)["info"]["version"])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def changelog_has(version: str, changelog: Path = CHANGELOG) -> bool:
    pattern = re.compile(rf"^##\s+.*\b{re.escape(version)}\b", re.M)
    return bool(pattern.search(changelog.read_text(encoding="utf-8")))
