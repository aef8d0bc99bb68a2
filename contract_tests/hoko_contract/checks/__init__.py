"""The checks that run on every response the suite receives, as a registry (as schemathesis
registers its checks). The registry and its rules are in `registry`; the checks themselves in
`every`, `errors` and `successes`, registered (in that order) when this package is imported.
"""

from . import errors, every, successes  # noqa: F401  (importing registers the checks)
from .registry import Context, Failed, check, guarantees_checked, run_checks

__all__ = ["Context", "Failed", "check", "guarantees_checked", "run_checks"]
