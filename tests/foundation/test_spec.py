"""Foundation checks on openapi/hoko.yaml (placeholder, extended by the foundation work)."""

from pathlib import Path

import yaml

SPEC = Path(__file__).resolve().parents[2] / "openapi" / "hoko.yaml"


def test_spec_is_openapi_31() -> None:
    doc = yaml.safe_load(SPEC.read_text())
    assert doc["openapi"].startswith("3.1")
