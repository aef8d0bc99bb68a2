"""reports/contract.html: the verdict table and every failure with its exchange, in one file.

Self-contained (inline CSS, no script, no network), so an API owner can attach it to a ticket.
Every text is escaped and has passed the run's Scrubber before it gets here.
"""

from __future__ import annotations

import html
from typing import Any

from .evidence import MAX_BODY, Exchange
from .secrets import Scrubber
from .verdict import Outcome

_CSS = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
.failed{background:#fdd}.passed{background:#dfd}.partial,.skipped,.inconclusive,.accepted{background:#ffd}
pre{background:#f6f6f6;padding:8px;overflow:auto;max-height:30em;white-space:pre-wrap}"""


def _pre(text: str) -> str:
    return f"<pre>{html.escape(text)}</pre>"


def _exchange(x: Exchange, scrub: Scrubber) -> str:
    req_headers = "\n".join(f"{k}: {scrub(v)}" for k, v in x.request_headers)
    resp_headers = "\n".join(f"{k}: {scrub(v)}" for k, v in x.response_headers)
    req = scrub(x.request_body[:4096].decode("utf-8", "replace"))
    resp = scrub(x.response_body[: MAX_BODY // 4].decode("utf-8", "replace"))
    cut = (
        " (truncated)" if len(x.response_body) > MAX_BODY // 4 or len(x.request_body) > 4096 else ""
    )
    status = x.status if x.error is None else f"no answer: {x.error}"
    return (
        f"<p><b>{html.escape(x.method)} {html.escape(scrub(x.url))}</b> → "
        f"{html.escape(str(status))}{cut}</p>"
        + _pre(f"{req_headers}\n\n{req}")
        + _pre(f"{resp_headers}\n\n{resp}")
    )


def render(
    meta: dict[str, Any],
    per: dict[str, dict[str, Any]],
    failures: list[tuple[Outcome, list[Exchange]]],
    scrub: Scrubber,
) -> str:
    rows = "".join(
        f"<tr class='{v['status'].replace(' ', '-')}'><td>{gid}</td><td>{v['status'].upper()}</td>"
        f"<td>{html.escape(v['title'])}</td>"
        f"<td>{html.escape('; '.join(v['skipped_tests'] + v['notes']))}</td></tr>"
        for gid, v in per.items()
    )
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>Hoko contract report</title>",
        f"<style>{_CSS}</style></head><body><h1>Hoko contract report</h1>",
        "<ul>"
        + "".join(
            f"<li>{html.escape(k)}: {html.escape(scrub(str(v)))}</li>" for k, v in meta.items()
        )
        + "</ul>",
        "<table><tr><th>guarantee</th><th>verdict</th><th>title</th><th>notes</th></tr>",
        rows,
        "</table><h2>Failures</h2>",
    ]
    if not failures:
        parts.append("<p>None.</p>")
    for outcome, exchanges in failures:
        parts.append(f"<h3>{html.escape(outcome.nodeid)}</h3>")
        parts.append(f"<p>broken: {html.escape(', '.join(outcome.blamed))} ({outcome.outcome})</p>")
        parts.append(_pre(scrub(outcome.message)))
        if outcome.curl:
            parts.append("<p>reproduce:</p>" + _pre(outcome.curl))
        for x in exchanges[-3:]:
            parts.append(_exchange(x, scrub))
    parts.append("</body></html>\n")
    return "".join(parts)
