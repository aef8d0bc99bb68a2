"""Structural checks on openapi/hoko.yaml: validity, statuses, headers, scopes, request schemas."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
from openapi_spec_validator import validate as validate_openapi

from tests.foundation.conftest import (
    AUXILIARY,
    REPO,
    SPEC_PATH,
    Validate,
    all_operations,
    escape,
    operations,
    resolve,
)

# The issue's operation table (D1 for partners, D5 for the statuses).
OPERATIONS = {
    ("post", "/api/links"): ("createLinks", "201", "linksWrite", "links", "LinkCreate"),
    ("put", "/api/links"): ("upsertLinks", "200", "linksWrite", "links", "LinkUpsert"),
    ("put", "/api/collections"): (
        "upsertCollections",
        "200",
        "collectionsWrite",
        "collections",
        "CollectionUpsert",
    ),
    ("put", "/api/partners"): ("upsertPartners", "200", "linksWrite", "partners", "PartnerUpsert"),
}
ERROR_STATUSES = {"400", "401", "403", "413", "429", "500"}
RATE_LIMIT_HEADERS = {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"}
ALL_SCOPES = {
    "linksRead",
    "linksWrite",
    "collectionsRead",
    "collectionsWrite",
    "partnersRead",
    "partnersWrite",
}
PLAN_GATED = {
    "expiresAt": "linkExpiration",
    "expiredUrl": "linkExpiration",
    "password": "passwordProtection",
    "cloaked": "linkCloaking",
    "ios": "deviceTargeting",
    "android": "deviceTargeting",
    "geo": "geoTargeting",
}
UUID = "550e8400-e29b-41d4-a716-446655440000"


def _walk(node: Any, path: str = "#") -> Any:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, f"{path}/{escape(str(key))}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}/{i}")


def test_spec_passes_openapi_spec_validator(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.1.")
    validate_openapi(spec)


def test_spec_validator_cli_rejects_a_broken_spec(tmp_path: Any) -> None:
    # Guards against a validator that passes everything: the lint target relies on its exit code.
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        SPEC_PATH.read_text(encoding="utf-8").replace("openapi: 3.1.0", "openapi: 3.1.0\nbogus: 1")
    )
    ok = subprocess.run(
        [sys.executable, "-m", "openapi_spec_validator", str(SPEC_PATH)], capture_output=True
    )
    bad = subprocess.run(
        [sys.executable, "-m", "openapi_spec_validator", str(broken)], capture_output=True
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert bad.returncode != 0


def test_operations_match_issue_table(spec: dict[str, Any]) -> None:
    found = {(m, p): op for m, p, op in operations(spec)}
    assert set(found) == set(OPERATIONS)
    for key, (operation_id, _, _, tag, _) in OPERATIONS.items():
        assert found[key]["operationId"] == operation_id
        assert found[key]["tags"] == [tag]
    assert [t["name"] for t in spec["tags"]] == ["links", "collections", "partners"]


def test_auxiliary_operations_are_hokos_reads_and_deletes(spec: dict[str, Any]) -> None:
    """GET and DELETE of the three resources, as hoko-api-facts.md §2 lists them (D36, D37):
    marked as serving verification; reads bodiless and read-scoped, deletes take ids."""
    aux = {(m, p): op for m, p, op in all_operations(spec) if AUXILIARY in op}
    paths = ["/api/links", "/api/collections", "/api/partners"]
    assert set(aux) == {(m, p) for m in ("get", "delete") for p in paths}
    write_scope = {"/api/links": "linksWrite", "/api/collections": "collectionsWrite"}
    for (method, path), op in aux.items():
        resource = path.rsplit("/", 1)[1]
        assert op[AUXILIARY] == "verification"
        if method == "get":
            assert "requestBody" not in op and "D36" in op["x-decisions"]
            assert op["security"] == [{"bearerAuth": [f"{resource}Read"]}]
        else:
            body = op["requestBody"]["content"]["application/json"]["schema"]
            assert body["items"] == {"$ref": "#/components/schemas/ObjectId"}
            assert "D37" in op["x-decisions"]
            # partners: the scope of the partners pages, as for PUT (D1)
            assert op["security"] == [{"bearerAuth": [write_scope.get(path, "linksWrite")]}]


def test_servers_have_production_and_a_template(spec: dict[str, Any]) -> None:
    urls = [s["url"] for s in spec["servers"]]
    assert urls[0] == "https://hoko.to"
    templated = [s for s in spec["servers"] if "{" in s["url"]]
    assert templated and all(
        set(re.findall(r"{(\w+)}", s["url"])) <= set(s["variables"]) for s in templated
    )


def test_each_operation_requires_exactly_one_scope(spec: dict[str, Any]) -> None:
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for method, path, op in operations(spec):
        security = op["security"]
        assert len(security) == 1, f"{method} {path}: one security requirement"
        assert list(security[0]) == ["bearerAuth"]
        scopes = security[0]["bearerAuth"]
        assert len(scopes) == 1 and scopes[0] in ALL_SCOPES, f"{method} {path}: {scopes}"
        assert scopes[0] == OPERATIONS[(method, path)][2]


def test_partners_scope_is_links_write(spec: dict[str, Any]) -> None:
    """D1: the partners page's scope, read from the spec's security requirement."""
    op = spec["paths"]["/api/partners"]["put"]
    assert op["security"] == [{"bearerAuth": ["linksWrite"]}]
    assert "D1" in op["x-decisions"]
    forbidden = resolve(spec, op["responses"]["403"])
    assert forbidden["content"]["application/json"]["example"]["missingScopes"] == ["linksWrite"]


@pytest.mark.parametrize("key", list(OPERATIONS), ids=lambda k: f"{k[0]} {k[1]}")
def test_error_statuses_documented(spec: dict[str, Any], key: tuple[str, str]) -> None:
    op = spec["paths"][key[1]][key[0]]
    assert ERROR_STATUSES <= set(op["responses"])
    for status in ERROR_STATUSES:
        response = resolve(spec, op["responses"][status])
        schema = response["content"]["application/json"]["schema"]
        assert schema["$ref"] in (
            "#/components/schemas/Error",
            "#/components/schemas/RateLimitError",
        )


@pytest.mark.parametrize("key", list(OPERATIONS), ids=lambda k: f"{k[0]} {k[1]}")
def test_success_status(spec: dict[str, Any], key: tuple[str, str]) -> None:
    """D5: POST 201, PUT 200; exactly one 2xx, an array of the resource."""
    op = spec["paths"][key[1]][key[0]]
    success = [s for s in op["responses"] if s.startswith("2")]
    assert success == [OPERATIONS[key][1]]
    schema = op["responses"][success[0]]["content"]["application/json"]["schema"]
    assert schema["type"] == "array"
    resource = {"links": "Link", "collections": "Collection", "partners": "Partner"}[
        OPERATIONS[key][3]
    ]
    assert schema["items"] == {"$ref": f"#/components/schemas/{resource}"}


@pytest.mark.parametrize("key", list(OPERATIONS), ids=lambda k: f"{k[0]} {k[1]}")
def test_429_requires_rate_limit_headers(spec: dict[str, Any], key: tuple[str, str]) -> None:
    response = resolve(spec, spec["paths"][key[1]][key[0]]["responses"]["429"])
    headers = {name: resolve(spec, h) for name, h in response["headers"].items()}
    assert set(headers) == RATE_LIMIT_HEADERS | {"Retry-After"}
    for name, header in headers.items():
        assert header.get("required") is True, name
        assert header["schema"] == {"type": "integer", "minimum": 0}, name
    body = resolve(spec, response["content"]["application/json"]["schema"])
    assert any("retryAfter" in part.get("required", []) for part in body["allOf"])


@pytest.mark.parametrize("key", list(OPERATIONS), ids=lambda k: f"{k[0]} {k[1]}")
def test_2xx_documents_optional_rate_limit_headers(
    spec: dict[str, Any], key: tuple[str, str]
) -> None:
    op = spec["paths"][key[1]][key[0]]
    response = op["responses"][OPERATIONS[key][1]]
    headers = {name: resolve(spec, h) for name, h in response["headers"].items()}
    assert set(headers) == RATE_LIMIT_HEADERS
    for name, header in headers.items():
        assert not header.get("required", False), name


def test_error_shape(spec: dict[str, Any], validate: Validate) -> None:
    """One Error schema: non-empty en/ar; missingScopes >= 1 item; retryAfter int >= 0; details."""
    pointer = "#/components/schemas/Error"
    ok = {"error": {"en": "Invalid request", "ar": "طلب غير صالح"}}
    assert validate(pointer, ok) == []
    assert validate(pointer, {"error": {"en": "", "ar": "x"}})
    assert validate(pointer, {"error": {"en": "x"}})
    assert validate(pointer, {**ok, "missingScopes": []})
    assert validate(pointer, {**ok, "retryAfter": -1})
    assert validate(pointer, {**ok, "retryAfter": 1.5})
    detail = {"index": None, "field": None, "message": "Body is not an array"}
    assert (
        validate(
            pointer,
            {**ok, "details": [detail, {"index": 3, "field": "utm.source", "message": "m"}]},
        )
        == []
    )
    assert validate("#/components/schemas/RateLimitError", ok)
    assert validate("#/components/schemas/RateLimitError", {**ok, "retryAfter": 0}) == []


def test_no_nullable_keyword(spec: dict[str, Any]) -> None:
    """OpenAPI 3.1 uses type arrays; a 3.0 `nullable` would be silently ignored by strict tools."""
    offenders = [p for p, node in _walk(spec) if isinstance(node, dict) and "nullable" in node]
    assert offenders == []
    assert "nullable:" not in SPEC_PATH.read_text(encoding="utf-8")


@pytest.mark.parametrize("key", list(OPERATIONS), ids=lambda k: f"{k[0]} {k[1]}")
def test_request_bodies_are_bounded_arrays(spec: dict[str, Any], key: tuple[str, str]) -> None:
    """D7: 1..10,000 items of the operation's item schema, application/json only (D18, D33)."""
    body = spec["paths"][key[1]][key[0]]["requestBody"]
    assert body["required"] is True
    assert list(body["content"]) == ["application/json"]
    schema = body["content"]["application/json"]["schema"]
    assert (schema["type"], schema["minItems"], schema["maxItems"]) == ("array", 1, 10000)
    assert schema["items"] == {"$ref": f"#/components/schemas/{OPERATIONS[key][4]}"}


