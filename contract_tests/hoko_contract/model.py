"""A model of the server's state, used as the oracle for every successful write.

Every object the suite sees in a response is remembered (normalised). When an update of a known
object comes back, the expected state is computed from the previous state and the item sent
(D10-D13) and compared field by field. A mismatch is classified into the guarantee it breaks,
so that, say, a null that does not clear is reported as G8 whichever test sent it.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from . import profile, spec
from .guarantees import ContractViolation

UTC_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")

# Fields the server generates; they never change after create.
SERVER_FIELDS = {"links": ("shortUrl", "qrCode")}
PARTIAL_UPDATE_G = {"links": "G5", "collections": "G6", "partners": "G7"}


def parse_instant(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed


def _norm_value(resource: str, name: str, value: Any) -> Any:
    """Request and response spellings of the same state compare equal."""
    if name in ("utm", "geo"):
        if not value:  # absent, null and {} all mean "none set"
            return None
        return {k: v for k, v in value.items() if v is not None} or None
    if name == "cloaked":
        return bool(value)
    if name == "expiresAt" and value is not None:
        return parse_instant(value) or value
    return value


def shown(gid: str, resource: str, obj: dict[str, Any], name: str) -> bool:
    """Whether `obj` shows field `name`. In the documented profile a left-out field is not
    observable (Hoko's examples leave fields out, facts A14): noted against `gid`, never a
    pass. In the reference profile every field is there, null when unset (D23)."""
    if name in obj:
        return True
    if not profile.documented():
        raise ContractViolation("G36", f"{resource}.{name} left out of the answer (D23)")
    profile.unobservable(gid, f"{resource}.{name} left out of the answer")
    return False


def input_fields(resource: str) -> list[str]:
    return spec.optional_fields(resource)


def normalise(resource: str, obj: dict[str, Any]) -> dict[str, Any]:
    return {f: _norm_value(resource, f, obj.get(f)) for f in input_fields(resource)}


def apply_item(resource: str, prev: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """The state after applying an upsert item to `prev` (D10 merge, D11 null, D12, D13)."""
    state = dict(prev)
    known = set(input_fields(resource))
    for name, value in item.items():
        if name not in known:  # an unknown field is rejected or dropped: not state (D18)
            continue
        if name == "utm" and value is not None:
            merged = dict(prev.get("utm") or {})
            for k, v in value.items():
                if v is None:
                    merged.pop(k, None)
                else:
                    merged[k] = v
            state["utm"] = merged or None
        else:
            state[name] = _norm_value(resource, name, value)
    return state


def empty_state(resource: str) -> dict[str, Any]:
    return {f: _norm_value(resource, f, None) for f in input_fields(resource)}


@dataclass
class Mismatch:
    guarantee: str
    field: str
    expected: Any
    actual: Any
    why: str

    def __str__(self) -> str:
        return f"{self.field}: {self.why}; expected {self.expected!r}, got {self.actual!r}"


def ordering_g(op_id: str) -> str:
    """Hoko documents the order of PUT /api/links only; the other three are ours (D6)."""
    return "G3" if op_id == "upsertLinks" else "G34"


def _utm_g(item: dict[str, Any], expected: Any, actual: Any) -> str:
    """A utm key sent as null that did not clear is our decision (D10); a key not merged is
    Hoko's documented merge."""
    sent = item.get("utm") or {}
    want, got = expected or {}, actual or {}
    broken = {k for k in set(want) | set(got) if want.get(k) != got.get(k)}
    known = spec.properties("UtmPatch")
    decided = all((k in sent and sent[k] is None) or k not in known for k in broken)
    return "G33" if broken and decided else "G9"


def classify(
    resource: str, name: str, item: dict[str, Any], created: bool, expected: Any, actual: Any
) -> tuple[str, str]:
    if name not in item:
        if created:
            if not actual:  # "" or false for unset, where we decided null (D23)
                return "G36", "omitted on create but not null (D23)"
            return "G4", "omitted on create but not empty"
        return PARTIAL_UPDATE_G[resource], "omitted field changed"
    sent = item[name]
    if name == "utm":
        if sent is None:
            return "G8", "utm: null did not clear"
        g = _utm_g(item, expected, actual)
        decided = "a utm key sent as null, or unknown, not applied as decided (D10)"
        return g, decided if g == "G33" else "utm not merged"
    if name == "geo":
        if sent is None:
            return "G8", "geo: null did not clear"
        return "G10", "geo not replaced as sent (D13)"
    if sent is None or (name == "cloaked" and sent is False and not created):
        return "G8", "null/false did not clear"
    if created:
        return "G4", "sent value not reflected on create"
    return PARTIAL_UPDATE_G[resource], "sent value not applied"


def diff(
    resource: str,
    expected: dict[str, Any],
    actual_obj: dict[str, Any],
    item: dict[str, Any],
    created: bool,
) -> list[Mismatch]:
    actual = normalise(resource, actual_obj)
    out: list[Mismatch] = []
    hidden = profile.documented()
    for name, want in expected.items():
        got = actual.get(name)
        if name == "password" and got is None and actual_obj.get(name) is None:
            continue  # echoing passwords is the reference server's choice, not a contract (D19)
        if name not in actual_obj and want is not None:
            if hidden:
                # Hoko's examples leave fields out (facts A14): what is not shown is not observed.
                g, _why = classify(resource, name, item, created, want, None)
                profile.unobservable(g, f"{resource}.{name} left out of the answer")
            else:  # every field is present, null when unset (D23)
                out.append(Mismatch("G36", name, want, None, "left out of the answer (D23)"))
            continue
        if got != want:
            g, why = classify(resource, name, item, created, want, got)
            out.append(Mismatch(g, name, want, got, why))
    return out


@dataclass
class Known:
    resource: str
    state: dict[str, Any]
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    server: dict[str, Any] = field(default_factory=dict)
    # (guarantee, item) of requests that failed and so must have had no effect.
    failed: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    workspace: str = ""


class StateModel:
    def __init__(self) -> None:
        self.objects: dict[str, Known] = {}
        self.short_urls: dict[str, str] = {}

    def get(self, obj_id: str) -> Known | None:
        return self.objects.get(obj_id)

    def remember(
        self,
        resource: str,
        obj: dict[str, Any],
        workspace: str,
        predicted: dict[str, Any] | None = None,
    ) -> None:
        """Remember an answered object; a field it leaves out keeps the model's prediction in
        the documented profile (absent is not null there)."""
        obj_id = str(obj.get("id"))
        state = normalise(resource, obj)
        if predicted is not None and profile.documented():
            state.update({f: v for f, v in predicted.items() if f not in obj})
        self.objects[obj_id] = Known(
            resource=resource,
            state=state,
            created_at=parse_instant(obj.get("createdAt")),
            updated_at=parse_instant(obj.get("updatedAt")),
            server={f: obj.get(f) for f in SERVER_FIELDS.get(resource, ())},
            workspace=workspace,
        )

    def note_failure(self, guarantee: str, item: dict[str, Any]) -> None:
        known = self.objects.get(str(item.get("id")))
        if known is not None:
            known.failed.append((guarantee, item))

    def forget(self, obj_id: str) -> None:
        self.objects.pop(obj_id, None)


def blame_failed_write(known: Known, mismatch: Mismatch, actual_obj: dict[str, Any]) -> str | None:
    """If a rejected request would explain the mismatch, the guarantee that request broke."""
    actual = normalise(known.resource, actual_obj)
    for guarantee, item in known.failed:
        if mismatch.field in item:
            would_be = apply_item(known.resource, known.state, item)
            if would_be.get(mismatch.field) == actual.get(mismatch.field):
                return guarantee
    return None


# -- the model's verdict on one successful answer --------------------------------------------

Problem = tuple[str, str]  # (guarantee, or comma-separated guarantees; message)


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def check_results(
    state: StateModel,
    op: spec.Operation,
    items: list[Any],
    objs: list[dict[str, Any]],
    *,
    track: bool,
) -> list[Problem]:
    """What is wrong with `objs` as the answer to `items` (same length), per the model; the
    model then remembers the answered objects (`track`)."""
    resource = op.resource
    problems: list[Problem] = []
    creates = [i for i, it in enumerate(items) if not (op.is_upsert and "id" in it)]
    updated_ids = {str(it["id"]) for it in items if op.is_upsert and "id" in it}
    order_g = ordering_g(op.op_id)
    last = {str(it["id"]): i for i, it in enumerate(items) if op.is_upsert and "id" in it}
    for i, (item, obj) in enumerate(zip(items, objs, strict=True)):
        predicted: dict[str, Any] | None = None
        if op.is_upsert and "id" in item:
            if str(obj.get("id")) != str(item["id"]):
                problems.append(
                    (order_g, f"response[{i}].id {obj.get('id')} != request[{i}].id {item['id']}")
                )
                continue
            known = state.get(str(item["id"]))
            if known is not None and last.get(str(item["id"])) != i:
                # The same id again later in the batch (rejected by D14, or applied in order by
                # a server that decided otherwise): only the last answer is predictable.
                known.state = apply_item(known.resource, known.state, item)
                continue
            if known is not None:
                predicted = apply_item(known.resource, known.state, item)
                problems.extend(_check_update(i, known, item, obj))
        else:
            predicted = apply_item(resource, empty_state(resource), item)
            problems.extend(
                _check_created(
                    state, i, resource, item, obj, items, objs, creates, updated_ids, order_g
                )
            )
        if track:
            state.remember(resource, obj, "", predicted)
    return problems


def check_read(state: StateModel, resource: str, obj: dict[str, Any]) -> list[Problem]:
    """What is wrong with `obj`, read back through a GET, per the model (nothing changed since
    it was last seen); the model then remembers it."""
    known = state.get(str(obj.get("id")))
    problems = (
        [] if known is None else _check_update(0, known, {"id": obj.get("id")}, obj, moved=False)
    )
    state.remember(resource, obj, "", known.state if known else None)
    return problems


def _check_update(
    i: int, known: Known, item: dict[str, Any], obj: dict[str, Any], *, moved: bool = True
) -> list[Problem]:
    """An update's answer (`moved`: updatedAt must move forward) or a read's (it must not)."""
    out: list[Problem] = []
    expected = apply_item(known.resource, known.state, item)
    for m in diff(known.resource, expected, obj, item, created=False):
        blamed = blame_failed_write(known, m, obj)
        why = f"a rejected request ({blamed}) had an effect" if blamed else m.why
        out.append(
            (
                blamed or m.guarantee,
                f"response[{i}] {m.field}: {why}; expected {m.expected!r}, got {m.actual!r} "
                f"(id {item['id']})",
            )
        )
    for name, value in known.server.items():
        if obj.get(name) != value:
            out.append(
                (
                    # server-made at create (G4), must survive updates (G5)
                    "G4," + PARTIAL_UPDATE_G[known.resource],
                    f"response[{i}].{name} changed on update: {value!r} -> {obj.get(name)!r}",
                )
            )
    created = parse_instant(obj.get("createdAt"))
    if known.created_at is not None and created != known.created_at:
        out.append(
            (
                "G32",
                f"response[{i}].createdAt changed on update (D24): {known.created_at} -> {created}",
            )
        )
    updated = parse_instant(obj.get("updatedAt"))
    if moved and known.updated_at is not None and (updated is None or updated <= known.updated_at):
        out.append(
            (
                "G32",
                f"response[{i}].updatedAt did not move forward on update (D24): "
                f"{known.updated_at} -> {obj.get('updatedAt')!r}",
            )
        )
    return out


def _check_created(
    state: StateModel,
    i: int,
    resource: str,
    item: dict[str, Any],
    obj: dict[str, Any],
    items: list[Any],
    objs: list[dict[str, Any]],
    creates: list[int],
    updated_ids: set[str],
    order_g: str,
) -> list[Problem]:
    out: list[Problem] = []
    obj_id = obj.get("id")
    if str(obj_id) in updated_ids:
        return [(order_g, f"response[{i}] (a create) answers the update of {obj_id}")]
    if not _is_uuid(obj_id):
        out.append(("G4", f"response[{i}].id {obj_id!r} is not a UUID"))
    elif state.get(str(obj_id)) is not None:
        out.append(("G4", f"response[{i}] is a create but returned existing id {obj_id}"))
    expected = apply_item(resource, empty_state(resource), item)
    mismatches = diff(resource, expected, obj, item, created=True)
    if mismatches:
        # Is this the answer to another create of the batch? Then the order is broken.
        for j in creates:
            if j != i and items[j] != item:
                other = apply_item(resource, empty_state(resource), items[j])
                if not diff(resource, other, obj, items[j], created=True):
                    out.append((order_g, f"response[{i}] answers request[{j}], not request[{i}]"))
                    break
        else:
            out.extend((m.guarantee, f"response[{i}] {m}") for m in mismatches)
    created = parse_instant(obj.get("createdAt"))
    updated = parse_instant(obj.get("updatedAt"))
    if created is not None and updated is not None and updated < created:
        out.append(("G32", f"response[{i}].updatedAt before createdAt (D24)"))
    return out
