"""Wire changes between two versions of the spec, each classified by what it breaks.

The rule is the executable one (Specmatic's): a request the old spec accepts must stay valid
under the new one, or old clients break (`breaking-request`); a response the new spec allows
must stay valid under the old one, and what the old spec promised a reader must still be there,
or old readers break (`breaking-response`). Everything else is `compatible`. The classifier
knows the schema keywords this spec uses; an unknown one is reported as breaking, to be safe.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

BREAKING_REQUEST = "breaking-request"
BREAKING_RESPONSE = "breaking-response"
COMPATIBLE = "compatible"
METHODS = ("get", "put", "post", "patch", "delete")
TEXT_KEYS = {
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "x-decisions",
    "tags",
    "externalDocs",
    "deprecated",
    "$comment",
}
# Keywords compared below; any other keyword that changes is reported as breaking.
KNOWN = TEXT_KEYS | {
    "type",
    "enum",
    "const",
    "pattern",
    "format",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "minItems",
    "maxItems",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "oneOf",
    "anyOf",
    "allOf",
    "default",
    "x-plan-feature",
}
LOWER_BOUNDS = ("minLength", "minimum", "minItems")
UPPER_BOUNDS = ("maxLength", "maximum", "maxItems")


@dataclass(frozen=True)
class Change:
    kind: str  # breaking-request | breaking-response | compatible
    pointer: str  # JSON pointer into the new spec (the old one for removals)
    reason: str

    @property
    def breaking(self) -> bool:
        return self.kind != COMPATIBLE


def _esc(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def resolve(doc: dict[str, Any]) -> dict[str, Any]:
    """Every local $ref inlined (the spec has no recursive schemas)."""

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                target: Any = doc
                for part in node["$ref"].lstrip("#/").split("/"):
                    target = target[part.replace("~1", "/").replace("~0", "~")]
                rest = {k: v for k, v in node.items() if k != "$ref"}
                return {**walk(copy.deepcopy(target)), **walk(rest)}
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    out: dict[str, Any] = walk(doc)
    return out


def _types(schema: dict[str, Any]) -> set[str] | None:
    t = schema.get("type")
    if t is None:
        return None
    return set(t) if isinstance(t, list) else {t}


def schemas(old: Any, new: Any, ptr: str, side: str) -> list[Change]:
    """Findings for one schema; `side` is "request" (narrowing breaks) or "response"
    (widening, or dropping a promise, breaks)."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return [] if old == new else [Change(_kind(side), ptr, "schema replaced")]
    out: list[Change] = []
    narrowing = side == "request"

    def flag(narrower: bool, reason: str, at: str = ptr) -> None:
        breaks = narrower if narrowing else not narrower
        out.append(Change(_kind(side) if breaks else COMPATIBLE, at, reason))

    ot, nt = _types(old), _types(new)
    if ot != nt and ot is not None and nt is not None:
        if nt < ot:
            flag(True, f"type narrowed from {sorted(ot)} to {sorted(nt)}")
        elif nt > ot:
            flag(False, f"type widened from {sorted(ot)} to {sorted(nt)}")
        else:
            out.append(Change(_kind(side), ptr, f"type changed from {sorted(ot)} to {sorted(nt)}"))
    elif (ot is None) != (nt is None):
        flag(nt is not None, "type constraint " + ("added" if nt else "removed"))
    if old.get("enum") != new.get("enum"):
        oe, ne = old.get("enum"), new.get("enum")
        if ne is None:
            flag(False, "enum removed (any value allowed)")
        elif oe is None:
            flag(True, "enum added")
        else:
            gone, added = [v for v in oe if v not in ne], [v for v in ne if v not in oe]
            if gone:
                flag(True, f"enum values removed: {gone}")
            if added:
                flag(False, f"enum values added: {added}")
    for key in ("pattern", "format", "const"):
        if old.get(key) != new.get(key):
            if new.get(key) is None:
                flag(False, f"{key} removed")
            else:
                verb = "added" if old.get(key) is None else "changed"
                out.append(Change(_kind(side), ptr, f"{key} {verb}: {new.get(key)!r}"))
    for key in LOWER_BOUNDS + UPPER_BOUNDS:
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        upper = key in UPPER_BOUNDS
        if b is None:
            flag(False, f"{key} removed (was {a})")
        elif a is None:
            flag(True, f"{key} {b} added")
        else:
            flag(
                (b < a) if upper else (b > a),
                f"{key} {'lowered' if b < a else 'raised'} from {a} to {b}",
            )
    oreq, nreq = set(old.get("required", [])), set(new.get("required", []))
    for name in sorted(nreq - oreq):
        flag(True, f"'{name}' is now required", f"{ptr}/required")
    for name in sorted(oreq - nreq):
        flag(False, f"'{name}' is no longer required", f"{ptr}/required")
    oprops, nprops = old.get("properties", {}), new.get("properties", {})
    closed = new.get("additionalProperties") is False
    for name in sorted(set(oprops) - set(nprops)):
        at = f"{ptr}/properties/{_esc(name)}"
        if side == "request":
            kind = BREAKING_REQUEST if closed else COMPATIBLE
            out.append(
                Change(
                    kind,
                    at,
                    f"request field '{name}' removed"
                    + (" (unknown fields are refused)" if closed else ""),
                )
            )
        else:
            out.append(Change(BREAKING_RESPONSE, at, f"response field '{name}' removed"))
    for name in sorted(set(nprops) - set(oprops)):
        at = f"{ptr}/properties/{_esc(name)}"
        if side == "request" and name in nreq:
            continue  # reported as required above
        out.append(Change(COMPATIBLE, at, f"{side} field '{name}' added"))
    for name in sorted(set(oprops) & set(nprops)):
        out += schemas(oprops[name], nprops[name], f"{ptr}/properties/{_esc(name)}", side)
    oa, na = old.get("additionalProperties"), new.get("additionalProperties")
    if oa != na:
        if isinstance(oa, dict) and isinstance(na, dict):
            out += schemas(oa, na, f"{ptr}/additionalProperties", side)
        else:
            flag(
                na is False or (isinstance(na, dict) and oa in (None, True)),
                f"additionalProperties changed from {oa!r} to {na!r}",
            )
    if "items" in old or "items" in new:
        out += schemas(old.get("items", {}), new.get("items", {}), f"{ptr}/items", side)
    for key in ("oneOf", "anyOf", "allOf"):
        ol, nl = old.get(key, []), new.get(key, [])
        if ol == nl:
            continue
        for i, (a, b) in enumerate(zip(ol, nl, strict=False)):
            out += schemas(a, b, f"{ptr}/{key}/{i}", side)
        if len(nl) != len(ol):
            fewer = len(nl) < len(ol)
            flag(
                fewer if key != "allOf" else not fewer, f"{key} alternatives {len(ol)} -> {len(nl)}"
            )
    if old.get("x-plan-feature") != new.get("x-plan-feature") and side == "request":
        flag(
            new.get("x-plan-feature") is not None,
            "plan gate (x-plan-feature) changed: "
            f"{old.get('x-plan-feature')!r} -> {new.get('x-plan-feature')!r}",
        )
    for key in sorted((set(old) | set(new)) - KNOWN):
        if old.get(key) != new.get(key):
            out.append(
                Change(
                    _kind(side), f"{ptr}/{_esc(key)}", f"{key} changed (not provably compatible)"
                )
            )
    return out


