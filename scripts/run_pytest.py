"""Run pytest and refuse to pass when it collected nothing (pytest exit code 5)."""

from __future__ import annotations

import sys

import pytest

NO_TESTS_COLLECTED = 5


def main(argv: list[str]) -> int:
    code = int(pytest.main(argv))
    if code == NO_TESTS_COLLECTED:
        print(f"pytest collected no tests for {argv}: treating as a failure.", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
