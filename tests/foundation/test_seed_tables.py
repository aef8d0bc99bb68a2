"""Every field of the parameter tables in seeds 000-003 is in the spec with its documented type."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.foundation.conftest import REPO, resolve

SEEDS = (REPO.parent / "shared" / "seeds").resolve()
HOKO_SEEDS = ("000_", "001_", "002_", "003_")
ENDPOINT = re.compile(r"^(GET|POST|PUT|DELETE|PATCH) (/api/\S+)\s*$", re.M)


def _seed_files() -> list[Path]:
    if not SEEDS.is_dir():
        return []
    return sorted(p for p in SEEDS.glob("*.txt") if p.name.startswith(HOKO_SEEDS))


def _table(text: str) -> list[dict[str, str]]:
    """The markdown table whose header starts with `Parameter`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^\|\s*Parameter\s*\|", line))
    header = [c.strip() for c in lines[start].strip("|").split("|")]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(dict(zip(header, (c.strip() for c in line.strip("|").split("|")), strict=True)))
    return rows


def _facets(spec: dict[str, Any], schema: Any) -> tuple[set[str], set[str]]:
    """(types, formats) a schema admits, through $ref / allOf / oneOf / anyOf."""
    schema = resolve(spec, schema)
    types: set[str] = set()
    formats: set[str] = set()
    declared = schema.get("type")
    if declared is not None:
        types |= {declared} if isinstance(declared, str) else set(declared)
    if "format" in schema:
        formats.add(schema["format"])
    for key in ("allOf", "oneOf", "anyOf"):
        for sub in schema.get(key, []):
            sub_types, sub_formats = _facets(spec, sub)
            types |= sub_types
            formats |= sub_formats
    return types, formats


def _expected(printed: str) -> tuple[str, str | None, bool]:
    """'string (UUID)' -> ('string', 'uuid', False); 'object/null' -> ('object', None, True)."""
    match = re.fullmatch(r"(string|boolean|object)(?:\s*\((UUID|URL|email)\))?(/null)?", printed)
    assert match, f"unknown type notation in a seed table: {printed!r}"
    fmt = {"UUID": "uuid", "URL": "uri", "email": "email", None: None}[match.group(2)]
    return match.group(1), fmt, match.group(3) is not None


SEED_FILES = _seed_files()


def test_seeds_present() -> None:
    if not SEED_FILES:
        pytest.skip(
            f"Hoko seed documents not found at {SEEDS} (expected ../shared/seeds beside the repo)"
        )
    assert len(SEED_FILES) == 4


@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.name[:3] for p in SEED_FILES])
def test_seed_table_fields_in_spec(spec: dict[str, Any], seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    method, path = ENDPOINT.search(text).groups()  # type: ignore[union-attr]
    op = spec["paths"][path][method.lower()]
    body = op["requestBody"]["content"]["application/json"]["schema"]
    item = resolve(spec, body["items"])
    rows = [r for r in _table(text) if r["Location"] == "body"]
    assert rows, f"{seed.name}: no body parameters parsed"
    for row in rows:
        field = row["Parameter"]
        assert field in item["properties"], f"{seed.name}: {field} missing from {method} {path}"
        kind, fmt, nullable = _expected(row["Type"])
        types, formats = _facets(spec, item["properties"][field])
        assert kind in types, f"{seed.name}: {field} should be {kind}, spec has {types}"
        if fmt is not None:
            assert fmt in formats, (
                f"{seed.name}: {field} should have format {fmt}, spec has {formats}"
            )
        if nullable:
            assert "null" in types, f"{seed.name}: {field} is documented as nullable"
        if method == "POST":
            # D11: POST accepts no null; the seed's "Required: Yes" is binding there.
            assert "null" not in types, f"{seed.name}: {field} must not be nullable on POST"
            assert (field in item.get("required", [])) == (row["Required"] == "Yes"), field
        elif field == "id":
            # D2: the PUT tables print "Yes" for id, but omitting it creates.
            assert "id" not in item.get("required", []), f"{seed.name}: id must be optional (D2)"


def test_type_notation_parser() -> None:
    assert _expected("string (UUID)") == ("string", "uuid", False)
    assert _expected("boolean/null") == ("boolean", None, True)
    with pytest.raises(AssertionError):
        _expected("integer")
