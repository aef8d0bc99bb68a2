"""G5-G12, G32, G33: partial updates keep omitted fields, null clears, utm merges (seeds 000,
002, 003); geo replaces, timestamps move, clearing reads back as decided (D10-D13, D24); repeats
are idempotent. Fields are iterated from the spec's upsert schemas.

Every update and read-back also goes through the state model in the HTTP helper, which classifies
any mismatch into the guarantee it breaks.
"""

from __future__ import annotations

from typing import Any

import pytest
from hoko_contract import model, spec
from hoko_contract.factory import Factory
from hoko_contract.guarantees import ContractViolation
from hoko_contract.http import Api, expect
from hoko_contract.model import PARTIAL_UPDATE_G, shown
from hoko_contract.profile import decided
from hoko_contract.strategies import Refs, create_item, field_value, update_item
from hypothesis import given, settings
from hypothesis import strategies as st

FIELDS = [(r, f) for r in spec.RESOURCES for f in spec.optional_fields(r)]
NULLABLE = [(r, f) for r in spec.RESOURCES for f in spec.nullable_fields(r)]
NOT_NULLABLE = [(r, f) for r in spec.RESOURCES for f in spec.non_nullable_fields(r)]


def _params(pairs: list[tuple[str, str]], by_resource: bool) -> list[Any]:
    """One param per (resource, field); `by_resource` marks it with that resource's guarantee."""
    return [
        pytest.param(
            r,
            f,
            id=f"{r}.{f}",
            marks=[pytest.mark.guarantee(PARTIAL_UPDATE_G[r])] if by_resource else [],
        )
        for r, f in pairs
    ]


def _other_field(resource: str, name: str) -> str:
    """A field to change while `name` must stay put (prefer plain, ungated text)."""
    candidates = [f for f in spec.optional_fields(resource) if f != name]
    for pref in ("title", "description", "name", "phone"):
        if pref in candidates:
            return pref
    return candidates[0]


def _create_with(
    api: Api, key: str, make: Factory, refs: Refs, resource: str, fields: dict[str, Any]
) -> dict[str, Any]:
    item = make.create_item(resource, {"collectionId": refs.by_resource["collections"][0]})
    item.update(fields)
    return api.ok(spec.upsert_for(resource), [item], key=key)[0]


def _norm(resource: str, obj: dict[str, Any], name: str) -> Any:
    return model.normalise(resource, obj)[name]


@pytest.mark.parametrize(("resource", "name"), _params(FIELDS, by_resource=True))
@settings(max_examples=4)
@given(data=st.data())
def test_omitted_field_keeps_its_value(
    resource: str, name: str, data: st.DataObject, api: Api, key: str, make: Factory, refs: Refs
) -> None:
    g = PARTIAL_UPDATE_G[resource]
    schema_name = spec.upsert_for(resource).item_schema_name
    value = data.draw(field_value(schema_name, name, refs, make.tag, nullable_ok=False))
    obj = _create_with(api, key, make, refs, resource, {name: value})
    before = model.apply_item(resource, model.empty_state(resource), {name: value})[name]
    other = _other_field(resource, name)
    change = data.draw(field_value(schema_name, other, refs, make.tag, nullable_ok=False))
    updated = api.ok(spec.upsert_for(resource), [{"id": obj["id"], other: change}], key=key)[0]
    back = api.read_back(resource, [obj["id"]], key=key)[0]
    for label, got in (("update response", updated), ("read-back", back)):
        if shown(g, resource, got, name) and _norm(resource, got, name) != before:
            raise ContractViolation(g, f"{label}: {name} changed when only {other} was sent")


@pytest.mark.guarantee("G8", "G33")
@pytest.mark.parametrize(("resource", "name"), _params(NULLABLE, by_resource=False))
@settings(max_examples=3)
@given(data=st.data())
def test_null_clears(
    resource: str, name: str, data: st.DataObject, api: Api, key: str, make: Factory, refs: Refs
) -> None:
    schema_name = spec.upsert_for(resource).item_schema_name
    value = data.draw(field_value(schema_name, name, refs, make.tag, nullable_ok=False))
    if name == "cloaked":
        value = True
    obj = _create_with(api, key, make, refs, resource, {name: value})
    cleared = api.ok(spec.upsert_for(resource), [{"id": obj["id"], name: None}], key=key)[0]
    back = api.read_back(resource, [obj["id"]], key=key)[0]
    for label, got in (("update response", cleared), ("read-back", back)):
        _check_cleared(resource, name, got, label, "after sending null")


def _check_cleared(resource: str, name: str, got: dict[str, Any], label: str, after: str) -> None:
    """Cleared is documented (G8); how a cleared cloaked reads back is ours (false, D12)."""
    if not shown("G8", resource, got, name):
        return
    raw = got.get(name)
    if name == "cloaked":
        if raw is True:
            raise ContractViolation("G8", f"{label}: cloaked still true {after}")
        decided("G33", raw is False, f"{label}: cloaked reads back {raw!r}, not false (D12)")
    elif raw is not None and raw != "" and not (name in ("utm", "geo") and raw == {}):
        raise ContractViolation("G8", f"{label}: {name} = {raw!r} {after}")


