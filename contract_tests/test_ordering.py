"""G3 and G34: response[i] answers request[i], same length: documented for PUT /api/links (seed
000), our decision for the other three operations (D6)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hoko_contract import spec
from hoko_contract.factory import Factory
from hoko_contract.guarantees import ContractViolation
from hoko_contract.http import Api
from hoko_contract.model import ordering_g, shown
from hoko_contract.strategies import Refs, create_item, update_item
from hypothesis import given
from hypothesis import strategies as st

MAX_BATCH = 50


def _check_order(
    op: spec.Operation, items: list[dict[str, Any]], objs: list[dict[str, Any]]
) -> None:
    # The helper already compared every field with the state model; restate the core property.
    g = ordering_g(op.op_id)
    if len(objs) != len(items):
        raise ContractViolation(g, f"{len(items)} items sent, {len(objs)} answered")
    for i, (item, obj) in enumerate(zip(items, objs, strict=True)):
        if "id" in item and obj.get("id") != item["id"]:
            raise ContractViolation(g, f"response[{i}].id {obj.get('id')} != {item['id']}")
        for name in ("tenantId", "title"):
            if name in item and shown(g, op.resource, obj, name) and obj.get(name) != item[name]:
                raise ContractViolation(g, f"response[{i}].{name} answers another item")


def _by_order(op_ids: list[str]) -> list[Any]:
    return [pytest.param(o, marks=pytest.mark.guarantee(ordering_g(o))) for o in op_ids]


@pytest.mark.parametrize(
    "resource",
    [
        pytest.param(r, marks=pytest.mark.guarantee(ordering_g(spec.upsert_for(r).op_id)))
        for r in spec.RESOURCES
    ],
)
@given(data=st.data())
def test_mixed_upsert_batch_keeps_order(
    resource: str, data: st.DataObject, api: Api, key: str, make: Factory, refs: Refs
) -> None:
    """Random mixes of creates and updates, 1..50 items: response[i] answers request[i]."""
    op = spec.upsert_for(resource)
    n = data.draw(st.integers(min_value=1, max_value=MAX_BATCH), label="batch size")
    n_updates = data.draw(st.integers(min_value=0, max_value=n), label="updates")
    existing = [o["id"] for o in make.objects(resource, n_updates)] if n_updates else []
    kinds = ["u"] * n_updates + ["c"] * (n - n_updates)
    data.draw(st.randoms(use_true_random=False)).shuffle(kinds)
    schema_name = op.item_schema_name
    items: list[dict[str, Any]] = []
    ids = iter(existing)
    for kind in kinds:
        if kind == "u":
            items.append(data.draw(update_item(resource, next(ids), refs, make.tag)))
        else:
            items.append(data.draw(create_item(resource, schema_name, refs, make.tag)))
    objs = api.ok(op, items, key=key)
    _check_order(op, items, objs)


@pytest.mark.guarantee("G34")
@given(data=st.data())
def test_create_links_batch_keeps_order(
    data: st.DataObject, api: Api, key: str, refs: Refs, make: Factory
) -> None:
    op = spec.operation("createLinks")
    items = data.draw(
        st.lists(
            create_item("links", op.item_schema_name, refs, make.tag),
            min_size=1,
            max_size=MAX_BATCH,
        )
    )
    _check_order(op, items, api.ok(op, items, key=key))


@pytest.mark.heavy
@pytest.mark.guarantee("G3")
def test_ten_thousand_mixed_links_keep_order(api: Api, key: str, make: Factory) -> None:
    """One 10,000-item batch, half updates of existing links, half creates, shuffled."""
    cid = make.collections()[0]["id"]
    existing = make.links(5_000, collection_id=cid)
    items: list[dict[str, Any]] = [
        {"id": o["id"], "title": f"t{i}"} for i, o in enumerate(existing)
    ]
    items += [make.link_item(cid, title=f"new{i}") for i in range(5_000)]
    random.Random(len(items)).shuffle(items)
    _check_order(spec.operation("upsertLinks"), items, api.ok("upsertLinks", items, key=key))


@pytest.mark.parametrize("op_id", _by_order([op.op_id for op in spec.operations()]))
def test_two_thousand_item_batch_keeps_order(op_id: str, api: Api, key: str, make: Factory) -> None:
    """A batch well past typical internal chunk sizes (runs even with heavy tests off)."""
    op = spec.operation(op_id)
    cid = make.collections()[0]["id"]
    items: list[dict[str, Any]] = []
    if op.is_upsert:
        items += [{"id": o["id"]} for o in _many(api, key, make, op.resource, cid, 1_000)]
    items += [
        make.create_item(op.resource, {"collectionId": cid}) for _ in range(2_000 - len(items))
    ]
    random.Random(7).shuffle(items)
    objs = api.ok(op, items, key=key)
    _check_order(op, items, objs)


def _many(
    api: Api, key: str, make: Factory, resource: str, cid: str, n: int
) -> list[dict[str, Any]]:
    items = [make.create_item(resource, {"collectionId": cid}) for _ in range(n)]
    return api.ok(spec.upsert_for(resource), items, key=key)
