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
    """`{"error": {"en", "ar"}}` with both non-empty; `missingScopes`, `retryAfter` and
    `details` well-formed where present (D26)."""
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
    details = body.get("details")
    if details is not None and not isinstance(details, list):
        problems.append("details is not an array")
    for d in details if isinstance(details, list) else []:
        index_ok = d.get("index") is None or (isinstance(d["index"], int) and d["index"] >= 0)
        field_ok = d.get("field") is None or isinstance(d.get("field"), str)
        if not (
            isinstance(d, dict) and isinstance(d.get("message"), str) and index_ok and field_ok
        ):
            problems.append(f"malformed details entry {d!r}")
    if problems:
        raise Failed("; ".join(problems))


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
    """A 429 carries an integer `retryAfter`, equal to `Retry-After`, never longer than the
    window's reset (D17), and no `missingScopes`."""
    res = ctx.res
    body = res.json
    ra = body.get("retryAfter")
    if not isinstance(ra, int) or isinstance(ra, bool) or ra < 0:
        raise Failed("429 without integer retryAfter")
    header = res.headers.get("Retry-After", "")
    if not header.isdigit():
        raise Failed("429 without integer Retry-After header")
    reset = res.headers.get("X-RateLimit-Reset", "")
    if reset.isdigit() and ra > int(reset) + 1:
        raise Failed(f"retryAfter {ra} s exceeds X-RateLimit-Reset {reset} s (wrong unit?)")
    if abs(int(header) - ra) > 1:
        raise Failed(f"Retry-After {header} != retryAfter {ra}")
    if "missingScopes" in body:
        raise Failed("429 carries missingScopes")
