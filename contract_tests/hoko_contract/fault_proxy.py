"""A fault-injecting reverse proxy: faults the reference server does not know, for the kill matrix.

`python -m hoko_contract.fault_proxy --upstream http://127.0.0.1:8000 --port 8100 --fault NAME`
forwards every request to the upstream server and breaks one clause of the contract on the way
back (or, for a few, on the way in). Point the contract suite at it with HOKO_BASE_URL to see
whether the suite catches faults its authors never seeded into the server. Without --fault it is
transparent (the control run: the suite must pass through it).

The faults are catalogued in hoko_contract.proxy_faults.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import httpx

from .proxy_faults import PROXY_FAULTS, Exchange
from .target import free_port, stop_process, wait_until_serving

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "te",
    "trailer",
    "upgrade",
    "host",
}

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def make_app(
    upstream: str, fault: str | None, transport: httpx.AsyncBaseTransport | None = None
) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """The proxy as an ASGI app (`transport` lets tests put an in-process server behind it)."""
    apply = PROXY_FAULTS[fault].apply if fault else None
    rewrite = PROXY_FAULTS[fault].request if fault else None
    client = httpx.AsyncClient(base_url=upstream, timeout=300.0, transport=transport)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                msg = await receive()
                if msg["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif msg["type"] == "lifespan.shutdown":
                    await client.aclose()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        assert scope["type"] == "http"
        chunks = []
        while True:
            msg = await receive()
            chunks.append(msg.get("body", b""))
            if not msg.get("more_body"):
                break
        body = b"".join(chunks)
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, v in scope["headers"]
            if k.decode("latin-1").lower() not in HOP_BY_HOP
        ]
        path = scope["path"]
        url = path + ("?" + scope["query_string"].decode() if scope["query_string"] else "")
        if rewrite is not None:
            try:
                body = json.dumps(rewrite(scope["method"], path, json.loads(body))).encode()
            except ValueError:
                pass  # not JSON: forwarded as sent
        resp = await client.request(scope["method"], url, content=body, headers=headers)
        raw = resp.content
        out_headers = [
            (k.lower(), v) for k, v in resp.headers.items() if k.lower() not in HOP_BY_HOP
        ]
        status = resp.status_code
        if apply is not None:
            try:
                request_json = json.loads(body) if body else None
            except ValueError:
                request_json = None
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = None
            x = Exchange(scope["method"], path, request_json, status, out_headers, parsed, raw)
            apply(x)
            status, out_headers = x.status, x.headers
            if x.body is not None:
                raw = json.dumps(x.body, ensure_ascii=False).encode()
        out_headers.append(("content-length", str(len(raw))))
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in out_headers],
            }
        )
        await send({"type": "http.response.body", "body": raw})

    return app


class ProxyProcess:
    """The proxy as a subprocess on 127.0.0.1 and a free port."""

    def __init__(self, fault: str | None) -> None:
        self.fault = fault
        self.proc: subprocess.Popen[bytes] | None = None
        self.base_url = ""

    def start(self, upstream: str, timeout: float = 30.0) -> None:
        port = free_port()
        cmd = [sys.executable, "-m", "hoko_contract.fault_proxy", "--upstream", upstream]
        cmd += ["--port", str(port)] + (["--fault", self.fault] if self.fault else [])
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base_url = f"http://127.0.0.1:{port}"
        if wait_until_serving(self.proc, self.base_url, timeout):
            return
        self.stop()
        raise RuntimeError(f"fault proxy did not start ({cmd})")

    def stop(self) -> None:
        stop_process(self.proc)
        self.proc = None


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    p = argparse.ArgumentParser(prog="python -m hoko_contract.fault_proxy", description=__doc__)
    p.add_argument("--upstream", help="the server to forward to (required to serve)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8100)
    p.add_argument("--fault", choices=sorted(PROXY_FAULTS), default=None)
    p.add_argument("--list-faults", action="store_true")
    args = p.parse_args(argv)
    if args.list_faults:
        for f in PROXY_FAULTS.values():
            print(f"{f.name}\t{f.family}\t{f.seam}\t{f.description}")
        return 0
    if not args.upstream:
        p.error("--upstream is required")
    app = make_app(args.upstream.rstrip("/"), args.fault)
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        server_header=False,  # the upstream's Server/Date headers pass through
        date_header=False,
    )
    asyncio.run(uvicorn.Server(config).serve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
