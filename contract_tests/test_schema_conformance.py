"""Layer 1: schemathesis 4 over openapi/hoko.yaml (examples, coverage and fuzzing phases).

Checks: not_a_server_error, status_code_conformance, content_type_conformance,
response_schema_conformance, response_headers_conformance, negative_data_rejection,
positive_data_acceptance, ignored_auth, plus the coverage-only missing_required_header and
unsupported_method. Every response then also goes through the suite's own universal checks.

Generated upserts are bound to real objects (hoko_contract.binding) so positive_data_acceptance
means something: ids, collectionId and partnerId name objects created for this module, externalIds
are unique per item. The binding runs in the test on the finished case, because coverage-phase
cases (including the 9,999/10,000/10,001-item arrays) bypass schemathesis' data hooks; a
schema-scoped `map_body` hook applies the same binding earlier for the fuzzing/examples phases so
hypothesis shrinks bound bodies.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hoko_contract import profile, spec
from hoko_contract.binding import Binder, Pool, build_pool, is_large
from hoko_contract.checks.every import STATUS_DECISION
from hoko_contract.evidence import Exchange
from hoko_contract.factory import Factory
from hoko_contract.guarantees import ContractViolation
from hoko_contract.http import Api, Result, combine
from hoko_contract.plugin import CURRENT, NOTES
from hoko_contract.secrets import reveal
from hoko_contract.target import Settings, Target
from hypothesis import settings as hsettings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import positive_data_acceptance

# Which guarantee each schemathesis check stands for.
# A 5xx, a non-JSON answer and an ignored key break what Hoko documents; the spec's statuses,
# schemas, headers and input bounds are our decisions (G31, G35, G36).
CHECK_GUARANTEE = {
    "not_a_server_error": "G2",
    "status_code_conformance": "G36",
    "content_type_conformance": "G1",
    "response_schema_conformance": "G36",
    "response_headers_conformance": "G31",
    "negative_data_rejection": "G35",
    "positive_data_acceptance": "G35",
    "missing_required_header": "G35",
    "unsupported_method": "G36",
    "ignored_auth": "G19",
}

# The decision behind each check of our spec's choices (a DIFFERS finding names it).
CHECK_DECISION = {
    "status_code_conformance": "",  # by status: STATUS_DECISION
    "response_schema_conformance": "D23",
    "response_headers_conformance": "D17",
    "negative_data_rejection": "D18, D21, D22",
    "positive_data_acceptance": "D21, D22",
    "missing_required_header": "D33",
    "unsupported_method": "D27",
}


def _decision(names: Any, status: int) -> str:
    found = [CHECK_DECISION.get(n) or STATUS_DECISION.get(status, "D27") for n in names or ()]
    return ", ".join(dict.fromkeys(d for d in found if d)) or "D23"


_ST_EXAMPLES = CURRENT[0].st_examples if CURRENT else 30

CONFIG = """
request-timeout = 120
[phases.examples]
enabled = true
[phases.coverage]
enabled = true
[phases.fuzzing]
enabled = true
[phases.stateful]
enabled = false
[generation]
mode = "all"
max-examples = {examples}
"""


@pytest.fixture(scope="module")
def st_pool(api: Api, key: str, settings: Settings) -> Pool:
    size = 10_000 if settings.heavy else 60
    return build_pool(Factory(api, key, settings.tag), size)


@pytest.fixture(scope="module")
def binder(st_pool: Pool, settings: Settings) -> Binder:
    return Binder(st_pool, settings.tag)


# Loaded at import (schemathesis' lazy `from_fixture` loader does not work with pytest 9.2); the
# base URL is only known once the target is up, so each call names it.
schema = schemathesis.openapi.from_path(
    str(spec.spec_path()), config=SchemathesisConfig.from_str(CONFIG.format(examples=_ST_EXAMPLES))
)
# The auxiliary reads (D36) are the suite's tools, not operations it certifies.
schema = schema.exclude(operation_id=spec.auxiliary_operation_ids())  # type: ignore[assignment]
_BINDERS: list[Binder] = []


@pytest.fixture(scope="module", autouse=True)
def _install_binder(binder: Binder) -> Iterator[None]:
    _BINDERS[:] = [binder]
    yield
    _BINDERS.clear()


@schema.hooks.hook("map_body")  # type: ignore[untyped-decorator]
def bind_body(ctx: Any, body: Any) -> Any:
    """Bind generated bodies early, so hypothesis shrinks what is really sent."""
    if not _BINDERS:
        return body
    op = spec.operation(ctx.operation.definition.raw["operationId"])
    return _BINDERS[0].bind_safely(op, body)


def _exchange(resp: Any) -> Exchange:
    """A schemathesis (requests) exchange, for the failing test's evidence."""
    req = resp.request
    body = req.body if isinstance(req.body, bytes) else (req.body or "").encode()
    x = Exchange(req.method, req.url, list(req.headers.items()), body)
    x.status, x.response_body = resp.status_code, resp.content or b""
    x.response_headers = [(k, v) for k, vs in resp.headers.items() for v in vs]
    x.elapsed = float(resp.elapsed)
    return x


