"""G24: error.en is English and error.ar is Arabic, for every kind of error the suite can provoke.

Found by the kill matrix (proxy fault `proxy-error-en-ar-swapped`): the shape checks accept an
error whose two messages are swapped, which would show Arabic to every English-speaking user.
Hoko's docs: `{"error": {"en": <English>, "ar": <Arabic>}}` (hoko-api-facts, seeds 000-003).
A message may quote a Latin name such as "API", so the test compares scripts, not purity.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from hoko_contract import spec
from hoko_contract.factory import Factory
from hoko_contract.guarantees import ContractViolation
from hoko_contract.http import Api, Result, expect

ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN = re.compile(r"[A-Za-z]")


def check_languages(res: Result | Any, what: str) -> None:
    body = res.json if isinstance(res, Result) else res
    err = body.get("error") if isinstance(body, dict) else None
    if not isinstance(err, dict):
        raise ContractViolation("G24", f"{what}: no error object: {body!r:.300}")
    en, ar = str(err.get("en", "")), str(err.get("ar", ""))
    problems = []
    if len(LATIN.findall(en)) <= len(ARABIC.findall(en)):
        problems.append(f"error.en is not English: {en!r}")
    if len(ARABIC.findall(ar)) <= len(LATIN.findall(ar)):
        problems.append(f"error.ar is not Arabic: {ar!r}")
    if problems:
        raise ContractViolation("G24", f"{what}: {'; '.join(problems)}")


def _valid_body(op: spec.Operation, make: Factory) -> list[dict[str, Any]]:
    if op.resource == "links":
        return [make.link_item(make.collections()[0]["id"])]
    return [{"name": make.unique()}]


@pytest.mark.guarantee("G24")
@pytest.mark.parametrize("op_id", [op.op_id for op in spec.operations()])
def test_error_messages_in_their_language(
    op_id: str, api: Api, key: str, key_readonly: str, make: Factory
) -> None:
    op = spec.operation(op_id)
    body = _valid_body(op, make)
    check_languages(expect(api.send(op, body, key=None), 401, "G19", "no key"), "401")
    check_languages(
        expect(api.send(op, None, key=key, raw_body=b"[{"), 400, "G2", "malformed JSON"),
        "400 malformed JSON",
    )
    check_languages(expect(api.send(op, [], key=key), 400, "G16", "empty batch"), "400 empty batch")
    res = api.send(op, body, key=key_readonly, no_effect_guarantee="G20")
    check_languages(expect(res, 403, "G20", "read-only key"), "403 scope")


@pytest.mark.guarantee("G24")
def test_semantic_and_routing_errors_in_their_language(api: Api, key: str) -> None:
    res = api.send("upsertCollections", [{"id": str(uuid.uuid4())}], key=key)
    check_languages(expect(res, 400, "G13", "unknown id"), "400 unknown id")
    resp = api.raw(
        "PUT", "/api/nope", key=key, content=b"[]", headers={"Content-Type": "application/json"}
    )
    check_languages(Api._result(None, resp, None, 0.0), f"{resp.status_code} unknown path")


@pytest.mark.guarantee("G24")
def test_plan_gate_error_in_its_language(api: Api, key_basic: str, make: Factory) -> None:
    cid = api.ok("upsertCollections", [{"name": make.unique("c-")}], key=key_basic)[0]["id"]
    item = make.link_item(cid, cloaked=True)
    res = api.send("createLinks", [item], key=key_basic, no_effect_guarantee="G18")
    check_languages(expect(res, 403, "G18", "gated field on the basic plan"), "403 plan gate")
