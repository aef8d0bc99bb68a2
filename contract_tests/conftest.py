"""Fixtures of the contract suite: the target server, the keys, the HTTP helper, fresh objects."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hoko_contract.factory import Factory
from hoko_contract.http import Api
from hoko_contract.plugin import (
    SETTINGS_KEY,
    record_cleanup,
    record_writes,
    register_keys,
    stop_run,
)
from hoko_contract.strategies import Refs
from hoko_contract.target import Settings, Target, start_target

# The hoko_contract plugin (a pytest11 entry point) acts only where this flag is set.
HOKO_CONTRACT_SUITE = True


@pytest.fixture(scope="session")
def settings(request: pytest.FixtureRequest) -> Settings:
    return request.config.stash[SETTINGS_KEY]


@pytest.fixture(scope="session")
def target(settings: Settings, request: pytest.FixtureRequest) -> Iterator[Target]:
    t = start_target(settings)
    register_keys(request.config, t.keys)
    try:
        yield t
    finally:
        if t.server is not None:
            t.server.cleanup()


@pytest.fixture(scope="session")
def api(target: Target, settings: Settings, request: pytest.FixtureRequest) -> Iterator[Api]:
    a = Api(
        target.base_url,
        target.keys,
        settings.tag,
        timeout=settings.timeout,
        on_down=lambda why: stop_run(request.config, why),
        write_budget=settings.write_budget,
    )
    try:
        yield a
    finally:
        record_writes(request.config, a.objects_created)
        if settings.cleanup:  # also on Ctrl-C: pytest tears session fixtures down then
            record_cleanup(request.config, a)
        a.close()


@pytest.fixture(autouse=True)
def _unread_violations(request: pytest.FixtureRequest) -> Iterator[None]:
    """Violations on a response the test never checked still fail the test; each test's
    evidence holds only its own exchanges."""
    if "api" in request.fixturenames:
        request.getfixturevalue("api").journal.clear()
    yield
    if "api" in request.fixturenames:
        request.getfixturevalue("api").raise_pending()


def _key(target: Target, var: str, why: str) -> str:
    key = target.keys.get(var)
    if not key:
        pytest.skip(f"{var} not set ({why})")
    return key


@pytest.fixture(scope="session")
def key(target: Target) -> str:
    return _key(target, "HOKO_API_KEY", "the all-scopes key")


@pytest.fixture(scope="session")
def key_readonly(target: Target) -> str:
    return _key(target, "HOKO_API_KEY_READONLY", "a key without write scopes")


@pytest.fixture(scope="session")
def key_other(target: Target) -> str:
    return _key(target, "HOKO_API_KEY_OTHER", "a key of another workspace")


@pytest.fixture(scope="session")
def key_rate_limited(target: Target) -> str:
    return _key(target, "HOKO_API_KEY_RATE_LIMITED", "a key with a small rate limit")


@pytest.fixture(scope="session")
def key_basic(target: Target) -> str:
    return _key(target, "HOKO_API_KEY_BASIC", "a key on a plan without the gated features")


@pytest.fixture
def make(api: Api, key: str, settings: Settings) -> Factory:
    """Creates fresh tagged objects with the main key."""
    return Factory(api, key, settings.tag)


@pytest.fixture
def refs(make: Factory) -> Refs:
    """A few real collections and partners for generated items to point at."""
    return Refs(
        [c["id"] for c in make.collections(2)],
        [p["id"] for p in make.partners(2)],
    )
