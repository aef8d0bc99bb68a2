"""Shared fixtures for the foundation checks on openapi/hoko.yaml and generated/."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "openapi" / "hoko.yaml"
SPEC_URI = "urn:hoko-spec"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

Validate = Callable[[str, Any], list[str]]


def load_spec() -> dict[str, Any]:
    doc = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """Follow local $refs until a non-reference node is reached."""
    while isinstance(node, dict) and "$ref" in node:
        node = pointer_get(spec, node["$ref"])
    return node


def pointer_get(doc: Any, ref: str) -> Any:
    assert ref.startswith("#"), f"only local refs are used in the spec: {ref}"
    node = doc
    for raw in ref[1:].split("/")[1:]:
        key = raw.replace("~1", "/").replace("~0", "~")
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


AUXILIARY = "x-hoko-auxiliary"


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """The four bulk operations (auxiliary reads, D36, are not among them)."""
    for method, path, op in all_operations(spec):
        if AUXILIARY not in op:
            yield method, path, op


def all_operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method, path, item[method]


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    return load_spec()


@pytest.fixture(scope="session")
def validate(spec: dict[str, Any]) -> Validate:
    """Validate an instance against the schema at a JSON pointer of the spec.

    JSON Schema 2020-12 with format assertions on; $refs resolve against the whole spec document.
    Returns the error messages (empty = valid).
    """
    registry = jsonschema_rs.Registry([(SPEC_URI, spec)], draft=jsonschema_rs.Draft202012)
    cache: dict[str, Any] = {}

    def run(pointer: str, instance: Any) -> list[str]:
        if pointer not in cache:
            cache[pointer] = jsonschema_rs.Draft202012Validator(
                {"$ref": f"{SPEC_URI}{pointer}"}, registry=registry, validate_formats=True
            )
        return [f"{e.instance_path}: {e.message}" for e in cache[pointer].iter_errors(instance)]

    return run
