"""One probe per contract break of the reference server (the faults; see probes.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from hoko_reference.spec import load_spec

from tests.reference.conftest import BASIC_C, FULL_A, FULL_B, READONLY_A, Api, new_uuid
from tests.reference.probes import (
    RL,
    collection,
    creates,
    link,
    read_link,
    registry,
    unknown_field_status,
    update_link,
)

MAX_BODY_BYTES = load_spec().max_body_bytes
GEO = {"US": "https://e.com/us"}
PROBES, probe = registry()


@probe("order-mixed-batch")
async def _(api: Api) -> Any:
    old = await link(api, title="old")
    new = {**creates(old["collectionId"], 1)[0], "title": "new"}
    # An update before a create: the fault moves creates to the front.
    body = (await api.put_links([{"id": old["id"], "title": "upd"}, new])).json()
    return [item["title"] for item in body]


@probe("response-short-on-big-batch")
async def _(api: Api) -> Any:
    c = await collection(api)
    return len((await api.put_links(creates(c["id"], 1001))).json())


@probe("shorturl-not-url-safe")
async def _(api: Api) -> Any:
    c = await collection(api)
    body = (await api.post_links(creates(c["id"], 300))).json()
    return all(
        "+" not in b["shortUrl"] and "/" not in b["shortUrl"].rsplit("/", 1)[1] for b in body
    ) and all(b["shortUrl"].count("/") == 3 for b in body)


@probe("shorturl-not-unique")
async def _(api: Api) -> Any:
    c = await collection(api)
    body = (await api.post_links(creates(c["id"], 100))).json()
    return len({b["shortUrl"] for b in body})


@probe("qrcode-encodes-long-url")
async def _(api: Api) -> Any:
    created = await link(api)
    return parse_qs(urlsplit(created["qrCode"]).query)["text"] == [created["shortUrl"] + "?qr=1"]


@probe("created-at-changes-on-update")
async def _(api: Api) -> Any:
    created = await link(api)
    return (await read_link(api, created["id"]))["createdAt"] == created["createdAt"]


@probe("updated-at-not-bumped")
async def _(api: Api) -> Any:
    created = await link(api)
    return (await read_link(api, created["id"]))["updatedAt"] > created["updatedAt"]


@probe("timestamps-without-z")
async def _(api: Api) -> Any:
    return (await link(api))["createdAt"].endswith("Z")


@probe("link-description-omitted-clears")
async def _(api: Api) -> Any:
    created = await link(api, description="d")
    await update_link(api, id=created["id"], title="t")
    return (await read_link(api, created["id"]))["description"]


@probe("title-null-ignored")
async def _(api: Api) -> Any:
    created = await link(api, title="t")
    await update_link(api, id=created["id"], title=None)
    return (await read_link(api, created["id"]))["title"]


@probe("cloaked-false-reads-null")
async def _(api: Api) -> Any:
    return (await link(api))["cloaked"]


@probe("collection-description-omitted-clears")
async def _(api: Api) -> Any:
    created = await collection(api, description="d")
    return (await api.put_collections([{"id": created["id"], "name": "n"}])).json()[0][
        "description"
    ]


@probe("partner-email-null-ignored")
async def _(api: Api) -> Any:
    created = (await api.put_partners([{"name": "p", "email": "a@example.com"}])).json()[0]
    return (await api.put_partners([{"id": created["id"], "email": None}])).json()[0]["email"]


@probe("partner-phone-omitted-clears")
async def _(api: Api) -> Any:
    created = (await api.put_partners([{"name": "p", "phone": "+15550100"}])).json()[0]
    return (await api.put_partners([{"id": created["id"], "name": "q"}])).json()[0]["phone"]


@probe("utm-replaced-not-merged")
async def _(api: Api) -> Any:
    created = await link(api, utm={"source": "a"})
    await api.put_links(
        [{"id": created["id"], "utm": {"medium": "b"}}, {"id": (await link(api))["id"]}]
    )
    return (await read_link(api, created["id"]))["utm"]


@probe("utm-null-key-ignored")
async def _(api: Api) -> Any:
    created = await link(api, utm={"source": "a", "medium": "b"})
    return (await update_link(api, id=created["id"], utm={"medium": None}))["utm"]


@probe("geo-merged-not-replaced")
async def _(api: Api) -> Any:
    created = await link(api, geo=GEO)
    return (await update_link(api, id=created["id"], geo={"SA": "https://e.com/sa"}))["geo"]


@probe("failed-batch-keeps-first-item")
async def _(api: Api) -> Any:
    c = await collection(api)
    response = await api.put_links([*creates(c["id"], 1), {"id": new_uuid()}])
    return response.status_code, api.db("SELECT count(*) FROM links")


@probe("big-batch-committed-in-chunks")
async def _(api: Api) -> Any:
    c = await collection(api)
    response = await api.put_links([*creates(c["id"], 1500), {"id": new_uuid()}])
    return response.status_code, api.db("SELECT count(*) FROM links")


@probe("foreign-collection-accepted")
async def _(api: Api) -> Any:
    theirs = await collection(api, key=FULL_B)
    return (await api.post_links(creates(theirs["id"], 1))).status_code


@probe("unknown-id-skipped")
async def _(api: Api) -> Any:
    c = await collection(api)
    return (await api.put_links([{"id": new_uuid()}, *creates(c["id"], 1)])).status_code


@probe("duplicate-external-id-in-batch")
async def _(api: Api) -> Any:
    c = await collection(api)
    items = [{**item, "externalId": "same"} for item in creates(c["id"], 2)]
    return (await api.post_links(items)).status_code


async def create_with_external_id(api: Api, external_id: str) -> int:
    """The status of a create in workspace A that reuses `external_id`."""
    item = {**creates((await collection(api))["id"], 1)[0], "externalId": external_id}
    return (await api.post_links([item])).status_code


@probe("existing-external-id-accepted")
async def _(api: Api) -> Any:
    await link(api, externalId="taken")
    return await create_with_external_id(api, "taken")


@probe("duplicate-id-in-batch-accepted")
async def _(api: Api) -> Any:
    created = await link(api)
    response = await api.put_links(
        [{"id": created["id"], "title": "a"}, {"id": created["id"], "title": "b"}]
    )
    return response.status_code, (await read_link(api, created["id"])).get("title")


@probe("max-items-accepts-10001")
async def _(api: Api) -> Any:
    return (await api.put_collections([{"name": "c"}] * 10_001)).status_code


@probe("max-items-rejects-10000")
async def _(api: Api) -> Any:
    return (await api.put_collections([{"name": "c"}] * 10_000)).status_code


@probe("basic-cap-off-by-one")
async def _(api: Api) -> Any:
    return (await api.put_collections([{"name": "c"}] * 101, key=BASIC_C)).status_code


@probe("plan-gate-skipped-on-put")
async def _(api: Api) -> Any:
    c = await collection(api, key=BASIC_C)
    return (
        await api.put_links([{**creates(c["id"], 1)[0], "password": "pw"}], key=BASIC_C)
    ).status_code


@probe("plan-gate-null-gated")
async def _(api: Api) -> Any:
    created = await link(api, key=BASIC_C)
    return (await api.put_links([{"id": created["id"], "password": None}], key=BASIC_C)).status_code


@probe("plan-gate-geo-ungated")
async def _(api: Api) -> Any:
    c = await collection(api, key=BASIC_C)
    return (await api.post_links([{**creates(c["id"], 1)[0], "geo": GEO}], key=BASIC_C)).status_code


@probe("plan-gate-lists-missing-scopes")
async def _(api: Api) -> Any:
    c = await collection(api, key=BASIC_C)
    response = await api.post_links([{**creates(c["id"], 1)[0], "password": "pw"}], key=BASIC_C)
    return response.status_code, "missingScopes" in response.json()


@probe("bare-key-rejected")
async def _(api: Api) -> Any:
    response = await api.send(
        "PUT", "/api/collections", [{"name": "c"}], key=None, headers={"Authorization": FULL_A}
    )
    return response.status_code


@probe("unknown-key-403")
async def _(api: Api) -> Any:
    return (await api.put_collections([{"name": "c"}], key="hk_nobody")).status_code


@probe("scope-of-wrong-operation")
async def _(api: Api) -> Any:
    return (await api.put_collections([{"name": "c"}], key=READONLY_A)).json().get("missingScopes")


@probe("missing-scopes-absent")
async def _(api: Api) -> Any:
    return (await api.put_links([{"id": new_uuid()}], key=READONLY_A)).json().get("missingScopes")


@probe("read-scope-suffices")
async def _(api: Api) -> Any:
    return (await api.put_collections([{"name": "c"}], key=READONLY_A)).status_code


@probe("other-workspace-id-updatable")
async def _(api: Api) -> Any:
    theirs = await link(api, key=FULL_B, title="theirs")
    await api.put_links([{"id": theirs["id"], "title": "mine"}], key=FULL_A)
    return (await api.put_links([{"id": theirs["id"]}], key=FULL_B)).json()[0]["title"]


@probe("external-id-unique-across-workspaces")
async def _(api: Api) -> Any:
    await link(api, key=FULL_B, externalId="shared")
    return await create_with_external_id(api, "shared")


@probe("body-before-scope")
async def _(api: Api) -> Any:
    return (await api.send("PUT", "/api/links", b"{broken", key=READONLY_A)).status_code


@probe("body-before-rate-limit")
async def _(api: Api) -> Any:
    await api.put_collections([{"name": "c"}], key=RL)
    return (await api.send("PUT", "/api/collections", b"{broken", key=RL)).status_code


async def limited(api: Api) -> httpx.Response:
    await api.put_collections([{"name": "first"}], key=RL)
    return await api.put_collections([{"name": "second"}], key=RL)


@probe("retry-after-header-missing")
async def _(api: Api) -> Any:
    return "retry-after" in (await limited(api)).headers


@probe("retry-after-wrong")
async def _(api: Api) -> Any:
    return (await limited(api)).json()["retryAfter"] <= 30


@probe("rate-limited-request-writes")
async def _(api: Api) -> Any:
    await limited(api)
    return api.db("SELECT name FROM collections ORDER BY name")


@probe("remaining-not-integer")
async def _(api: Api) -> Any:
    return (await api.put_collections([{"name": "c"}])).headers["x-ratelimit-remaining"].isdigit()


@probe("reset-is-epoch")
async def _(api: Api) -> Any:
    return int((await api.put_collections([{"name": "c"}])).headers["x-ratelimit-reset"]) <= 60


@probe("error-ar-empty")
async def _(api: Api) -> Any:
    return bool((await api.put_collections([{"bad": 1}])).json()["error"]["ar"])


@probe("not-found-plain-text")
async def _(api: Api) -> Any:
    return (await api.send("GET", "/nowhere", b"")).headers["content-type"]


@probe("put-returns-201")
async def _(api: Api) -> Any:
    return (await api.put_collections([{"name": "c"}])).status_code


@probe("post-returns-200")
async def _(api: Api) -> Any:
    c = await collection(api)
    return (await api.post_links(creates(c["id"], 1))).status_code


@probe("oversize-body-400")
async def _(api: Api) -> Any:
    async def one_chunk() -> AsyncIterator[bytes]:
        yield b"[]"

    headers = {
        "Authorization": f"Bearer {FULL_A}",
        "Content-Type": "application/json",
        "Content-Length": str(MAX_BODY_BYTES + 1),
    }
    return (
        await api.client.put("/api/collections", content=one_chunk(), headers=headers)
    ).status_code


@probe("wrong-content-type-accepted")
async def _(api: Api) -> Any:
    return (
        await api.send(
            "PUT", "/api/collections", [{"name": "c"}], headers={"Content-Type": "text/plain"}
        )
    ).status_code


probe("unknown-field-ignored")(unknown_field_status)


@probe("500-on-apostrophe-title")
async def _(api: Api) -> Any:
    c = await collection(api)
    return (await api.post_links([{**creates(c["id"], 1)[0], "title": "Ahmed's link"}])).status_code


@probe("500-on-single-item-utm")
async def _(api: Api) -> Any:
    created = await link(api)
    return (await api.put_links([{"id": created["id"], "utm": {"source": "s"}}])).status_code
