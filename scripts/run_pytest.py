"""Run pytest and refuse to pass when it collected nothing (pytest exit code 5)."""

from __future__ import annotations

import sys

import pytest

NO_TESTS_COLLECTED = 5
USAGE_ERROR = 4
# The contract suite's documented codes: 2 is a usage or configuration error (pytest says 4).
OUR_USAGE_ERROR = 2


def main(argv: list[str]) -> int:
    code = int(pytest.main(argv))
    if code == NO_TESTS_COLLECTED:
        print(f"pytest collected no tests for {argv}: treating as a failure.", file=sys.stderr)
        return OUR_USAGE_ERROR
    if code == USAGE_ERROR:
        return OUR_USAGE_ERROR
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