def test_request_items_are_closed(spec: dict[str, Any], validate: Validate) -> None:
    """D18: every request item schema (and the utm objects inside) rejects unknown properties."""
    schemas = spec["components"]["schemas"]
    for name in (
        "LinkCreate",
        "LinkUpsert",
        "CollectionUpsert",
        "PartnerUpsert",
        "Utm",
        "UtmPatch",
    ):
        assert schemas[name]["additionalProperties"] is False, name
    assert validate("#/components/schemas/CollectionUpsert", {"id": UUID, "color": "red"})
    assert validate("#/components/schemas/LinkUpsert", {"id": UUID, "utm": {"utm_source": "x"}})


def test_response_objects_are_open(spec: dict[str, Any], validate: Validate) -> None:
    """D23: responses allow unknown properties and absent/null optional fields."""
    schemas = spec["components"]["schemas"]
    expected = {
        "Link": ["id", "url", "shortUrl", "qrCode", "collectionId", "createdAt"],
        "Collection": ["id", "name", "createdAt", "updatedAt"],
        "Partner": ["id", "name", "createdAt", "updatedAt"],
    }
    for name, required in expected.items():
        assert sorted(schemas[name]["required"]) == sorted(required), name
        assert schemas[name].get("additionalProperties", True) is not False, name
    link = {
        "id": UUID,
        "url": "https://example.com",
        "shortUrl": "https://hoko.to/abc",
        "qrCode": "https://hoko.to/qrcode?text=x",
        "collectionId": UUID,
        "createdAt": "2026-11-21T12:00:00.123456Z",
        "futureField": {"anything": 1},
    }
    assert validate("#/components/schemas/Link", link) == []
    assert (
        validate("#/components/schemas/Link", {**link, "title": None, "geo": None, "utm": None})
        == []
    )


