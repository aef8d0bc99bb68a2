"""The generated client: drift detection, and vendorability with only httpx + attrs installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.foundation.conftest import REPO

pytestmark = pytest.mark.slow


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    cmd = [
        sys.executable,
        str(root / "scripts" / "generate.py"),
        "--spec", str(root / "openapi" / "hoko.yaml"),
        "--config", str(root / "openapi" / "generator.yaml"),
        "--out", str(root / "generated" / "hoko_client"),
        "--check",
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, cwd=root, timeout=120)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("drift")
    ignore = shutil.ignore_patterns("__pycache__", ".ruff_cache")
    for part in ("openapi", "generated", "scripts"):
        shutil.copytree(REPO / part, root / part, ignore=ignore)
    return root


def test_unchanged_copy_passes(workspace: Path) -> None:
    result = _check(workspace)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_changed_description_fails_with_instructions(workspace: Path) -> None:
    spec = workspace / "openapi" / "hoko.yaml"
    original = spec.read_text(encoding="utf-8")
    changed = original.replace("summary: Upsert partners", "summary: Upsert partners (edited)")
    assert changed != original
    spec.write_text(changed, encoding="utf-8")
    try:
        result = _check(workspace)
    finally:
        spec.write_text(original, encoding="utf-8")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Run `make generate`" in result.stdout
    assert "differs: hoko_client/api/partners/upsert_partners.py" in result.stdout


def test_stale_extra_file_fails(workspace: Path) -> None:
    stale = workspace / "generated" / "hoko_client" / "models" / "removed_model.py"
    stale.write_text("class RemovedModel: ...\n", encoding="utf-8")
    try:
        result = _check(workspace)
    finally:
        stale.unlink()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "stale file in committed copy: hoko_client/models/removed_model.py" in result.stdout
    assert "Run `make generate`" in result.stdout


def _closure(*roots: str) -> set[str]:
    """Distributions needed at runtime by `roots` on this interpreter (no extras)."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        seen.add(key)
        for raw in metadata.requires(name) or []:
            req = Requirement(raw)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


def _site_with_only(dists: set[str], dest: Path) -> list[str]:
    """Copy the importable top-level files of `dists` (and their metadata) into `dest`."""
    copied: set[str] = set()
    for name in dists:
        dist = metadata.distribution(name)
        for file in dist.files or []:
            top = file.parts[0]
            if top.endswith(".dist-info") or top in copied or top == "..":
                continue
            source = Path(str(dist.locate_file(top)))
            if source.is_dir():
                shutil.copytree(source, dest / top, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.is_file():
                shutil.copy2(source, dest / top)
            copied.add(top)
    return sorted(copied)


VENDOR_SCRIPT = textwrap.dedent(
    """
    import importlib.util, json, sys, uuid
    sys.path[:0] = [VENDOR, SITE]
    import httpx
    from hoko_client import Client
    from hoko_client.api.links import upsert_links
    from hoko_client.models import Link, LinkUpsert, UtmPatch

    LINK_ID = "550e8400-e29b-41d4-a716-446655440000"
    seen = []

    def handler(request):
        seen.append(json.loads(request.content))
        assert request.method == "PUT" and request.url.path == "/api/links"
        return httpx.Response(200, json=[{
            "id": LINK_ID, "url": "https://example.com", "shortUrl": "https://hoko.to/abc",
            "qrCode": "https://hoko.to/qrcode?text=x", "collectionId": LINK_ID,
            "title": None, "createdAt": "2026-11-21T12:00:00.123456Z",
        }])

    item = LinkUpsert(id=uuid.UUID(LINK_ID), title=None, utm=UtmPatch(source="google"))
    body = item.to_dict()
    client = Client(
        base_url="https://hoko.to",
        timeout=httpx.Timeout(5.0),
        httpx_args={"transport": httpx.MockTransport(handler)},
    )
    response = upsert_links.sync_detailed(client=client, body=[item])
    links = response.parsed
    blocked = ["hoko", "hoko_reference", "hoko_contract", "yaml", "starlette", "orjson",
               "jsonschema_rs", "pytest"]
    print(json.dumps({
        "body": body,
        "sent": seen,
        "status": int(response.status_code),
        "link_type": type(links[0]).__name__,
        "link_id": str(links[0].id),
        "importable": [n for n in blocked if importlib.util.find_spec(n) is not None],
        "client_from": sys.modules["hoko_client"].__file__,
    }))
    """
)


def test_vendored_client_works_with_only_httpx_and_attrs(tmp_path: Path) -> None:
    vendor = tmp_path / "vendor"
    site = tmp_path / "site"
    site.mkdir()
    shutil.copytree(
        REPO / "generated" / "hoko_client",
        vendor / "hoko_client",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    dists = _closure("httpx", "attrs")
    assert {"httpx", "attrs", "httpcore", "h11", "anyio", "idna", "certifi"} <= dists
    _site_with_only(dists, site)
    script = f"VENDOR = {str(vendor)!r}\nSITE = {str(site)!r}\n{VENDOR_SCRIPT}"
    # -I: no PYTHONPATH, no cwd, no user site; -S: no site-packages of this venv.
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    expected_body = {
        "id": "550e8400-e29b-41d4-a716-446655440000",
        "title": None,
        "utm": {"source": "google"},
    }
    assert report["body"] == expected_body
    assert report["sent"] == [[expected_body]]
    assert report["status"] == 200
    assert report["link_type"] == "Link"
    assert report["link_id"] == "550e8400-e29b-41d4-a716-446655440000"
    assert report["importable"] == [], "the clean interpreter could import non-vendored packages"
    assert report["client_from"].startswith(str(vendor))


def test_isolation_is_real(tmp_path: Path) -> None:
    # The same interpreter flags without our site dir cannot even import httpx, so the check above
    # really runs on the copied packages only.
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", "import httpx"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode != 0
    assert "No module named 'httpx'" in result.stderr
