"""Faults in the request checks: keys and scopes, their order, rate limits, bodies, limits."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from ..errors import MISSING_SCOPES, ApiError
from ..pipeline import Exchange
from ..seed import ApiKey, Plan, Registry
from ..spec import Operation, load_spec
from . import fault

# -- keys and scopes --------------------------------------------------------------------------


@fault(
    "bare-key-rejected",
    "auth",
    "A key sent without the 'Bearer ' prefix is refused with 401.",
    wraps="extract_key",
)
def _bearer_only(original: Any, header: str | None) -> str | None:
    if header is None or not header.strip().lower().startswith("bearer "):
        return None
    return original(header)  # type: ignore[no-any-return]


@fault("unknown-key-403", "auth", "An unknown key gets 403 instead of 401.", wraps="authenticate")
def _unknown_403(original: Any, registry: Registry, key: str | None) -> ApiKey:
    try:
        return original(registry, key)  # type: ignore[no-any-return]
    except ApiError as exc:
        if exc.status == 401 and key is not None:
            raise ApiError(403, *MISSING_SCOPES) from None
        raise


@fault(
    "scope-of-wrong-operation",
    "scopes",
    "Every operation is checked against createLinks' scope (linksWrite).",
    wraps="missing_scopes",
)
def _first_operations_scope(original: Any, key: ApiKey, operation: Operation) -> list[str]:
    first = next(iter(load_spec().operations.values()))
    return original(key, dataclasses.replace(operation, scopes=first.scopes))  # type: ignore[no-any-return]


@fault(
    "read-scope-suffices",
    "scopes",
    "A key with the matching read scope (e.g. linksRead) passes a write operation's check.",
    wraps="missing_scopes",
)
def _read_is_write(original: Any, key: ApiKey, operation: Operation) -> list[str]:
    held = key.scopes | {s.replace("Read", "Write") for s in key.scopes}
    return original(dataclasses.replace(key, scopes=held), operation)  # type: ignore[no-any-return]


@fault("missing-scopes-absent", "scopes", "A scope 403 has no missingScopes.", wraps="scope_error")
def _no_missing_scopes(original: Any, missing: list[str]) -> ApiError:
    error: ApiError = original(missing)
    error.missing_scopes = None
    return error


# -- check order ------------------------------------------------------------------------------


@fault(
    "body-before-scope",
    "check-order",
    "The body is validated before the scope check, so a bad body gets 400 instead of 403.",
    replaces="check_order",
)
def _body_before_scope() -> tuple[str, ...]:
    return ("authenticate", "body", "authorize", "rate_limit")


@fault(
    "body-before-rate-limit",
    "check-order",
    "The body is validated before the rate limit, so a bad body gets 400 instead of 429.",
    replaces="check_order",
)
def _body_before_rate_limit() -> tuple[str, ...]:
    return ("authenticate", "authorize", "body", "rate_limit")


# -- rate limits ------------------------------------------------------------------------------


@fault(
    "retry-after-header-missing",
    "rate-limit-decided",
    "A 429 has no Retry-After header.",
    wraps="rate_limited_error",
)
def _no_retry_after(original: Any, headers: dict[str, str], retry_after: int) -> ApiError:
    error: ApiError = original(headers, retry_after)
    error.headers.pop("Retry-After", None)
    return error


@fault(
    "retry-after-wrong",
    "rate-limit",
    "A 429's retryAfter is in milliseconds instead of seconds.",
    wraps="rate_limited_error",
)
def _retry_after_ms(original: Any, headers: dict[str, str], retry_after: int) -> ApiError:
    error: ApiError = original(headers, retry_after)
    error.retry_after = retry_after * 1000
    return error


@fault(
    "rate-limited-request-writes",
    "rate-limit-decided",
    "A request answered 429 is still executed and written.",
    wraps="step_rate_limit",
)
async def _write_anyway(original: Any, x: Exchange) -> None:
    try:
        await original(x)
    except ApiError as exc:
        if exc.status == 429:
            check_body = await x.rules.step_body(x)
            await x.write([check_body])
        raise


@fault(
    "remaining-not-integer",
    "rate-limit-decided",
    "X-RateLimit-Remaining is sent as a decimal ('4.0').",
    wraps="rate_limit_headers",
)
def _remaining_decimal(original: Any, limit: int, remaining: int, reset: int) -> dict[str, str]:
    headers: dict[str, str] = original(limit, remaining, reset)
    headers["X-RateLimit-Remaining"] = f"{float(remaining):.1f}"
    return headers


@fault(
    "reset-is-epoch",
    "rate-limit-decided",
    "X-RateLimit-Reset is an epoch timestamp instead of seconds until the reset.",
    wraps="rate_limit_headers",
)
def _reset_epoch(original: Any, limit: int, remaining: int, reset: int) -> dict[str, str]:
    headers: dict[str, str] = original(limit, remaining, reset)
    headers["X-RateLimit-Reset"] = str(int(time.time() + reset))
    return headers


# -- bodies, schemas, limits ------------------------------------------------------------------


@fault(
    "oversize-body-400",
    "body-decided",
    "A body over 16 MiB gets 400 instead of 413.",
    wraps="body_too_large",
)
def _oversize_400(original: Any, limit: int) -> ApiError:
    error: ApiError = original(limit)
    error.status = 400
    return error


@fault(
    "wrong-content-type-accepted",
    "body-decided",
    "A body sent as text/plain is parsed as JSON instead of refused.",
    replaces="check_content_type",
)
def _any_content_type(header: str | None) -> None:
    return None


@fault(
    "unknown-field-ignored",
    "body-decided",
    "Unknown item fields are dropped silently instead of refused with 400.",
    wraps="check_items",
)
def _drop_unknown_fields(original: Any, operation: Operation, items: list[Any], depth: int) -> None:
    for item in items:
        if isinstance(item, dict):
            for name in set(item) - operation.properties:
                del item[name]
    original(operation, items, depth)


@fault(
    "error-ar-empty",
    "error-shape",
    "Body-validation errors have an empty Arabic message.",
    wraps="check_items",
)
def _arabic_empty(original: Any, operation: Operation, items: list[Any], depth: int) -> None:
    try:
        original(operation, items, depth)
    except ApiError as exc:
        exc.ar = ""
        raise


def _shifted(
    operation: Operation, plan: Plan, by: int, *, hard_cap: bool
) -> tuple[Operation, Plan]:
    op = (
        dataclasses.replace(operation, max_items=operation.max_items + by)
        if hard_cap
        else operation
    )
    return op, dataclasses.replace(plan, max_items=plan.max_items + by)


@fault(
    "max-items-accepts-10001",
    "batch-limits",
    "The 10,000-item limit is off by one: 10,001 items are accepted.",
    wraps="check_batch_size",
)
def _accepts_one_more(original: Any, count: int, operation: Operation, plan: Plan) -> None:
    original(count, *_shifted(operation, plan, 1, hard_cap=True))


@fault(
    "max-items-rejects-10000",
    "batch-limits",
    "The 10,000-item limit is off by one: exactly 10,000 items are rejected.",
    wraps="check_batch_size",
)
def _rejects_the_last(original: Any, count: int, operation: Operation, plan: Plan) -> None:
    original(count, *_shifted(operation, plan, -1, hard_cap=True))


@fault(
    "basic-cap-off-by-one",
    "plan-cap",
    "The basic plan's cap is off by one: 101 items are accepted.",
    wraps="check_batch_size",
)
def _basic_one_more(original: Any, count: int, operation: Operation, plan: Plan) -> None:
    if plan.name == "basic":
        operation, plan = _shifted(operation, plan, 1, hard_cap=False)
    original(count, operation, plan)


@fault(
    "plan-gate-skipped-on-put",
    "plan-gates",
    "Plan gates are enforced on POST /api/links only, not on PUT.",
    wraps="check_plan_gates",
)
def _gates_post_only(original: Any, operation: Operation, items: Any, plan: Plan) -> None:
    if operation.method != "PUT":
        original(operation, items, plan)


@fault(
    "plan-gate-null-gated",
    "plan-gates-decided",
    "Clearing a gated field (null) is refused on a plan without the feature.",
    wraps="check_plan_gates",
)
def _clearing_gated(original: Any, operation: Operation, items: Any, plan: Plan) -> None:
    original(operation, items, plan, is_set=lambda value: True)


@fault(
    "plan-gate-geo-ungated",
    "plan-gates",
    "geo is not gated: a basic plan can set geo targeting.",
    wraps="check_plan_gates",
)
def _geo_ungated(original: Any, operation: Operation, items: Any, plan: Plan) -> None:
    gated = {k: v for k, v in operation.gated_fields.items() if k != "geo"}
    original(dataclasses.replace(operation, gated_fields=gated), items, plan)


@fault(
    "plan-gate-lists-missing-scopes",
    "plan-gates-decided",
    "A plan-gate 403 carries missingScopes, as if it were a scope problem.",
    wraps="check_plan_gates",
)
def _gate_as_scope(original: Any, operation: Operation, items: Any, plan: Plan) -> None:
    try:
        original(operation, items, plan)
    except ApiError as exc:
        fields = {d.field for d in exc.details}
        exc.missing_scopes = sorted({f for n, f in operation.gated_fields.items() if n in fields})
        raise


__all__: list[str] = []
