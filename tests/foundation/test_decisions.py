"""openapi/DECISIONS.md covers every documented ambiguity, and the spec cites only real entries."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.foundation.conftest import REPO, SPEC_PATH, operations

REGISTER = REPO / "openapi" / "DECISIONS.md"
FACTS = (REPO.parent / "shared" / "reference" / "hoko-api-facts.md").resolve()
HEADING = re.compile(r"^## (D\d+)\. ", re.M)


def _entries() -> dict[str, str]:
    """D-number -> entry text, heading line included."""
    text = REGISTER.read_text(encoding="utf-8")
    starts = list(HEADING.finditer(text))
    ends = [m.start() for m in starts[1:]] + [len(text)]
    return {m.group(1): text[m.start() : end] for m, end in zip(starts, ends, strict=True)}


def _a_table() -> dict[str, set[str]]:
    text = REGISTER.read_text(encoding="utf-8")
    rows = re.findall(r"^\| (A\d+) \|[^|]*\| ([^|]+) \|$", text, re.M)
    return {a: set(re.findall(r"D\d+", ds)) for a, ds in rows}


def test_d1_to_d19_present_in_order_with_sources_and_application() -> None:
    entries = _entries()
    numbers = [int(d[1:]) for d in entries]
    assert numbers == list(range(1, len(numbers) + 1)), "entries are numbered without gaps"
    for n in range(1, 20):
        body = entries[f"D{n}"]
        assert "**Sources.**" in body and "**Decision.**" in body and "**Applied.**" in body, n


def test_every_entry_names_where_it_is_applied() -> None:
    for number, body in _entries().items():
        applied = body.split("**Applied.**", 1)[1]
        assert "Spec:" in applied or "Nowhere" in applied, number
        assert re.search(r"tests/|contract_tests/|No tests|Tests: none", applied), number


def test_every_ambiguity_has_an_entry() -> None:
    table = _a_table()
    assert sorted(table, key=lambda a: int(a[1:])) == [f"A{n}" for n in range(1, 23)]
    entries = _entries()
    for a, decisions in table.items():
        assert decisions and decisions <= set(entries), a
        assert any(f"({a}" in entries[d] or f", {a}" in entries[d] for d in decisions), a


def test_ambiguity_list_matches_facts_file() -> None:
    if not FACTS.is_file():
        pytest.skip(f"{FACTS} not found (expected ../shared/reference beside the repo)")
    listed = set(re.findall(r"^\*\*(A\d+)\. ", FACTS.read_text(encoding="utf-8"), re.M))
    assert listed == set(_a_table())


def test_d1_records_the_contradiction() -> None:
    body = _entries()["D1"]
    assert "partnersWrite" in body and "one-line change" in body


def test_d19_records_the_security_concern() -> None:
    assert "Security concern" in _entries()["D19"]


def test_spec_cites_only_existing_decisions(spec: dict[str, Any]) -> None:
    entries = _entries()
    cited = set(re.findall(r"\bD\d+\b", SPEC_PATH.read_text(encoding="utf-8")))
    assert cited, "the spec cites decisions"
    assert cited <= set(entries), sorted(cited - set(entries))
    assert "openapi/DECISIONS.md" in spec["info"]["description"]
    for method, path, op in operations(spec):
        assert op["x-decisions"], f"{method} {path}"
        assert set(op["x-decisions"]) <= set(entries), f"{method} {path}"


def test_cited_foundation_tests_exist() -> None:
    """The register names real files and test functions under tests/foundation/."""
    text = REGISTER.read_text(encoding="utf-8")
    folder = REPO / "tests" / "foundation"
    files = set(re.findall(r"tests/foundation/(\w+\.py)", text))
    assert files and all((folder / name).is_file() for name in files), files
    source = "\n".join(p.read_text(encoding="utf-8") for p in folder.glob("test_*.py"))
    for name in set(re.findall(r"`(test_\w+)`", text)):
        assert f"def {name}(" in source, name
