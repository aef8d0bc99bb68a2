"""The suite's command-line options; each also reads an environment variable (target.py)."""

from __future__ import annotations

import pytest

from .target import KEY_VARS


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("hoko", "Hoko contract suite")
    add = group.addoption
    add(
        "--hoko-base-url",
        help="server to certify (env HOKO_BASE_URL); default: start the embedded reference server",
    )
    for var, (option, _dev) in KEY_VARS.items():
        add(option, help=f"API key (env {var})")
    add(
        "--hoko-heavy",
        help="1/0: run the 10,000-item tests (env HOKO_HEAVY; "
        "default on for the embedded server, off for a remote one)",
    )
    add("--hoko-examples", help="hypothesis examples per property (env HOKO_EXAMPLES)")
    add("--hoko-st-examples", help="schemathesis examples per operation (env HOKO_ST_EXAMPLES)")
    add("--hoko-seed", help="hypothesis seed (env HOKO_SEED); printed when random")
    add("--hoko-run-id", help="tag of created data: contract-<run id> (env HOKO_RUN_ID)")
    add(
        "--hoko-reference-fault",
        action="append",
        default=[],
        metavar="NAME",
        help="embedded server only: switch on a seeded fault (repeatable; env "
        "HOKO_REFERENCE_FAULTS, comma separated)",
    )
    add("--hoko-shrink", help="1/0: let hypothesis shrink failures (env HOKO_SHRINK)")
    add(
        "--hoko-report-json",
        help="guarantee verdict JSON (default reports/contract-guarantees.json); evidence and "
        "contract.html go beside it",
    )
    add("--hoko-timeout", help="seconds per request, after 5 s to connect (env HOKO_TIMEOUT; 60)")
    add(
        "--hoko-write-budget",
        help="most objects a run may create (env HOKO_WRITE_BUDGET; remote default 120,000, "
        "300,000 with heavy tests)",
    )
    add(
        "--certify",
        action="store_true",
        help="exit non-zero unless every guarantee is PASSED (env HOKO_CERTIFY=1)",
    )
    add(
        "--hoko-profile",
        choices=("documented", "reference"),
        help="documented: fail only what Hoko's docs state, report our decisions' deviations "
        "as DIFFERS; reference: enforce every decision (env HOKO_PROFILE; default documented "
        "against a remote target, reference against the embedded server)",
    )
    add(
        "--hoko-cleanup",
        help="1/0: soft-delete what the run created, at the end and on interrupt (env "
        "HOKO_CLEANUP; default on against a remote target)",
    )
    add("--baseline", help="JSON file of accepted findings (env HOKO_BASELINE)")
    add(
        "--baseline-update",
        action="store_true",
        help="write this run's failures to the --baseline file (they are then accepted)",
    )
