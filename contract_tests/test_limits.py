"""G16-G18, G27, G30: batch limits, the plan's batch cap and plan-gated fields (seeds 000-003;
decisions D7, D8).

The 10,000 bound is read from the spec's `maxItems`; the gated fields from `x-plan-feature`.
"""

from __future__ import annotations

from typing import Any

import pytest
from hoko_contract import spec
from hoko_contract.factory import Factory
from hoko_contract.guarantees import ContractViolation
from hoko_contract.http import Api, expect, rejected
from hoko_contract.model import ordering_g
from hoko_contract.profile import decided

OPS = [op.op_id for op in spec.operations()]
# Hoko documents a bound for partners only ("at least one", "up to 10,000"); the rest is D7.
DOCUMENTED_BOUNDS = "partners"
BASIC_CAP = spec.plan_max_items("basic")


def _max_items(op: spec.Operation) -> int:
    return int(spec.request_body_schema(op)["maxItems"])


def _creates(make: Factory, op: spec.Operation, n: int, cid: str) -> list[dict[str, Any]]:
    if op.resource == "links":
        item = make.link_item(cid)
        return [{**item, "externalId": f"{item['externalId']}-{i}"} for i in range(n)]
    name = make.unique(op.resource[0] + "-")
    return [{"name": f"{name}-{i}"} for i in range(n)]


def _by_bounds(documented: tuple[str, ...], decided: tuple[str, ...]) -> list[Any]:
    return [
        pytest.param(
            o,
            marks=pytest.mark.guarantee(
                *(documented if spec.operation(o).resource == DOCUMENTED_BOUNDS else decided)
            ),
        )
        for o in OPS
    ]


@pytest.mark.parametrize("op_id", _by_bounds(("G16", "G27"), ("G27",)))
def test_empty_batch_rejected(op_id: str, api: Api, key: str) -> None:
    res = api.send(op_id, [], key=key)
    if spec.operation(op_id).resource == DOCUMENTED_BOUNDS:
        rejected(res, "G16", "an empty array: 'at least one partner object' (D7)", decision="G27")
    else:
        expect(res, 400, "G27", "empty array (D7)")


@pytest.mark.guarantee("G16", "G27")
@pytest.mark.parametrize("op_id", OPS)
def test_over_max_items_rejected(op_id: str, api: Api, key: str, make: Factory) -> None:
    op = spec.operation(op_id)
    cid = make.collections()[0]["id"] if op.resource == "links" else ""
    items = _creates(make, op, _max_items(op) + 1, cid)
    res = api.send(op, items, key=key)
    rejected(res, "G16", f"{len(items)} items: 'above 10,000 are rejected' (D7)", decision="G27")
    if op.resource == "links":  # and nothing of it was written
        expect(
            api.send(op, items[:1], key=key),
            op.success_status,
            "G15",
            "first item of the rejected batch is still free",
        )


@pytest.mark.heavy
@pytest.mark.parametrize("op_id", _by_bounds(("G16",), ("G27",)))
def test_max_items_accepted(op_id: str, api: Api, key: str, make: Factory) -> None:
    op = spec.operation(op_id)
    cid = make.collections()[0]["id"] if op.resource == "links" else ""
    n = _max_items(op)
    if op.is_upsert:
        half = n // 2
        existing = _creates(make, op, half, cid)
        made = api.ok(
            spec.upsert_for(op.resource) if op.resource != "links" else "createLinks",
            existing,
            key=key,
        )
        items = [{"id": o["id"]} for o in made] + _creates(make, op, n - half, cid)
    else:
        items = _creates(make, op, n, cid)
    res = api.send(op, items, key=key)
    g = "G16" if op.resource == DOCUMENTED_BOUNDS else "G27"
    expect(res, op.success_status, g, f"{n} items, the most a request may carry (D7)")
    if len(res.objects) != n:
        raise ContractViolation(ordering_g(op_id), f"{n} sent, {len(res.objects)} returned")


