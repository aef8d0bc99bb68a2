"""What the fault and variant self-checks share: probes, their registries and how one runs.

A probe is a short scenario against a fresh in-process server that returns an observable
summary. A fault's or variant's probe must give a different answer with only that fault or
variant on than on a clean server.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from hoko_reference import create_app

from tests.reference.conftest import FULL_A, Api, freeze_rate_limit_clock

Probe = Callable[[Api], Awaitable[Any]]
RL = "hk_probe_one_per_window"
SEED = {
    "keys": [
        {
            "key": RL,
            "workspace": "A",
            "scopes": "all",
            "rateLimit": {"requests": 1, "windowSeconds": 30},
        }
    ]
}


def registry() -> tuple[dict[str, Probe], Callable[..., Callable[[Probe], Probe]]]:
    """A probe table and its decorator: `@probe("name", ...)` registers one probe under each
    name, and refuses a name twice."""
    table: dict[str, Probe] = {}

    def probe(*names: str) -> Callable[[Probe], Probe]:
        def register(fn: Probe) -> Probe:
            for name in names:
                assert name not in table, name
                table[name] = fn
            return fn

        return register

    return table, probe


# Tolerant helpers: a faulty server may answer with odd statuses, so nothing here asserts.
async def collection(api: Api, key: str = FULL_A, **fields: Any) -> dict[str, Any]:
    return dict((await api.put_collections([{"name": "c", **fields}], key=key)).json()[0])


async def link(api: Api, key: str = FULL_A, **fields: Any) -> dict[str, Any]:
    fields.setdefault("collectionId", (await collection(api, key))["id"])
    fields.setdefault("url", "https://example.com")
    return dict((await api.post_links([fields], key=key)).json()[0])


async def update_link(api: Api, **fields: Any) -> dict[str, Any]:
    return dict((await api.put_links([fields])).json()[0])


async def read_link(api: Api, link_id: str) -> dict[str, Any]:
    return await update_link(api, id=link_id)


def creates(collection_id: str, n: int) -> list[dict[str, Any]]:
    return [{"url": f"https://e.com/{i}", "collectionId": collection_id} for i in range(n)]


async def unknown_field_status(api: Api) -> Any:
    """Clean, an unknown field is refused (D18); the fault `unknown-field-ignored` and the
    variant `unknown-field-dropped` both drop it, so both change this status."""
    return (await api.put_collections([{"name": "c", "colour": "red"}])).status_code


async def run_probe(fn: Probe, tmp_path: Path, faults: tuple[str, ...]) -> tuple[Any, list[int]]:
    """The probe's observation, and every status the server answered with on the way."""
    db = tmp_path / f"probe-{'-'.join(faults) or 'clean'}.sqlite3"
    app = create_app(db_path=db, seed=SEED, faults=faults)
    # Frozen for every probe: a window cannot roll over mid-probe. At 1,000 s it is still far
    # from 0, so an absolute reset time (a fault) reads unlike the relative one.
    freeze_rate_limit_clock(app)
    statuses: list[int] = []

    async def record(response: httpx.Response) -> None:
        statuses.append(response.status_code)

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://t", event_hooks={"response": [record]}
    ) as client:
        return await fn(Api(client, app)), statuses
