"""The auxiliary reads of collections and partners (D36) and the soft deletes of all three
resources (D29, D37): atomic, workspace-bound, scoped, and a deleted id is unknown afterwards."""

from __future__ import annotations

from typing import Any

import pytest

from tests.reference.conftest import (
    COLLECTIONS,
    FULL_A,
    FULL_B,
    LINKS,
    PARTNERS,
    READONLY_A,
    Api,
    assert_conforms,
    assert_error,
    new_uuid,
)

pytestmark = pytest.mark.anyio
PATHS = {"links": LINKS, "collections": COLLECTIONS, "partners": PARTNERS}


async def _make(api: Api, resource: str, n: int) -> list[dict[str, Any]]:
    if resource == "links":
        cid = (await api.ok(await api.put_collections([{"name": "c"}])))[0]["id"]
        items = [{"url": f"https://e.com/{i}", "collectionId": cid} for i in range(n)]
        return await api.ok(await api.post_links(items), 201)
    return await api.ok(
        await api.send("PUT", PATHS[resource], [{"name": f"n{i}"} for i in range(n)])
    )


async def _read(api: Api, resource: str, query: str = "", key: str = FULL_A) -> Any:
    return await api.client.get(
        f"{PATHS[resource]}{query}", headers={"Authorization": f"Bearer {key}"}
    )


@pytest.mark.parametrize("resource", ["collections", "partners"])
async def test_reads_of_collections_and_partners(api: Api, resource: str) -> None:
    made = await _make(api, resource, 3)
    response = await _read(api, resource, "?sort=asc")
    assert response.status_code == 200
    assert_conforms(response)
    assert response.json() == made
    one = (await _read(api, resource, f"?id={made[1]['id']}")).json()
    assert one == [made[1]]
    assert (await _read(api, resource, key=FULL_B)).json() == []


@pytest.mark.parametrize("resource", sorted(PATHS))
async def test_a_delete_removes_exactly_its_ids(api: Api, resource: str) -> None:
    made = await _make(api, resource, 3)
    ids = [o["id"] for o in made]
    response = await api.send("DELETE", PATHS[resource], ids[:2])
    assert response.status_code == 200, response.text
    assert_conforms(response)
    assert response.json() == {"deletedIds": ids[:2]}
    left = [o["id"] for o in (await _read(api, resource)).json() if o["id"] in ids]
    assert left == [ids[2]]
    # A deleted id is an unknown id (D29): for a PUT and for another delete.
    upsert = await api.send("PUT", PATHS[resource], [{"id": ids[0]}])
    assert_error(upsert, 400, index=0, field="id")
    assert_error(await api.send("DELETE", PATHS[resource], [ids[0]]), 400, index=0)


@pytest.mark.parametrize(
    ("body", "index"),
    [
        ([], None),
        (["not-a-uuid"], 0),
        ([42], 0),
        ("dup", 1),
        ("foreign", 1),
        ("unknown", 1),
    ],
)
async def test_a_bad_delete_deletes_nothing(api: Api, body: Any, index: int | None) -> None:
    made = await _make(api, "collections", 1)
    mine = made[0]["id"]
    if body == "dup":
        body = [mine, mine]
    elif body == "foreign":
        body = [mine, (await _make_other(api))]
    elif body == "unknown":
        body = [mine, new_uuid()]
    assert_error(await api.send("DELETE", COLLECTIONS, body), 400, index=index)
    assert [o["id"] for o in (await _read(api, "collections", f"?id={mine}")).json()] == [mine]


async def _make_other(api: Api) -> str:
    response = await api.send("PUT", COLLECTIONS, [{"name": "theirs"}], key=FULL_B)
    return str((await api.ok(response))[0]["id"])


async def test_deletes_need_the_write_scope_and_links_outlive_their_collection(api: Api) -> None:
    links = await _make(api, "links", 1)
    cid = links[0]["collectionId"]
    denied = assert_error(await api.send("DELETE", COLLECTIONS, [cid], key=READONLY_A), 403)
    assert denied["missingScopes"] == ["collectionsWrite"]
    assert (await api.send("DELETE", COLLECTIONS, [cid])).status_code == 200
    kept = (await _read(api, "links", f"?id={links[0]['id']}")).json()
    assert [o["id"] for o in kept] == [links[0]["id"]]
