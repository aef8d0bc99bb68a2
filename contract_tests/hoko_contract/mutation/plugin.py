"""pytest plugin loaded only by the mutation runner (`-p hoko_contract.mutation.plugin`).

Two things, both off unless their environment variable is set:

- HOKO_MUTATION_ORDER=<file>: run tests cheapest first, by the per-test durations of the clean
  run (JSON {nodeid: seconds}). The order is the same for every fault and is derived from the
  clean server only, so it cannot favour the guarantee a fault is expected to break.
- HOKO_MUTATION_DURATIONS=<file>: write that file at the end of the (clean) run.
- HOKO_MUTATION_STOP_ON=G3,G11: stop the session as soon as a test OF one of these guarantees
  (its marker) fails and the suite blames one of them: the guarantee's own tests killed the
  fault; nothing left to learn. Any other failure does not stop the run (not even another test
  whose shared checks blame the expected guarantee), so the guarantee's own tests always get
  their chance.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from ..plugin import blame, marked_guarantees

_STOP_ON: frozenset[str] = frozenset()
_DURATIONS: dict[str, float] = {}


def pytest_configure(config: pytest.Config) -> None:
    global _STOP_ON
    raw = os.environ.get("HOKO_MUTATION_STOP_ON", "")
    _STOP_ON = frozenset(g for g in raw.replace(",", " ").split() if g)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    order_file = os.environ.get("HOKO_MUTATION_ORDER")
    if not order_file:
        return
    durations: dict[str, float] = json.loads(Path(order_file).read_text(encoding="utf-8"))
    # A test the clean run did not time (new or renamed) goes last: unknown cost.
    unknown = max(durations.values(), default=0.0) + 1.0
    position = {item.nodeid: i for i, item in enumerate(items)}
    items.sort(key=lambda it: (durations.get(it.nodeid, unknown), position[it.nodeid]))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _DURATIONS[report.nodeid] = _DURATIONS.get(report.nodeid, 0.0) + report.duration


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if _STOP_ON and report.failed and call.excinfo is not None:
        # the suite's own attribution (ContractViolation tags, else the test's marker)
        marked = marked_guarantees(item)
        hit = set(blame(call.excinfo.value, marked)) & set(marked) & _STOP_ON
        if hit:
            item.session.shouldstop = (
                f"mutation run: killed by expected guarantee {', '.join(sorted(hit))} "
                f"({item.nodeid})"
            )
    return report


def pytest_sessionfinish(session: pytest.Session) -> None:
    out = os.environ.get("HOKO_MUTATION_DURATIONS")
    if out:
        Path(out).write_text(json.dumps(_DURATIONS, indent=1) + "\n", encoding="utf-8")