@pytest.mark.guarantee("G17")
@pytest.mark.parametrize("op_id", OPS)
def test_basic_plan_batch_cap(op_id: str, api: Api, key_basic: str, settings: Any) -> None:
    op = spec.operation(op_id)
    basic = Factory(api, key_basic, settings.tag)
    cid = basic.collections()[0]["id"] if op.resource == "links" else ""
    items = _creates(basic, op, BASIC_CAP + 1, cid)
    expect(
        api.send(op, items, key=key_basic),
        400,
        "G17",
        f"{BASIC_CAP + 1} items over the basic plan's cap (D7)",
    )
    expect(
        api.send(op, items[:BASIC_CAP], key=key_basic),
        op.success_status,
        "G17",
        f"{BASIC_CAP} items within the basic plan's cap",
    )


# -- plan gates -----------------------------------------------------------------------------

GATED = [
    (op.op_id, f)
    for op in spec.operations()
    if op.resource == "links"
    for f in spec.gated_fields(op.item_schema_name)
]


def _gated_value(schema_name: str, name: str) -> Any:
    """A value for a gated field, taken from the spec's request examples."""
    if name == "cloaked":
        return True  # only `true` is gated (D8)
    for op in spec.operations():
        if op.resource != "links":
            continue
        raw = spec.load_spec()["paths"][op.path][op.method.lower()]["requestBody"]["content"]
        for example in raw["application/json"].get("examples", {}).values():
            for item in example["value"]:
                if item.get(name) is not None:
                    return item[name]
    raise LookupError(f"no spec example sets {name}")


@pytest.mark.guarantee("G18", "G30")
@pytest.mark.parametrize(("op_id", "name"), GATED, ids=[f"{o}.{f}" for o, f in GATED])
def test_gated_field_forbidden_on_basic_plan(
    op_id: str, name: str, api: Api, key_basic: str, settings: Any
) -> None:
    op = spec.operation(op_id)
    basic = Factory(api, key_basic, settings.tag)
    link = basic.links(1)[0]
    value = _gated_value(op.item_schema_name, name)
    create = basic.link_item(link["collectionId"], **{name: value})
    res = api.send(op, [create], key=key_basic)
    feature = spec.gated_fields(op.item_schema_name)[name]
    rejected(res, "G18", f"{name} needs plan feature {feature} (D8)", decision="G30", status=403)
    decided(
        "G30",
        "missingScopes" not in res.error,
        f"plan-gate error carries missingScopes (D8): {res.describe()}",
    )
    if op.is_upsert:
        res = api.send(op, [{"id": link["id"], name: value}], key=key_basic)
        rejected(res, "G18", f"update setting {name} (D8)", decision="G30", status=403)
        api.read_back("links", [link["id"]], key=key_basic)
    # Nothing was written: the externalId is still free.
    create.pop(name)
    expect(
        api.send(op, [create], key=key_basic),
        op.success_status,
        "G30",
        "the rejected gated create must not have been written (D8)",
    )


@pytest.mark.guarantee("G30")
def test_clearing_is_never_gated(api: Api, key_basic: str, settings: Any) -> None:
    basic = Factory(api, key_basic, settings.tag)
    link = basic.links(1, cloaked=False)[0]
    nulls: dict[str, Any] = {name: None for name in spec.gated_fields("LinkUpsert")}
    nulls["cloaked"] = False
    expect(
        api.send("upsertLinks", [{"id": link["id"], **nulls}], key=key_basic),
        200,
        "G30",
        "clearing gated fields is allowed on every plan (D8)",
    )
    nulls["cloaked"] = None
    expect(
        api.send("upsertLinks", [{"id": link["id"], **nulls}], key=key_basic),
        200,
        "G30",
        "null clears gated fields on every plan (D8)",
    )


@pytest.mark.guarantee("G18")
def test_gated_fields_allowed_on_pro_plan(api: Api, key: str, make: Factory) -> None:
    fields = {name: _gated_value("LinkCreate", name) for name in spec.gated_fields("LinkCreate")}
    expect(
        api.send("createLinks", [make.link_item(make.collections()[0]["id"], **fields)], key=key),
        201,
        "G18",
        "the pro plan has every feature",
    )