@pytest.mark.guarantee("G8", "G33")
def test_cloaked_false_clears(api: Api, key: str, make: Factory) -> None:
    link = make.links(1, cloaked=True)[0]
    got = api.ok("upsertLinks", [{"id": link["id"], "cloaked": False}], key=key)[0]
    back = api.read_back("links", [link["id"]], key=key)[0]
    for label, obj in (("update response", got), ("read-back", back)):
        _check_cleared("links", "cloaked", obj, label, "after sending false")


@pytest.mark.guarantee("G33")
@pytest.mark.parametrize(("resource", "name"), _params(NOT_NULLABLE, by_resource=False))
def test_required_fields_reject_null(
    resource: str, name: str, api: Api, key: str, make: Factory
) -> None:
    obj = make.objects(resource)[0]
    res = api.send(spec.upsert_for(resource), [{"id": obj["id"], name: None}], key=key)
    expect(res, 400, "G33", f"{name} cannot be null (D11)")
    back = api.read_back(resource, [obj["id"]], key=key)[0]
    if back.get(name) != obj.get(name):
        raise ContractViolation("G15", f"rejected null for {name} was applied")


@pytest.mark.parametrize(
    "resource",
    [pytest.param(r, marks=pytest.mark.guarantee(PARTIAL_UPDATE_G[r])) for r in spec.RESOURCES],
)
@given(data=st.data())
def test_random_updates_follow_the_model(
    resource: str, data: st.DataObject, api: Api, key: str, make: Factory, refs: Refs
) -> None:
    """Random create, then 1-3 random partial updates, each read back; the helper's state model
    (merge/null/replace semantics) must predict every response."""
    op = spec.upsert_for(resource)
    obj = api.ok(
        op, [data.draw(create_item(resource, op.item_schema_name, refs, make.tag))], key=key
    )[0]
    for _ in range(data.draw(st.integers(1, 3))):
        item = data.draw(update_item(resource, obj["id"], refs, make.tag))
        api.ok(op, [item], key=key)
        api.read_back(resource, [obj["id"]], key=key)


def _utm_of(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in (obj.get("utm") or {}).items() if v is not None}


def _utm_steps(
    api: Api, key: str, link: dict[str, Any], g: str, steps: list[tuple[Any, dict[str, Any]]]
) -> None:
    for sent, want in steps:
        got = api.ok("upsertLinks", [{"id": link["id"], "utm": sent}], key=key)[0]
        back = api.read_back("links", [link["id"]], key=key)[0]
        for label, obj in (("update response", got), ("read-back", back)):
            if shown(g, "links", obj, "utm") and _utm_of(obj) != want:
                raise ContractViolation(
                    "G8" if sent is None else g,
                    f"{label}: utm {obj.get('utm')!r} after sending {sent!r}; expected {want!r}",
                )


@pytest.mark.guarantee("G9", "G8")
def test_utm_merges(api: Api, key: str, make: Factory) -> None:
    """'Only the provided UTM keys are updated' (seed 000); utm: null clears (G8)."""
    link = make.links(1, utm={"source": "s1", "medium": "m1"})[0]
    merged = {"source": "s1", "medium": "m2", "campaign": "c1"}
    _utm_steps(
        api,
        key,
        link,
        "G9",
        [
            ({"medium": "m2", "campaign": "c1"}, merged),
            ({}, merged),
            (None, {}),
            ({"referral": "r1"}, {"referral": "r1"}),
        ],
    )
    other = api.ok("upsertLinks", [{"id": link["id"], "title": "keeps utm"}], key=key)[0]
    if shown("G9", "links", other, "utm") and _utm_of(other) != {"referral": "r1"}:
        raise ContractViolation("G9", f"update without utm changed it: {other.get('utm')!r}")


@pytest.mark.guarantee("G33")
def test_utm_key_null_clears(api: Api, key: str, make: Factory) -> None:
    """A utm key sent as null clears that key only (D10)."""
    link = make.links(1, utm={"source": "s1", "medium": "m1"})[0]
    _utm_steps(
        api,
        key,
        link,
        "G33",
        [
            ({"source": None}, {"medium": "m1"}),
            ({"term": "t1", "content": None}, {"medium": "m1", "term": "t1"}),
        ],
    )


@pytest.mark.guarantee("G33")
@pytest.mark.parametrize("op_id", ["createLinks", "upsertLinks"])
def test_utm_unknown_key_rejected(op_id: str, api: Api, key: str, make: Factory) -> None:
    link = make.links(1, utm={"source": "s"})[0]
    if op_id == "upsertLinks":
        item: dict[str, Any] = {"id": link["id"], "utm": {"source": "x", "gclid": "nope"}}
    else:
        item = make.link_item(link["collectionId"], utm={"gclid": "nope"})
    expect(api.send(op_id, [item], key=key), 400, "G33", "unknown utm key (D10)")
    back = api.read_back("links", [link["id"]], key=key)[0]
    if (back.get("utm") or {}).get("source") != "s":
        raise ContractViolation("G15", "rejected utm update was applied")


