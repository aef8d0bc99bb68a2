"""Items against the spec's item schema (D18, D21, D22): a 400 naming item and field (D26)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from ..errors import MAX_DETAILS, Detail, invalid
from ..spec import Operation

MAX_MESSAGE = 300
# Items whose errors get explained; the rest only count.
MAX_EXPLAINED_ITEMS = 10
MAX_ERRORS_PER_ITEM = 5
# Longest echo of a bad value in a message: the reason must fit, not the whole value.
MAX_ECHO = 60


def _path(parts: Iterable[Any]) -> str | None:
    joined = ".".join(str(p) for p in parts)
    return joined or None


def _short(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 3] + "..."


def _json(value: Any) -> str:
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return repr(value)


def _reason(error: Any) -> str:
    """The validator's complaint, reason first and the value shortened: its messages start with
    the whole value as JSON (`"xxx…" is longer than 500 characters`), which hid the reason."""
    message = str(error.message)
    shown = _json(error.instance)
    if not message.startswith(shown):
        return _short(message)
    echo = shown if len(shown) <= MAX_ECHO else shown[: MAX_ECHO - 3] + "..."
    return _short(f"{message[len(shown) :].strip()} (got {echo})")


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
        return [Detail(index, _path([*base, name]), f"invalid key: {_reason(kind.error)}")]
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
    return [Detail(index, _path(base), _reason(error))]


def nesting_depth(value: Any, limit: int) -> int:
    """How deeply arrays and objects nest in `value`, counting at most to `limit` + 1."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if type(node) is dict else node if type(node) is list else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def item_details(index: int, item: Any, operation: Operation, max_depth: int) -> list[Detail]:
    # A valid item nests a few levels at most; a deeper one is refused before the validator
    # walks it (its error paths are recursive). The body array around it is one level.
    if nesting_depth(item, max_depth - 1) > max_depth - 1:
        message = f"the body nests arrays/objects deeper than {max_depth} levels"
        return [Detail(index, None, message)]
    details: list[Detail] = []
    for error in operation.item_validator.iter_errors(item):
        details.extend(_explain(index, error))
        if len(details) >= MAX_ERRORS_PER_ITEM:
            break
    return details or [Detail(index, None, "invalid item")]


def check_items(operation: Operation, items: list[Any], max_depth: int) -> None:
    """Every item valid against the operation's item schema, or a 400 explaining the first few
    failures. A valid batch is checked in one call; only a failing one is walked item by item."""
    if operation.items_validator.is_valid(items):
        return
    is_valid = operation.item_validator.is_valid
    invalid_at = [index for index, item in enumerate(items) if not is_valid(item)]
    details: list[Detail] = []
    for index in invalid_at[:MAX_EXPLAINED_ITEMS]:
        details.extend(item_details(index, items[index], operation, max_depth))
        if len(details) >= MAX_DETAILS:
            break
    raise invalid(details or [Detail(None, None, "invalid batch")])
