"""Regenerate generated/hoko_client from the spec, or check that the committed copy is current.

openapi-python-client's --overwrite keeps stale files, so we always generate into a fresh
temporary folder and then replace (or compare against) the committed package as a whole.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import spec_facts

TEMPLATES = Path(__file__).resolve().parents[1] / "openapi" / "templates"


def generate_package(
    spec: Path, config: Path, dest: Path, templates: Path | None = TEMPLATES, facts: bool = True
) -> None:
    """Generate the package into `dest` (a new folder); `templates=None` uses only the stock
    templates (tests compare the two); `facts=False` leaves out contract.py (an old spec, for
    the API diff, may lack what it is made from)."""
    env = dict(os.environ)
    # The ruff post-hooks are found through PATH; make sure it is this venv's pinned ruff.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    cmd = [
        sys.executable, "-m", "openapi_python_client", "generate",
        "--path", str(spec), "--config", str(config), "--meta", "none",
        "--output-path", str(dest), "--fail-on-warning",
    ]  # fmt: skip
    if templates is not None:
        # Our overrides of single templates (faster models and JSON); the rest are stock.
        cmd += ["--custom-template-path", str(templates)]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"openapi-python-client failed with exit code {result.returncode}")
    for junk in dest.rglob(".ruff_cache"):
        shutil.rmtree(junk)
    if templates is not None and facts:
        spec_facts.write(spec, dest)
        fmt = ["ruff", "format", "--no-cache", "--config", "line-length=100", "contract.py"]
        subprocess.run(fmt, env=env, cwd=dest, check=True, capture_output=True)


def _differences(expected: Path, actual: Path) -> list[str]:
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], rel: Path) -> None:
        found.extend(f"missing from committed copy: {rel / n}" for n in cmp.left_only)
        found.extend(f"stale file in committed copy: {rel / n}" for n in cmp.right_only)
        for name in cmp.common_files:
            if (Path(cmp.left) / name).read_bytes() != (Path(cmp.right) / name).read_bytes():
                found.append(f"differs: {rel / name}")
        for name, sub in cmp.subdirs.items():
            walk(sub, rel / name)

    walk(filecmp.dircmp(expected, actual, ignore=["__pycache__"]), Path(actual.name))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", type=Path, required=True)
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--check", action="store_true", help="fail if --out is not current")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / args.out.name
        generate_package(args.spec.resolve(), args.config.resolve(), fresh)
        if args.check:
            if not args.out.is_dir():
                print(f"{args.out} does not exist. Run `make generate` and commit the result.")
                return 1
            diffs = _differences(fresh, args.out)
            if diffs:
                print(f"{args.out} is out of date with {args.spec}:")
                for line in diffs:
                    print(f"  {line}")
                print("Run `make generate` and commit the result. Never edit generated/ by hand.")
                return 1
            print(f"{args.out} is up to date with {args.spec}.")
            return 0
        if args.out.exists():
            shutil.rmtree(args.out)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(fresh, args.out)
        print(f"Generated {args.out} from {args.spec}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
