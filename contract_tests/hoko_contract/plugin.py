"""pytest plugin: options, the `guarantee` marker, failure attribution, per-guarantee verdict.

A failing test is attributed to the guarantees carried by the ContractViolation(s) it raised (the
shared checks know which guarantee they enforce); any other failure counts against the guarantee of
the test's marker. The verdict is printed at the end and written to reports/contract-guarantees.json
for the mutation runner.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pytest

from .guarantees import BY_ID, GUARANTEES, MARKER, ContractViolation, sort_key
from .target import KEY_VARS, Settings, resolve_settings

SETTINGS_KEY = pytest.StashKey[Settings]()
# The settings of this run, for test modules that need them at import time (decorators).
CURRENT: list[Settings] = []
# Guarantee -> remarks for the verdict (e.g. parts not exercised in this run).
NOTES: dict[str, set[str]] = defaultdict(set)


@dataclass
class Outcome:
    nodeid: str
    marked: tuple[str, ...]
    outcome: str  # passed | failed | skipped
    blamed: tuple[str, ...] = ()
    reason: str = ""


@dataclass
class Ledger:
    outcomes: dict[str, Outcome] = field(default_factory=dict)


LEDGER_KEY = pytest.StashKey[Ledger]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("hoko", "Hoko contract suite")
    group.addoption(
        "--hoko-base-url",
        help="server to certify (env HOKO_BASE_URL); default: start the embedded reference server",
    )
    for var, (option, _dev) in KEY_VARS.items():
        group.addoption(option, help=f"API key (env {var})")
    group.addoption(
        "--hoko-heavy",
        help="1/0: run the 10,000-item tests (env HOKO_HEAVY; "
        "default on for the embedded server, off for a remote one)",
    )
    group.addoption("--hoko-examples", help="hypothesis examples per property (env HOKO_EXAMPLES)")
    group.addoption(
        "--hoko-st-examples",
        help="schemathesis fuzzing examples per operation (env HOKO_ST_EXAMPLES)",
    )
    group.addoption("--hoko-seed", help="hypothesis seed (env HOKO_SEED); printed when random")
    group.addoption(
        "--hoko-run-id", help="tag of created data: contract-<run id> (env HOKO_RUN_ID)"
    )
    group.addoption(
        "--hoko-reference-fault",
        action="append",
        default=[],
        metavar="NAME",
        help="embedded server only: switch on a seeded fault (repeatable; env "
        "HOKO_REFERENCE_FAULTS, comma separated)",
    )
    group.addoption("--hoko-shrink", help="1/0: let hypothesis shrink failures (env HOKO_SHRINK)")
    group.addoption(
        "--hoko-report-json",
        help="guarantee verdict JSON (default reports/contract-guarantees.json)",
    )


SUITE_FLAG = "HOKO_CONTRACT_SUITE"


def active(config: pytest.Config) -> bool:
    """The plugin is installed for every pytest run of the environment; it acts only in the suite.

    The suite's conftest declares `HOKO_CONTRACT_SUITE = True`; initial conftests are loaded
    before pytest_configure, so the flag is visible here.
    """
    return any(getattr(p, SUITE_FLAG, False) is True for p in config.pluginmanager.get_plugins())


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "guarantee(*ids): the guarantees (G-numbers) a test checks")
    config.addinivalue_line("markers", "heavy: 10,000-item batches (see --hoko-heavy)")
    if not active(config):
        return
    settings = resolve_settings(config)
    if settings.remote and not settings.keys["HOKO_API_KEY"]:
        raise pytest.UsageError(
            "HOKO_API_KEY (or --hoko-api-key) is required against a remote "
            f"target ({settings.base_url})"
        )
    if settings.remote and settings.faults:
        raise pytest.UsageError("--hoko-reference-fault only applies to the embedded server")
    config.stash[SETTINGS_KEY] = settings
    CURRENT[:] = [settings]
    config.stash[LEDGER_KEY] = Ledger()
    _configure_hypothesis(settings)


def _configure_hypothesis(settings: Settings) -> None:
    from hypothesis import HealthCheck, Phase, core
    from hypothesis import settings as hsettings

    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
    if settings.shrink:
        phases.append(Phase.shrink)
    hsettings.register_profile(
        "hoko-contract",
        max_examples=settings.examples,
        deadline=None,
        database=None,  # runs are reproduced by seed, not by a local example database
        suppress_health_check=list(HealthCheck),
        phases=phases,
        print_blob=False,
    )
    hsettings.load_profile("hoko-contract")
    if core.global_force_seed is None:
        core.global_force_seed = settings.seed  # type: ignore[assignment]


def pytest_report_header(config: pytest.Config) -> list[str]:
    if SETTINGS_KEY not in config.stash:
        return []
    s = config.stash[SETTINGS_KEY]
    target = s.base_url or "embedded reference server (subprocess, fresh SQLite, dev keys)"
    lines = [
        f"hoko contract: target {target}",
        f"hoko contract: run id {s.run_id} (created data tagged {s.tag}), hypothesis seed "
        f"{s.seed} (rerun with HOKO_SEED={s.seed})",
        f"hoko contract: heavy tests {'on' if s.heavy else 'off'}, {s.examples} examples per "
        f"property, {s.st_examples} schemathesis examples per operation",
    ]
    if s.remote:
        missing = [v for v, k in s.keys.items() if not k]
        if missing:
            lines.append(f"hoko contract: keys not set: {', '.join(missing)}")
    if s.faults:
        lines.append(f"hoko contract: FAULTS ON in the embedded server: {', '.join(s.faults)}")
    return lines


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SETTINGS_KEY not in config.stash:
        return
    s = config.stash[SETTINGS_KEY]
    unmarked = []
    for item in items:
        marker = item.get_closest_marker("guarantee")
        if marker is None or not marker.args:
            unmarked.append(item.nodeid)
            continue
        unknown = [g for g in marker.args if g not in BY_ID]
        if unknown:
            raise pytest.UsageError(f"{item.nodeid}: unknown guarantee {unknown}")
        if not s.heavy and item.get_closest_marker("heavy"):
            item.add_marker(
                pytest.mark.skip(reason="heavy test off (HOKO_HEAVY=1 or --hoko-heavy=1 to run)")
            )
    if unmarked:
        raise pytest.UsageError(f"tests without a guarantee marker: {unmarked}")


def marked_guarantees(item: pytest.Item) -> tuple[str, ...]:
    marker = item.get_closest_marker("guarantee")
    return tuple(marker.args) if marker else ()


def _leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        out: list[BaseException] = []
        for sub in exc.exceptions:
            out.extend(_leaves(sub))
        return out
    return [exc]


def blame(exc: BaseException, marked: tuple[str, ...]) -> tuple[str, ...]:
    """Guarantees a failure proves broken."""
    found: list[str] = []
    for leaf in _leaves(exc):
        cause: BaseException | None = leaf
        while cause is not None and not isinstance(cause, ContractViolation):
            cause = cause.__cause__ or cause.__context__
        if isinstance(cause, ContractViolation):
            for g in cause.guarantees:
                found.extend(marked if g == MARKER else [g])
        else:
            found.extend(marked)
    return tuple(sorted(dict.fromkeys(found), key=sort_key))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if LEDGER_KEY not in item.config.stash:
        return report
    marked = marked_guarantees(item)
    ledger = item.config.stash[LEDGER_KEY]
    if report.when == "call" or report.outcome != "passed":
        if report.when == "setup" and report.outcome == "passed":
            return report
        outcome = Outcome(item.nodeid, marked, report.outcome)
        if report.failed and call.excinfo is not None:
            outcome.blamed = blame(call.excinfo.value, marked)
            # JUnit XML takes properties from the item (via the teardown report).
            item.user_properties.append(("broken_guarantees", ",".join(outcome.blamed)))
        if report.skipped and isinstance(report.longrepr, tuple):
            outcome.reason = str(report.longrepr[2]).removeprefix("Skipped: ")
        previous = ledger.outcomes.get(item.nodeid)
        if previous is None or previous.outcome != "failed":
            ledger.outcomes[item.nodeid] = outcome
    if report.when == "setup":
        item.user_properties.append(("guarantees", ",".join(marked)))
    return report


def verdict(ledger: Ledger) -> dict[str, dict[str, Any]]:
    per: dict[str, dict[str, Any]] = {}
    own: dict[str, list[Outcome]] = defaultdict(list)
    for o in ledger.outcomes.values():
        for gid in o.marked:
            own[gid].append(o)
    for g in GUARANTEES:
        failing = sorted(o.nodeid for o in ledger.outcomes.values() if g.id in o.blamed)
        tests = own.get(g.id, [])
        passed = [o for o in tests if o.outcome == "passed"]
        skipped = [o for o in tests if o.outcome == "skipped"]
        other = [o for o in tests if o.outcome == "failed" and g.id not in o.blamed]
        reasons = sorted({o.reason for o in skipped})
        if failing:
            status = "failed"
        elif other:
            status = "inconclusive"
        elif passed:
            status = "passed"
        elif skipped:
            status = "skipped"
        else:
            status = "not run"
        per[g.id] = {
            "title": g.title,
            "source": g.source,
            "families": list(g.families),
            "status": status,
            "tests": len(tests),
            "passed": len(passed),
            "skipped": len(skipped),
            "skip_reasons": reasons,
            "failing_tests": failing,
            "blocked_by": sorted({b for o in other for b in o.blamed}, key=sort_key),
            "notes": sorted(NOTES.get(g.id, ())),
        }
    return per


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if SETTINGS_KEY not in config.stash:
        return
    s = config.stash[SETTINGS_KEY]
    ledger = config.stash[LEDGER_KEY]
    if not ledger.outcomes:
        return
    per = verdict(ledger)
    tr = terminalreporter
    tr.section("Hoko contract: guarantees")
    for gid, v in per.items():
        line = f"{gid:>4} {v['status'].upper():<12} {BY_ID[gid].title[:80]}"
        if v["status"] == "failed":
            line += f"\n       failing: {', '.join(v['failing_tests'][:5])}"
        elif v["status"] == "skipped":
            line += f"\n       skipped: {'; '.join(v['skip_reasons'])}"
        elif v["status"] == "inconclusive":
            line += f"\n       its tests failed on {', '.join(v['blocked_by'])}"
        elif v["skipped"]:
            line += (
                f"  ({v['skipped']} of {v['tests']} tests skipped: {'; '.join(v['skip_reasons'])})"
            )
        for note in v["notes"]:
            line += f"\n       note: {note}"
        markup = {"failed": {"red": True}, "passed": {"green": True}}.get(
            v["status"], {"yellow": True}
        )
        tr.write_line(line, **markup)
    counts: dict[str, int] = defaultdict(int)
    for v in per.values():
        counts[v["status"]] += 1
    tr.write_line(
        f"seed {s.seed} (HOKO_SEED), run id {s.run_id}: "
        + ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    )
    report = {
        "run_id": s.run_id,
        "seed": s.seed,
        "target": s.base_url or "embedded",
        "faults": s.faults,
        "exit_status": int(exitstatus),
        "broken": sorted([g for g, v in per.items() if v["status"] == "failed"], key=sort_key),
        "guarantees": per,
        "tests": {
            o.nodeid: {
                "marked": list(o.marked),
                "outcome": o.outcome,
                "broken": list(o.blamed),
                "reason": o.reason,
            }
            for o in ledger.outcomes.values()
        },
    }
    s.report_json.parent.mkdir(parents=True, exist_ok=True)
    s.report_json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    tr.write_line(f"guarantee verdict written to {s.report_json}")
