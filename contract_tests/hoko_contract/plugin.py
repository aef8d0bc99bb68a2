"""pytest plugin of the contract suite: options, attribution, verdicts, evidence, exit codes.

Installed as a `pytest11` entry point; it acts only where a conftest sets HOKO_CONTRACT_SUITE.
A failing test is attributed to the guarantees its ContractViolation(s) name (the registered
checks know which guarantee they enforce); any other failure counts against its marker.

Exit codes: 0 passed, 1 contract failure (or, with --certify, any guarantee not PASSED; or a
stale baseline entry), 2 usage or configuration error (also: no test executed), 3 target
unreachable or unresponsive.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from . import cleanup, evidence, findings, preflight, profile
from .guarantees import GUARANTEES, MARKER, ContractViolation, sort_key
from .options import add_options
from .reports import failure_block, write_reports
from .secrets import Scrubber, fingerprint
from .target import Settings, resolve_settings
from .verdict import Ledger, Outcome, verdict

SETTINGS_KEY = pytest.StashKey[Settings]()
LEDGER_KEY = pytest.StashKey[Ledger]()
SCRUB_KEY = pytest.StashKey[Scrubber]()
BASELINE_KEY = pytest.StashKey[list[findings.Entry]]()
RESULT_KEY = pytest.StashKey[dict[str, Any]]()
# The settings of this run, for test modules that need them at import time (decorators).
CURRENT: list[Settings] = []
# Guarantee -> parts not exercised in this run (they make a verdict PARTIAL).
NOTES: dict[str, set[str]] = defaultdict(set)
SUITE_FLAG = "HOKO_CONTRACT_SUITE"
NOTHING_RAN = preflight.CONFIG_ERROR  # a run that executed no test is a configuration error


def active(config: pytest.Config) -> bool:
    """Initial conftests load before pytest_configure, so the suite's flag is visible here."""
    return any(getattr(p, SUITE_FLAG, False) is True for p in config.pluginmanager.get_plugins())


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "guarantee(*ids): the guarantees (G-numbers) a test checks")
    config.addinivalue_line("markers", "heavy: 10,000-item batches (see --hoko-heavy)")
    if not active(config):
        return
    settings = resolve_settings(config)
    if settings.remote and not settings.keys["HOKO_API_KEY"]:
        raise pytest.UsageError(
            "HOKO_API_KEY (or --hoko-api-key) is required against a remote target "
            f"({settings.base_url})"
        )
    if settings.remote and settings.faults:
        raise pytest.UsageError("--hoko-reference-fault only applies to the embedded server")
    if settings.production and not settings.allow_production:
        raise pytest.UsageError(
            f"{settings.base_url} is Hoko's production: the suite writes objects there only with "
            "HOKO_ALLOW_PRODUCTION=1"
        )
    config.stash[SETTINGS_KEY] = settings
    CURRENT[:] = [settings]
    profile.select(settings.profile)
    NOTES.clear()
    config.stash[LEDGER_KEY] = Ledger(notes=NOTES)
    config.stash[SCRUB_KEY] = Scrubber(settings.keys)
    config.stash[BASELINE_KEY] = (
        findings.load(settings.baseline)
        if settings.baseline and settings.baseline.exists() and not settings.baseline_update
        else []
    )
    if settings.baseline and not settings.baseline.exists() and not settings.baseline_update:
        raise pytest.UsageError(
            f"baseline {settings.baseline} does not exist (--baseline-update writes it)"
        )
    _configure_hypothesis(settings)


def register_keys(config: pytest.Config, keys: dict[str, str | None]) -> None:
    """The target's keys (the embedded server's dev keys too) join the scrubber."""
    if SCRUB_KEY in config.stash:
        config.stash[SCRUB_KEY].add(keys)


def record_writes(config: pytest.Config, created: int) -> None:
    """How many objects the run's writes could have created (items without an id)."""
    if LEDGER_KEY in config.stash:
        config.stash.setdefault(RESULT_KEY, {})["objects_created"] = created


def record_cleanup(config: pytest.Config, api: Any) -> None:
    """Soft-delete what the run created (--cleanup); the summary goes into the reports."""
    if LEDGER_KEY not in config.stash:
        return
    result = config.stash.setdefault(RESULT_KEY, {})
    stopped = config.stash[LEDGER_KEY].stopped
    if stopped:
        left = sum(len(ids) for by in api.created.values() for ids in by.values())
        result["cleanup"] = f"cleanup: skipped, the target is down; {left:,} objects left behind"
        return
    result["cleanup"] = cleanup.run(api).line()


