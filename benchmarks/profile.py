"""Profile one 10,000-item mixed upsert layer by layer (cProfile, top functions).

python -m benchmarks.profile server      # in-process, handler thread inlined
python -m benchmarks.profile overlay     # hoko.Hoko against a loopback server
python -m benchmarks.profile generated   # the generated client against a loopback server
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson

from benchmarks import data, overlay
from benchmarks.e2e import JSON, seed_links
from benchmarks.server import KEY, create_fixtures, http_client, loopback_server


def _print(prof: cProfile.Profile, limit: int) -> None:
    for key in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(key).print_stats(limit)
        print(out.getvalue())


def profile_server(n: int, limit: int) -> None:
    import hoko_reference.pipeline as app_module
    from hoko_reference import create_app

    async def inline(fn: Callable[..., Any], *args: Any) -> Any:
        return fn(*args)  # the handler's thread work shows up in this thread's profile

    setattr(app_module, "run_in_threadpool", inline)  # noqa: B010 (patching for the profile only)

    async def go() -> None:
        with tempfile.TemporaryDirectory(prefix="hoko-prof-") as tmp:
            app = create_app(db_path=Path(tmp) / "p.db")
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://prof.local",
                headers={"Authorization": f"Bearer {KEY}"},
                timeout=120,
            ) as c:
                cid = (await c.put("/api/collections", json=[{"name": "p"}])).json()[0]["id"]
                pid = (await c.put("/api/partners", json=[{"name": "p"}])).json()[0]["id"]
                for rnd in range(2):
                    seed = data.links(n // 2, collection_id=cid, partner_id=pid, tag=f"p{rnd}s")
                    r = await c.post("/api/links", content=orjson.dumps(seed), headers=JSON)
                    ids = [x["id"] for x in r.json()]
                    batch = data.mixed_batch(
                        n, ids, collection_id=cid, partner_id=pid, tag=f"p{rnd}"
                    )
                    body = orjson.dumps(batch)
                    prof = cProfile.Profile()
                    if rnd == 1:
                        prof.enable()
                    r = await c.put("/api/links", content=body, headers=JSON)
                    prof.disable()
                    assert r.status_code == 200, r.text[:300]
                _print(prof, limit)

    asyncio.run(go())


def profile_client(kind: str, n: int, limit: int) -> None:
    from hoko_client import AuthenticatedClient
    from hoko_client.api.links import upsert_links
    from hoko_client.models import LinkUpsert

    with loopback_server() as url, http_client(url) as raw:
        fx = create_fixtures(raw)
        gen = AuthenticatedClient(base_url=url, token=KEY, timeout=httpx.Timeout(120.0))
        ov = overlay.sync_client(url)
        for rnd in range(2):
            ids = seed_links(raw, fx, n // 2, f"prof{rnd}s")
            batch = data.mixed_batch(
                n, ids, collection_id=fx.collection_id, partner_id=fx.partner_id, tag=f"prof{rnd}"
            )
            models = [LinkUpsert.from_dict(d) for d in batch]
            prof = cProfile.Profile()
            if rnd == 1:
                prof.enable()
            if kind == "overlay":
                assert ov is not None, "overlay not available"
                got = len([link.id for link in ov.links.upsert(batch)])  # as section 2 does
            else:
                resp = upsert_links.sync_detailed(client=gen, body=models)
                got = len([x.id for x in resp.parsed]) if isinstance(resp.parsed, list) else -1
            prof.disable()
            assert got == n
        _print(prof, limit)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("target", choices=["server", "overlay", "generated"])
    p.add_argument("--n", type=int, default=10_000)
    p.add_argument("--limit", type=int, default=30)
    a = p.parse_args()
    if a.target == "server":
        profile_server(a.n, a.limit)
    else:
        profile_client(a.target, a.n, a.limit)


if __name__ == "__main__":
    main()
