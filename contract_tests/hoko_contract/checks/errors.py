"""Checks on error responses: the shape, both languages, the 429 body."""

from __future__ import annotations

from typing import Any

from hoko_client.models import Error, RateLimitError

from .registry import (
    ARABIC,
    LATIN,
    Context,
    Failed,
    check,
    error,
    error_not_429,
    rate_limited,
)

# -- errors ---------------------------------------------------------------------------------


@check("G24", "G23", when=rate_limited, requires=("json_body",))
@check("G24", when=error_not_429, requires=("json_body",))
def error_shape(ctx: Context) -> None:
    """`{"error": {"en", "ar"}}` with both non-empty; `missingScopes` and `retryAfter`
    well-formed where present (facts §0.1)."""
    body = ctx.res.json
    if not isinstance(body, dict) or not isinstance(body.get("error"), dict):
        raise Failed("no error object")
    problems = []
    for lang in ("en", "ar"):
        msg = body["error"].get(lang)
        if not isinstance(msg, str) or not msg.strip():
            problems.append(f"error.{lang} missing or empty")
    if "missingScopes" in body:
        ms = body["missingScopes"]
        if not isinstance(ms, list) or not ms or not all(isinstance(s, str) for s in ms):
            problems.append(f"missingScopes malformed: {ms!r}")
    if "retryAfter" in body and (
        not isinstance(body["retryAfter"], int) or isinstance(body["retryAfter"], bool)
    ):
        problems.append(f"retryAfter not an integer: {body['retryAfter']!r}")
    if problems:
        raise Failed("; ".join(problems))


@check("G36", when=error, requires=("error_shape",))
def details_well_formed(ctx: Context) -> None:
    """`details`, where present, is `[{index, field, message}]` (our extension, D26)."""
    details = ctx.res.json.get("details")
    if details is None:
        return
    if not isinstance(details, list):
        raise Failed("details is not an array (D26)")
    bad = [d for d in details if not _detail_ok(d)]
    if bad:
        raise Failed(f"malformed details entry {bad[0]!r} (D26)")


def _detail_ok(d: Any) -> bool:
    if not isinstance(d, dict) or not isinstance(d.get("message"), str):
        return False
    index, field = d.get("index"), d.get("field")
    return (index is None or (isinstance(index, int) and index >= 0)) and (
        field is None or isinstance(field, str)
    )


@check("G24", when=error, requires=("error_shape",))
def error_messages_in_their_languages(ctx: Context) -> None:
    """`error.en` is English and `error.ar` Arabic (a message may quote a Latin name such as
    "API", so scripts are compared, not purity)."""
    err = ctx.res.json["error"]
    en, ar = str(err.get("en", "")), str(err.get("ar", ""))
    problems = []
    if len(LATIN.findall(en)) <= len(ARABIC.findall(en)):
        problems.append(f"error.en is not English: {en!r}")
    if len(ARABIC.findall(ar)) <= len(LATIN.findall(ar)):
        problems.append(f"error.ar is not Arabic: {ar!r}")
    if problems:
        raise Failed("; ".join(problems))


@check("G26", when=error, requires=("error_shape",))
def error_parses_with_client_models(ctx: Context) -> None:
    cls = RateLimitError if ctx.res.status == 429 else Error
    try:
        ctx.res.parsed = cls.from_dict(ctx.res.json)
    except Exception as exc:
        raise Failed(f"{cls.__name__}.from_dict failed ({exc!r})") from exc


@check("G23", when=rate_limited, requires=("error_shape",))
def rate_limited_body(ctx: Context) -> None:
    """A 429 carries an integer `retryAfter` (seeds 000-003: `"retryAfter": 60`)."""
    ra = ctx.res.json.get("retryAfter")
    if not isinstance(ra, int) or isinstance(ra, bool) or ra < 0:
        raise Failed("429 without integer retryAfter")


@check("G31", when=rate_limited, requires=("rate_limited_body",))
def retry_after_header(ctx: Context) -> None:
    """`Retry-After` equals `retryAfter`, never longer than the window's reset, and the 429
    names no scope (D17)."""
    res = ctx.res
    body = res.json
    ra = body["retryAfter"]
    header = res.headers.get("Retry-After", "")
    if not header.isdigit():
        raise Failed("429 without integer Retry-After header (D17)")
    reset = res.headers.get("X-RateLimit-Reset", "")
    if reset.isdigit() and ra > int(reset) + 1:
        raise Failed(f"retryAfter {ra} s exceeds X-RateLimit-Reset {reset} s (wrong unit?, D17)")
    if abs(int(header) - ra) > 1:
        raise Failed(f"Retry-After {header} != retryAfter {ra} (D17)")
    if "missingScopes" in body:
        raise Failed("429 carries missingScopes (D17)")