def stop_run(config: pytest.Config, why: str) -> None:
    """The target stopped answering: end the run now, every unchecked guarantee NOT RUN."""
    s = config.stash[SETTINGS_KEY]
    config.stash[LEDGER_KEY].stopped = why
    pytest.exit(f"hoko contract: target {s.base_url or 'embedded'} stopped answering: {why}", 3)


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
    keys = ", ".join(f"{var} {fingerprint(k)}" for var, k in s.keys.items() if k) or "dev keys"
    budget = (
        f"at most {s.write_budget:,} objects" if s.write_budget is not None else "none (embedded)"
    )
    lines = [
        f"hoko contract: target {target}",
        f"hoko contract: keys {keys}",
        f"hoko contract: write budget {budget} (HOKO_WRITE_BUDGET), "
        f"timeout {s.timeout:g} s per request",
        f"hoko contract: run id {s.run_id} (created data tagged {s.tag}), hypothesis seed "
        f"{s.seed} (rerun with HOKO_SEED={s.seed})",
        f"hoko contract: profile {s.profile} ("
        + (
            "only what Hoko documents fails; our decisions' deviations are DIFFERS)"
            if s.profile == "documented"
            else "every decision of openapi/DECISIONS.md enforced)"
        ),
        f"hoko contract: heavy tests {'on' if s.heavy else 'off'}, {s.examples} examples per "
        f"property, {s.st_examples} schemathesis examples per operation"
        + (", certification mode" if s.certify else ""),
    ]
    if s.remote:
        missing = [v for v, k in s.keys.items() if not k]
        if missing:
            lines.append(f"hoko contract: keys not set: {', '.join(missing)}")
    if s.faults:
        lines.append(f"hoko contract: FAULTS ON in the embedded server: {', '.join(s.faults)}")
    return lines


HEAVY_SKIP = "heavy tests off (HOKO_HEAVY=1 turns them on)"
HEAVY_WHAT = "a heavy test (10,000 items or a 16 MiB body)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SETTINGS_KEY not in config.stash:
        return
    s = config.stash[SETTINGS_KEY]
    unmarked = []
    known = {g.id for g in GUARANTEES}
    for item in items:
        marker = item.get_closest_marker("guarantee")
        if marker is None or not marker.args:
            unmarked.append(item.nodeid)
            continue
        unknown = [g for g in marker.args if g not in known]
        if unknown:
            raise pytest.UsageError(f"{item.nodeid}: unknown guarantee {unknown}")
        if not s.heavy and item.get_closest_marker("heavy"):
            item.add_marker(pytest.mark.skip(reason=f"{HEAVY_WHAT}: {HEAVY_SKIP}"))
    if unmarked:
        raise pytest.UsageError(f"tests without a guarantee marker: {unmarked}")


def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    if SETTINGS_KEY not in config.stash or not session.items:
        return
    s = config.stash[SETTINGS_KEY]
    if s.remote and s.base_url:
        failed = preflight.check(s.base_url, s.keys["HOKO_API_KEY"], s.timeout)
        if failed is not None:
            config.stash[LEDGER_KEY].stopped = failed.message
            pytest.exit(f"hoko contract preflight: {failed.message}", failed.code)


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


def pytest_runtest_setup(item: pytest.Item) -> None:
    profile.STATE.test = item.nodeid


def _differs(item: pytest.Item, call: pytest.CallInfo[None]) -> tuple[str, ...] | None:
    """The guarantees this profile fails the test on; None when its failure is only a
    decision's deviation (recorded as DIFFERS)."""
    assert call.excinfo is not None
    if isinstance(call.excinfo.value, profile.Differs):
        return None
    marked = marked_guarantees(item)
    blamed = blame(call.excinfo.value, marked)
    kept = tuple(profile.enforced(blamed))
    if len(kept) < len(blamed):
        message = str(call.excinfo.value).split("] ", 1)[-1]
        for gid in blamed:
            if gid not in kept:
                profile.record(gid, message)
    return kept or None


