"""Self-check of the variants (legal alternatives to our decisions): each is reachable, names
the decision it departs from and the passage that allows it, and changes what its probe sees
without a 5xx. The variant matrix (hoko_contract.mutation) checks the suite against them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hoko_reference.faults import FAULTS

from tests.reference.conftest import BASIC_C, READONLY_A, Api, new_uuid
from tests.reference.probes import (
    RL,
    collection,
    link,
    read_link,
    registry,
    run_probe,
    unknown_field_status,
    update_link,
)

VARIANTS = {n: f for n, f in FAULTS.items() if f.kind == "variant"}
REPO = Path(__file__).resolve().parents[2]
PROBES, probe = registry()


@probe("scope-partners-write")
async def _(api: Api) -> Any:
    return (await api.put_partners([{"name": "p"}], key=READONLY_A)).json().get("missingScopes")


@probe("unknown-id-404")
async def _(api: Api) -> Any:
    return (await api.put_links([{"id": new_uuid()}])).status_code


@probe("empty-batch-accepted")
async def _(api: Api) -> Any:
    return (await api.put_links([])).status_code


@probe("over-max-413")
async def _(api: Api) -> Any:
    return (await api.put_collections([{"name": "c"}] * 10_001)).status_code


@probe("plan-gate-400")
async def _(api: Api) -> Any:
    c = await collection(api, BASIC_C)
    body = [{"url": "https://e.com", "collectionId": c["id"], "cloaked": True}]
    return (await api.post_links(body, key=BASIC_C)).status_code


@probe("unknown-partner-accepted")
async def _(api: Api) -> Any:
    c = await collection(api)
    body = [{"url": "https://e.com", "collectionId": c["id"], "partnerId": new_uuid()}]
    return (await api.post_links(body)).status_code


@probe("duplicate-external-id-409")
async def _(api: Api) -> Any:
    await link(api, externalId="dup")
    c = await collection(api)
    body = [{"url": "https://e.com", "collectionId": c["id"], "externalId": "dup"}]
    return (await api.post_links(body)).status_code


@probe("body-checked-first")
async def _(api: Api) -> Any:
    return (await api.send("PUT", "/api/links", b"{broken", key=READONLY_A)).status_code


@probe("content-type-415")
async def _(api: Api) -> Any:
    headers = {"Content-Type": "text/plain"}
    return (await api.send("PUT", "/api/collections", b"[]", headers=headers)).status_code


probe("unknown-field-dropped")(unknown_field_status)


@probe("utm-unknown-key-dropped")
async def _(api: Api) -> Any:
    c = await collection(api)
    body = [{"url": "https://e.com", "collectionId": c["id"], "utm": {"gclid": "x"}}]
    return (await api.post_links(body)).status_code


@probe("tighter-text-bounds")
async def _(api: Api) -> Any:
    return (await api.put_collections([{"name": "n" * 200}])).status_code


@probe("wrong-method-404")
async def _(api: Api) -> Any:
    return (await api.send("PATCH", "/api/links", b"[]")).status_code


@probe("geo-merges")
async def _(api: Api) -> Any:
    created = await link(api, geo={"US": "https://e.com/us"})
    return (await update_link(api, id=created["id"], geo={"SA": "https://e.com/sa"}))["geo"]


@probe("unset-fields-omitted", "docs-examples-shape", "independent-server")
async def _(api: Api) -> Any:
    created = await link(api)
    return sorted(created), sorted((await collection(api)).keys())


@probe("cloaked-cleared-null")
async def _(api: Api) -> Any:
    return (await link(api)).get("cloaked")


@probe("utm-empty-object")
async def _(api: Api) -> Any:
    return (await link(api)).get("utm")


@probe("password-not-echoed")
async def _(api: Api) -> Any:
    return "password" in await link(api, password="pw")


@probe("links-without-updated-at")
async def _(api: Api) -> Any:
    return "updatedAt" in await link(api)


@probe("collection-id-not-echoed")
async def _(api: Api) -> Any:
    created = await link(api)
    return "collectionId" in await read_link(api, created["id"])


@probe("timestamps-whole-seconds", "timestamps-offset")
async def _(api: Api) -> Any:
    return (await collection(api))["createdAt"][19:]


@probe("rate-headers-only-on-429", "rate-reset-epoch")
async def _(api: Api) -> Any:
    first = await api.put_collections([{"name": "c"}], key=RL)
    return (
        first.headers.get("x-ratelimit-reset", "none").isdigit()
        and int(first.headers.get("x-ratelimit-reset", "0")) <= 60
    )


@probe("no-retry-after-header")
async def _(api: Api) -> Any:
    await api.put_collections([{"name": "c"}], key=RL)
    return "retry-after" in (await api.put_collections([{"name": "c"}], key=RL)).headers


def test_every_variant_has_a_probe_a_decision_and_a_passage() -> None:
    assert len(VARIANTS) >= 20
    assert set(PROBES) == set(VARIANTS)
    decided = set(re.findall(r"^## (D\d+)\.", (REPO / "openapi/DECISIONS.md").read_text(), re.M))
    for v in VARIANTS.values():
        assert v.description and v.allowed_by, v.name
        assert set(re.findall(r"D\d+", v.decision)) <= decided and v.decision, v.name


@pytest.mark.anyio
@pytest.mark.parametrize("name", sorted(VARIANTS))
async def test_each_variant_changes_what_its_probe_observes(name: str, tmp_path: Path) -> None:
    clean, clean_statuses = await run_probe(PROBES[name], tmp_path, ())
    varied, varied_statuses = await run_probe(PROBES[name], tmp_path, (name,))
    assert clean != varied, f"{name}: the probe saw the same result: {clean!r}"
    assert all(s < 500 for s in clean_statuses + varied_statuses), (name, varied_statuses)