def test_plan_gated_fields_carry_x_plan_feature(spec: dict[str, Any]) -> None:
    """D8: the server reads gates from `x-plan-feature`; exactly the gated fields carry it."""
    for name in ("LinkCreate", "LinkUpsert"):
        props = spec["components"]["schemas"][name]["properties"]
        gated = {field: p["x-plan-feature"] for field, p in props.items() if "x-plan-feature" in p}
        assert gated == PLAN_GATED, name
    for name in ("CollectionUpsert", "PartnerUpsert", "Link", "Collection", "Partner"):
        props = spec["components"]["schemas"][name]["properties"]
        assert not any("x-plan-feature" in p for p in props.values()), name


def test_create_has_no_nullable_field(spec: dict[str, Any], validate: Validate) -> None:
    """D11: on POST nothing is nullable."""
    for field in spec["components"]["schemas"]["LinkCreate"]["properties"]:
        assert validate(f"#/components/schemas/LinkCreate/properties/{field}", None), field


@pytest.mark.parametrize(
    ("schema", "not_nullable"),
    [
        ("LinkUpsert", {"id", "url", "collectionId"}),
        ("CollectionUpsert", {"id", "name"}),
        ("PartnerUpsert", {"id", "name"}),
    ],
)
def test_upsert_nullability(
    spec: dict[str, Any], validate: Validate, schema: str, not_nullable: set[str]
) -> None:
    """D11: on PUT every optional field accepts null, except id and the create fields."""
    for field in spec["components"]["schemas"][schema]["properties"]:
        errors = validate(f"#/components/schemas/{schema}/properties/{field}", None)
        assert bool(errors) == (field in not_nullable), field