def _kind(side: str) -> str:
    return BREAKING_REQUEST if side == "request" else BREAKING_RESPONSE


def _operations(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (m, p): op
        for p, item in doc.get("paths", {}).items()
        for m, op in item.items()
        if m in METHODS
    }


def _scopes(doc: dict[str, Any], op: dict[str, Any]) -> set[str]:
    return {
        s for req in op.get("security", doc.get("security", [])) for v in req.values() for s in v
    }


def _params(op: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (p["in"], p["name"].lower() if p["in"] == "header" else p["name"]): p
        for p in op.get("parameters", [])
    }


def _body(op: dict[str, Any]) -> Any:
    return op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")


def _operation(
    old: dict[str, Any], new: dict[str, Any], od: dict[str, Any], nd: dict[str, Any], ptr: str
) -> list[Change]:
    out: list[Change] = []
    os_, ns = _scopes(od, old), _scopes(nd, new)
    if os_ != ns:
        out.append(
            Change(
                BREAKING_REQUEST,
                f"{ptr}/security",
                f"scopes changed from {sorted(os_)} to {sorted(ns)}",
            )
        )
    op_, np_ = _params(old), _params(new)
    for key in sorted(set(np_) - set(op_)):
        p = np_[key]
        kind = BREAKING_REQUEST if p.get("required") else COMPATIBLE
        out.append(
            Change(
                kind,
                f"{ptr}/parameters",
                f"{'required' if p.get('required') else 'optional'}"
                f" {key[0]} parameter '{p['name']}' added",
            )
        )
    for key in sorted(set(op_) - set(np_)):
        out.append(
            Change(
                COMPATIBLE, f"{ptr}/parameters", f"{key[0]} parameter '{op_[key]['name']}' removed"
            )
        )
    for key in sorted(set(op_) & set(np_)):
        a, b = op_[key], np_[key]
        if b.get("required") and not a.get("required"):
            out.append(
                Change(
                    BREAKING_REQUEST,
                    f"{ptr}/parameters",
                    f"parameter '{b['name']}' is now required",
                )
            )
        out += schemas(
            a.get("schema", {}),
            b.get("schema", {}),
            f"{ptr}/parameters/{_esc(b['name'])}",
            "request",
        )
    ob, nb = _body(old), _body(new)
    if ob is not None or nb is not None:
        if nb is None or ob is None:
            out.append(
                Change(BREAKING_REQUEST, f"{ptr}/requestBody", "request body added or removed")
            )
        else:
            out += schemas(ob, nb, f"{ptr}/requestBody/content/application~1json/schema", "request")
    ors, nrs = old.get("responses", {}), new.get("responses", {})
    for status, verb in [
        *((st, "removed") for st in sorted(set(ors) - set(nrs))),
        *((st, "added") for st in sorted(set(nrs) - set(ors))),
    ]:
        # Old clients rely on the success statuses they know; error statuses come and go.
        success = str(status).startswith("2")
        out.append(
            Change(
                BREAKING_RESPONSE if success else COMPATIBLE,
                f"{ptr}/responses/{status}",
                f"{'success ' if success else ''}status {status} {verb}",
            )
        )
    for status in sorted(set(ors) & set(nrs)):
        a, b = ors[status], nrs[status]
        at = f"{ptr}/responses/{status}"
        oh, nh = (
            {k.lower() for k in a.get("headers", {})},
            {k.lower() for k in b.get("headers", {})},
        )
        for h in sorted(oh - nh):
            out.append(Change(BREAKING_RESPONSE, f"{at}/headers", f"response header {h} removed"))
        for h in sorted(nh - oh):
            out.append(Change(COMPATIBLE, f"{at}/headers", f"response header {h} added"))
        sa = a.get("content", {}).get("application/json", {}).get("schema")
        sb = b.get("content", {}).get("application/json", {}).get("schema")
        if sa is not None and sb is not None:
            out += schemas(sa, sb, f"{at}/content/application~1json/schema", "response")
        elif (sa is None) != (sb is None):
            out.append(Change(BREAKING_RESPONSE, f"{at}/content", "response body added or removed"))
    return out