def _call(case: Any, api: Api, base_url: str, headers: dict[str, str]) -> Any:
    """Send the case; a stray 429 is waited out (pytest runs get no automatic handling).
    A transport failure counts towards the run's circuit breaker, as the helper's do."""
    for _ in range(8):
        try:
            resp = case.call(base_url=base_url, headers=headers, timeout=api.timeout)
        except OSError as exc:  # requests' ConnectionError and Timeout are OSErrors
            api.transport_failed(f"{case.method} {case.path}: {type(exc).__name__}")
            raise
        api.answered()
        api.journal.add(_exchange(resp))
        if resp.status_code != 429:
            return resp
        wait = resp.headers.get("Retry-After", ["1"])
        wait = wait[0] if isinstance(wait, list) else wait
        time.sleep(min(float(wait) if str(wait).isdigit() else 1.0, 90.0) + 0.05)
    return resp


@pytest.mark.guarantee("G1", "G2", "G35", "G36")
@schema.parametrize()
@hsettings(max_examples=_ST_EXAMPLES)
def test_schemathesis(
    case: Any, api: Api, key: str, binder: Binder, settings: Settings, target: Target
) -> None:
    op = spec.operation(case.operation.definition.raw["operationId"])
    original = case.body
    if isinstance(original, list) and is_large(original) and not settings.heavy:
        for g in ("G35", "G36"):
            NOTES[g].add("large (9,999/10,000/10,001-item) schemathesis cases not sent: heavy off")
        return
    if (case.method.upper(), case.path) in spec.DOCUMENTED_ELSEWHERE:
        return  # Hoko documents this method here: it is not an unknown one to probe
    mode = case.meta.generation.mode.value if case.meta is not None else "positive"
    case.body = binder.bind_safely(op, original)
    if mode != "negative" and binder.unbindable(op, case.body):
        return  # more distinct ids than pool objects (only with heavy off)
    really_valid = mode != "negative" and spec.body_is_valid(op, case.body)
    headers = {"Authorization": f"Bearer {reveal(key)}"}
    resp = _call(case, api, target.base_url, headers)
    excluded = [] if really_valid else [positive_data_acceptance]
    guarantees: list[str] = []
    messages: list[str] = []
    try:
        case.validate_response(
            resp,
            headers=headers,
            excluded_checks=excluded,
            transport_kwargs={"base_url": target.base_url, "headers": headers},
        )
    except FailureGroup as group:
        for failure in group.exceptions:
            names = getattr(failure, "checks", ()) or ()
            guarantees.extend(CHECK_GUARANTEE.get(n, "G36") for n in names) if names else (
                guarantees.append("G36")
            )
            why = _decision(names, resp.status_code)
            messages.append(f"{failure.code} {failure.title} ({why}): {failure.message[:300]}")
    except AssertionError as failure:
        guarantees.append("G36")
        messages.append(str(failure)[:400])
    if mode != "negative" and not really_valid and resp.status_code not in (400, 413, 401, 403):
        # schemathesis called it positive, but it is not valid per the full spec (e.g. if/then).
        guarantees.append("G35")
        messages.append(f"invalid body (per the spec) answered {resp.status_code}")
    try:
        _universal_checks(
            api, op if case.method.upper() == op.method else None, case.body, resp, key
        )
    except ContractViolation as exc:
        guarantees.extend(exc.guarantees)
        messages.append(str(exc)[:600])
    if guarantees:
        try:
            repro = case.as_curl_command(headers={"Authorization": "Bearer ***"})
        except Exception:
            repro = repr(case.body)
        message = " | ".join(messages) + f"\nreproduce: {repro[:3000]}"
        kept = profile.divert(ContractViolation(guarantees, message))
        if kept is not None:
            raise kept


def _universal_checks(api: Api, op: spec.Operation | None, body: Any, resp: Any, key: str) -> None:
    """The suite's own per-response checks (the registry); `op` None for another method."""
    res = Result.of(op, resp, body)
    api.check(res, authenticated=op is not None and res.status != 401, track=False)
    if op is not None and 200 <= res.status < 300:
        api.note_created(op, key, body, res.json)
    if res.violations:
        raise combine(res.take_violations())
