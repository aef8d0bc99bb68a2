"""The checks that run on every response the suite receives, as a registry (as schemathesis
registers its checks).

Each check is a small function registered with the guarantee(s) it enforces and a predicate
saying which responses it looks at. It raises `Failed(message)`; the registration decides whom
to blame. A check may name other checks it `requires`: it is skipped when one of them failed on
the same response (no cascade of follow-on failures). The state model's check is the one whose
blame depends on the data (which field broke which rule); it raises `ContractViolation` itself,
with a guarantee from the table in model.py.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from hoko_client.models import Collection, Error, Link, Partner, RateLimitError

from . import model, spec
from .guarantees import ContractViolation

if TYPE_CHECKING:
    from .http import Result

RESPONSE_MODELS: dict[str, Any] = {"Link": Link, "Collection": Collection, "Partner": Partner}
SHORT_CODE = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_WINDOW = 86_400  # a rate-limit window longer than a day is not plausible
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN = re.compile(r"[A-Za-z]")


class Failed(Exception):
    """A check's finding; the check's registration says which guarantee it breaks."""


@dataclass
class Context:
    """One response being checked, and what the checks may use."""

    res: Result
    state: model.StateModel
    authenticated: bool
    track: bool = True


When = Callable[["Result"], bool]
CheckFn = Callable[[Context], None]
F = TypeVar("F", bound=CheckFn)


def always(res: Result) -> bool:
    return True


def success(res: Result) -> bool:
    return 200 <= res.status < 300


def error(res: Result) -> bool:
    return res.status >= 400


def error_not_429(res: Result) -> bool:
    return res.status >= 400 and res.status != 429


def rate_limited(res: Result) -> bool:
    return res.status == 429


def json_object_error(res: Result) -> bool:
    return res.status >= 400 and isinstance(res.json, dict)


@dataclass(frozen=True)
class Check:
    name: str
    guarantees: tuple[str, ...]
    when: When
    fn: CheckFn
    requires: tuple[str, ...] = ()


REGISTRY: list[Check] = []


def check(
    *guarantees: str, when: When = always, requires: tuple[str, ...] = ()
) -> Callable[[F], F]:
    """Register the decorated check for responses where `when` holds. Stack it to register the
    same check with other guarantees for other responses."""

    def register(fn: F) -> F:
        REGISTRY.append(Check(fn.__name__, guarantees, when, fn, requires))
        return fn

    return register


def run_checks(ctx: Context) -> list[ContractViolation]:
    """Every applicable check, in registration order; the violations found."""
    found: list[ContractViolation] = []
    failed: set[str] = set()
    for c in REGISTRY:
        if not c.when(ctx.res) or failed & set(c.requires):
            continue
        try:
            c.fn(ctx)
        except Failed as exc:
            failed.add(c.name)
            found.append(ContractViolation(c.guarantees, f"{exc}: {ctx.res.describe()}"))
        except ContractViolation as exc:
            failed.add(c.name)
            found.append(exc)
    return found


def guarantees_checked() -> set[str]:
    return {g for c in REGISTRY for g in c.guarantees}


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


def _not_2xx(res: Result) -> bool:
    return res.op is not None and not success(res)


def _2xx(res: Result) -> bool:
    return res.op is not None and success(res)


@check("G1", when=_not_2xx)
@check("G25", when=_2xx)
def documented_status(ctx: Context) -> None:
    op = ctx.res.op
    assert op is not None
    if ctx.res.status not in op.documented_statuses:
        raise Failed(f"status {ctx.res.status} is not documented for {op.label}")


@check("G2", when=lambda res: res.status >= 500)
def no_server_error(ctx: Context) -> None:
    raise Failed("server error")


def _authenticated(res: Result) -> bool:
    return res.status != 401


@check("G23", when=_authenticated)
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
            f"({', '.join(problems)}) on an authenticated response"
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


# -- successes ------------------------------------------------------------------------------


@check("G25", when=_2xx)
def success_status(ctx: Context) -> None:
    op = ctx.res.op
    assert op is not None
    if ctx.res.status != op.success_status:
        raise Failed(f"expected {op.success_status}")


@check("G1", when=_2xx, requires=("json_body",))
def success_is_an_array(ctx: Context) -> None:
    if not isinstance(ctx.res.json, list):
        raise Failed("success body is not an array")


@check("G3", when=_2xx, requires=("success_is_an_array",))
def one_result_per_item(ctx: Context) -> None:
    items, objs = ctx.res.request_items, ctx.res.json
    if isinstance(items, list) and len(objs) != len(items):
        raise Failed(f"{len(items)} items sent, {len(objs)} returned")


@check("G1", when=_2xx, requires=("success_is_an_array",))
def results_match_the_schema(ctx: Context) -> None:
    op = ctx.res.op
    assert op is not None
    for i, obj in enumerate(ctx.res.json):
        errors = spec.response_item_errors(op.response_schema_name, obj)
        if errors:
            raise Failed(f"response[{i}] violates {op.response_schema_name}: {errors[:3]}")


@check("G26", when=_2xx, requires=("results_match_the_schema",))
def results_parse_with_client_models(ctx: Context) -> None:
    op = ctx.res.op
    assert op is not None
    cls = RESPONSE_MODELS[op.response_schema_name]
    parsed = []
    for i, obj in enumerate(ctx.res.json):
        try:
            parsed.append(cls.from_dict(obj))
        except Exception as exc:
            raise Failed(f"{cls.__name__}.from_dict(response[{i}]) failed: {exc!r}") from exc
    ctx.res.parsed = parsed


def _links(res: Result) -> bool:
    return _2xx(res) and res.op is not None and res.op.resource == "links"


@check("G9", when=_links, requires=("success_is_an_array",))
def no_utm_reads_null(ctx: Context) -> None:
    """With no utm key set, a link answers `utm: null` (or leaves it out), never `{}` (D10)."""
    for i, obj in enumerate(ctx.res.json):
        if isinstance(obj, dict) and obj.get("utm") == {}:
            raise Failed(f"response[{i}].utm is {{}}; with no key set it must be null (D10)")


@check("G11", when=_2xx, requires=("success_is_an_array",))
def timestamps_in_utc(ctx: Context) -> None:
    """Every object has `createdAt`; date-times are UTC with Z (D9)."""
    for i, obj in enumerate(ctx.res.json):
        for name in ("createdAt", "updatedAt", "expiresAt"):
            value = obj.get(name) if isinstance(obj, dict) else None
            if value is None and name == "createdAt":
                raise Failed(f"response[{i}] has no createdAt")
            if value is not None and not model.UTC_Z.match(str(value)):
                raise Failed(f"response[{i}].{name} {value!r} is not UTC with Z (D9)")


@check("G4", when=_links, requires=("one_result_per_item", "results_match_the_schema"))
def short_urls_unique_and_encoded(ctx: Context) -> None:
    """Every link has a `<base>/<url-safe code>` shortUrl of its own and a qrCode that encodes
    it (server-made at create, G4)."""
    problems = []
    for i, obj in enumerate(ctx.res.json):
        problems += _short_url_problems(ctx, i, obj)
    if problems:
        raise Failed("; ".join(problems[:8]))


def _short_url_problems(ctx: Context, i: int, obj: dict[str, Any]) -> list[str]:
    out = []
    short = str(obj.get("shortUrl"))
    parts = urllib.parse.urlsplit(short)
    code = parts.path.rsplit("/", 1)[-1]
    if parts.scheme not in ("http", "https") or not parts.netloc or not SHORT_CODE.match(code):
        out.append(f"response[{i}].shortUrl {short!r} is not <base>/<url-safe code>")
    owner = ctx.state.short_urls.get(short)
    if owner is not None and owner != str(obj.get("id")):
        out.append(f"response[{i}].shortUrl {short!r} already belongs to {owner}")
    ctx.state.short_urls[short] = str(obj.get("id"))
    qr = str(obj.get("qrCode"))
    texts = urllib.parse.parse_qs(urllib.parse.urlsplit(qr).query).get("text", [])
    if short not in urllib.parse.unquote(qr) or (texts and not texts[0].startswith(short)):
        out.append(f"response[{i}].qrCode {qr!r} does not encode shortUrl {short!r}")
    return out


@check(
    "G3",
    "G4",
    "G5",
    "G6",
    "G7",
    "G8",
    "G9",
    "G10",
    "G11",
    when=_2xx,
    requires=("one_result_per_item", "results_match_the_schema"),
)
def results_follow_the_state_model(ctx: Context) -> None:
    """Each result answers its item: an update shows the model's prediction (omitted keeps,
    null clears, utm merges, geo replaces), a create reflects what was sent. Blame per field
    comes from model.classify."""
    res = ctx.res
    op, items = res.op, res.request_items
    if op is None or not isinstance(items, list):
        return
    problems = model.check_results(ctx.state, op, items, res.json, track=ctx.track)
    if problems:
        gs = [g for joined, _ in problems for g in joined.split(",")]
        raise ContractViolation(gs, f"{op.label}: " + "; ".join(m for _, m in problems[:8]))
