"""G13-G15, G28, G29: unknown references and duplicates fail the request (seeds 000-003), with a
400 (D3, D14), and a failing batch writes nothing (D4). "Nothing" is proved by read-back and,
for creates, by re-using their externalIds."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from hoko_contract import model, spec
from hoko_contract.factory import Factory
from hoko_contract.guarantees import ContractViolation
from hoko_contract.http import REFERENCE_G, Api, expect, reject_reference, rejected
from hypothesis import given, settings
from hypothesis import strategies as st


def _unknown() -> str:
    return str(uuid.uuid4())


@pytest.mark.guarantee("G13", "G28")
@pytest.mark.parametrize("resource", spec.RESOURCES)
def test_unknown_id_rejected(resource: str, api: Api, key: str, make: Factory) -> None:
    obj = make.objects(resource)[0]
    op = spec.upsert_for(resource)
    res = api.send(op, [{"id": _unknown()}], key=key)
    rejected(res, "G13", "unknown id: 'the request fails' (D3)", decision="G28")
    # Also when it rides along with a valid update.
    res = api.send(op, [{"id": obj["id"]}, {"id": _unknown()}], key=key)
    rejected(res, "G13", "unknown id next to a valid one (D3)", decision="G28")


REFERENCES = [pytest.param(f, marks=pytest.mark.guarantee(*g)) for f, g in REFERENCE_G.items()]


@pytest.mark.parametrize("op_id", ["createLinks", "upsertLinks"])
@pytest.mark.parametrize("field", REFERENCES)
def test_unknown_reference_rejected(
    op_id: str, field: str, api: Api, key: str, make: Factory
) -> None:
    cid = make.collections()[0]["id"]
    item = make.link_item(cid, **{field: _unknown()})
    reject_reference(api.send(op_id, [item], key=key), field, f"{field} does not exist")
    if op_id == "upsertLinks":
        link = make.links(1, collection_id=cid)[0]
        res = api.send(op_id, [{"id": link["id"], field: _unknown()}], key=key)
        reject_reference(res, field, f"update to a {field} that does not exist")


@pytest.mark.guarantee("G14", "G29")
@pytest.mark.parametrize("op_id", ["createLinks", "upsertLinks"])
def test_duplicate_external_id_rejected(op_id: str, api: Api, key: str, make: Factory) -> None:
    cid = make.collections()[0]["id"]
    ext = make.unique("dup-")
    twice = [make.link_item(cid, externalId=ext), make.link_item(cid, externalId=ext)]
    res = api.send(op_id, twice, key=key)
    rejected(res, "G14", "externalId twice in one batch (D14)", decision="G29")
    existing = make.links(1, collection_id=cid)[0]
    again = make.link_item(cid, externalId=existing["externalId"])
    res = api.send(op_id, [again], key=key)
    rejected(res, "G14", "externalId of an existing link (D14)", decision="G29")
    if op_id == "upsertLinks":
        other = make.links(1, collection_id=cid)[0]
        steal = {"id": other["id"], "externalId": existing["externalId"]}
        res = api.send(op_id, [steal], key=key)
        rejected(res, "G14", "update to another link's externalId (D14)", decision="G29")
        own = {"id": existing["id"], "externalId": existing["externalId"], "title": "same ext"}
        expect(api.send(op_id, [own], key=key), 200, "G14", "re-sending its own externalId")


@pytest.mark.guarantee("G29")
@pytest.mark.parametrize("resource", spec.RESOURCES)
def test_same_id_twice_rejected(resource: str, api: Api, key: str, make: Factory) -> None:
    obj = make.objects(resource)[0]
    field = "title" if resource == "links" else "name"
    batch = [{"id": obj["id"], field: make.unique()}, {"id": obj["id"], field: make.unique()}]
    res = api.send(spec.upsert_for(resource), batch, key=key)
    expect(res, 400, "G29", "same id twice (D14)")
    back = api.read_back(resource, [obj["id"]], key=key)[0]
    if back.get(field) != obj.get(field):
        raise ContractViolation("G15", f"rejected batch changed {field}")


# -- atomicity ------------------------------------------------------------------------------

BadItem = Callable[[Factory, dict[str, Any]], dict[str, Any]]


def _bad_items(resource: str) -> dict[str, BadItem]:
    """Ways to make one item of a batch fail with 400."""
    bad: dict[str, BadItem] = {
        "unknown id": lambda f, ctx: {"id": _unknown()},
        "schema violation": lambda f, ctx: {"id": ctx["victim"], "unknownField": 1},
        "null name/url": lambda f, ctx: {
            "id": ctx["victim"],
            ("url" if resource == "links" else "name"): None,
        },
        "duplicate id": lambda f, ctx: {"id": ctx["victim"]},
    }
    if resource == "links":
        bad["unknown collectionId"] = lambda f, ctx: f.link_item(
            ctx["cid"], collectionId=_unknown()
        )
        bad["duplicate externalId"] = lambda f, ctx: f.link_item(
            ctx["cid"], externalId=ctx["ext_in_batch"]
        )
    return bad


# Who promises that each kind of bad item fails the request, and who its 400.
REJECTS = {
    "unknown id": "G13",
    "unknown collectionId": "G13",
    "duplicate externalId": "G14",
    "duplicate id": "G29",
    "schema violation": "G35",
    "null name/url": "G33",
}
BECAUSE = {
    "unknown id": "D3",
    "unknown collectionId": "D14",
    "duplicate externalId": "D14",
    "duplicate id": "D14",
    "schema violation": "D18",
    "null name/url": "D11",
}
DECIDES = {k: "G29" if g == "G14" else "G28" if g == "G13" else g for k, g in REJECTS.items()}


@pytest.mark.guarantee("G15")
@pytest.mark.parametrize("resource", spec.RESOURCES)
@settings(max_examples=10)
@given(data=st.data())
def test_failing_batch_writes_nothing(
    resource: str, data: st.DataObject, api: Api, key: str, make: Factory
) -> None:
    op = spec.upsert_for(resource)
    cid = make.collections()[0]["id"] if resource == "links" else ""
    victims = make.objects(resource, 3, **({"collection_id": cid} if cid else {}))
    field = "title" if resource == "links" else "name"
    good: list[dict[str, Any]] = [{"id": v["id"], field: make.unique("changed-")} for v in victims]
    creates = [make.create_item(resource, {"collectionId": cid}) for _ in range(2)]
    batch = good + creates
    data.draw(st.randoms(use_true_random=False)).shuffle(batch)
    kinds = _bad_items(resource)
    kind = data.draw(st.sampled_from(sorted(kinds)), label="failure")
    ctx = {"victim": victims[0]["id"], "cid": cid, "ext_in_batch": creates[0].get("externalId", "")}
    pos = data.draw(st.integers(0, len(batch)), label="position")
    batch.insert(pos, kinds[kind](make, ctx))
    res = api.send(op, batch, key=key, no_effect_guarantee="G15")
    rejected(res, REJECTS[kind], f"{kind} at {pos} ({BECAUSE[kind]})", decision=DECIDES[kind])
    back = api.read_back(resource, [v["id"] for v in victims], key=key)
    for before, after in zip(victims, back, strict=True):
        shown = [f for f in model.input_fields(resource) if f in after]  # absent: not observed
        was, now = model.normalise(resource, before), model.normalise(resource, after)
        if any(was[f] != now[f] for f in shown):
            raise ContractViolation("G15", f"failed batch ({kind} at {pos}) changed {before['id']}")
    if resource == "links":
        # The creates must not exist: their externalIds are still free.
        redo = api.send("createLinks", creates, key=key)
        if redo.status != 201:
            raise ContractViolation(
                "G15", f"creates of the failed batch were written: {redo.describe()}"
            )


def _big_failing_batch(api: Api, key: str, make: Factory, n: int) -> None:
    """n link creates and an update of an existing link, then one failing item at the very end:
    nothing may be written, however the server splits the work internally."""
    cid = make.collections()[0]["id"]
    victim = make.links(1, collection_id=cid)[0]
    base = make.unique("big-")
    creates = [make.link_item(cid, externalId=f"{base}-{i}") for i in range(n - 2)]
    batch: list[dict[str, Any]] = [{"id": victim["id"], "title": "must not stick"}, *creates]
    batch.append({"id": _unknown()})
    res = api.send("upsertLinks", batch, key=key, no_effect_guarantee="G15")
    rejected(res, "G13", f"unknown id as item {n - 1} of {n} (D3)", decision="G28")
    back = api.read_back("links", [victim["id"]], key=key)[0]
    if back.get("title") != victim.get("title"):
        raise ContractViolation("G15", f"a failed {n}-item batch changed its first item")
    probe = [creates[0], creates[len(creates) // 2], creates[-1]]
    redo = api.send("createLinks", probe, key=key)
    if redo.status != 201:
        raise ContractViolation(
            "G15", f"creates of a failed {n}-item batch were written: {redo.describe()}"
        )


@pytest.mark.guarantee("G15")
def test_large_failing_batch_writes_nothing(api: Api, key: str, make: Factory) -> None:
    _big_failing_batch(api, key, make, 2_500)


@pytest.mark.heavy
@pytest.mark.guarantee("G15")
def test_max_size_failing_batch_writes_nothing(api: Api, key: str, make: Factory) -> None:
    _big_failing_batch(api, key, make, 10_000)
