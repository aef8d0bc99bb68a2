"""Kill matrix: run the contract suite against faulty servers and report what it catches.

`python -m hoko_contract.mutation` (or `make mutation`):

1. Clean runs: the whole suite against a fault-free embedded server, and through the
   transparent fault proxy. They must pass, or the run is an ERROR (exit 2): a failing suite
   cannot tell a kill from noise. Their per-test durations order every fault run's tests.
2. One run per seeded server fault and per proxy fault (catalogue.py), each against a fresh
   server, stopped early once a test of an expected guarantee fails blaming it.
3. Baseline (not with --quick): the schemathesis CLI against the same faulty servers
   (baseline.py).

Verdicts (verdicts.py): KILLED, STRAY, ACCIDENT, SURVIVED, ERROR. Exit 0 when every fault is
KILLED, 1 otherwise, 2 when a clean run fails or a run errors.

Modules: catalogue (the faults), runs (one suite run), procs (processes), schedule (the pool),
verdicts, baseline, report, plugin (the pytest plugin of a run), __main__ (the command).
"""

from .baseline import new_failures
from .catalogue import Fault, proxy_faults, server_faults
from .runs import Failure, Run
from .verdicts import Row, judge

__all__ = [
    "Failure",
    "Fault",
    "Row",
    "Run",
    "judge",
    "new_failures",
    "proxy_faults",
    "server_faults",
]
