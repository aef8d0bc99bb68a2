"""Our generator templates (openapi/templates) change how fast the models are, never what they do.

The spec is generated a second time with openapi-python-client's stock templates, and both
packages read the same inputs in separate interpreters: every model's `from_dict` on real
answers, on each field set to values of every JSON type, on unknown keys and on missing
required keys, gives the same object (or the same exception type); `to_dict` of what was read
gives the same JSON.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "generated"

# Values of every JSON type, and strings shaped like what the models convert.
ODD_VALUES: list[Any] = [
    None,
    True,
    0,
    1.5,
    "",
    "x",
    "2026-01-02T03:04:05.000006Z",
    "not a date",
    "3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c01",
    "{3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c01}",
    [],
    [1],
    {},
    {"US": "https://e.com/us", "source": "news"},
]

SAMPLES: dict[str, dict[str, Any]] = {
    "Link": {
        "id": "3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c01",
        "url": "https://example.com",
        "shortUrl": "https://h/abc",
        "qrCode": "https://h/q",
        "collectionId": "3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c02",
        "title": "t",
        "description": None,
        "image": None,
        "utm": {"source": "s", "medium": "m"},
        "expiresAt": "2027-01-01T00:00:00Z",
        "expiredUrl": None,
        "password": "pw",
        "cloaked": False,
        "ios": None,
        "android": None,
        "geo": {"SA": "https://e.com/sa"},
        "externalId": "e",
        "tenantId": None,
        "partnerId": "3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c03",
        "createdAt": "2026-01-02T03:04:05.000006Z",
        "updatedAt": "2026-01-02T03:04:05.000007Z",
    },
    "Collection": {
        "id": "3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c01",
        "name": "c",
        "description": "d",
        "createdAt": "2026-01-02T03:04:05Z",
        "updatedAt": "2026-01-02T03:04:05Z",
    },
    "Partner": {
        "id": "3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c01",
        "name": "p",
        "email": None,
        "phone": "+1",
        "createdAt": "2026-01-02T03:04:05Z",
        "updatedAt": "2026-01-02T03:04:05Z",
    },
    "LinkUpsert": {
        "id": "3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c01",
        "url": "https://example.com",
        "title": None,
        "utm": {"source": None, "campaign": "c"},
        "expiresAt": "2027-01-01T00:00:00+02:00",
        "geo": None,
        "cloaked": None,
        "partnerId": None,
    },
    "LinkCreate": {
        "url": "https://example.com",
        "collectionId": "3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c02",
        "utm": {"source": "s"},
        "geo": {"US": "https://e.com/us"},
        "expiresAt": "2027-01-01T00:00:00Z",
    },
    "CollectionUpsert": {"name": "c", "description": None},
    "PartnerUpsert": {"id": "3f0c5a52-9d43-4a55-8f7e-0d4c3a1b2c01", "email": None},
    "Error": {
        "error": {"en": "x", "ar": "س"},
        "details": [{"index": 0, "field": "url", "message": "m"}],
        "missingScopes": ["linksWrite"],
    },
    "RateLimitError": {"error": {"en": "x", "ar": "س"}, "retryAfter": 3},
}


def _cases() -> list[tuple[str, Any]]:
    cases: list[tuple[str, Any]] = []
    for model, sample in SAMPLES.items():
        cases.append((model, sample))
        cases.append((model, {**sample, "zzUnknown": {"a": 1}}))
        for key, present in sample.items():
            cases.append((model, {k: v for k, v in sample.items() if k != key}))
            cases += [(model, {**sample, key: value}) for value in ODD_VALUES]
            if isinstance(present, dict):  # a nested model: odd values one level down
                for inner in present:
                    nested = [{**present, inner: value} for value in ODD_VALUES]
                    cases += [(model, {**sample, key: n}) for n in nested]
    return cases


# Runs in a fresh interpreter with only one of the two packages on its path.
PROBE = textwrap.dedent(
    """
    import json, sys
    import hoko_client.models as m
    from hoko_client.types import UNSET

    def shown(obj):
        if obj is UNSET:
            return "UNSET"
        if isinstance(obj, list):
            return [shown(o) for o in obj]
        if hasattr(obj, "to_dict"):
            fields = {a.name: shown(getattr(obj, a.name)) for a in type(obj).__attrs_attrs__}
            return {"type": type(obj).__name__, "fields": fields}
        return {"type": type(obj).__name__, "repr": repr(obj)}

    out = []
    for model, data in json.load(sys.stdin):
        try:
            obj = getattr(m, model).from_dict(data)
        except Exception as exc:
            out.append(["raises", type(exc).__name__])
            continue
        try:
            as_json = json.dumps(obj.to_dict(), sort_keys=True, default=repr)
        except Exception as exc:
            as_json = "to_dict raises " + type(exc).__name__
        out.append([shown(obj), as_json])
    json.dump(out, sys.stdout)
    """
)


def _probe(package_dir: Path, cases: list[tuple[str, Any]]) -> Any:
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(package_dir)!r})\n"
         + PROBE],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def stock(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The spec generated with the stock templates only."""
    loader = importlib.util.spec_from_file_location("generate", REPO / "scripts" / "generate.py")
    assert loader is not None and loader.loader is not None
    generate = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(generate)
    out = tmp_path_factory.mktemp("stock")
    generate.generate_package(
        REPO / "openapi" / "hoko.yaml",
        REPO / "openapi" / "generator.yaml",
        out / "hoko_client",
        templates=None,
    )
    return out


@pytest.mark.slow
def test_models_read_and_write_exactly_as_the_stock_templates(stock: Path) -> None:
    cases = _cases()
    assert len(cases) > 900
    ours, theirs = _probe(GENERATED, cases), _probe(stock, cases)
    differ = [(c, a, b) for c, a, b in zip(cases, ours, theirs, strict=True) if a != b]
    assert not differ, differ[:3]
    raises = sum(1 for a in ours if a[0] == "raises")
    assert 0 < raises < len(cases)  # the inputs reach both paths
