"""G2 (body validation), G24 (error shape on every error) and G25 (success statuses).

The helper checks the error shape and Content-Type of every error any test receives; these tests
make sure each kind of error is actually provoked.
"""

from __future__ import annotations

import uuid

import pytest
from hoko_contract import spec
from hoko_contract.factory import Factory
from hoko_contract.guarantees import ContractViolation
from hoko_contract.http import Api, check_error_shape, expect

OPS = [op.op_id for op in spec.operations()]

BAD_BODIES = {
    "malformed JSON": b'[{"name": ',
    "not an array": b'{"name": "x"}',
    "array of non-objects": b"[1, 2]",
    "unknown field": b'[{"name": "x", "unknownField": true}]',
    "wrong type": b'[{"name": 5, "url": 5, "collectionId": 5}]',
    "create without required fields": b"[{}]",
    "null body": b"null",
}


@pytest.mark.guarantee("G2")
@pytest.mark.parametrize("op_id", OPS)
@pytest.mark.parametrize("kind", sorted(BAD_BODIES))
def test_invalid_body_rejected(op_id: str, kind: str, api: Api, key: str) -> None:
    res = api.send(op_id, None, key=key, raw_body=BAD_BODIES[kind])
    expect(res, 400, "G2", kind)


@pytest.mark.guarantee("G2")
@pytest.mark.parametrize("op_id", OPS)
@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", None])
def test_wrong_content_type_rejected(
    op_id: str, ctype: str | None, api: Api, key: str, make: Factory
) -> None:
    op = spec.operation(op_id)
    body = (
        [{"name": make.unique()}]
        if op.resource != "links"
        else [make.link_item(make.collections()[0]["id"])]
    )
    res = api.send(op, body, key=key, content_type=ctype)
    expect(res, 400, "G2", f"Content-Type {ctype!r} (D33)")


@pytest.mark.guarantee("G2")
@pytest.mark.parametrize("op_id", OPS)
def test_json_content_type_with_charset_accepted(
    op_id: str, api: Api, key: str, make: Factory
) -> None:
    op = spec.operation(op_id)
    body = [make.create_item(op.resource, {"collectionId": make.collections()[0]["id"]})]
    res = api.send(op, body, key=key, content_type="application/json; charset=utf-8")
    expect(res, op.success_status, "G2", "application/json with a charset parameter (D33)")


@pytest.mark.heavy
@pytest.mark.guarantee("G2")
def test_body_over_16_mib_gets_413(api: Api, key: str) -> None:
    filler = "x" * 4000
    item = f'{{"name": "{filler}"}}'
    n = 16 * 1024 * 1024 // len(item) + 10
    raw = ("[" + ",".join([item] * n) + "]").encode()
    assert len(raw) > 16 * 1024 * 1024
    expect(
        api.send("upsertCollections", None, key=key, raw_body=raw),
        413,
        "G2",
        f"{len(raw)} bytes > 16 MiB (D18)",
    )


@pytest.mark.guarantee("G24")
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("PUT", "/api/nope", 404),
        ("GET", "/api/links", 405),
        ("DELETE", "/api/collections", 405),
        ("POST", "/api/partners", 405),
        ("GET", f"/{uuid.uuid4().hex}", 404),
    ],
)
def test_unknown_path_and_method_in_error_shape(
    method: str, path: str, status: int, api: Api, key: str
) -> None:
    resp = api.raw(
        method,
        path,
        key=key,
        content=b"[]" if method != "GET" else None,
        headers={"Content-Type": "application/json"},
    )
    res = Api._result(None, resp, None, 0.0)
    if res.status != status:
        raise ContractViolation(
            "G24", f"{method} {path}: expected {status} (D27), got {res.status}"
        )
    ctype = resp.headers.get("content-type", "")
    if not ctype.startswith("application/json"):
        raise ContractViolation("G24", f"{method} {path}: Content-Type {ctype!r}")
    check_error_shape(res)


@pytest.mark.guarantee("G24")
@pytest.mark.parametrize("op_id", OPS)
def test_item_error_names_index_and_field(op_id: str, api: Api, key: str, make: Factory) -> None:
    """D26: when `details` is given, it points at the failing item."""
    op = spec.operation(op_id)
    cid = make.collections()[0]["id"]
    good = make.create_item(op.resource, {"collectionId": cid})
    bad = dict(make.create_item(op.resource, {"collectionId": cid}), unknownField=1)
    res = expect(api.send(op, [good, bad], key=key), 400, "G2", "unknown field in item 1")
    details = res.error.get("details")
    if details is not None and not any(
        d.get("index") == 1 and d.get("field") in (None, "unknownField") for d in details
    ):
        raise ContractViolation("G24", f"details do not name item 1 / unknownField: {details}")


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
