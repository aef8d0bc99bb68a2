"""What the suite reads from openapi/hoko.yaml: operations, scopes, item schemas, gated fields.

The spec is the truth: scopes, success statuses, nullable and gated fields are looked up here, never
copied into tests.
"""

from __future__ import annotations

import copy
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

DEFAULT_SPEC = Path(__file__).resolve().parents[2] / "openapi" / "hoko.yaml"

JSON = dict[str, Any]
AUXILIARY = "x-hoko-auxiliary"


def spec_path() -> Path:
    return Path(os.environ.get("HOKO_SPEC", str(DEFAULT_SPEC)))


@functools.cache
def load_spec() -> JSON:
    with spec_path().open(encoding="utf-8") as fh:
        data: JSON = yaml.safe_load(fh)
    return data


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def resolve(node: Any, spec: JSON | None = None) -> Any:
    """Inline every local $ref (the spec has no recursive schemas)."""
    spec = spec or load_spec()
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = spec
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            merged = {k: v for k, v in node.items() if k != "$ref"}
            return {**resolve(copy.deepcopy(target), spec), **resolve(merged, spec)}
        return {k: resolve(v, spec) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v, spec) for v in node]
    return node


@dataclass(frozen=True)
class Operation:
    op_id: str
    method: str
    path: str
    resource: str  # links | collections | partners
    item_schema_name: str  # LinkCreate, LinkUpsert, ...
    response_schema_name: str  # Link, Collection, Partner
    success_status: int
    scopes: tuple[str, ...]
    documented_statuses: frozenset[int] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def is_upsert(self) -> bool:
        return self.method == "PUT"


def auxiliary_operation_ids() -> list[str]:
    """The spec's auxiliary reads (D36): tools of the suite, not operations it certifies."""
    return [
        op["operationId"]
        for item in load_spec()["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and AUXILIARY in op
    ]


@functools.cache
def operations() -> tuple[Operation, ...]:
    spec = load_spec()
    ops: list[Operation] = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method not in {"get", "put", "post", "patch", "delete"} or AUXILIARY in op:
                continue  # auxiliary reads (D36) are how the suite looks, not what it certifies
            body_schema = op["requestBody"]["content"]["application/json"]["schema"]
            item_name = _ref_name(body_schema["items"]["$ref"])
            success = [int(s) for s in op["responses"] if s.startswith("2")]
            assert len(success) == 1, f"{op['operationId']}: one 2xx expected"
            resp_schema = op["responses"][str(success[0])]["content"]["application/json"]["schema"]
            scopes: list[str] = []
            for requirement in op.get("security", spec.get("security", [])):
                for scheme_scopes in requirement.values():
                    scopes.extend(scheme_scopes)
            ops.append(
                Operation(
                    op_id=op["operationId"],
                    method=method.upper(),
                    path=path,
                    resource=path.rstrip("/").rsplit("/", 1)[-1],
                    item_schema_name=item_name,
                    response_schema_name=_ref_name(resp_schema["items"]["$ref"]),
                    success_status=success[0],
                    scopes=tuple(scopes),
                    documented_statuses=frozenset(int(s) for s in op["responses"]),
                )
            )
    return tuple(ops)


# Methods Hoko documents on our paths that the spec does not carry (hoko-api-facts.md §2:
# POST /api/partners, and POST on collections in the scope list): never probed as unknown.
DOCUMENTED_ELSEWHERE = frozenset({("POST", "/api/collections"), ("POST", "/api/partners")})


def auxiliary_path(resource: str, method: str) -> str | None:
    """The path of the spec's auxiliary `method` (GET: read back, DELETE: clean up) for
    `resource`, if it has one (D36, D37)."""
    for path, item in load_spec()["paths"].items():
        op = item.get(method.lower())
        if isinstance(op, dict) and AUXILIARY in op and path.rsplit("/", 1)[-1] == resource:
            return str(path)
    return None


def operation(op_id: str) -> Operation:
    for op in operations():
        if op.op_id == op_id:
            return op
    raise KeyError(op_id)


def upsert_for(resource: str) -> Operation:
    for op in operations():
        if op.resource == resource and op.is_upsert:
            return op
    raise KeyError(resource)


def create_for(resource: str) -> Operation | None:
    for op in operations():
        if op.resource == resource and op.method == "POST":
            return op
    return None


RESOURCES = ("links", "collections", "partners")


@functools.cache
def schema(name: str) -> JSON:
    resolved: JSON = resolve(load_spec()["components"]["schemas"][name])
    return resolved


def properties(name: str) -> dict[str, JSON]:
    props: dict[str, JSON] = schema(name).get("properties", {})
    return props


def create_required(item_schema_name: str) -> list[str]:
    """Fields a create needs: `required`, or the `then.required` of the `if not id` rule (D2)."""
    s = schema(item_schema_name)
    req = list(s.get("required", []))
    then = s.get("then", {})
    req.extend(f for f in then.get("required", []) if f not in req)
    return req


def allows_null(prop: JSON) -> bool:
    t = prop.get("type")
    if t == "null" or (isinstance(t, list) and "null" in t):
        return True
    return any(allows_null(alt) for alt in prop.get("oneOf", []) + prop.get("anyOf", []))


def optional_fields(resource: str) -> list[str]:
    """Every upsert field other than `id` (all are optional on an update, D2)."""
    return [f for f in properties(upsert_for(resource).item_schema_name) if f != "id"]


def nullable_fields(resource: str) -> list[str]:
    props = properties(upsert_for(resource).item_schema_name)
    return [f for f in optional_fields(resource) if allows_null(props[f])]


def non_nullable_fields(resource: str) -> list[str]:
    props = properties(upsert_for(resource).item_schema_name)
    return [f for f in optional_fields(resource) if not allows_null(props[f])]


def gated_fields(item_schema_name: str) -> dict[str, str]:
    """Field -> plan feature, from the `x-plan-feature` extension (D8)."""
    raw = load_spec()["components"]["schemas"][item_schema_name]["properties"]
    return {f: p["x-plan-feature"] for f, p in raw.items() if "x-plan-feature" in p}


def request_body_schema(op: Operation) -> JSON:
    raw = load_spec()["paths"][op.path][op.method.lower()]["requestBody"]["content"]
    body: JSON = resolve(raw["application/json"]["schema"])
    return body


@functools.cache
def _validator(op_id: str) -> Any:
    return jsonschema_rs.validator_for(request_body_schema(operation(op_id)), validate_formats=True)


def body_is_valid(op: Operation, body: Any) -> bool:
    """Full JSON Schema validation (incl. if/then and formats) of a request body."""
    try:
        return bool(_validator(op.op_id).is_valid(body))
    except Exception:  # unencodable values (lone surrogates) are simply invalid
        return False


@functools.cache
def _response_item_validator(name: str) -> Any:
    return jsonschema_rs.validator_for(schema(name), validate_formats=True)


def response_item_errors(name: str, obj: Any) -> list[str]:
    return [e.message for e in _response_item_validator(name).iter_errors(obj)]


RATE_LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def documented_429_headers() -> list[str]:
    hdrs = load_spec()["components"]["responses"]["TooManyRequests"].get("headers", {})
    return list(hdrs)


def max_body_bytes() -> int:
    """The body cap above which a server answers 413 (`x-limits`, D18)."""
    return int(load_spec()["x-limits"]["maxBodyBytes"])


def plan_max_items(plan: str) -> int:
    """A plan's batch cap (`x-plans`, D7); HOKO_API_KEY_BASIC must be on the `basic` plan."""
    return int(load_spec()["x-plans"][plan]["maxItems"])
