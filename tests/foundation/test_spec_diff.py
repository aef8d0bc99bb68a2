"""The spec diff classifies known spec mutations as they should be: each mutation is applied to
a copy of the spec, and the verdict (and its side, and its pointer) is known in advance."""

from __future__ import annotations

import copy
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.foundation.conftest import REPO, SPEC_PATH

sys.path.insert(0, str(REPO / "scripts" / "spec_diff"))
from wire import BREAKING_REQUEST, BREAKING_RESPONSE, COMPATIBLE, diff

SPEC: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
Mutation = Callable[[dict[str, Any]], None]
S = "components/schemas"


def at(doc: dict[str, Any], path: str) -> Any:
    node: Any = doc
    for part in path.split("/"):
        node = node[part]
    return node


def op(doc: dict[str, Any], method: str, path: str = "/api/links") -> dict[str, Any]:
    result: dict[str, Any] = doc["paths"][path][method]
    return result


def links_body(doc: dict[str, Any], method: str = "put") -> dict[str, Any]:
    result: dict[str, Any] = op(doc, method)["requestBody"]["content"]["application/json"]["schema"]
    return result


def rename_utm(doc: dict[str, Any]) -> None:
    schemas = at(doc, S)
    schemas["UtmValues"] = schemas.pop("Utm")
    text = yaml.safe_dump(doc).replace(
        "#/components/schemas/Utm'", "#/components/schemas/UtmValues'"
    )
    doc.clear()
    doc.update(
        yaml.safe_load(
            text.replace("#/components/schemas/Utm\n", "#/components/schemas/UtmValues\n")
        )
    )


MUTATIONS: dict[str, tuple[Mutation, str, str]] = {
    "removed response field": (
        lambda d: at(d, f"{S}/Link/properties").pop("title"),
        BREAKING_RESPONSE,
        "title",
    ),
    "request field made required": (
        lambda d: at(d, f"{S}/LinkCreate").setdefault("required", []).append("title"),
        BREAKING_REQUEST,
        "required",
    ),
    "narrowed pattern": (
        lambda d: at(d, f"{S}/HttpUrl").update(pattern="^https://"),
        BREAKING_REQUEST,
        "pattern",
    ),
    "lowered maxItems": (
        lambda d: links_body(d).update(maxItems=5000),
        BREAKING_REQUEST,
        "maxItems",
    ),
    "raised minItems": (lambda d: links_body(d).update(minItems=2), BREAKING_REQUEST, "minItems"),
    "request type changed": (
        lambda d: at(d, f"{S}/LinkUpsert/properties/title").update(type="integer"),
        BREAKING_REQUEST,
        "type",
    ),
    "request type widened": (
        lambda d: at(d, f"{S}/LinkUpsert/properties/title").update(
            type=["string", "integer", "null"]
        ),
        COMPATIBLE,
        "type",
    ),
    "response type widened": (
        lambda d: at(d, f"{S}/Link/properties/title").update(type=["string", "integer", "null"]),
        BREAKING_RESPONSE,
        "type",
    ),
    "removed success status": (
        lambda d: op(d, "put")["responses"].update({"201": op(d, "put")["responses"].pop("200")}),
        BREAKING_RESPONSE,
        "200",
    ),
    "new required header": (
        lambda d: (
            op(d, "put")
            .setdefault("parameters", [])
            .append(
                {"name": "X-Tenant", "in": "header", "required": True, "schema": {"type": "string"}}
            )
        ),
        BREAKING_REQUEST,
        "X-Tenant",
    ),
    "new optional request field": (
        lambda d: at(d, f"{S}/LinkUpsert/properties").update(notes={"type": "string"}),
        COMPATIBLE,
        "notes",
    ),
    "new response field": (
        lambda d: at(d, f"{S}/Link/properties").update(clicks={"type": "integer"}),
        COMPATIBLE,
        "clicks",
    ),
    "new enum value in a response": (
        lambda d: at(d, f"{S}/Link/properties/title").update(enum=["a", "b", "c"]),
        BREAKING_RESPONSE,
        "enum",
    ),
    "description-only change": (
        lambda d: op(d, "put").update(description="Reworded."),
        COMPATIBLE,
        "documentation",
    ),
    "changed scope": (
        lambda d: op(d, "put", "/api/partners").update(
            security=[{"bearerAuth": ["partnersWrite"]}]
        ),
        BREAKING_REQUEST,
        "scopes",
    ),
    "removed operation": (
        lambda d: d["paths"]["/api/links"].pop("post"),
        BREAKING_REQUEST,
        "removed",
    ),
    "raised maxLength in a request": (
        lambda d: at(d, f"{S}/LinkUpsert/properties/title").update(maxLength=1000),
        COMPATIBLE,
        "maxLength",
    ),
    "lowered maxLength in a response": (
        lambda d: at(d, f"{S}/Link/properties").__setitem__(
            "title", {**at(d, f"{S}/Link/properties/title"), "maxLength": 100}
        ),
        COMPATIBLE,
        "maxLength",
    ),
    "lowered plan cap": (
        lambda d: d["x-plans"]["basic"].update(maxItems=50),
        BREAKING_REQUEST,
        "x-plans",
    ),
    "lowered body limit": (
        lambda d: d["x-limits"].update(maxBodyBytes=1024),
        BREAKING_REQUEST,
        "maxBodyBytes",
    ),
    "removed field of a closed request schema": (
        lambda d: at(d, f"{S}/LinkUpsert/properties").pop("tenantId"),
        BREAKING_REQUEST,
        "tenantId",
    ),
    "new optional query parameter": (
        lambda d: (
            op(d, "get")
            .setdefault("parameters", [])
            .append(
                {"name": "tenantId", "in": "query", "required": False, "schema": {"type": "string"}}
            )
        ),
        COMPATIBLE,
        "tenantId",
    ),
    "new success status": (
        lambda d: op(d, "put")["responses"].update({"202": op(d, "put")["responses"]["200"]}),
        BREAKING_RESPONSE,
        "202",
    ),
    "new plan gate": (
        lambda d: at(d, f"{S}/LinkUpsert/properties/title").update({"x-plan-feature": "titles"}),
        BREAKING_REQUEST,
        "x-plan-feature",
    ),
    "removed response header": (
        lambda d: op(d, "post")["responses"]["201"]["headers"].pop("X-RateLimit-Limit"),
        BREAKING_RESPONSE,
        "x-ratelimit-limit",
    ),
    "added error status": (
        lambda d: op(d, "put")["responses"].update({"409": op(d, "put")["responses"]["400"]}),
        COMPATIBLE,
        "409",
    ),
    "renamed schema": (rename_utm, "none", ""),
    "changed security scheme": (
        lambda d: d["components"]["securitySchemes"].update(
            bearerAuth={"type": "apiKey", "in": "header", "name": "X-Api-Key"}
        ),
        BREAKING_REQUEST,
        "securitySchemes",
    ),
    "version bump only": (lambda d: d["info"].update(version="9.9.9"), COMPATIBLE, "version"),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutation_is_classified(name: str) -> None:
    mutate, expected, clue = MUTATIONS[name]
    old, new = copy.deepcopy(SPEC), copy.deepcopy(SPEC)
    if name == "new enum value in a response":  # the old spec needs an enum to add to
        at(old, f"{S}/Link/properties/title").update(enum=["a", "b"])
    mutate(new)
    changes = diff(old, new)
    if expected == "none":
        assert not [c for c in changes if c.breaking], changes  # wire-compatible
        return
    matching = [c for c in changes if c.kind == expected]
    assert matching, (name, changes)
    assert any(clue.lower() in (c.pointer + c.reason).lower() for c in matching), (name, changes)
    if expected == COMPATIBLE:
        assert not [c for c in changes if c.breaking], (name, changes)


def test_unchanged_spec_has_no_changes() -> None:
    assert diff(SPEC, copy.deepcopy(SPEC)) == []


@pytest.mark.slow
def test_a_schema_rename_is_a_python_api_break(tmp_path: Path) -> None:
    from python_api import generated_changes

    new = copy.deepcopy(SPEC)
    rename_utm(new)
    new_spec = tmp_path / "new.yaml"
    new_spec.write_text(yaml.safe_dump(new), encoding="utf-8")
    sys.path.insert(0, str(REPO / "scripts"))
    from generate import generate_package

    package = tmp_path / "pkg" / "hoko_client"
    generate_package(new_spec, REPO / "openapi" / "generator.yaml", package, facts=False)
    changes = generated_changes(SPEC_PATH, package, REPO / "openapi" / "generator.yaml")
    assert any("Utm" in c.path for c in changes), changes


@pytest.mark.slow
def test_spec_diff_on_the_released_spec_says_no_changes() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "spec_diff"),
            "--base",
            "release",
            "--out",
            "/tmp/hoko-spec-diff-test",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no changes" in done.stdout


