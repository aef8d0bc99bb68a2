"""Unknown paths and methods (D27), the 500 safety net, and logs that never leak secrets."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hoko_reference.spec import load_spec_text

from tests.reference.conftest import FULL_A, SPEC_PATH, Api, assert_error

pytestmark = pytest.mark.anyio


def test_the_packaged_spec_is_identical_to_openapi_hoko_yaml() -> None:
    assert load_spec_text() == SPEC_PATH.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path", ["/", "/api", "/api/link", "/api/links/", "/api/links/123", "/API/links", "/api/tags"]
)
async def test_an_unknown_path_is_404_in_the_error_shape(api: Api, path: str) -> None:
    assert_error(await api.send("GET", path, b"", key=FULL_A), 404)
    assert_error(await api.send("PUT", path, [{"name": "n"}], key=FULL_A), 404)


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("PATCH", "/api/links", {"GET", "HEAD", "DELETE", "POST", "PUT"}),
        ("PATCH", "/api/collections", {"GET", "HEAD", "DELETE", "PUT"}),
        ("POST", "/api/collections", {"GET", "HEAD", "DELETE", "PUT"}),
        ("PATCH", "/api/partners", {"GET", "HEAD", "DELETE", "PUT"}),
    ],
)
async def test_a_wrong_method_is_405_with_allow(
    api: Api, method: str, path: str, allow: set[str]
) -> None:
    response = await api.send(method, path, b"[]", key=FULL_A)
    assert_error(response, 405)
    assert {m.strip() for m in response.headers["allow"].split(",")} == allow


async def test_an_unexpected_bug_is_a_500_in_the_error_shape(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(table: str, tx: object, items: object) -> list[object]:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(api.app.state.hoko.writer, "records", broken)
    with caplog.at_level(logging.ERROR, logger="hoko_reference"):
        response = await api.put_collections([{"name": "x"}])
    assert_error(response, 500)
    assert "x-ratelimit-limit" in response.headers
    assert "simulated bug" in caplog.text
    assert FULL_A not in caplog.text


async def test_logs_never_contain_keys_or_passwords(
    api: Api, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    secret = "pw-do-not-log-7731"
    with caplog.at_level(logging.DEBUG):
        link = await api.link(password=secret)
        await api.put_links([{"id": link["id"], "password": secret + "x"}])
        await api.put_links([{"id": link["id"], "password": 5}])  # error path too
        await api.send("PUT", "/api/links", [{"password": secret}], key="hk_wrong_key_1234")
        await api.send("PUT", "/api/links", [{"password": secret}], key="hk_test_readonly_a")
    assert caplog.records, "the server logs its requests"
    text = caplog.text
    for forbidden in (secret, FULL_A, "hk_wrong_key_1234", "hk_test_readonly_a"):
        assert forbidden not in text
