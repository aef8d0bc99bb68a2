"""`make spec-diff` (BASE=<git ref>, default: the last released spec) and `make release-check`.

    python scripts/spec_diff [--base REF|release] [--out reports] [--no-python]
    python scripts/spec_diff --release-check

Exit 1 on a breaking change (spec-diff), or on a breaking change since the last release without
a major version bump, or a CHANGELOG.md without an entry for the spec's version (release-check).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import releases
import report
import yaml
from python_api import ApiChange, generated_changes, overlay_changes
from wire import Change, diff

ROOT = releases.ROOT
CONFIG = ROOT / "openapi" / "generator.yaml"
GENERATED = ROOT / "generated" / "hoko_client"


def old_spec(base: str) -> str:
    if base == "release":
        last = releases.latest()
        if last is None:
            raise SystemExit("no release recorded in openapi/releases/")
        return last.read_text(encoding="utf-8")
    shown = subprocess.run(
        ["git", "show", f"{base}:openapi/hoko.yaml"], cwd=ROOT, capture_output=True, text=True
    )
    if shown.returncode != 0:
        raise SystemExit(f"cannot read openapi/hoko.yaml at {base}: {shown.stderr.strip()}")
    text: str = shown.stdout
    return text


def compare(
    old_text: str, new_text: str, base: str, python: bool
) -> tuple[list[Change], list[ApiChange]]:
    if old_text == new_text:
        return [], []
    wire = diff(yaml.safe_load(old_text), yaml.safe_load(new_text))
    api: list[ApiChange] = []
    if python:
        with tempfile.TemporaryDirectory(prefix="hoko-old-spec-") as tmp:
            old_path = Path(tmp) / "hoko.yaml"
            old_path.write_text(old_text, encoding="utf-8")
            api = generated_changes(old_path, GENERATED, CONFIG)
        if base != "release":
            api += overlay_changes(base)
    return wire, api


def release_check(
    spec: Path = releases.SPEC,
    released_dir: Path = releases.RELEASES,
    changelog: Path = releases.CHANGELOG,
) -> int:
    last = releases.latest(released_dir)
    current = spec.read_text(encoding="utf-8")
    version = releases.version_of(current)
    problems = []
    if not releases.changelog_has(version, changelog):
        problems.append(f"CHANGELOG.md has no entry for {version} (a heading '## ... {version}')")
    if last is not None and last.read_text(encoding="utf-8") != current:
        released = releases.version_of(last.read_text(encoding="utf-8"))
        wire, api = compare(
            last.read_text(encoding="utf-8"), current, "release", python=spec == releases.SPEC
        )
        major_bumped = releases.version_key(version)[:1] > releases.version_key(released)[:1]
        if report.breaking(wire, api) and not major_bumped:
            print(report.text(f"release {released}", wire, api))
            problems.append(
                f"breaking changes since release {released} need a major version "
                f"(info.version is {version})"
            )
    for p in problems:
        print(f"release-check: {p}", file=sys.stderr)
    if not problems:
        print(f"release-check: spec {version} ok")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="release", help="git ref, or 'release' (the last one)")
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    parser.add_argument("--no-python", action="store_true", help="skip the griffe comparison")
    parser.add_argument("--release-check", action="store_true")
    args = parser.parse_args()
    if args.release_check:
        return release_check()
    new_text = releases.SPEC.read_text(encoding="utf-8")
    wire, api = compare(old_spec(args.base), new_text, args.base, python=not args.no_python)
    print(report.text(args.base, wire, api))
    report.write(args.out, args.base, wire, api)
    if wire or api:
        print("\nDraft CHANGELOG.md entry:\n")
        print(report.changelog_draft(releases.version_of(new_text), wire, api))
    return 1 if report.breaking(wire, api) else 0


if __name__ == "__main__":
    raise SystemExit(main())
