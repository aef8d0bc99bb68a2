"""Checks on successful responses: an array, one result per item, schema, models, links."""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

from .. import model, profile, spec
from ..guarantees import ContractViolation
from .registry import (
    RESPONSE_MODELS,
    SHORT_CODE,
    Context,
    Failed,
    Found,
    check,
    op_success,
    ordered_by_decision,
    ordered_by_docs,
)

if TYPE_CHECKING:
    from ..http import Result

# -- successes ------------------------------------------------------------------------------


@check("G25", when=op_success)
def success_status(ctx: Context) -> None:
    op = ctx.res.op
    assert op is not None
    if ctx.res.status != op.success_status:
        raise Failed(f"expected {op.success_status}")


@check("G1", when=op_success, requires=("json_body",))
def success_is_an_array(ctx: Context) -> None:
    if not isinstance(ctx.res.json, list):
        raise Failed("success body is not an array")


@check("G34", when=ordered_by_decision, requires=("success_is_an_array",))
@check("G3", when=ordered_by_docs, requires=("success_is_an_array",))
def one_result_per_item(ctx: Context) -> None:
    items, objs = ctx.res.request_items, ctx.res.json
    if isinstance(items, list) and len(objs) != len(items):
        raise Failed(f"{len(items)} items sent, {len(objs)} returned")


# The fields every response example of Hoko's docs shows (facts A14); the rest may be absent.
DOCUMENTED_FIELDS = {
    "links": ("id", "url", "shortUrl", "qrCode"),
    "collections": ("id", "name"),
    "partners": ("id", "name"),
}


@check("G1", when=op_success, requires=("success_is_an_array",))
def results_show_documented_fields(ctx: Context) -> None:
    op = ctx.res.op
    assert op is not None
    for i, obj in enumerate(ctx.res.json):
        if not isinstance(obj, dict):
            raise Failed(f"response[{i}] is not an object")
        missing = [f for f in DOCUMENTED_FIELDS[op.resource] if not isinstance(obj.get(f), str)]
        if missing:
            raise Failed(f"response[{i}] lacks {', '.join(missing)} (or not strings)")


@check("G36", when=op_success, requires=("results_show_documented_fields",))
def results_match_the_schema(ctx: Context) -> None:
    op = ctx.res.op
    assert op is not None
    for i, obj in enumerate(ctx.res.json):
        errors = spec.response_item_errors(op.response_schema_name, obj)
        if errors:
            raise Failed(f"response[{i}] violates {op.response_schema_name} (D23): {errors[:3]}")


@check("G26", when=op_success, requires=("results_match_the_schema",))
def results_parse_with_client_models(ctx: Context) -> None:
    op = ctx.res.op
    assert op is not None
    cls = RESPONSE_MODELS[op.response_schema_name]
    parsed = []
    for i, obj in enumerate(ctx.res.json):
        try:
            parsed.append(cls.from_dict(obj))
        except Exception as exc:
            raise Failed(f"{cls.__name__}.from_dict(response[{i}]) failed: {exc!r}") from exc
    ctx.res.parsed = parsed


def _links(res: Result) -> bool:
    return op_success(res) and res.op is not None and res.op.resource == "links"


@check("G33", when=_links, requires=("results_show_documented_fields",))
def no_utm_reads_null(ctx: Context) -> None:
    """With no utm key set, a link answers `utm: null` (or leaves it out), never `{}` (D10)."""
    for i, obj in enumerate(ctx.res.json):
        if isinstance(obj, dict) and obj.get("utm") == {}:
            raise Failed(f"response[{i}].utm is {{}}; with no key set it must be null (D10)")


@check("G11", when=op_success, requires=("results_show_documented_fields",))
def timestamps_are_date_times(ctx: Context) -> None:
    """Every object has `createdAt`; date-times are ISO 8601 with a zone, of any precision."""
    for i, obj in enumerate(ctx.res.json):
        for name in ("createdAt", "updatedAt", "expiresAt"):
            value = obj.get(name)
            if value is None and name == "createdAt":
                raise Failed(f"response[{i}] has no createdAt")
            if value is not None and model.parse_instant(value) is None:
                raise Failed(f"response[{i}].{name} {value!r} is not a date-time with a zone")


@check("G32", when=op_success, requires=("timestamps_are_date_times",))
def timestamps_in_utc(ctx: Context) -> None:
    """Date-times are UTC with Z (D9)."""
    for i, obj in enumerate(ctx.res.json):
        for name in ("createdAt", "updatedAt", "expiresAt"):
            value = obj.get(name)
            if value is not None and not model.UTC_Z.match(str(value)):
                raise Failed(f"response[{i}].{name} {value!r} is not UTC with Z (D9)")


@check("G4", when=_links, requires=("one_result_per_item", "results_show_documented_fields"))
def short_urls_unique_and_encoded(ctx: Context) -> None:
    """Every link has a `<base>/<url-safe code>` shortUrl of its own and a qrCode that encodes
    it (server-made at create, G4)."""
    problems = []
    for i, obj in enumerate(ctx.res.json):
        problems += _short_url_problems(ctx, i, obj)
    if problems:
        raise Failed("; ".join(problems[:8]))


def _short_url_problems(ctx: Context, i: int, obj: dict[str, Any]) -> list[str]:
    out = []
    short = str(obj.get("shortUrl"))
    parts = urllib.parse.urlsplit(short)
    code = parts.path.rsplit("/", 1)[-1]
    if parts.scheme not in ("http", "https") or not parts.netloc or not SHORT_CODE.match(code):
        out.append(f"response[{i}].shortUrl {short!r} is not <base>/<url-safe code>")
    owner = ctx.state.short_urls.get(short)
    if owner is not None and owner != str(obj.get("id")):
        out.append(f"response[{i}].shortUrl {short!r} already belongs to {owner}")
    ctx.state.short_urls[short] = str(obj.get("id"))
    qr = str(obj.get("qrCode"))
    texts = urllib.parse.parse_qs(urllib.parse.urlsplit(qr).query).get("text", [])
    if short not in urllib.parse.unquote(qr) or (texts and not texts[0].startswith(short)):
        out.append(f"response[{i}].qrCode {qr!r} does not encode shortUrl {short!r}")
    return out


@check(
    "G3",
    "G4",
    "G5",
    "G6",
    "G7",
    "G8",
    "G9",
    "G10",
    "G32",
    "G33",
    "G34",
    "G36",
    when=op_success,
    requires=("one_result_per_item", "results_show_documented_fields"),
)
def results_follow_the_state_model(ctx: Context) -> None:
    """Each result answers its item: an update shows the model's prediction (omitted keeps,
    null clears, utm merges, geo replaces), a create reflects what was sent. Blame per field
    comes from model.classify."""
    res = ctx.res
    op, items = res.op, res.request_items
    if op is None or not isinstance(items, list):
        return
    problems = model.check_results(ctx.state, op, items, res.json, track=ctx.track)
    if not problems:
        return
    # One violation per basis, so the documented profile can set a decision's part aside.
    groups: dict[bool, list[model.Problem]] = {}
    for p in problems:
        groups.setdefault(all(profile.is_decision(g) for g in p[0].split(",")), []).append(p)
    raise Found(
        [
            ContractViolation(
                [g for joined, _ in ps for g in joined.split(",")],
                f"{op.label}: " + "; ".join(m for _, m in ps[:8]),
            )
            for ps in groups.values()
        ]
    )
