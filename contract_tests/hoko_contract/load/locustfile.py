"""The locustfile of the contract under load: `locust -f` this file, or `python -m
hoko_contract.load` (which starts the embedded server and the workers for you).

The master (or the only process) creates the shared links before the users start and sends
them to the workers. It also runs the clock: at the end of `--run-time` it stops the users,
each worker sends its ledger, and the master audits the union, writes the verdict and sets
the exit code (0: no guarantee broken and the SLOs held; 1 otherwise). Imports are absolute:
Locust loads this file by path.
"""

from __future__ import annotations

import logging
import os
import random
import time
import traceback
from pathlib import Path
from typing import Any, ClassVar

import gevent
import locust.runners
from locust import events
from locust.env import Environment
from locust.runners import MasterRunner, WorkerRunner

from hoko_contract import profile, spec
from hoko_contract.http import Api
from hoko_contract.load import audit, verdict
from hoko_contract.load.hoko_user import HokoUser
from hoko_contract.load.ledger import Ledger, Tally
from hoko_contract.load.mix import new_link, new_record, shared_fields
from hoko_contract.load.node import NODE, Node, Setup
from hoko_contract.load.users import IsolationUser, WireUser

__all__ = ["HokoUser", "IsolationUser", "WireUser"]

log = logging.getLogger("hoko_contract.load")
LEDGER_WAIT = 60.0  # seconds the master waits for the workers' ledgers
# before the audit reads: a deployment whose reads lag its writes catches up
AUDIT_SETTLE = 1.0
MAX_SHARED = 64  # shared objects per resource, however many users
CONTESTED = 8  # externalIds every user tries to create a link with


# A worker checks every response (schema, model) in its own greenlets, so on a busy machine its
# heartbeat greenlet can wait behind seconds of CPU work; Locust's 3 s would then call a working
# worker missing and stop the test. The master is the only one that reads this.
locust.runners.HEARTBEAT_LIVENESS = 30


class _Run:
    duration: float | None = None
    started = 0.0
    stopped = 0.0
    ledgers: ClassVar[list[Ledger]] = []
    finished = False


def _options(parser: Any) -> None:
    group = parser.add_argument_group("hoko contract")
    group.add_argument("--hoko-max-p95-ms", default="", help="p95 goal: ms, or band=ms,...")
    group.add_argument("--hoko-max-error-rate", type=float, default=0.01)
    group.add_argument("--hoko-report-dir", default="reports/load")
    group.add_argument("--hoko-max-batch", type=int, default=2000)


def _init(environment: Environment, **_kw: Any) -> None:
    fresh = Node.from_env()
    for name in ("base_url", "keys", "run_tag", "seed"):
        setattr(NODE, name, getattr(fresh, name))
    options = environment.parsed_options
    NODE.max_batch = int(getattr(options, "hoko_max_batch", 2000) or 2000)
    NODE.fire = environment.events.request.fire
    _quiet_clients()
    runner = environment.runner
    if isinstance(runner, WorkerRunner):
        runner.register_message("hoko_setup", _on_setup)
        return
    if runner is not None:
        runner.register_message("hoko_ledger", _on_ledger)
    if options is not None and options.run_time:
        # The master keeps the clock, so that it can collect the workers' ledgers before it quits.
        _Run.duration, options.run_time = float(options.run_time), None
        log.info("run time %.0f s, kept by the hoko contract master", _Run.duration)


