"""G19-G22, G37: authentication, scopes (read from the spec), workspace isolation and check
order."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hoko_contract import spec
from hoko_contract.factory import Factory
from hoko_contract.guarantees import ContractViolation
from hoko_contract.http import REFERENCE_G, Api, expect, reject_reference, rejected
from hoko_contract.profile import decided

OPS = [op.op_id for op in spec.operations()]


def _valid_body(op: spec.Operation, make: Factory) -> list[dict[str, Any]]:
    if op.resource == "links":
        return [make.link_item(make.collections()[0]["id"])]
    return [{"name": make.unique()}]


@pytest.mark.guarantee("G19")
@pytest.mark.parametrize("op_id", OPS)
def test_missing_or_invalid_key_gets_401(op_id: str, api: Api, make: Factory) -> None:
    op = spec.operation(op_id)
    body = _valid_body(op, make)
    expect(api.send(op, body, key=None), 401, "G19", "no Authorization header")
    expect(api.send(op, body, key=f"invalid_{uuid.uuid4().hex}"), 401, "G19", "unknown key")
    expect(api.send(op, body, key="Bearer", bare_key=True), 401, "G19", "Bearer without a key")


@pytest.mark.guarantee("G19")
@pytest.mark.parametrize("op_id", OPS)
def test_bearer_and_bare_key_accepted(op_id: str, api: Api, key: str, make: Factory) -> None:
    op = spec.operation(op_id)
    expect(api.send(op, _valid_body(op, make), key=key), op.success_status, "G19", "Bearer key")
    expect(
        api.send(op, _valid_body(op, make), key=key, bare_key=True),
        op.success_status,
        "G19",
        "bare key (D16)",
    )


@pytest.mark.guarantee("G20", "G37")
@pytest.mark.parametrize("op_id", OPS)
def test_missing_scope_gets_403_naming_it(
    op_id: str, api: Api, key_readonly: str, make: Factory
) -> None:
    op = spec.operation(op_id)
    obj = make.objects(op.resource)[0]
    field = "title" if op.resource == "links" else "name"
    body = _valid_body(op, make) if not op.is_upsert else [{"id": obj["id"], field: make.unique()}]
    res = api.send(op, body, key=key_readonly, no_effect_guarantee="G20")
    expect(res, 403, "G20", "read-only key on a write operation")
    missing = res.error.get("missingScopes")
    if not isinstance(missing, list) or not missing:
        raise ContractViolation("G20", f"403 without a missingScopes list: {res.describe()}")
    named = set(op.scopes) <= set(missing)
    message = f"missingScopes {missing!r} does not name {list(op.scopes)} for {op.op_id}"
    if op.resource == "partners":  # the partners pages and the inventory disagree (A1)
        decided("G37", named, f"{message} (D1)")
    elif not named:  # the pages of links and collections name their scope (seeds 000, 001, 003)
        raise ContractViolation("G20", message)
    if op.is_upsert:
        back = api.read_back(op.resource, [obj["id"]], key=make.key)[0]
        if back.get(field) != obj.get(field):
            raise ContractViolation("G20", "the forbidden update was applied")


@pytest.mark.guarantee("G21")
@pytest.mark.parametrize("resource", spec.RESOURCES)
def test_other_workspace_cannot_update(
    resource: str, api: Api, key_other: str, make: Factory
) -> None:
    obj = make.objects(resource)[0]
    field = "title" if resource == "links" else "name"
    res = api.send(
        spec.upsert_for(resource),
        [{"id": obj["id"], field: make.unique()}],
        key=key_other,
        no_effect_guarantee="G21",
    )
    rejected(res, "G21", "another workspace's id must fail the request (D3)", decision="G28")
    back = api.read_back(resource, [obj["id"]], key=make.key)[0]
    if back.get(field) != obj.get(field):
        raise ContractViolation("G21", "another workspace changed the object")


@pytest.mark.parametrize("op_id", ["createLinks", "upsertLinks"])
@pytest.mark.parametrize(
    "field", [pytest.param(f, marks=pytest.mark.guarantee(*g)) for f, g in REFERENCE_G.items()]
)
def test_other_workspace_cannot_reference(
    op_id: str, field: str, api: Api, key_other: str, make: Factory, settings: Any
) -> None:
    theirs = make.collections()[0]["id"] if field == "collectionId" else make.partners()[0]["id"]
    other = Factory(api, key_other, settings.tag)
    own_cid = other.collections()[0]["id"]
    item = other.link_item(own_cid, **{field: theirs})
    reject_reference(api.send(op_id, [item], key=key_other), field, f"{field} of another workspace")


@pytest.mark.guarantee("G21")
def test_uniqueness_is_per_workspace(
    api: Api, key_other: str, make: Factory, settings: Any
) -> None:
    mine = make.links(1)[0]
    other = Factory(api, key_other, settings.tag)
    item = other.link_item(other.collections()[0]["id"], externalId=mine["externalId"])
    expect(
        api.send("createLinks", [item], key=key_other),
        201,
        "G21",
        "another workspace may use the same externalId",
    )


@pytest.mark.guarantee("G22")
@pytest.mark.parametrize("op_id", OPS)
def test_scope_checked_before_body(op_id: str, api: Api, key_readonly: str) -> None:
    op = spec.operation(op_id)
    for raw in (b"{not json", b"[]", b'[{"unknownField": 1}]'):
        res = api.send(op, None, key=key_readonly, raw_body=raw)
        expect(res, 403, "G22", f"read-only key with invalid body {raw!r}: 403 before 400 (D15)")


@pytest.mark.guarantee("G22")
@pytest.mark.parametrize("op_id", OPS)
def test_auth_checked_before_body(op_id: str, api: Api) -> None:
    op = spec.operation(op_id)
    for key in (None, f"invalid_{uuid.uuid4().hex}"):
        res = api.send(op, None, key=key, raw_body=b"{not json")
        expect(res, 401, "G22", "bad auth with invalid body: 401 before 400 (D15)")
