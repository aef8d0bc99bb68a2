"""Evidence of a failing test: its exchanges as HAR 1.2, and a curl line that replays the last one.

Keys never appear: the Authorization header is written with the key's variable (`$HOKO_API_KEY`),
and every text passes the run's Scrubber. Large bodies are cut, with a HAR comment that says so.
"""

from __future__ import annotations

import base64
import importlib.metadata
import json
import re
import shlex
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .secrets import Scrubber


def _version() -> str:
    try:
        return importlib.metadata.version("hoko-contract")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


MAX_BODY = 64 * 1024
KEEP_PER_TEST = 20


@dataclass
class Exchange:
    method: str
    url: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    status: int | None = None
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    response_body: bytes = b""
    elapsed: float = 0.0
    error: str | None = None  # a transport failure instead of an answer


class Journal:
    """The exchanges of the current test (the last KEEP_PER_TEST)."""

    def __init__(self) -> None:
        self.exchanges: list[Exchange] = []

    def add(self, exchange: Exchange) -> None:
        self.exchanges.append(exchange)
        del self.exchanges[:-KEEP_PER_TEST]

    def clear(self) -> None:
        self.exchanges = []


def _text(body: bytes, scrub: Scrubber) -> tuple[dict[str, Any], str | None]:
    cut = len(body) > MAX_BODY
    part = body[:MAX_BODY]
    try:
        content: dict[str, Any] = {"text": scrub(part.decode("utf-8"))}
    except UnicodeDecodeError:
        content = {"text": base64.b64encode(part).decode(), "encoding": "base64"}
    note = f"truncated: first {MAX_BODY} of {len(body)} bytes" if cut else None
    return content, note


def _headers(pairs: list[tuple[str, str]], scrub: Scrubber) -> list[dict[str, str]]:
    return [{"name": k, "value": scrub(v)} for k, v in pairs]


def har(exchanges: list[Exchange], scrub: Scrubber, *, comment: str) -> dict[str, Any]:
    entries = []
    for x in exchanges:
        req_text, req_note = _text(x.request_body, scrub)
        resp_text, resp_note = _text(x.response_body, scrub)
        ctype = next((v for k, v in x.response_headers if k.lower() == "content-type"), "")
        notes = [
            n
            for n in (
                req_note and f"request {req_note}",
                resp_note and f"response {resp_note}",
                x.error,
            )
            if n
        ]
        entries.append(
            {
                "startedDateTime": x.started.isoformat(),
                "time": round(x.elapsed * 1000, 1),
                "request": {
                    "method": x.method,
                    "url": scrub(x.url),
                    "httpVersion": "HTTP/1.1",
                    "cookies": [],
                    "headers": _headers(x.request_headers, scrub),
                    "queryString": [],
                    "postData": {"mimeType": "application/json", **req_text},
                    "headersSize": -1,
                    "bodySize": len(x.request_body),
                },
                "response": {
                    "status": x.status or 0,
                    "statusText": "" if x.error is None else "no response",
                    "httpVersion": "HTTP/1.1",
                    "cookies": [],
                    "headers": _headers(x.response_headers, scrub),
                    "content": {"size": len(x.response_body), "mimeType": ctype, **resp_text},
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": len(x.response_body),
                },
                "cache": {},
                "timings": {"send": 0, "wait": round(x.elapsed * 1000, 1), "receive": 0},
                **({"comment": "; ".join(notes)} if notes else {}),
            }
        )
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "hoko-contract", "version": _version()},
            "comment": comment + " Keys are written as $VARIABLE.",
            "entries": entries,
        }
    }


def curl(x: Exchange, scrub: Scrubber, body_file: Path | None = None) -> str:
    """A copy-pasteable curl; keys as "$VARIABLE" (double quotes, so the shell expands them)."""
    parts = ["curl", "-sS", "-i", "-X", x.method, shlex.quote(scrub(x.url))]
    for name, value in x.request_headers:
        if name.lower() in (
            "host",
            "content-length",
            "accept-encoding",
            "connection",
            "user-agent",
        ):
            continue
        shown = scrub(value)
        if "$" in shown:  # keep the variable expandable, quote the rest
            parts += ["-H", '"' + re.sub(r'(["\\`])', r"\\\1", f"{name}: {shown}") + '"']
        else:
            parts += ["-H", shlex.quote(f"{name}: {shown}")]
    if x.request_body:
        if body_file is not None and len(x.request_body) > 2000:
            parts += ["--data-binary", shlex.quote(f"@{body_file}")]
        else:
            parts += [
                "--data-binary",
                shlex.quote(scrub(x.request_body.decode("utf-8", "replace"))),
            ]
    return " ".join(parts)


def safe_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", nodeid)[:150]


def write(
    directory: Path, nodeid: str, exchanges: list[Exchange], scrub: Scrubber, why: str
) -> Path:
    """The HAR file of a failing test (and the last request's body, for the curl line)."""
    directory.mkdir(parents=True, exist_ok=True)
    name = safe_name(nodeid)
    path = directory / f"{name}.har"
    doc = har(exchanges, scrub, comment=scrub(f"{nodeid}: {why}"))
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False), encoding="utf-8")
    if exchanges and len(exchanges[-1].request_body) > 2000:
        body = exchanges[-1].request_body.decode("utf-8", "replace")
        (directory / f"{name}.request.json").write_text(scrub(body), encoding="utf-8")
    return path


def body_file(directory: Path, nodeid: str) -> Path:
    return directory / f"{safe_name(nodeid)}.request.json"
