"""Authentication (D16, D32), scopes read from the spec (D1), dev keys, workspace isolation."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette

from tests.reference.conftest import (
    BASIC_C,
    FULL_A,
    FULL_B,
    LINKS,
    OPERATIONS,
    RATELIMITED_A,
    READONLY_A,
    SPEC,
    Api,
    assert_error,
)

pytestmark = pytest.mark.anyio

ALL_SCOPES = {
    "linksRead",
    "linksWrite",
    "collectionsRead",
    "collectionsWrite",
    "partnersRead",
    "partnersWrite",
}


def spec_scopes(operation_id: str) -> list[str]:
    for item in SPEC["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                return [s for req in op["security"] for scopes in req.values() for s in scopes]
    raise AssertionError(operation_id)


def minimal_body(operation_id: str) -> list[dict[str, Any]]:
    # Bodies valid enough that only auth and scope decide the outcome.
    if operation_id in {"createLinks", "upsertLinks"}:
        return [{"url": "https://example.com", "collectionId": "not-checked-before-auth"}]
    return [{"name": "n"}]


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
async def test_a_request_without_a_key_is_401_without_rate_limit_headers(
    api: Api, operation_id: str
) -> None:
    method, path = OPERATIONS[operation_id]
    response = await api.send(method, path, minimal_body(operation_id), key=None)
    assert_error(response, 401)
    assert "x-ratelimit-limit" not in response.headers


@pytest.mark.parametrize(
    "authorization",
    ["Bearer nope", "nope", "Bearer ", "Basic aGtfdGVzdF9mdWxsX2E=", "Bearer hk_test_full_a_x"],
)
async def test_an_unknown_key_is_401(api: Api, authorization: str) -> None:
    response = await api.send(
        "PUT", LINKS, [{"id": "x"}], key=None, headers={"Authorization": authorization}
    )
    assert_error(response, 401)


@pytest.mark.parametrize(
    "authorization", [f"Bearer {FULL_A}", f"bearer {FULL_A}", FULL_A, f"  Bearer   {FULL_A} "]
)
async def test_bearer_and_bare_keys_are_both_accepted(api: Api, authorization: str) -> None:
    response = await api.send(
        "PUT",
        "/api/collections",
        [{"name": "n"}],
        key=None,
        headers={"Authorization": authorization},
    )
    await api.ok(response)


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
async def test_the_required_scope_comes_from_the_spec_and_is_listed_when_missing(
    api: Api, operation_id: str
) -> None:
    method, path = OPERATIONS[operation_id]
    required = spec_scopes(operation_id)
    response = await api.send(method, path, minimal_body(operation_id), key=READONLY_A)
    body = assert_error(response, 403)
    assert body["missingScopes"] == required
    # The scope error comes after auth, so it carries rate-limit headers but used no quota.
    assert response.headers["x-ratelimit-remaining"] == response.headers["x-ratelimit-limit"]


async def test_partners_need_links_write_as_the_spec_says(api: Api) -> None:
    # D1: PUT /api/partners is guarded by linksWrite, not partnersWrite.
    assert spec_scopes("upsertPartners") == ["linksWrite"]
    response = await api.put_partners([{"name": "p"}], key=READONLY_A)
    assert assert_error(response, 403)["missingScopes"] == ["linksWrite"]


async def test_the_scope_check_precedes_body_validation(api: Api) -> None:
    response = await api.send("PUT", LINKS, b"{not json", key=READONLY_A)
    assert_error(response, 403)


async def test_auth_precedes_everything(api: Api) -> None:
    response = await api.send("PUT", LINKS, b"{not json", key="wrong")
    assert_error(response, 401)


@pytest.mark.parametrize(
    ("key", "workspace_sees_a"),
    [(FULL_A, True), (RATELIMITED_A, True), (FULL_B, False), (BASIC_C, False)],
)
async def test_dev_keys_belong_to_their_workspaces(
    api: Api, key: str, workspace_sees_a: bool
) -> None:
    collection = await api.collection(key=FULL_A)
    response = await api.post_links(
        [{"url": "https://example.com", "collectionId": collection["id"]}], key=key
    )
    if workspace_sees_a:
        await api.ok(response, 201)
    else:
        assert_error(response, 400, index=0, field="collectionId")


def test_dev_key_plans_and_limits(app: Starlette) -> None:
    keys = app.state.hoko.registry.keys
    assert set(keys[FULL_A].scopes) == ALL_SCOPES
    assert set(keys[READONLY_A].scopes) == {"linksRead", "collectionsRead", "partnersRead"}
    assert keys[FULL_B].workspace.id == "B" and keys[FULL_B].workspace.plan.name == "pro"
    assert (keys[RATELIMITED_A].rate_requests, keys[RATELIMITED_A].rate_window_seconds) == (5, 10)
    plans = SPEC["x-plans"]
    assert keys[BASIC_C].workspace.plan.max_items == plans["basic"]["maxItems"] == 100
    assert keys[FULL_A].workspace.plan.max_items == plans["pro"]["maxItems"] == 10_000
    assert keys[FULL_A].rate_requests >= 100_000


async def test_another_workspaces_link_cannot_be_updated(api: Api) -> None:
    theirs = await api.link(key=FULL_B, title="theirs")
    response = await api.put_links([{"id": theirs["id"], "title": "mine now"}], key=FULL_A)
    assert_error(response, 400, index=0, field="id")
    assert (await api.read_link(theirs["id"], key=FULL_B))["title"] == "theirs"


async def test_another_workspaces_collection_and_partner_cannot_be_updated(api: Api) -> None:
    collection = await api.collection(key=FULL_B)
    partner = await api.partner(key=FULL_B)
    r1 = await api.put_collections([{"id": collection["id"], "name": "x"}], key=FULL_A)
    assert_error(r1, 400, index=0, field="id")
    r2 = await api.put_partners([{"id": partner["id"], "name": "x"}], key=FULL_A)
    assert_error(r2, 400, index=0, field="id")


async def test_another_workspaces_partner_cannot_be_referenced(api: Api) -> None:
    partner = await api.partner(key=FULL_B)
    collection = await api.collection(key=FULL_A)
    response = await api.post_links(
        [{"url": "https://e.com", "collectionId": collection["id"], "partnerId": partner["id"]}]
    )
    assert_error(response, 400, index=0, field="partnerId")
