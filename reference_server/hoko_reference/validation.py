"""Body validation: array bounds and item schemas from the spec, plan caps and plan gates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .errors import INVALID_BODY, MAX_DETAILS, PLAN_FEATURE, ApiError, Detail
from .faults import Faults
from .seed import Plan
from .spec import Operation

MAX_MESSAGE = 300
# Items whose errors get explained; the rest only count.
MAX_EXPLAINED_ITEMS = 10
MAX_ERRORS_PER_ITEM = 5


def _path(parts: Iterable[Any]) -> str | None:
    joined = ".".join(str(p) for p in parts)
    return joined or None


def _short(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 3] + "..."


def _is_null_branch(errors: list[Any]) -> bool:
    return len(errors) == 1 and type(errors[0].kind).__name__ == "Type"


def _explain(index: int, error: Any) -> list[Detail]:
    kind = error.kind
    kind_name = type(kind).__name__
    base = list(error.instance_path)
    if kind_name == "AdditionalProperties":
        return [
            Detail(index, _path([*base, name]), f"unknown field {name!r}")
            for name in kind.unexpected
        ]
    if kind_name == "PropertyNames" and isinstance(kind.error.instance, str):
        name = kind.error.instance
        return [Detail(index, _path([*base, name]), _short(f"invalid key: {kind.error.message}"))]
    if kind_name == "Required":
        return [Detail(index, _path([*base, kind.property]), "this field is required")]
    if kind_name in {"OneOfNotValid", "AnyOf"}:
        # Explain the branch that is not the `type: 'null'` alternative: that is where the value
        # actually went wrong (e.g. a bad geo country code rather than "is not null").
        branches = [b for b in kind.context if b and not _is_null_branch(b)]
        if branches:
            out: list[Detail] = []
            for inner in branches[0]:
                out.extend(_explain(index, inner))
            return out
    return [Detail(index, _path(base), _short(error.message))]


def item_details(index: int, item: Any, operation: Operation) -> list[Detail]:
    details: list[Detail] = []
    for error in operation.item_validator.iter_errors(item):
        details.extend(_explain(index, error))
        if len(details) >= MAX_ERRORS_PER_ITEM:
            break
    return details or [Detail(index, None, "invalid item")]


def check_batch_size(operation: Operation, items: list[Any], plan: Plan, faults: Faults) -> None:
    n = len(items)
    # Both limits go through one comparison, so an off-by-one there hits both.
    slack = 0
    cap_slack = 0
    if faults:
        if faults.on("max-items-accepts-10001"):
            slack = 1
        if faults.on("max-items-rejects-10000"):
            slack = -1
        if faults.on("basic-cap-off-by-one") and plan.name == "basic":
            cap_slack = 1
    max_items = operation.max_items + slack
    cap = plan.batch_cap + slack + cap_slack
    if n < operation.min_items:
        raise ApiError(
            400,
            *INVALID_BODY,
            details=[Detail(None, None, f"the batch needs at least {operation.min_items} item")],
        )
    if n > max_items:
        raise ApiError(
            400,
            *INVALID_BODY,
            details=[Detail(None, None, f"the batch has {n} items; at most {operation.max_items}")],
        )
    if n > cap:
        raise ApiError(
            400,
            "Batch exceeds your plan's limit",
            "الدفعة تتجاوز حد خطتك",
            details=[
                Detail(None, None, f"the {plan.name} plan allows at most {plan.batch_cap} items")
            ],
        )


def check_items(operation: Operation, items: list[Any], faults: Faults) -> None:
    """Schema validation per item: a compiled item validator, details only for failures."""
    if faults and faults.on("unknown-field-ignored"):
        for item in items:
            if isinstance(item, dict):
                for name in set(item) - operation.properties:
                    del item[name]
    if operation.items_validator.is_valid(items):
        return
    is_valid = operation.item_validator.is_valid
    invalid: list[int] = []
    for index, item in enumerate(items):
        if not is_valid(item):
            invalid.append(index)
    if not invalid:
        return
    details: list[Detail] = []
    for index in invalid[:MAX_EXPLAINED_ITEMS]:
        details.extend(item_details(index, items[index], operation))
        if len(details) >= MAX_DETAILS:
            break
    en, ar = INVALID_BODY
    if faults and faults.on("error-ar-empty"):
        ar = ""
    raise ApiError(400, en, ar, details=details)


def gate_value_is_set(value: Any) -> bool:
    # Clearing (null, cloaked: false) never needs the feature (D8, D12).
    return value is not None and value is not False


def _always(value: Any) -> bool:
    return True


def check_plan_gates(operation: Operation, items: list[Any], plan: Plan, faults: Faults) -> None:
    lacking = {f: feat for f, feat in operation.gated_fields.items() if not plan.has(feat)}
    is_set = gate_value_is_set
    if faults:
        if faults.on("plan-gate-skipped-on-put") and operation.method == "PUT":
            return
        if faults.on("plan-gate-geo-ungated"):
            lacking.pop("geo", None)
        if faults.on("plan-gate-null-gated"):
            is_set = _always
    if not lacking:
        return
    details: list[Detail] = []
    for index, item in enumerate(items):
        for name, feature in lacking.items():
            if name in item and is_set(item[name]):
                details.append(
                    Detail(index, name, f"{name} needs the {feature} feature, not in this plan")
                )
        if len(details) >= MAX_DETAILS:
            break
    if details:
        # A plan gate is not a scope problem: no missingScopes (D8).
        missing = None
        if faults and faults.on("plan-gate-lists-missing-scopes"):
            missing = sorted({lacking[d.field] for d in details if d.field in lacking})
        raise ApiError(403, *PLAN_FEATURE, details=details, missing_scopes=missing)


def validate_batch(operation: Operation, items: list[Any], plan: Plan, faults: Faults) -> None:
    check_batch_size(operation, items, plan, faults)
    check_items(operation, items, faults)
    check_plan_gates(operation, items, plan, faults)
