"""An independent fuzzer (schemathesis, from the spec) finds no 5xx and no response off the spec."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import schemathesis
from hoko_reference import create_app
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.reference.conftest import FULL_A, SPEC_PATH

APP = create_app()
schema = schemathesis.openapi.from_path(SPEC_PATH)
schema.app = APP


def _seed_objects() -> dict[str, str]:
    """Real ids, so that generated links also reach storage instead of stopping at 'unknown id'."""
    import anyio

    async def go() -> dict[str, str]:
        transport = httpx.ASGITransport(app=APP)
        headers = {"Authorization": f"Bearer {FULL_A}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://t", headers=headers
        ) as c:
            collection = (await c.put("/api/collections", json=[{"name": "c"}])).json()[0]["id"]
            partner = (await c.put("/api/partners", json=[{"name": "p"}])).json()[0]["id"]
            link = (
                await c.post(
                    "/api/links", json=[{"url": "https://e.com", "collectionId": collection}]
                )
            ).json()[0]["id"]
        return {"collectionId": collection, "partnerId": partner, "id": link}

    return anyio.run(go)


REAL = _seed_objects()


def _point_at_real_objects(body: Any) -> None:
    if not isinstance(body, list):
        return
    for position, item in enumerate(body):
        if not isinstance(item, dict):
            continue
        for name in ("collectionId", "partnerId"):
            if isinstance(item.get(name), str):
                item[name] = REAL[name]
        if position == 0 and isinstance(item.get("id"), str):
            item["id"] = REAL["id"]


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_and_no_response_off_the_spec(case: Any) -> None:
    if case.operation.path == "/api/links":
        _point_at_real_objects(case.body)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {FULL_A}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
        ],
    )