def test_release_check_wants_a_major_bump_and_an_entry_for_a_breaking_change(
    tmp_path: Path,
) -> None:
    import importlib.util

    where = REPO / "scripts" / "spec_diff" / "__main__.py"
    loader = importlib.util.spec_from_file_location("spec_diff_main", where)
    assert loader is not None and loader.loader is not None
    module = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(module)
    release_check = module.release_check

    now = SPEC["info"]["version"]
    major = f"{int(now.split('.')[0]) + 1}.0.0"
    released = tmp_path / "releases"
    released.mkdir()
    (released / f"{now}.yaml").write_text(SPEC_PATH.read_text(encoding="utf-8"))
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(f"# Changelog\n\n## {now}\n")
    broken = copy.deepcopy(SPEC)
    links_body(broken).update(maxItems=5000)
    spec = tmp_path / "hoko.yaml"
    spec.write_text(yaml.safe_dump(broken))
    assert release_check(spec, released, changelog) == 1  # breaking, same version
    broken["info"]["version"] = major
    spec.write_text(yaml.safe_dump(broken))
    assert release_check(spec, released, changelog) == 1  # no entry for the major yet
    changelog.write_text(f"# Changelog\n\n## {major} (lower batch cap)\n\n## {now}\n")
    assert release_check(spec, released, changelog) == 0
    compatible = copy.deepcopy(SPEC)
    at(compatible, f"{S}/LinkUpsert/properties").update(notes={"type": "string"})
    spec.write_text(yaml.safe_dump(compatible))
    changelog.write_text(f"# Changelog\n\n## {now}\n")
    assert release_check(spec, released, changelog) == 0  # compatible: no bump needed
