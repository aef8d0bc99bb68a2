"""Collections and partners: create, partial update, null clearing, name never null (D2, D11)."""

from __future__ import annotations

import pytest

from tests.reference.conftest import Api, assert_error, new_uuid

pytestmark = pytest.mark.anyio


async def test_a_collection_is_created_with_timestamps(api: Api) -> None:
    created = await api.collection(name="Summer", description="d")
    assert created["name"] == "Summer" and created["description"] == "d"
    assert created["createdAt"] == created["updatedAt"]


async def test_a_collection_create_needs_a_name(api: Api) -> None:
    assert_error(await api.put_collections([{"description": "d"}]), 400, index=0, field="name")


async def test_collection_description_omitted_is_kept_and_null_clears(api: Api) -> None:
    created = await api.collection(name="a", description="keep me")
    renamed = (await api.ok(await api.put_collections([{"id": created["id"], "name": "b"}])))[0]
    assert renamed == {**created, "name": "b", "updatedAt": renamed["updatedAt"]}
    cleared = (
        await api.ok(await api.put_collections([{"id": created["id"], "description": None}]))
    )[0]
    assert cleared["description"] is None and cleared["name"] == "b"
    assert cleared["createdAt"] == created["createdAt"]
    assert cleared["updatedAt"] > renamed["updatedAt"] > created["updatedAt"]


async def test_collection_name_cannot_be_null_or_empty(api: Api) -> None:
    created = await api.collection()
    assert_error(
        await api.put_collections([{"id": created["id"], "name": None}]), 400, index=0, field="name"
    )
    assert_error(
        await api.put_collections([{"id": created["id"], "name": ""}]), 400, index=0, field="name"
    )


async def test_an_unknown_collection_id_is_400(api: Api) -> None:
    assert_error(
        await api.put_collections([{"id": new_uuid(), "name": "x"}]), 400, index=0, field="id"
    )


async def test_a_partner_is_created_and_partially_updated(api: Api) -> None:
    created = await api.partner(name="P", email="p@example.com", phone="+966500000000")
    renamed = (await api.ok(await api.put_partners([{"id": created["id"], "name": "Q"}])))[0]
    assert renamed["email"] == "p@example.com" and renamed["phone"] == "+966500000000"
    cleared = (await api.ok(await api.put_partners([{"id": created["id"], "email": None}])))[0]
    assert (
        cleared["email"] is None and cleared["phone"] == "+966500000000" and cleared["name"] == "Q"
    )
    cleared = (await api.ok(await api.put_partners([{"id": created["id"], "phone": None}])))[0]
    assert cleared["phone"] is None


async def test_partner_email_must_be_an_email(api: Api) -> None:
    assert_error(
        await api.put_partners([{"name": "p", "email": "not an email"}]),
        400,
        index=0,
        field="email",
    )


async def test_partner_name_cannot_be_null(api: Api) -> None:
    created = await api.partner()
    assert_error(
        await api.put_partners([{"id": created["id"], "name": None}]), 400, index=0, field="name"
    )


async def test_collections_come_back_in_input_order(api: Api) -> None:
    first = await api.collection(name="first")
    items = [{"name": "n0"}, {"id": first["id"], "name": "n1"}, {"name": "n2"}]
    results = await api.ok(await api.put_collections(items))
    assert [r["name"] for r in results] == ["n0", "n1", "n2"]
    assert results[1]["id"] == first["id"]


async def test_the_same_collection_twice_is_400(api: Api) -> None:
    created = await api.collection()
    response = await api.put_collections([{"id": created["id"]}, {"id": created["id"]}])
    assert_error(response, 400, index=1, field="id")


async def test_a_failing_partner_batch_writes_nothing(api: Api) -> None:
    response = await api.put_partners([{"name": "a"}, {"name": "b"}, {"id": new_uuid()}])
    assert_error(response, 400, index=2, field="id")
    assert api.db("SELECT count(*) FROM partners") == [(0,)]
