"""The auxiliary read GET /api/links (D36): filters, paging, order, workspace, errors."""

from __future__ import annotations

from typing import Any

import pytest

from tests.reference.conftest import FULL_A, FULL_B, READONLY_A, Api, assert_conforms, assert_error

pytestmark = pytest.mark.anyio


async def _links(api: Api, n: int, tag: str) -> list[dict[str, Any]]:
    [shelf] = await api.ok(await api.put_collections([{"name": tag}]))
    items = [
        {"url": f"https://e.com/{tag}/{i}", "collectionId": shelf["id"], "externalId": f"{tag}-{i}"}
        for i in range(n)
    ]
    return await api.ok(await api.post_links(items), 201)


async def _get(api: Api, query: str, key: str | None = FULL_A) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return await api.client.get(f"/api/links{query}", headers=headers)


async def test_external_id_finds_exactly_its_link(api: Api) -> None:
    made = await _links(api, 3, "find")
    response = await _get(api, "?externalId=find-1")
    assert response.status_code == 200
    assert_conforms(response)
    assert [link["id"] for link in response.json()] == [made[1]["id"]]
    assert response.json()[0] == made[1]
    assert (await _get(api, "?externalId=nobody")).json() == []


async def test_id_filter_and_paging_newest_first_unless_asked(api: Api) -> None:
    made = await _links(api, 5, "page")
    ids = [link["id"] for link in made]
    assert [x["id"] for x in (await _get(api, f"?id={ids[2]}")).json()] == [ids[2]]
    first = (await _get(api, "?take=2&sort=asc")).json()
    rest = (await _get(api, "?take=1000&skip=2&sort=asc")).json()
    assert [x["id"] for x in first + rest] == ids
    assert [x["id"] for x in (await _get(api, "")).json()] == ids[::-1]  # desc by default
    await _links(api, 60, "more")
    assert len((await _get(api, "")).json()) == 50  # take defaults to 50 (facts §0.5)


async def test_reads_see_only_the_keys_workspace(api: Api) -> None:
    await _links(api, 2, "mine")
    assert (await _get(api, "?externalId=mine-0", key=FULL_B)).json() == []
    assert len((await _get(api, "?externalId=mine-0", key=READONLY_A)).json()) == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?take=0", "take"),
        ("?take=10001", "take"),
        ("?sort=sideways", "sort"),
        ("?take=x", "take"),
        ("?skip=-1", "skip"),
        ("?id=not-a-uuid", "id"),
        ("?externalId=", "externalId"),
    ],
)
async def test_bad_parameters_are_400_naming_them(api: Api, query: str, field: str) -> None:
    assert_error(await _get(api, query), 400, index=None, field=field)


async def test_reads_need_a_key(api: Api) -> None:
    assert_error(await _get(api, "", key=None), 401)
    assert_error(await _get(api, "", key="hk_nobody"), 401)


async def test_unknown_parameters_are_ignored(api: Api) -> None:
    await _links(api, 1, "ign")
    assert len((await _get(api, "?externalId=ign-0&colour=red")).json()) == 1
