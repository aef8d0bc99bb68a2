"""Checks on every response: content type, JSON, documented status, rate-limit headers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import spec
from .registry import (
    MAX_WINDOW,
    Context,
    Failed,
    check,
    error,
    op_error,
    op_success,
    success,
)

if TYPE_CHECKING:
    from ..http import Result

# The decision that rules a status out where Hoko's docs leave it open: 404 for an unknown id
# (D3), 409 for a duplicate (D14), 415 for a wrong Content-Type (D33), 422 for invalid items
# (D18); any other status the spec does not list: D27.
STATUS_DECISION = {404: "D3", 409: "D14", 415: "D33", 422: "D18"}

# -- every response -------------------------------------------------------------------------


@check("G24", when=error)
@check("G1", when=success)
def json_content_type(ctx: Context) -> None:
    ctype = ctx.res.headers.get("content-type", "")
    if ctype.split(";")[0].strip().lower() != "application/json":
        raise Failed(f"Content-Type {ctype!r} is not application/json")


@check("G24", when=error)
@check("G1", when=success)
def json_body(ctx: Context) -> None:
    if ctx.res.json is None:
        raise Failed("body is not JSON")


@check("G36", when=op_error)
@check("G25", when=op_success)
def documented_status(ctx: Context) -> None:
    op = ctx.res.op
    assert op is not None
    if ctx.res.status not in op.documented_statuses:
        why = STATUS_DECISION.get(ctx.res.status, "D27")
        raise Failed(f"status {ctx.res.status} is not one the spec lists for {op.label} ({why})")


@check("G2", when=lambda res: res.status >= 500)
def no_server_error(ctx: Context) -> None:
    raise Failed("server error")


def _authenticated(res: Result) -> bool:
    return res.status != 401


@check("G23", when=lambda res: res.status == 429)
def some_rate_limit_header(ctx: Context) -> None:
    """A 429 says "Check X-RateLimit-* headers for details" (seeds 000-003): at least one is
    there. Which ones, and their meaning, are our decision (G31)."""
    if not any(name.lower().startswith("x-ratelimit-") for name in ctx.res.headers):
        raise Failed("429 without any X-RateLimit-* header")


@check("G31", when=_authenticated)
def rate_limit_headers(ctx: Context) -> None:
    """`X-RateLimit-*` on every authenticated response (`Retry-After` too on a 429), as
    non-negative integers, Remaining at most Limit, Reset in seconds (D17, D34)."""
    if not ctx.authenticated:
        return
    res = ctx.res
    names = [*spec.RATE_LIMIT_HEADERS, *(["Retry-After"] if res.status == 429 else [])]
    problems = []
    values = {}
    for name in names:
        raw = res.headers.get(name)
        if raw is None or not raw.strip().isdigit():
            problems.append(f"{name}={raw!r}")
        else:
            values[name] = int(raw)
    if not problems and values["X-RateLimit-Remaining"] > values["X-RateLimit-Limit"]:
        problems.append("X-RateLimit-Remaining > X-RateLimit-Limit")
    if not problems and values["X-RateLimit-Reset"] > MAX_WINDOW:
        reset = values["X-RateLimit-Reset"]
        problems.append(f"X-RateLimit-Reset {reset} is not seconds until the reset (an epoch?)")
    if problems:
        raise Failed(
            "rate-limit headers missing or not non-negative integers "
            f"({', '.join(problems)}) on an authenticated response (D17)"
        )
