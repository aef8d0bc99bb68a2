"""Link semantics: created fields, partial update, null clearing, utm merge, geo replace, order."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.reference.conftest import Api, assert_error, new_uuid

pytestmark = pytest.mark.anyio

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
CODE = re.compile(r"^[A-Za-z0-9_-]+$")

OPTIONAL_LINK_FIELDS: dict[str, Any] = {
    "title": "A title",
    "description": "A description",
    "image": "https://example.com/i.png",
    "expiresAt": "2030-01-01T00:00:00.000000Z",
    "expiredUrl": "https://example.com/expired",
    "password": "secret",
    "ios": "https://example.com/ios",
    "android": "https://example.com/android",
    "geo": {"SA": "https://example.com/sa"},
    "externalId": "ext-1",
    "tenantId": "tenant-1",
    "utm": {"source": "s"},
}


def when(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


async def test_post_creates_with_generated_fields(api: Api) -> None:
    collection = await api.collection()
    created = await api.link(collectionId=collection["id"], url="https://example.com/a?b=c")
    assert re.fullmatch(  # a lowercase UUID of any version (D35)
        r"[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", created["id"]
    )
    assert created["url"] == "https://example.com/a?b=c"
    assert created["collectionId"] == collection["id"]
    # An in-process server's links say where they came from, never under production's host.
    code = created["shortUrl"].removeprefix("http://reference.hoko.invalid/")
    assert created["shortUrl"] == f"http://reference.hoko.invalid/{code}" and CODE.fullmatch(code)
    assert STAMP.fullmatch(created["createdAt"]) and created["updatedAt"] == created["createdAt"]
    assert created["cloaked"] is False
    for name in OPTIONAL_LINK_FIELDS:
        assert created[name] is None


async def test_the_qr_code_encodes_the_short_url(api: Api) -> None:
    created = await api.link()
    qr = urlsplit(created["qrCode"])
    assert f"{qr.scheme}://{qr.netloc}{qr.path}" == "http://reference.hoko.invalid/qrcode"
    query = parse_qs(qr.query)
    assert query["text"] == [created["shortUrl"] + "?qr=1"]
    assert query["size"] == ["512"] and query["format"] == ["svg"]
    assert query["errorCorrection"] == ["H"] and query["margin"] == ["1"]
    assert query["foreground"] == ["000000"] and query["background"] == ["FFFFFF"]


async def test_base_url_for_links_is_used(tmp_path: object) -> None:
    import httpx
    from hoko_reference import create_app

    app = create_app(base_url_for_links="http://127.0.0.1:9999/")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        created = await Api(c, app).link()
    assert created["shortUrl"].startswith("http://127.0.0.1:9999/")
    assert created["qrCode"].startswith("http://127.0.0.1:9999/qrcode?text=http%3A%2F%2F127.0.0.1")


async def test_every_field_round_trips(api: Api) -> None:
    collection = await api.collection()
    partner = await api.partner()
    fields = {**OPTIONAL_LINK_FIELDS, "cloaked": True, "partnerId": partner["id"]}
    created = await api.link(collectionId=collection["id"], **fields)
    for name, value in fields.items():
        assert created[name] == value, name
    read_back = await api.read_link(created["id"])
    assert {**read_back, "updatedAt": None} == {**created, "updatedAt": None}


async def test_expires_at_is_returned_in_utc_with_microseconds(api: Api) -> None:
    created = await api.link(expiresAt="2030-06-01T12:00:00+02:00")
    assert created["expiresAt"] == "2030-06-01T10:00:00.000000Z"
    updated = (
        await api.ok(
            await api.put_links([{"id": created["id"], "expiresAt": "2031-01-01t00:00:00.5z"}])
        )
    )[0]
    assert updated["expiresAt"] == "2031-01-01T00:00:00.500000Z"


async def test_an_unrepresentable_date_time_is_400_not_500(api: Api) -> None:
    created = await api.link()
    for value in ("2030-12-31T23:59:60Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59-01:00"):
        response = await api.put_links([{"id": created["id"], "expiresAt": value}])
        assert_error(response, 400, index=0, field="expiresAt")


async def test_omitted_fields_keep_their_value(api: Api) -> None:
    created = await api.link(**OPTIONAL_LINK_FIELDS, cloaked=True)
    updated = (await api.ok(await api.put_links([{"id": created["id"], "title": "New"}])))[0]
    assert updated["title"] == "New"
    for name in set(created) - {"title", "updatedAt"}:
        assert updated[name] == created[name], name


@pytest.mark.parametrize("name", sorted(OPTIONAL_LINK_FIELDS))
async def test_null_clears_each_optional_field(api: Api, name: str) -> None:
    created = await api.link(**OPTIONAL_LINK_FIELDS)
    updated = (await api.ok(await api.put_links([{"id": created["id"], name: None}])))[0]
    assert updated[name] is None
    for other in set(OPTIONAL_LINK_FIELDS) - {name}:
        assert updated[other] == created[other], other
    assert (await api.read_link(created["id"]))[name] is None


async def test_partner_id_null_clears(api: Api) -> None:
    partner = await api.partner()
    created = await api.link(partnerId=partner["id"])
    updated = (await api.ok(await api.put_links([{"id": created["id"], "partnerId": None}])))[0]
    assert updated["partnerId"] is None


@pytest.mark.parametrize("name", ["url", "collectionId"])
async def test_url_and_collection_id_cannot_be_null(api: Api, name: str) -> None:
    created = await api.link()
    assert_error(await api.put_links([{"id": created["id"], name: None}]), 400, index=0, field=name)


async def test_post_accepts_no_nulls(api: Api) -> None:
    collection = await api.collection()
    response = await api.post_links(
        [{"url": "https://e.com", "collectionId": collection["id"], "title": None}]
    )
    assert_error(response, 400, index=0, field="title")


@pytest.mark.parametrize("value", [False, None])
async def test_cloaked_false_or_null_clears_and_reads_back_false(api: Api, value: object) -> None:
    created = await api.link(cloaked=True)
    updated = (await api.ok(await api.put_links([{"id": created["id"], "cloaked": value}])))[0]
    assert updated["cloaked"] is False
    assert (await api.read_link(created["id"]))["cloaked"] is False


async def test_utm_merges_key_by_key(api: Api) -> None:
    created = await api.link(utm={"source": "google", "medium": "cpc"})
    step1 = (
        await api.ok(
            await api.put_links([{"id": created["id"], "utm": {"campaign": "x", "source": "bing"}}])
        )
    )[0]
    assert step1["utm"] == {"source": "bing", "medium": "cpc", "campaign": "x"}
    step2 = (await api.ok(await api.put_links([{"id": created["id"], "utm": {"medium": None}}])))[0]
    assert step2["utm"] == {"source": "bing", "campaign": "x"}
    step3 = (await api.ok(await api.put_links([{"id": created["id"], "utm": {}}])))[0]
    assert step3["utm"] == {"source": "bing", "campaign": "x"}
    step4 = (await api.ok(await api.put_links([{"id": created["id"], "utm": None}])))[0]
    assert step4["utm"] is None


async def test_clearing_the_last_utm_key_reads_back_null(api: Api) -> None:
    created = await api.link(utm={"term": "t"})
    updated = (await api.ok(await api.put_links([{"id": created["id"], "utm": {"term": None}}])))[0]
    assert updated["utm"] is None


async def test_all_six_utm_keys_are_kept(api: Api) -> None:
    utm = {k: k.upper() for k in ("source", "medium", "campaign", "term", "content", "referral")}
    assert (await api.link(utm=utm))["utm"] == utm


async def test_geo_replaces_the_whole_map(api: Api) -> None:
    created = await api.link(geo={"US": "https://e.com/us", "SA": "https://e.com/sa"})
    updated = (
        await api.ok(
            await api.put_links([{"id": created["id"], "geo": {"FR": "https://e.com/fr"}}])
        )
    )[0]
    assert updated["geo"] == {"FR": "https://e.com/fr"}
    cleared = (await api.ok(await api.put_links([{"id": created["id"], "geo": None}])))[0]
    assert cleared["geo"] is None


async def test_updated_at_strictly_increases_and_created_at_never_changes(api: Api) -> None:
    created = await api.link()
    previous = created["updatedAt"]
    for _ in range(5):
        again = await api.read_link(created["id"])
        assert STAMP.fullmatch(again["updatedAt"])
        assert when(again["updatedAt"]) > when(previous)
        assert again["createdAt"] == created["createdAt"]
        previous = again["updatedAt"]


async def test_updated_at_keeps_increasing_across_a_restart(api: Api) -> None:
    import httpx
    from hoko_reference import create_app

    created = await api.link()
    last = (await api.read_link(created["id"]))["updatedAt"]
    reopened = create_app(db_path=api.app.state.hoko.db.path)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=reopened), base_url="http://t"
    ) as c:
        after = await Api(c, reopened).read_link(created["id"])
    assert when(after["updatedAt"]) > when(last)
    assert after["shortUrl"] == created["shortUrl"]


async def test_the_response_answers_the_request_in_order_when_creates_and_updates_mix(
    api: Api,
) -> None:
    collection = await api.collection()
    existing = [await api.link(collectionId=collection["id"], title=f"old{i}") for i in range(4)]
    items: list[dict[str, object]] = []
    for i in range(40):
        if i % 3 == 0 and existing:
            link = existing.pop()
            items.append({"id": link["id"], "title": f"item{i}"})
        else:
            items.append(
                {"url": f"https://e.com/{i}", "collectionId": collection["id"], "title": f"item{i}"}
            )
    results = await api.ok(await api.put_links(items))
    assert len(results) == len(items)
    for item, result in zip(items, results, strict=True):
        assert result["title"] == item["title"]
        if "id" in item:
            assert result["id"] == item["id"]


async def test_put_returns_200_even_when_every_item_is_a_create(api: Api) -> None:
    collection = await api.collection()
    response = await api.put_links([{"url": "https://e.com", "collectionId": collection["id"]}])
    assert response.status_code == 200
    await api.ok(response)


async def test_a_put_create_needs_url_and_collection_id(api: Api) -> None:
    collection = await api.collection()
    assert_error(
        await api.put_links([{"collectionId": collection["id"]}]), 400, index=0, field="url"
    )
    assert_error(
        await api.put_links([{"url": "https://e.com"}]), 400, index=0, field="collectionId"
    )


async def test_post_rejects_an_id(api: Api) -> None:
    collection = await api.collection()
    response = await api.post_links(
        [{"id": new_uuid(), "url": "https://e.com", "collectionId": collection["id"]}]
    )
    assert_error(response, 400, index=0, field="id")


async def test_ids_are_case_insensitive_uuids(api: Api) -> None:
    created = await api.link()
    updated = (await api.ok(await api.put_links([{"id": created["id"].upper(), "title": "U"}])))[0]
    assert updated["id"] == created["id"] and updated["title"] == "U"


async def test_short_codes_are_unique_across_a_big_batch(api: Api) -> None:
    collection = await api.collection()
    results = await api.ok(
        await api.post_links([{"url": "https://e.com", "collectionId": collection["id"]}] * 3000),
        201,
    )
    codes = {r["shortUrl"] for r in results}
    assert len(codes) == 3000
    assert len({r["id"] for r in results}) == 3000


async def test_updates_of_different_shapes_in_one_batch_all_persist(api: Api) -> None:
    links = [await api.link(title="t", utm={"source": "s"}, externalId=f"e{i}") for i in range(4)]
    items = [
        {"id": links[0]["id"], "title": "only title"},
        {"id": links[1]["id"], "utm": {"medium": "m"}, "externalId": None},
        {"id": links[2]["id"]},
        {"id": links[3]["id"], "url": "https://moved.example.com", "description": "d"},
    ]
    await api.ok(await api.put_links(items))
    read = [await api.read_link(link["id"]) for link in links]
    assert read[0]["title"] == "only title" and read[0]["externalId"] == "e0"
    assert read[1]["utm"] == {"source": "s", "medium": "m"} and read[1]["externalId"] is None
    assert read[1]["title"] == "t"
    assert {**read[2], "updatedAt": None} == {**links[2], "updatedAt": None}
    assert read[3]["url"] == "https://moved.example.com" and read[3]["description"] == "d"
    assert all(r["createdAt"] == link["createdAt"] for r, link in zip(read, links, strict=True))
