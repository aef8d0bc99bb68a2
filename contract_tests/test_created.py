"""G4 (created objects) and G26 (the generated client reads every response)."""

from __future__ import annotations

import urllib.parse
import uuid
from typing import Any

import pytest
from hoko_client.models import Collection, Error, Link, Partner, RateLimitError
from hoko_contract import model, spec
from hoko_contract.factory import Factory
from hoko_contract.guarantees import ContractViolation
from hoko_contract.http import Api, expect
from hoko_contract.strategies import Refs, create_item
from hoko_contract.target import Target
from hypothesis import given
from hypothesis import strategies as st

CREATE_OPS = [op.op_id for op in spec.operations()]


@pytest.mark.guarantee("G4")
@pytest.mark.parametrize("op_id", CREATE_OPS)
@given(data=st.data())
def test_created_objects(
    op_id: str, data: st.DataObject, api: Api, key: str, refs: Refs, make: Factory
) -> None:
    """Fresh UUIDs, every sent field reflected (the helper's model), unique short URLs."""
    op = spec.operation(op_id)
    items = data.draw(
        st.lists(
            create_item(op.resource, op.item_schema_name, refs, make.tag), min_size=1, max_size=20
        )
    )
    objs = api.ok(op, items, key=key)
    ids = [o["id"] for o in objs]
    if len(set(ids)) != len(ids):
        raise ContractViolation("G4", f"a batch of creates returned duplicate ids: {ids}")
    for obj in objs:
        try:
            uuid.UUID(str(obj["id"]))
        except ValueError as exc:
            raise ContractViolation("G4", f"id {obj['id']!r} is not a UUID") from exc
    if op.resource == "links":
        shorts = [o["shortUrl"] for o in objs]
        if len(set(shorts)) != len(shorts):
            raise ContractViolation("G4", f"duplicate shortUrl in one batch: {shorts}")
        for obj in objs:
            qr = urllib.parse.unquote(obj["qrCode"])
            if obj["shortUrl"] not in qr:
                raise ContractViolation(
                    "G4", f"qrCode {obj['qrCode']} does not encode {obj['shortUrl']}"
                )


@pytest.mark.guarantee("G4")
def test_short_url_stays_with_its_link(api: Api, key: str, make: Factory) -> None:
    links = make.links(3)
    back = api.read_back("links", [link["id"] for link in links], key=key)
    for before, after in zip(links, back, strict=True):
        if (after["shortUrl"], after["qrCode"]) != (before["shortUrl"], before["qrCode"]):
            raise ContractViolation("G4", "shortUrl/qrCode changed after create")


@pytest.mark.guarantee("G11")
@pytest.mark.parametrize("op_id", CREATE_OPS)
def test_objects_carry_their_creation_time(op_id: str, api: Api, key: str, make: Factory) -> None:
    """createdAt on every object, a date-time with a zone (the docs' examples); the checks on
    every response say the same of every answer, this makes sure each operation gives one."""
    op = spec.operation(op_id)
    item = make.create_item(op.resource, {"collectionId": make.collections()[0]["id"]})
    obj = api.ok(op, [item], key=key)[0]
    if model.parse_instant(obj.get("createdAt")) is None:
        raise ContractViolation("G11", f"{op.label}: createdAt {obj.get('createdAt')!r}")


@pytest.mark.guarantee("G36")
@pytest.mark.parametrize("op_id", CREATE_OPS)
def test_answers_carry_every_field(op_id: str, api: Api, key: str, make: Factory) -> None:
    """Every field of the response schema is present, null when unset (D23), and every sent
    field is echoed, password included (D19, D20)."""
    op = spec.operation(op_id)
    cid = make.collections()[0]["id"]
    item = make.create_item(op.resource, {"collectionId": cid})
    if op.resource == "links":
        item["password"] = "pw-echo"
    obj = api.ok(op, [item], key=key)[0]
    missing = [n for n in spec.properties(op.response_schema_name) if n not in obj]
    if missing:
        raise ContractViolation("G36", f"{op.label} answer lacks {missing} (D23)")
    wrong = [n for n in item if obj.get(n) != item[n]]
    if wrong:
        raise ContractViolation("G36", f"{op.label} answer does not echo {wrong} (D19, D20)")


MODELS: dict[str, Any] = {"Link": Link, "Collection": Collection, "Partner": Partner}


@pytest.mark.guarantee("G26")
@pytest.mark.parametrize("op_id", CREATE_OPS)
def test_client_models_read_every_response(
    op_id: str, api: Api, key: str, make: Factory, target: Target
) -> None:
    """Success, 400, 401 and 403 bodies all parse into the generated models, losslessly for the
    fields the spec names."""
    op = spec.operation(op_id)
    cid = make.collections()[0]["id"]
    res = expect(
        api.send(op, [make.create_item(op.resource, {"collectionId": cid})], key=key),
        op.success_status,
        "G25",
    )
    model_cls = MODELS[op.response_schema_name]
    for raw, parsed in zip(res.objects, res.parsed, strict=True):
        if not isinstance(parsed, model_cls):
            raise ContractViolation("G26", f"parsed {type(parsed).__name__}, not {model_cls}")
        again = parsed.to_dict()
        for name in spec.properties(op.response_schema_name):
            if raw.get(name) is not None and again.get(name) is None:
                raise ContractViolation("G26", f"{name} lost when parsed: {raw.get(name)!r}")
    # Errors: bad body, no key, and (if that key is given) a missing scope. Their statuses are
    # other guarantees' business; here only the parse matters.
    readonly = target.keys.get("HOKO_API_KEY_READONLY")
    for err_key in [key, None] + ([readonly] if readonly else []):
        err = api.send(op, None, key=err_key, raw_body=b"[]")
        if err.status < 400:
            continue
        if not isinstance(err.parsed, Error) or not err.parsed.error.en:
            raise ContractViolation("G26", f"{err.status} body did not parse: {err.text}")


@pytest.mark.guarantee("G26")
def test_client_reads_rate_limit_error(api: Api, key_rate_limited: str, settings: Any) -> None:
    rl = Factory(api, key_rate_limited, settings.tag)
    coll = rl.collections()[0]
    for _ in range(1000):
        res = api.send(
            "upsertCollections", [{"id": coll["id"]}], key=key_rate_limited, retry_429=False
        )
        if res.status == 429:
            break
    else:
        pytest.fail("no 429 within 1000 requests")
    if not isinstance(res.parsed, RateLimitError) or not isinstance(res.parsed.retry_after, int):
        raise ContractViolation("G26", f"429 did not parse into RateLimitError: {res.text}")
