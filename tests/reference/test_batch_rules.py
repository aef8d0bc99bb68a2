"""Batch-wide rules: existence (D3), uniqueness (D14), atomicity (D4), plan gates (D8)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.reference.conftest import BASIC_C, SPEC, Api, assert_error, new_uuid

pytestmark = pytest.mark.anyio


async def test_an_unknown_id_fails_the_whole_batch(api: Api) -> None:
    link = await api.link(title="before")
    response = await api.put_links(
        [{"id": link["id"], "title": "after"}, {"id": new_uuid(), "title": "x"}]
    )
    assert_error(response, 400, index=1, field="id")
    assert (await api.read_link(link["id"]))["title"] == "before"


async def test_a_failing_last_item_leaves_earlier_creates_unwritten(api: Api) -> None:
    collection = await api.collection()
    items: list[dict[str, Any]] = [
        {"url": f"https://e.com/{i}", "collectionId": collection["id"]} for i in range(500)
    ]
    items.append({"url": "https://e.com/bad", "collectionId": new_uuid()})
    assert_error(await api.put_links(items), 400, index=500, field="collectionId")
    assert api.db("SELECT count(*) FROM links") == [(0,)]


async def test_a_failing_first_item_leaves_later_updates_unwritten(api: Api) -> None:
    links = [await api.link(title="t") for _ in range(3)]
    items: list[dict[str, Any]] = [{"id": new_uuid()}] + [
        {"id": link["id"], "title": "changed"} for link in links
    ]
    assert_error(await api.put_links(items), 400, index=0, field="id")
    for link in links:
        assert (await api.read_link(link["id"]))["title"] == "t"


async def test_a_schema_error_anywhere_writes_nothing(api: Api) -> None:
    collection = await api.collection()
    items: list[dict[str, Any]] = [{"url": "https://e.com", "collectionId": collection["id"]}] * 10
    items[7] = {"url": "https://e.com", "collectionId": collection["id"], "utm": {"nope": "x"}}
    assert_error(await api.put_links(items), 400, index=7, field="utm.nope")
    assert api.db("SELECT count(*) FROM links") == [(0,)]


async def test_the_same_id_twice_in_a_batch_is_400(api: Api) -> None:
    link = await api.link(title="t")
    response = await api.put_links(
        [{"id": link["id"], "title": "a"}, {"id": link["id"], "title": "b"}]
    )
    assert_error(response, 400, index=1, field="id")
    assert (await api.read_link(link["id"]))["title"] == "t"


async def test_the_same_id_twice_counts_ids_case_insensitively(api: Api) -> None:
    link = await api.link()
    response = await api.put_links([{"id": link["id"]}, {"id": link["id"].upper()}])
    assert_error(response, 400, index=1, field="id")


async def test_an_unknown_collection_is_400(api: Api) -> None:
    assert_error(
        await api.post_links([{"url": "https://e.com", "collectionId": new_uuid()}]),
        400,
        index=0,
        field="collectionId",
    )
    link = await api.link()
    assert_error(
        await api.put_links([{"id": link["id"], "collectionId": new_uuid()}]),
        400,
        index=0,
        field="collectionId",
    )


async def test_an_unknown_partner_is_400(api: Api) -> None:
    link = await api.link()
    assert_error(
        await api.put_links([{"id": link["id"], "partnerId": new_uuid()}]),
        400,
        index=0,
        field="partnerId",
    )


async def test_a_link_can_move_to_another_collection(api: Api) -> None:
    link = await api.link()
    other = await api.collection()
    moved = (await api.ok(await api.put_links([{"id": link["id"], "collectionId": other["id"]}])))[
        0
    ]
    assert moved["collectionId"] == other["id"]


async def test_external_id_duplicated_within_a_batch_is_400(api: Api) -> None:
    collection = await api.collection()
    items = [
        {"url": "https://e.com/1", "collectionId": collection["id"], "externalId": "dup"},
        {"url": "https://e.com/2", "collectionId": collection["id"], "externalId": "other"},
        {"url": "https://e.com/3", "collectionId": collection["id"], "externalId": "dup"},
    ]
    assert_error(await api.post_links(items), 400, index=2, field="externalId")
    assert api.db("SELECT count(*) FROM links") == [(0,)]


async def test_external_id_taken_by_an_existing_link_is_400(api: Api) -> None:
    await api.link(externalId="taken")
    collection = await api.collection()
    response = await api.post_links(
        [{"url": "https://e.com", "collectionId": collection["id"], "externalId": "taken"}]
    )
    assert_error(response, 400, index=0, field="externalId")
    other = await api.link()
    assert_error(
        await api.put_links([{"id": other["id"], "externalId": "taken"}]),
        400,
        index=0,
        field="externalId",
    )


async def test_a_link_may_resend_its_own_external_id(api: Api) -> None:
    link = await api.link(externalId="mine")
    again = (await api.ok(await api.put_links([{"id": link["id"], "externalId": "mine"}])))[0]
    assert again["externalId"] == "mine"


async def test_external_ids_may_be_swapped_in_one_batch(api: Api) -> None:
    a = await api.link(externalId="a")
    b = await api.link(externalId="b")
    swapped = await api.ok(
        await api.put_links(
            [{"id": a["id"], "externalId": "b"}, {"id": b["id"], "externalId": "a"}]
        )
    )
    assert [s["externalId"] for s in swapped] == ["b", "a"]


async def test_a_freed_external_id_can_be_reused(api: Api) -> None:
    a = await api.link(externalId="free")
    collection = await api.collection()
    results = await api.ok(
        await api.put_links(
            [
                {"id": a["id"], "externalId": None},
                {"url": "https://e.com", "collectionId": collection["id"], "externalId": "free"},
            ]
        )
    )
    assert results[0]["externalId"] is None and results[1]["externalId"] == "free"


async def test_external_ids_are_per_workspace(api: Api) -> None:
    await api.link(externalId="shared")
    assert (await api.link(key="hk_test_full_b", externalId="shared"))["externalId"] == "shared"


def gated_fields() -> dict[str, Any]:
    props = SPEC["components"]["schemas"]["LinkUpsert"]["properties"]
    return {name: p["x-plan-feature"] for name, p in props.items() if "x-plan-feature" in p}


GATED_VALUES: dict[str, Any] = {
    "expiresAt": "2030-01-01T00:00:00Z",
    "expiredUrl": "https://e.com/x",
    "password": "pw",
    "cloaked": True,
    "ios": "https://e.com/ios",
    "android": "https://e.com/android",
    "geo": {"US": "https://e.com/us"},
}


def test_the_gated_fields_are_the_ones_the_spec_marks() -> None:
    assert set(gated_fields()) == set(GATED_VALUES)


@pytest.mark.parametrize("name", sorted(GATED_VALUES))
@pytest.mark.parametrize("method", ["POST", "PUT"])
async def test_a_gated_field_on_the_basic_plan_is_403_without_missing_scopes(
    api: Api, name: str, method: str
) -> None:
    collection = await api.collection(key=BASIC_C)
    item = {"url": "https://e.com", "collectionId": collection["id"], name: GATED_VALUES[name]}
    response = await api.send(method, "/api/links", [item], key=BASIC_C)
    body = assert_error(response, 403, index=0, field=name)
    assert "missingScopes" not in body
    assert api.db("SELECT count(*) FROM links") == [(0,)]


@pytest.mark.parametrize("name", sorted(GATED_VALUES))
async def test_clearing_a_gated_field_is_allowed_on_the_basic_plan(api: Api, name: str) -> None:
    link = await api.link(key=BASIC_C)
    value = False if name == "cloaked" else None
    updated = (await api.ok(await api.put_links([{"id": link["id"], name: value}], key=BASIC_C)))[0]
    assert updated[name] in (None, False)


async def test_cloaked_false_is_allowed_on_post_for_the_basic_plan(api: Api) -> None:
    assert (await api.link(key=BASIC_C, cloaked=False))["cloaked"] is False


async def test_ungated_fields_work_on_the_basic_plan(api: Api) -> None:
    link = await api.link(key=BASIC_C, title="t", utm={"source": "s"}, externalId="e", tenantId="t")
    assert link["utm"] == {"source": "s"}
