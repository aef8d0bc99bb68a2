"""Every resource, sync and async, against the real reference server; partial update semantics."""

from __future__ import annotations

import datetime as dt
import uuid

import hoko
import pytest
from hoko import UNSET
from hoko_client.models import (
    Collection,
    CollectionUpsert,
    Link,
    LinkCreate,
    LinkUpsert,
    Partner,
    PartnerUpsert,
    UtmPatch,
)

from .conftest import Drive, links

pytestmark = pytest.mark.anyio


async def test_collections_upsert_creates_updates_and_clears(drive: Drive) -> None:
    created = await drive.call(
        "collections.upsert", [{"name": "one"}, CollectionUpsert(name="two", description="d")]
    )
    assert all(isinstance(c, Collection) for c in created) and len(created) == 2
    assert [c.name for c in created] == ["one", "two"]
    assert created[1].description == "d"
    two = created[1]
    # keep (absent / UNSET) and clear (None), through a dict and through a model
    kept = await drive.call("collections.upsert", [{"id": two.id, "name": "two-b"}])
    assert kept[0].description == "d"
    cleared = await drive.call(
        "collections.upsert", [CollectionUpsert(id=two.id, description=None, name=UNSET)]
    )
    assert cleared[0].description is None
    assert cleared[0].name == "two-b"
    assert cleared[0].created_at == two.created_at
    assert cleared[0].updated_at > two.updated_at


async def test_partners_upsert_creates_updates_and_clears(drive: Drive) -> None:
    created = await drive.call(
        "partners.upsert",
        [PartnerUpsert(name="p", email="p@example.com", phone="+966500000000")],
    )
    partner = created[0]
    assert isinstance(partner, Partner)
    assert partner.email == "p@example.com"
    updated = await drive.call("partners.upsert", [{"id": str(partner.id), "email": None}])
    assert updated[0].email is None
    assert updated[0].phone == "+966500000000"
    assert updated[0].name == "p"


async def test_links_create_returns_generated_models_in_input_order(drive: Drive) -> None:
    cid = await drive.collection()
    items: list[object] = [
        {"url": "https://example.com/0", "collectionId": cid, "title": "zero"},
        LinkCreate(url="https://example.com/1", collection_id=uuid.UUID(cid), title="one"),
        {"url": "https://example.com/2", "collectionId": uuid.UUID(cid), "utm": {"source": "s"}},
    ]
    result = await drive.call("links.create", items)
    assert isinstance(result, hoko.BulkResult)
    assert len(result) == 3
    assert all(isinstance(link, Link) for link in result)
    assert [link.url for link in result] == [f"https://example.com/{i}" for i in range(3)]
    assert result[0].title == "zero"
    assert result[1].title == "one"
    assert result[2].utm is not None and result[2].utm.source == "s"
    assert result.raw[0]["shortUrl"] == result[0].short_url
    assert result[-1] is result[2]  # built once, cached
    assert result[0:2] == [result[0], result[1]]
    assert len({link.id for link in result}) == 3


async def test_links_upsert_keep_clear_merge_through_dicts(drive: Drive) -> None:
    cid = await drive.collection()
    [link] = await drive.call(
        "links.create",
        [
            {
                "url": "https://example.com/a",
                "collectionId": cid,
                "title": "t",
                "description": "d",
                "utm": {"source": "news", "medium": "email"},
            }
        ],
    )
    [after] = await drive.call(
        "links.upsert",
        [
            {
                "id": str(link.id),
                "title": None,  # clear
                "description": UNSET,  # keep
                "utm": {"medium": None, "campaign": "spring", "term": UNSET},  # merge per key
            }
        ],
    )
    assert after.title is None
    assert after.description == "d"
    assert after.url == "https://example.com/a"
    assert after.utm.source == "news"
    assert after.utm.campaign == "spring"
    assert after.utm.medium is UNSET or after.utm.medium is None
    [cleared] = await drive.call("links.upsert", [{"id": str(link.id), "utm": None}])
    assert cleared.utm is None


async def test_links_upsert_keep_clear_merge_through_models(drive: Drive) -> None:
    cid = await drive.collection()
    expires = dt.datetime(2031, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    [link] = await drive.call(
        "links.create",
        [
            LinkCreate(
                url="https://example.com/m",
                collection_id=uuid.UUID(cid),
                title="t",
                expires_at=expires,
            )
        ],
    )
    assert link.expires_at == expires
    [after] = await drive.call(
        "links.upsert",
        [
            LinkUpsert(
                id=link.id,
                title=None,
                utm=UtmPatch(source="ads"),
                url="https://example.com/m2",
            )
        ],
    )
    assert after.title is None
    assert after.expires_at == expires  # UNSET keeps
    assert after.url == "https://example.com/m2"
    assert after.utm.source == "ads"
    [again] = await drive.call(
        "links.upsert", [LinkUpsert(id=link.id, expires_at=None, utm=UtmPatch(campaign="c"))]
    )
    assert again.expires_at is None
    assert (again.utm.source, again.utm.campaign) == ("ads", "c")


async def test_links_upsert_mixes_updates_and_creates_in_input_order(drive: Drive) -> None:
    cid = await drive.collection()
    existing = await drive.call("links.create", list(links(cid, 3, "https://old.example/")))
    items: list[dict[str, object]] = []
    for i, link in enumerate(existing):
        items.append({"id": str(link.id), "title": f"updated {i}"})
        items.append({"url": f"https://new.example/{i}", "collectionId": cid})
    result = await drive.call("links.upsert", items)
    assert [r.id for r in result[0::2]] == [link.id for link in existing]
    assert [r.title for r in result[0::2]] == ["updated 0", "updated 1", "updated 2"]
    assert [r.url for r in result[1::2]] == [f"https://new.example/{i}" for i in range(3)]


async def test_raw_response_exposes_httpx_response_and_parses_lazily(drive: Drive) -> None:
    cid = await drive.collection()
    raw = await drive.call(
        "links.with_raw_response.create", [{"url": "https://example.com/r", "collectionId": cid}]
    )
    assert raw.status_code == 201
    assert raw.http_response.request.method == "POST"
    assert raw.headers["content-type"].startswith("application/json")
    assert raw.rate_limit is not None and raw.rate_limit.limit is not None
    assert raw.parse()[0].url == "https://example.com/r"
    for path in ("collections.with_raw_response.upsert", "partners.with_raw_response.upsert"):
        r = await drive.call(path, [{"name": "n"}])
        assert r.status_code == 200 and r.parse()[0].name == "n"
    with pytest.raises(ValueError, match="exactly one request"):
        await drive.call("links.with_raw_response.create", list(links(cid, 3)), batch_size=2)


async def test_rate_limit_info_of_last_response_is_typed(drive: Drive) -> None:
    client = drive.default
    assert client.rate_limit is None
    result = await drive.call("collections.upsert", [{"name": "x"}])
    info = client.rate_limit
    assert isinstance(info, hoko.RateLimitInfo)
    assert isinstance(info.limit, int) and isinstance(info.remaining, int)
    assert isinstance(info.reset, int)
    assert info.remaining < info.limit
    assert result.rate_limit == info
    # with_options copies share it
    assert client.with_options(max_retries=0).rate_limit == info


async def test_empty_input_sends_nothing(drive: Drive) -> None:
    result = await drive.call("links.upsert", [])
    assert len(result) == 0 and list(result) == []
    assert drive.transport.seen == []