@pytest.mark.guarantee("G10")
def test_geo_replaces_the_whole_map(api: Api, key: str, make: Factory) -> None:
    first = {"US": "https://example.com/us", "SA": "https://example.com/sa"}
    link = make.links(1, geo=first)[0]
    if link.get("geo") != first:
        raise ContractViolation("G10", f"geo on create: {link.get('geo')!r}")
    for sent, want in (
        ({"FR": "https://example.com/fr"}, {"FR": "https://example.com/fr"}),
        (
            {"FR": "https://example.com/fr2", "DE": "https://example.com/de"},
            {"FR": "https://example.com/fr2", "DE": "https://example.com/de"},
        ),
        (None, None),
        ({"JP": "https://example.com/jp"}, {"JP": "https://example.com/jp"}),
    ):
        got = api.ok("upsertLinks", [{"id": link["id"], "geo": sent}], key=key)[0]
        back = api.read_back("links", [link["id"]], key=key)[0]
        for label, obj in (("update response", got), ("read-back", back)):
            if (obj.get("geo") or None) != want:
                raise ContractViolation(
                    "G10",
                    f"{label}: geo {obj.get('geo')!r} after sending "
                    f"{sent!r}; expected {want!r} (replace, D13)",
                )
    kept = api.ok("upsertLinks", [{"id": link["id"], "title": "x"}], key=key)[0]
    if kept.get("geo") != {"JP": "https://example.com/jp"}:
        raise ContractViolation("G10", f"update without geo changed it: {kept.get('geo')!r}")


@pytest.mark.guarantee("G32")
@pytest.mark.parametrize("resource", spec.RESOURCES)
def test_timestamps_move_forward(resource: str, api: Api, key: str, make: Factory) -> None:
    obj = make.objects(resource)[0]
    created = model.parse_instant(obj["createdAt"])
    last = model.parse_instant(obj.get("updatedAt"))
    if created is None or last is None:
        raise ContractViolation("G32", f"create returned no createdAt/updatedAt: {obj}")
    field = _other_field(resource, "")
    for i in range(3):
        item = {"id": obj["id"], field: make.unique()} if i != 1 else {"id": obj["id"]}
        got = api.ok(spec.upsert_for(resource), [item], key=key)[0]
        for name in ("createdAt", "updatedAt"):
            if not model.UTC_Z.match(str(got.get(name))):
                raise ContractViolation("G32", f"{name} {got.get(name)!r} is not UTC with Z")
        now = model.parse_instant(got["updatedAt"])
        if model.parse_instant(got["createdAt"]) != created:
            raise ContractViolation("G32", "createdAt changed on update")
        if now is None or now <= last:
            raise ContractViolation("G32", f"updatedAt did not increase: {last} -> {now}")
        last = now


@pytest.mark.guarantee("G12")
@pytest.mark.parametrize("resource", spec.RESOURCES)
@settings(max_examples=8)
@given(data=st.data())
def test_same_update_twice_is_idempotent(
    resource: str, data: st.DataObject, api: Api, key: str, make: Factory, refs: Refs
) -> None:
    op = spec.upsert_for(resource)
    obj = api.ok(
        op, [data.draw(create_item(resource, op.item_schema_name, refs, make.tag))], key=key
    )[0]
    item = data.draw(update_item(resource, obj["id"], refs, make.tag, min_fields=1))
    first = api.ok(op, [item], key=key)[0]
    second = api.ok(op, [item], key=key)[0]
    if model.normalise(resource, first) != model.normalise(resource, second):
        raise ContractViolation(
            "G12", f"second identical update changed the state: {first} -> {second}"
        )
    back = api.read_back(resource, [obj["id"]], key=key)[0]
    if model.normalise(resource, back) != model.normalise(resource, first):
        raise ContractViolation("G12", "state after the repeat differs from after the first")


def _no_utm(obj: dict[str, Any], when: str) -> None:
    if obj.get("utm") is not None:
        raise ContractViolation(
            "G33", f"{when}: utm is {obj['utm']!r}; with no key set it must be null (D10)"
        )


@pytest.mark.guarantee("G33")
def test_no_utm_reads_null(api: Api, key: str, make: Factory) -> None:
    plain, tagged = make.links(2)
    _no_utm(plain, "a link created without utm")
    _no_utm(api.ok("upsertLinks", [{"id": plain["id"]}], key=key)[0], "its read-back")

    set_one = api.ok("upsertLinks", [{"id": tagged["id"], "utm": {"source": "x"}}], key=key)[0]
    if set_one.get("utm") != {"source": "x"}:
        raise ContractViolation("G33", f"utm.source set, response utm {set_one.get('utm')!r}")
    last_key_cleared = api.ok(
        "upsertLinks", [{"id": tagged["id"], "utm": {"source": None}}], key=key
    )[0]
    _no_utm(last_key_cleared, "after clearing the only utm key")
    api.ok("upsertLinks", [{"id": tagged["id"], "utm": {"medium": "m"}}], key=key)
    _no_utm(api.ok("upsertLinks", [{"id": tagged["id"], "utm": None}], key=key)[0], "utm: null")
