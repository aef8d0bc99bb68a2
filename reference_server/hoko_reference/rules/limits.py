"""Batch bounds and plan caps (D7), plan-gated fields (D8)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import INVALID_BODY, MAX_DETAILS, PLAN_CAP, PLAN_FEATURE, ApiError, Detail
from ..seed import Plan
from ..spec import Operation


def check_batch_size(count: int, operation: Operation, plan: Plan) -> None:
    """At least `minItems` and at most `maxItems` items (the spec), and at most the plan's cap;
    anything else is a 400 (D7)."""
    if count < operation.min_items:
        raise ApiError(
            400,
            *INVALID_BODY,
            details=[Detail(None, None, f"the batch needs at least {operation.min_items} item")],
        )
    if count > operation.max_items:
        raise ApiError(
            400,
            *INVALID_BODY,
            details=[
                Detail(None, None, f"the batch has {count} items; at most {operation.max_items}")
            ],
        )
    if count > plan.max_items:
        raise ApiError(
            400,
            *PLAN_CAP,
            details=[
                Detail(None, None, f"the {plan.name} plan allows at most {plan.max_items} items")
            ],
        )


def gate_value_is_set(value: Any) -> bool:
    """Setting a gated field needs the feature; clearing it (null, `cloaked: false`) never does
    (D8, D12)."""
    return value is not None and value is not False


def check_plan_gates(
    operation: Operation,
    items: list[Any],
    plan: Plan,
    is_set: Callable[[Any], bool] = gate_value_is_set,
) -> None:
    """A gated field (`x-plan-feature`) set on a plan without that feature is a 403 without
    `missingScopes`: it is not a scope problem (D8)."""
    lacking = {f: feat for f, feat in operation.gated_fields.items() if not plan.has(feat)}
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
        raise ApiError(403, *PLAN_FEATURE, details=details)