@pytest.mark.parametrize(
    ("schema", "create_requires"),
    [
        ("LinkUpsert", {"url", "collectionId"}),
        ("CollectionUpsert", {"name"}),
        ("PartnerUpsert", {"name"}),
    ],
)
def test_id_is_optional_and_create_requires_fields(
    validate: Validate, schema: str, create_requires: set[str]
) -> None:
    """D2: with `id` nothing else is required; without it the create fields are."""
    pointer = f"#/components/schemas/{schema}"
    assert validate(pointer, {"id": UUID}) == []
    assert validate(pointer, {})
    full = {"url": "https://example.com", "collectionId": UUID, "name": "n"}
    create = {k: full[k] for k in create_requires}
    assert validate(pointer, create) == []
    for missing in create_requires:
        assert validate(pointer, {k: v for k, v in create.items() if k != missing}), missing


def test_utm_has_the_six_keys(spec: dict[str, Any]) -> None:
    """D10."""
    keys = ["source", "medium", "campaign", "term", "content", "referral"]
    for name in ("Utm", "UtmPatch", "LinkUtm"):
        assert list(spec["components"]["schemas"][name]["properties"]) == keys, name


def test_http_url_and_geo_patterns(validate: Validate) -> None:
    """D22: absolute http(s) URLs only; geo keys are two upper-case letters."""
    url = "#/components/schemas/HttpUrl"
    for good in ("https://example.com", "http://example.com/a?b=c#d", "HTTPS://EXAMPLE.COM"):
        assert validate(url, good) == [], good
    for bad in (
        "ftp://example.com",
        "javascript:alert(1)",
        "example.com",
        "https://",
        "/relative",
        "",
    ):
        assert validate(url, bad), bad
    geo = "#/components/schemas/Geo"
    assert validate(geo, {"SA": "https://example.com/sa", "US": "http://example.com/us"}) == []
    for bad_geo in (
        {"sa": "https://e.com"},
        {"USA": "https://e.com"},
        {"S1": "https://e.com"},
        {"US": "e.com"},
    ):
        assert validate(geo, bad_geo), bad_geo
    assert validate(
        geo, {f"{chr(65 + i // 26)}{chr(65 + i % 26)}": "https://e.com" for i in range(251)}
    )


# D21: (schema, field) -> (minLength, maxLength); None = no lower bound declared.
STRING_BOUNDS: dict[tuple[str, str | None], tuple[int | None, int]] = {
    ("HttpUrl", None): (None, 2048),
    ("LinkCreate", "title"): (None, 500),
    ("LinkCreate", "description"): (None, 5000),
    ("LinkCreate", "externalId"): (1, 255),
    ("LinkCreate", "tenantId"): (1, 255),
    ("LinkCreate", "password"): (1, 128),
    ("LinkUpsert", "title"): (None, 500),
    ("LinkUpsert", "description"): (None, 5000),
    ("LinkUpsert", "externalId"): (1, 255),
    ("LinkUpsert", "tenantId"): (1, 255),
    ("LinkUpsert", "password"): (1, 128),
    ("CollectionUpsert", "name"): (1, 255),
    ("CollectionUpsert", "description"): (None, 5000),
    ("PartnerUpsert", "name"): (1, 255),
    ("PartnerUpsert", "email"): (None, 254),
    ("PartnerUpsert", "phone"): (1, 32),
    **{
        (s, k): (None, 255)
        for s in ("Utm", "UtmPatch")
        for k in ("source", "medium", "campaign", "term", "content", "referral")
    },
}


def test_string_bounds(spec: dict[str, Any]) -> None:
    """D21: the bounds recorded in DECISIONS.md are the ones in the spec."""
    schemas = spec["components"]["schemas"]
    for (schema, field), (low, high) in STRING_BOUNDS.items():
        node = schemas[schema] if field is None else schemas[schema]["properties"][field]
        assert (node.get("minLength"), node.get("maxLength")) == (low, high), (schema, field)
    assert schemas["Geo"]["maxProperties"] == 250


def test_every_request_url_field_uses_http_url(spec: dict[str, Any]) -> None:
    """D22: every URL-valued request field goes through HttpUrl (pattern + 2048 bound)."""
    for name in ("LinkCreate", "LinkUpsert"):
        props = spec["components"]["schemas"][name]["properties"]
        for field in ("url", "image", "expiredUrl", "ios", "android"):
            refs = [
                p
                for p, n in _walk(props[field])
                if isinstance(n, dict) and n.get("$ref") == "#/components/schemas/HttpUrl"
            ]
            assert refs, (name, field)
    assert spec["components"]["schemas"]["Geo"]["additionalProperties"] == {
        "$ref": "#/components/schemas/HttpUrl"
    }


def test_spec_copy_in_reference_server_is_identical() -> None:
    copy = REPO / "reference_server" / "hoko_reference" / "spec" / "hoko.yaml"
    assert copy.read_bytes() == SPEC_PATH.read_bytes(), "run `make generate` to refresh the copy"