def _quiet_clients() -> None:
    """One line per HTTP request drowns Locust's own output; HOKO_LOG keeps the client's."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if not os.environ.get("HOKO_LOG"):
        logging.getLogger("hoko").setLevel(logging.WARNING)


def _on_setup(environment: Environment, msg: Any, **_kw: Any) -> None:
    NODE.setup = Setup(**msg.data)


def _on_ledger(environment: Environment, msg: Any, **_kw: Any) -> None:
    _Run.ledgers.append(Ledger.from_message(msg.data))


def _test_start(environment: Environment, **_kw: Any) -> None:
    runner = environment.runner
    if isinstance(runner, WorkerRunner):
        return
    options = environment.parsed_options
    NODE.setup = make_setup(int(getattr(options, "num_users", 1) or 1))
    _Run.started = time.monotonic()
    if isinstance(runner, MasterRunner):
        runner.send_message("hoko_setup", NODE.setup.as_message())
    if _Run.duration:
        gevent.spawn(_stop_after, environment, _Run.duration)


def make_setup(users: int) -> Setup:
    """In workspace A: a collection, enough shared links, collections and partners that each
    of `users` gets its own field of one of each, and the contested externalIds."""
    rng = random.Random(NODE.seed)
    api = Api(NODE.base_url, dict(NODE.keys), NODE.run_tag)
    key = NODE.key("HOKO_API_KEY")

    def made(op_id: str, items: list[dict[str, Any]]) -> list[str]:
        res = api.send(op_id, items, key=key)
        res.take_violations()
        if not 200 <= res.status < 300:
            raise RuntimeError(f"could not create the shared objects: {res.describe()}")
        return [str(o["id"]) for o in res.objects]

    try:
        collection = made("upsertCollections", [new_record(rng, "collections", NODE.run_tag)])[0]
        shared: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for resource in ("links", "collections", "partners"):
            count = min(MAX_SHARED, -(-max(1, users) // len(shared_fields(resource))))
            if resource == "links":
                items = [new_link(rng, NODE.run_tag, collection) for _ in range(count)]
                for item in items:
                    item.pop("utm", None)
                shared[resource] = made("createLinks", items)
            else:  # a name only: every other field starts unset
                items = [{"name": f"{NODE.run_tag} shared {i}"} for i in range(count)]
                shared[resource] = made(spec.upsert_for(resource).op_id, items)
                names.update(zip(shared[resource], (it["name"] for it in items), strict=True))
    finally:
        api.close()
    contested = [f"{NODE.run_tag}-contested-{i}" for i in range(CONTESTED)]
    return Setup(shared=shared, collection=collection, contested=contested, names=names)


def _stop_after(environment: Environment, seconds: float) -> None:
    gevent.sleep(seconds)
    runner = environment.runner
    assert runner is not None
    runner.stop()  # a master tells the workers and waits for them; test_stop then audits
    runner.quit()


def _test_stop(environment: Environment, **_kw: Any) -> None:
    runner = environment.runner
    if isinstance(runner, WorkerRunner):
        runner.send_message("hoko_ledger", _own_ledger().as_message())
        return
    if _Run.finished:
        return
    _Run.finished, _Run.stopped = True, time.monotonic()
    try:
        _finish(environment)
    except Exception:
        log.error("the load audit failed:\n%s", traceback.format_exc())
        environment.process_exit_code = 2


def _own_ledger() -> Ledger:
    ledger = NODE.collect()
    ledger.differs.merge(_differs())
    return ledger


def _differs() -> Tally:
    """This process's DIFFERS findings (documented profile) as a tally."""
    out = Tally()
    for (gid, _what), finding in profile.STATE.differs.items():
        out.counts[gid] = out.counts.get(gid, 0) + finding.count
        out.examples.setdefault(gid, finding.examples[0] if finding.examples else finding.what)
    profile.STATE.differs.clear()
    return out


def _finish(environment: Environment) -> None:
    options = environment.parsed_options
    runner = environment.runner
    ledger = _own_ledger()
    if isinstance(runner, MasterRunner):
        expected = int(getattr(options, "expect_workers", 1) or 1)
        waited = 0.0
        while len(_Run.ledgers) < expected and waited < LEDGER_WAIT:
            gevent.sleep(0.2)
            waited += 0.2
        if len(_Run.ledgers) < expected:
            log.error("only %d of %d workers sent their ledger", len(_Run.ledgers), expected)
    for other in _Run.ledgers:
        ledger.merge(other)
    assert NODE.setup is not None
    gevent.sleep(AUDIT_SETTLE)
    done = audit.run(NODE, ledger, NODE.setup)
    ledger.differs.merge(_differs())
    if isinstance(runner, MasterRunner) and len(_Run.ledgers) < expected:
        done.notes.append(f"only {len(_Run.ledgers)} of {expected} workers' ledgers audited")
    done.notes.append(f"ledgers audited: {len(_Run.ledgers) or 1} process(es)")
    s = verdict.slo(
        environment.stats,
        verdict.parse_p95(getattr(options, "hoko_max_p95_ms", "")),
        getattr(options, "hoko_max_error_rate", None),
        _Run.stopped - _Run.started,
    )
    folder = Path(getattr(options, "hoko_report_dir", "reports/load"))
    print(verdict.write(folder, ledger, done, s), flush=True)
    ok = verdict.passed(ledger, done, s) and not (
        isinstance(runner, MasterRunner) and len(_Run.ledgers) < expected
    )
    environment.process_exit_code = 0 if ok else 1


def _listen(hook: Any, fn: Any) -> None:
    hook.add_listener(fn)


_listen(events.init_command_line_parser, _options)
_listen(events.init, _init)
_listen(events.test_start, _test_start)
_listen(events.test_stop, _test_stop)
