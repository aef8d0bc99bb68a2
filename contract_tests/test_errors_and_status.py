"""G24 (the error shape on every error), G25 (success statuses) and G36 (405, details).

The check registry (hoko_contract.checks) checks the shape, Content-Type and languages of every
error any test receives; these tests make sure each kind of error is actually provoked.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hoko_contract import spec
from hoko_contract.factory import Factory
from hoko_contract.guarantees import ContractViolation
from hoko_contract.http import Api, expect, rejected
from hoko_contract.profile import decided

OPS = [op.op_id for op in spec.operations()]


def _probe(method: str, path: str, status: int, g: str) -> Any:
    return pytest.param(method, path, status, g, marks=pytest.mark.guarantee(g))


@pytest.mark.parametrize(
    ("method", "path", "status", "g"),
    [
        # An unknown endpoint gets 404 (docs/errors). Methods Hoko documents on these paths
        # (hoko-api-facts.md: GET, POST, PUT, DELETE) are never probed as unknown; PATCH is
        # documented nowhere, and its 405 is our decision (D27).
        _probe("PUT", "/api/nope", 404, "G24"),
        _probe("PATCH", "/api/links", 405, "G36"),
        _probe("PATCH", "/api/collections", 405, "G36"),
        _probe("PATCH", "/api/partners", 405, "G36"),
        _probe("GET", f"/{uuid.uuid4().hex}", 404, "G24"),
    ],
)
def test_unknown_path_and_method_in_error_shape(
    method: str, path: str, status: int, g: str, api: Api, key: str
) -> None:
    expect(api.probe(method, path, key=key), status, g, f"{method} {path} (D27)")


@pytest.mark.guarantee("G24")
@pytest.mark.parametrize("op_id", OPS)
def test_every_kind_of_error_in_the_error_shape(
    op_id: str, api: Api, key: str, key_readonly: str, make: Factory
) -> None:
    """401, 400 (malformed, missing fields, empty, unknown id) and 403 (scope): each answer goes
    through the error checks (shape, JSON, English `en` and Arabic `ar`)."""
    op = spec.operation(op_id)
    body = [make.create_item(op.resource, {"collectionId": make.collections()[0]["id"]})]
    expect(api.send(op, body, key=None), 401, "G19", "no key")
    expect(api.send(op, None, key=key, raw_body=b"[{"), 400, "G2", "malformed JSON")
    # an item missing what a create needs: seeds 001-003 "missing required fields", `[{}]`
    expect(api.send(op, [{}], key=key), 400, "G2", "an item missing required fields")
    if op.is_upsert:
        res = api.send(op, [{"id": str(uuid.uuid4())}], key=key)
        rejected(res, "G13", "unknown id (D3)", decision="G28")
    res = api.send(op, body, key=key_readonly, no_effect_guarantee="G20")
    expect(res, 403, "G20", "read-only key")
    res = api.send(op, [], key=key)
    decided("G27", res.status == 400, f"expected 400 (empty batch, D7): {res.describe()}")


@pytest.mark.guarantee("G24")
def test_plan_gate_error_in_the_error_shape(api: Api, key_basic: str, make: Factory) -> None:
    cid = api.ok("upsertCollections", [{"name": make.unique("c-")}], key=key_basic)[0]["id"]
    item = make.link_item(cid, cloaked=True)
    res = api.send("createLinks", [item], key=key_basic, no_effect_guarantee="G30")
    rejected(res, "G18", "gated field on the basic plan (D8)", decision="G30", status=403)


@pytest.mark.guarantee("G36")
@pytest.mark.parametrize("op_id", OPS)
def test_item_error_names_index_and_field(op_id: str, api: Api, key: str, make: Factory) -> None:
    """D26: when `details` is given, it points at the failing item."""
    op = spec.operation(op_id)
    cid = make.collections()[0]["id"]
    good = make.create_item(op.resource, {"collectionId": cid})
    bad = dict(make.create_item(op.resource, {"collectionId": cid}), unknownField=1)
    res = expect(api.send(op, [good, bad], key=key), 400, "G35", "unknown field in item 1 (D18)")
    details = res.error.get("details")
    if details is not None and not any(
        d.get("index") == 1 and d.get("field") in (None, "unknownField") for d in details
    ):
        raise ContractViolation("G36", f"details do not name item 1 / unknownField: {details}")


@pytest.mark.guarantee("G25")
@pytest.mark.parametrize("op_id", OPS)
def test_success_status(op_id: str, api: Api, key: str, make: Factory) -> None:
    """POST 201; PUT 200 for all-create, all-update and mixed batches (D5)."""
    op = spec.operation(op_id)
    want = 201 if op.method == "POST" else 200
    if op.success_status != want:
        raise ContractViolation("G25", f"spec says {op.success_status} for {op.label}")
    cid = make.collections()[0]["id"]
    creates = [make.create_item(op.resource, {"collectionId": cid}) for _ in range(2)]
    expect(api.send(op, creates, key=key), want, "G25", "all creates")
    if op.is_upsert:
        existing = make.objects(op.resource, 2)
        expect(
            api.send(op, [{"id": o["id"]} for o in existing], key=key), want, "G25", "all updates"
        )
        mixed = [{"id": existing[0]["id"]}, make.create_item(op.resource, {"collectionId": cid})]
        expect(api.send(op, mixed, key=key), want, "G25", "mixed")