def _failed(
    item: pytest.Item,
    call: pytest.CallInfo[None],
    report: pytest.TestReport,
    blamed: tuple[str, ...],
) -> Outcome:
    config = item.config
    s, scrub = config.stash[SETTINGS_KEY], config.stash[SCRUB_KEY]
    assert call.excinfo is not None
    marked = marked_guarantees(item)
    outcome = Outcome(item.nodeid, marked, "failed", blamed)
    # schemathesis' tests share one nodeid across operations; their names tell them apart
    name = item.nodeid if item.name in item.nodeid else f"{item.nodeid}[{item.name}]"
    outcome.message = scrub(call.excinfo.exconly()).removeprefix("hoko_contract.guarantees.")
    outcome.fingerprint = findings.fingerprint(outcome.blamed, item.nodeid, outcome.message)
    api = item.funcargs.get("api") if hasattr(item, "funcargs") else None
    exchanges = list(api.journal.exchanges) if api is not None else []
    directory = s.reports_dir / "evidence"
    if exchanges:
        path = evidence.write(directory, name, exchanges, scrub, outcome.message[:500])
        outcome.evidence = str(path)
        outcome.curl = evidence.curl(exchanges[-1], scrub, evidence.body_file(directory, name))
    if findings.is_accepted(outcome, config.stash[BASELINE_KEY]):
        outcome.outcome = "accepted"
    config.stash[RESULT_KEY].setdefault("failures", []).append((outcome, exchanges))
    long_wanted = config.option.verbose > 0 or config.option.tbstyle in ("long", "native")
    if not long_wanted:
        report.longrepr = failure_block(outcome, item, exchanges, scrub)
    return outcome


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    config = item.config
    if LEDGER_KEY not in config.stash:
        return report
    config.stash.setdefault(RESULT_KEY, {})
    ledger, scrub = config.stash[LEDGER_KEY], config.stash[SCRUB_KEY]
    marked = marked_guarantees(item)
    if report.when == "setup":
        item.user_properties.append(("guarantees", ",".join(marked)))
    if report.when == "call" or report.outcome != "passed":
        if not (report.when == "setup" and report.outcome == "passed"):
            outcome = Outcome(item.nodeid, marked, report.outcome)
            blamed = _differs(item, call) if report.failed and call.excinfo else ()
            if report.failed and call.excinfo is not None and blamed is None:
                # Only a decision's deviation: a DIFFERS finding, not a failure.
                report.outcome, report.longrepr = "passed", None
                outcome = Outcome(item.nodeid, marked, "differs")
            elif report.failed and call.excinfo is not None and blamed:
                outcome = _failed(item, call, report, blamed)
                item.user_properties.append(("broken_guarantees", ",".join(outcome.blamed)))
                if outcome.outcome == "accepted":
                    report.outcome = "skipped"
                    report.wasxfail = f"accepted finding (baseline {outcome.fingerprint})"
            if report.skipped and isinstance(report.longrepr, tuple):
                outcome.reason = str(report.longrepr[2]).removeprefix("Skipped: ")
            previous = ledger.outcomes.get(item.nodeid)
            if previous is None or previous.outcome not in ("failed", "accepted"):
                ledger.outcomes[item.nodeid] = outcome
    _scrub_report(report, scrub)
    return report


def _scrub_report(report: pytest.TestReport, scrub: Scrubber) -> None:
    """Second line of defence: no key value survives in anything pytest prints or writes."""
    if report.longrepr is not None:
        if isinstance(report.longrepr, tuple):
            path, line, msg = report.longrepr
            report.longrepr = (path, line, scrub(msg))
        else:
            text = str(report.longrepr)
            cleaned = scrub(text)
            if cleaned != text or isinstance(report.longrepr, str):
                report.longrepr = cleaned
    report.sections = [(name, scrub(content)) for name, content in report.sections]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if LEDGER_KEY not in config.stash:
        return
    s, ledger = config.stash[SETTINGS_KEY], config.stash[LEDGER_KEY]
    result = config.stash.setdefault(RESULT_KEY, {})
    per = verdict(ledger)
    result["per"] = per
    baseline = config.stash[BASELINE_KEY]
    result["stale"] = findings.stale(baseline, ledger.outcomes) if baseline else []
    if s.baseline and s.baseline_update:
        result["baseline_written"] = findings.write(s.baseline, ledger.outcomes)
        for o in ledger.outcomes.values():
            if o.outcome == "failed":
                o.outcome = "accepted"
        result["per"] = per = verdict(ledger)
    executed = [o for o in ledger.outcomes.values() if o.outcome != "skipped"]
    code = int(session.exitstatus)
    if ledger.stopped:
        code = (
            code
            if code in (preflight.UNREACHABLE, preflight.CONFIG_ERROR)
            else preflight.UNREACHABLE
        )
    elif not executed:
        code = NOTHING_RAN
    elif any(o.outcome == "failed" for o in ledger.outcomes.values()) or result["stale"]:
        code = 1
    elif s.certify and any(v["status"] not in ("passed", "differs") for v in per.values()):
        code = 1
    elif code == 1 and s.baseline_update:
        code = 0
    result["exit"] = code
    session.exitstatus = code
    if ledger.stopped:  # pytest prints no terminal summary after an exit code of 3
        tr = config.pluginmanager.get_plugin("terminalreporter")
        if tr is not None:
            write_reports(tr, s, ledger, result, config.stash[SCRUB_KEY])
            result["written"] = True


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if RESULT_KEY not in config.stash or "per" not in config.stash[RESULT_KEY]:
        return
    if config.stash[RESULT_KEY].get("written"):
        return
    write_reports(
        terminalreporter,
        config.stash[SETTINGS_KEY],
        config.stash[LEDGER_KEY],
        config.stash[RESULT_KEY],
        config.stash[SCRUB_KEY],
    )