def _text_only(a: Any, b: Any) -> bool:
    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k not in TEXT_KEYS}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return bool(a != b and strip(a) == strip(b))


def diff(old_doc: dict[str, Any], new_doc: dict[str, Any]) -> list[Change]:
    """Every wire change from `old_doc` to `new_doc` (both parsed, unresolved)."""
    od, nd = resolve(old_doc), resolve(new_doc)
    out: list[Change] = []
    oops, nops = _operations(od), _operations(nd)
    for m, p in sorted(set(oops) - set(nops)):
        out.append(
            Change(BREAKING_REQUEST, f"#/paths/{_esc(p)}/{m}", f"operation {m.upper()} {p} removed")
        )
    for m, p in sorted(set(nops) - set(oops)):
        out.append(Change(COMPATIBLE, f"#/paths/{_esc(p)}/{m}", f"operation {m.upper()} {p} added"))
    for m, p in sorted(set(oops) & set(nops)):
        out += _operation(oops[(m, p)], nops[(m, p)], od, nd, f"#/paths/{_esc(p)}/{m}")
    for name in sorted(set(od.get("x-plans", {})) | set(nd.get("x-plans", {}))):
        a = od.get("x-plans", {}).get(name, {})
        b = nd.get("x-plans", {}).get(name, {})
        if a.get("maxItems") != b.get("maxItems") and a and b:
            lower = b["maxItems"] < a["maxItems"]
            out.append(
                Change(
                    BREAKING_REQUEST if lower else COMPATIBLE,
                    f"#/x-plans/{name}/maxItems",
                    f"plan {name}'s batch cap {a['maxItems']} -> {b['maxItems']}",
                )
            )
    for key, value in od.get("x-limits", {}).items():
        new_value = nd.get("x-limits", {}).get(key)
        if new_value != value:
            lower = new_value is not None and new_value < value
            out.append(
                Change(
                    BREAKING_REQUEST if lower else COMPATIBLE,
                    f"#/x-limits/{key}",
                    f"limit {key} {value} -> {new_value}",
                )
            )
    oschemes = od.get("components", {}).get("securitySchemes", {})
    nschemes = nd.get("components", {}).get("securitySchemes", {})
    for name in sorted(set(oschemes) | set(nschemes)):
        if oschemes.get(name) != nschemes.get(name) and not _text_only(
            oschemes.get(name), nschemes.get(name)
        ):
            out.append(
                Change(
                    BREAKING_REQUEST,
                    f"#/components/securitySchemes/{_esc(name)}",
                    f"security scheme {name} changed: old keys or headers may not work",
                )
            )
    if od.get("info", {}).get("version") != nd.get("info", {}).get("version"):
        out.append(
            Change(
                COMPATIBLE,
                "#/info/version",
                f"version {od.get('info', {}).get('version')}"
                f" -> {nd.get('info', {}).get('version')}",
            )
        )
    if not out and od != nd:
        if _text_only(od, nd):
            out.append(
                Change(COMPATIBLE, "#", "descriptions or examples changed (documentation only)")
            )
        else:
            out.append(
                Change(COMPATIBLE, "#", "changes outside the operations' requests and responses")
            )
    return out
