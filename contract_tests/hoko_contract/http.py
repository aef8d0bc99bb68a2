"""The one HTTP helper every contract test uses.

Each response is checked for the guarantees that hold on *every* response (status, content type,
error shape, rate-limit headers, ordering, client parsing, the state model), whatever the test is
about. A violation raises ContractViolation tagged with the guarantee it breaks.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from hoko_client.models import Collection, Error, Link, Partner, RateLimitError

from . import model, spec
from .guarantees import MARKER, ContractViolation

RESPONSE_MODELS: dict[str, Any] = {"Link": Link, "Collection": Collection, "Partner": Partner}
SHORT_CODE = re.compile(r"^[A-Za-z0-9_-]+$")
MAX_429_WAITS = 8
MAX_429_SLEEP = 90.0
MAX_WINDOW = 86_400  # a rate-limit window longer than a day is not plausible

# Which guarantee a request's rejection stands for, to blame a later read-back that shows it
# had an effect anyway.
NO_EFFECT_GUARANTEE = {400: "G15", 401: "G19", 413: "G15", 429: "G23"}


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@dataclass
class Result:
    op: spec.Operation | None
    status: int
    headers: httpx.Headers
    text: str
    json: Any
    request_items: Any
    parsed: Any = None
    elapsed: float = 0.0
    # Universal-check violations, raised by expect()/Api.ok() after the caller's own status check
    # (so a test's primary assertion names its guarantee first), or at the next request/teardown.
    violations: list[ContractViolation] = field(default_factory=list)

    def take_violations(self) -> list[ContractViolation]:
        taken, self.violations = self.violations, []
        return taken

    @property
    def objects(self) -> list[dict[str, Any]]:
        assert isinstance(self.json, list), f"expected a JSON array, got {self.text[:200]!r}"
        return self.json

    @property
    def error(self) -> dict[str, Any]:
        assert isinstance(self.json, dict) and "error" in self.json, self.text[:300]
        return self.json

    def describe(self) -> str:
        label = self.op.label if self.op else "?"
        return f"{label} -> {self.status}: {self.text[:400]}"


@dataclass
class Api:
    base_url: str
    keys: dict[str, str | None]
    run_tag: str
    state: model.StateModel = field(default_factory=model.StateModel)
    timeout: float = 120.0
    requests_sent: int = 0
    waited_429: float = 0.0

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.base_url, timeout=self.timeout)
        self.pending: Result | None = None

    def close(self) -> None:
        self.client.close()

    # -- raw requests -----------------------------------------------------------------------

    def raw(
        self,
        method: str,
        path: str,
        *,
        key: str | None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        bare_key: bool = False,
    ) -> httpx.Response:
        hdrs = dict(headers or {})
        if key is not None:
            hdrs["Authorization"] = key if bare_key else f"Bearer {key}"
        self.requests_sent += 1
        return self.client.request(method, path, content=content, headers=hdrs)

    def send(
        self,
        op: spec.Operation | str,
        items: Any,
        *,
        key: str | None,
        raw_body: bytes | None = None,
        content_type: str | None = "application/json",
        bare_key: bool = False,
        retry_429: bool = True,
        no_effect_guarantee: str | None = None,
        track: bool = True,
    ) -> Result:
        """Send one request to an operation and run every universal check on the answer.

        Violations found are attached to the result (see Result.violations); they surface at the
        caller's expect()/ok(), or at the next send(), or when the test ends.
        """
        self.raise_pending()
        if isinstance(op, str):
            op = spec.operation(op)
        body = raw_body if raw_body is not None else json.dumps(items).encode()
        headers = {"Content-Type": content_type} if content_type else {}
        waits = 0
        found: list[ContractViolation] = []
        while True:
            start = time.monotonic()
            resp = self.raw(
                op.method, op.path, key=key, content=body, headers=headers, bare_key=bare_key
            )
            res = self._result(op, resp, items, time.monotonic() - start)
            _collect(found, self._check_common, res, authenticated=key is not None)
            if res.status == 429 and retry_429 and waits < MAX_429_WAITS:
                _collect(found, self._check_error, res)
                waits += 1
                self._wait_out(res)
                continue
            break
        if res.json is not None:
            if 200 <= res.status < 300:
                _collect(found, self._check_success, res, track=track)
            else:
                _collect(found, self._check_error, res)
        if res.status >= 300 and isinstance(items, list):
            g = no_effect_guarantee or self._no_effect_guarantee(res)
            for item in items:
                if isinstance(item, dict) and "id" in item:
                    self.state.note_failure(g, item)
        res.violations = found
        self.pending = res if found else None
        return res

    def raise_pending(self) -> None:
        """Raise the violations of an earlier response nobody looked at."""
        res, self.pending = self.pending, None
        if res is not None and res.violations:
            raise combine(res.take_violations())

    def _wait_out(self, res: Result) -> None:
        retry_after = None
        if isinstance(res.json, dict) and isinstance(res.json.get("retryAfter"), int):
            retry_after = res.json["retryAfter"]
        elif res.headers.get("Retry-After", "").isdigit():
            retry_after = int(res.headers["Retry-After"])
        delay = float(retry_after if retry_after is not None else 1)
        reset = res.headers.get("X-RateLimit-Reset", "")
        if reset.isdigit():  # a wrong unit in retryAfter (already reported) must not stall us
            delay = min(delay, int(reset) + 1.0)
        delay = min(delay, MAX_429_SLEEP) + 0.05
        self.waited_429 += delay
        time.sleep(delay)

    @staticmethod
    def _no_effect_guarantee(res: Result) -> str:
        if res.status == 403:
            has_scopes = isinstance(res.json, dict) and "missingScopes" in res.json
            return "G20" if has_scopes else "G18"
        return NO_EFFECT_GUARANTEE.get(res.status, "G15")

    @staticmethod
    def _result(op: spec.Operation | None, resp: httpx.Response, items: Any, secs: float) -> Result:
        try:
            data: Any = resp.json()
        except ValueError:
            data = None
        return Result(op, resp.status_code, resp.headers, resp.text, data, items, elapsed=secs)

    # -- checks on every response -----------------------------------------------------------

    def _check_common(self, res: Result, *, authenticated: bool) -> None:
        ctype = res.headers.get("content-type", "")
        if not ctype.split(";")[0].strip().lower() == "application/json":
            g = "G24" if res.status >= 400 else "G1"
            raise ContractViolation(
                g, f"Content-Type {ctype!r} is not application/json: {res.describe()}"
            )
        if res.json is None:
            g = "G24" if res.status >= 400 else "G1"
            raise ContractViolation(g, f"body is not JSON: {res.describe()}")
        if res.op is not None and res.status not in res.op.documented_statuses:
            g = "G25" if 200 <= res.status < 300 else "G1"
            raise ContractViolation(g, f"status {res.status} not documented: {res.describe()}")
        if res.status >= 500:
            raise ContractViolation("G2", f"server error: {res.describe()}")
        if authenticated and res.status != 401:
            check_rate_limit_headers(res, require_retry_after=res.status == 429)

    def _check_error(self, res: Result) -> None:
        try:
            check_error_shape(res)
        except ContractViolation as exc:
            if res.status == 429:  # the 429 answer is the rate limit's own contract too
                raise ContractViolation([*exc.guarantees, "G23"], str(exc)) from exc
            raise
        parsed_cls = RateLimitError if res.status == 429 else Error
        try:
            res.parsed = parsed_cls.from_dict(res.json)
        except Exception as exc:
            raise ContractViolation(
                "G26", f"{parsed_cls.__name__}.from_dict failed ({exc!r}): {res.describe()}"
            ) from exc
        if res.status == 429:
            check_429_body(res)

    def _check_success(self, res: Result, *, track: bool) -> None:
        op = res.op
        assert op is not None
        if res.status != op.success_status:
            raise ContractViolation("G25", f"expected {op.success_status}: {res.describe()}")
        items = res.request_items
        if not isinstance(res.json, list):
            raise ContractViolation("G1", f"success body is not an array: {res.describe()}")
        if isinstance(items, list) and len(res.json) != len(items):
            raise ContractViolation(
                "G3", f"{len(items)} items sent, {len(res.json)} returned ({op.label})"
            )
        cls = RESPONSE_MODELS[op.response_schema_name]
        parsed = []
        for i, obj in enumerate(res.json):
            errors = spec.response_item_errors(op.response_schema_name, obj)
            if errors:
                raise ContractViolation(
                    "G1",
                    f"response[{i}] violates {op.response_schema_name}: "
                    f"{errors[:3]} in {json.dumps(obj)[:300]}",
                )
            try:
                parsed.append(cls.from_dict(obj))
            except Exception as exc:
                raise ContractViolation(
                    "G26", f"{cls.__name__}.from_dict(response[{i}]) failed: {exc!r}"
                ) from exc
        res.parsed = parsed
        if isinstance(items, list):
            self._check_against_model(op, items, res.json, track=track)

    def _check_against_model(
        self, op: spec.Operation, items: list[Any], objs: list[dict[str, Any]], *, track: bool
    ) -> None:
        resource = op.resource
        problems: list[tuple[str, str]] = []
        creates = [i for i, it in enumerate(items) if not (op.is_upsert and "id" in it)]
        updated_ids = {str(it["id"]) for it in items if op.is_upsert and "id" in it}
        for i, (item, obj) in enumerate(zip(items, objs, strict=True)):
            problems.extend(self._check_timestamps(i, obj))
            if op.is_upsert and "id" in item:
                if str(obj.get("id")) != str(item["id"]):
                    problems.append(
                        ("G3", f"response[{i}].id {obj.get('id')} != request[{i}].id {item['id']}")
                    )
                    continue
                known = self.state.get(str(item["id"]))
                if known is not None:
                    problems.extend(self._check_update(i, known, item, obj))
                if track:
                    self.state.remember(resource, obj, "")
                continue
            # a create
            problems.extend(
                self._check_created(i, resource, item, obj, items, objs, creates, updated_ids)
            )
            if track:
                self.state.remember(resource, obj, "")
        if problems:
            gs = [g for joined, _ in problems for g in joined.split(",")]
            raise ContractViolation(gs, f"{op.label}: " + "; ".join(m for _, m in problems[:8]))

    @staticmethod
    def _check_timestamps(i: int, obj: dict[str, Any]) -> list[tuple[str, str]]:
        out = []
        for name in ("createdAt", "updatedAt", "expiresAt"):
            value = obj.get(name)
            if value is None and name == "createdAt":
                out.append(("G11", f"response[{i}] has no createdAt"))
            elif value is not None and not model.UTC_Z.match(str(value)):
                out.append(("G11", f"response[{i}].{name} {value!r} is not UTC with Z (D9)"))
        return out

    def _check_update(
        self, i: int, known: model.Known, item: dict[str, Any], obj: dict[str, Any]
    ) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        expected = model.apply_item(known.resource, known.state, item)
        for m in model.diff(known.resource, expected, obj, item, created=False):
            blamed = model.blame_failed_write(known, m, obj)
            g = blamed or m.guarantee
            why = f"a rejected request ({blamed}) had an effect" if blamed else m.why
            out.append(
                (
                    g,
                    f"response[{i}] {m.field}: {why}; expected {m.expected!r}, "
                    f"got {m.actual!r} (id {item['id']})",
                )
            )
        for name, value in known.server.items():
            if obj.get(name) != value:
                out.append(
                    (
                        # server-made at create (G4), must survive updates (G5)
                        "G4," + model.PARTIAL_UPDATE_G[known.resource],
                        f"response[{i}].{name} changed on update: {value!r} -> {obj.get(name)!r}",
                    )
                )
        created = model.parse_instant(obj.get("createdAt"))
        if known.created_at is not None and created != known.created_at:
            out.append(
                (
                    "G11",
                    f"response[{i}].createdAt changed on update: {known.created_at} -> {created}",
                )
            )
        updated = model.parse_instant(obj.get("updatedAt"))
        if known.updated_at is not None and (updated is None or updated <= known.updated_at):
            out.append(
                (
                    "G11",
                    f"response[{i}].updatedAt did not move forward on update: "
                    f"{known.updated_at} -> {obj.get('updatedAt')!r}",
                )
            )
        return out

    def _check_created(
        self,
        i: int,
        resource: str,
        item: dict[str, Any],
        obj: dict[str, Any],
        items: list[Any],
        objs: list[dict[str, Any]],
        creates: list[int],
        updated_ids: set[str],
    ) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        obj_id = obj.get("id")
        if str(obj_id) in updated_ids:
            return [("G3", f"response[{i}] (a create) answers the update of {obj_id}")]
        if not _is_uuid(obj_id):
            out.append(("G4", f"response[{i}].id {obj_id!r} is not a UUID"))
        elif self.state.get(str(obj_id)) is not None:
            out.append(("G4", f"response[{i}] is a create but returned existing id {obj_id}"))
        expected = model.apply_item(resource, model.empty_state(resource), item)
        mismatches = model.diff(resource, expected, obj, item, created=True)
        if mismatches:
            # Is this the answer to another create of the batch? Then the order is broken.
            for j in creates:
                if j != i and items[j] != item:
                    other = model.apply_item(resource, model.empty_state(resource), items[j])
                    if not model.diff(resource, other, obj, items[j], created=True):
                        out.append(("G3", f"response[{i}] answers request[{j}], not request[{i}]"))
                        break
            else:
                out.extend((m.guarantee, f"response[{i}] {m}") for m in mismatches)
        if resource == "links":
            out.extend(self._check_short_url(i, obj))
        created = model.parse_instant(obj.get("createdAt"))
        updated = model.parse_instant(obj.get("updatedAt"))
        if created is not None and updated is not None and updated < created:
            out.append(("G11", f"response[{i}].updatedAt before createdAt"))
        return out

    def _check_short_url(self, i: int, obj: dict[str, Any]) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        short = str(obj.get("shortUrl"))
        parts = urllib.parse.urlsplit(short)
        code = parts.path.rsplit("/", 1)[-1]
        if parts.scheme not in ("http", "https") or not parts.netloc or not SHORT_CODE.match(code):
            out.append(("G4", f"response[{i}].shortUrl {short!r} is not <base>/<url-safe code>"))
        owner = self.state.short_urls.get(short)
        if owner is not None and owner != str(obj.get("id")):
            out.append(("G4", f"response[{i}].shortUrl {short!r} already belongs to {owner}"))
        self.state.short_urls[short] = str(obj.get("id"))
        qr = str(obj.get("qrCode"))
        decoded = urllib.parse.unquote(qr)
        qs = urllib.parse.parse_qs(urllib.parse.urlsplit(qr).query)
        texts = qs.get("text", [])
        if short not in decoded or (texts and not texts[0].startswith(short)):
            out.append(("G4", f"response[{i}].qrCode {qr!r} does not encode shortUrl {short!r}"))
        return out

    # -- conveniences for tests -------------------------------------------------------------

    def ok(
        self, op: spec.Operation | str, items: list[dict[str, Any]], *, key: str, **kw: Any
    ) -> list[dict[str, Any]]:
        """Send and require success (a failure counts against the test's own guarantee)."""
        res = self.send(op, items, key=key, **kw)
        self.pending = None
        found = res.take_violations()
        if not 200 <= res.status < 300:
            gs = [MARKER] + [g for v in found for g in v.guarantees]
            raise ContractViolation(gs, f"expected success: {res.describe()}")
        if found:
            raise combine(found)
        return res.objects

    def read_back(self, resource: str, ids: list[str], *, key: str) -> list[dict[str, Any]]:
        """Current state through no-op updates (D25); the model checks nothing changed."""
        return self.ok(spec.upsert_for(resource), [{"id": i} for i in ids], key=key)


def check_error_shape(res: Result) -> None:
    body = res.json
    problems = []
    if not isinstance(body, dict) or not isinstance(body.get("error"), dict):
        raise ContractViolation("G24", f"no error object: {res.describe()}")
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
    if details is not None:
        if not isinstance(details, list):
            problems.append("details is not an array")
        else:
            for d in details:
                ok = (
                    isinstance(d, dict)
                    and isinstance(d.get("message"), str)
                    and (
                        d.get("index") is None or (isinstance(d["index"], int) and d["index"] >= 0)
                    )
                    and (d.get("field") is None or isinstance(d["field"], str))
                )
                if not ok:
                    problems.append(f"malformed details entry {d!r}")
    if problems:
        raise ContractViolation("G24", f"{'; '.join(problems)}: {res.describe()}")


def check_rate_limit_headers(res: Result, *, require_retry_after: bool) -> None:
    names = list(spec.RATE_LIMIT_HEADERS) + (["Retry-After"] if require_retry_after else [])
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
        problems.append(
            f"X-RateLimit-Reset {values['X-RateLimit-Reset']} is not seconds until "
            "the reset (an epoch?)"
        )
    if problems:
        raise ContractViolation(
            "G23",
            f"rate-limit headers missing or not non-negative integers "
            f"({', '.join(problems)}) on an authenticated response: "
            f"{res.describe()}",
        )


def check_429_body(res: Result) -> None:
    body = res.json
    ra = body.get("retryAfter") if isinstance(body, dict) else None
    if not isinstance(ra, int) or isinstance(ra, bool) or ra < 0:
        raise ContractViolation("G23", f"429 without integer retryAfter: {res.describe()}")
    header = res.headers.get("Retry-After", "")
    if not header.isdigit():
        raise ContractViolation("G23", f"429 without integer Retry-After header: {res.describe()}")
    reset = res.headers.get("X-RateLimit-Reset", "")
    # The quota is back when the window resets, so waiting longer is never needed (D17).
    if reset.isdigit() and ra > int(reset) + 1:
        raise ContractViolation(
            "G23",
            f"retryAfter {ra} s exceeds X-RateLimit-Reset {reset} s "
            f"(wrong unit?): {res.describe()}",
        )
    if abs(int(header) - ra) > 1:
        raise ContractViolation("G23", f"Retry-After {header} != retryAfter {ra}")
    if "missingScopes" in body:
        raise ContractViolation("G23", f"429 carries missingScopes: {res.describe()}")


def expect(res: Result, status: int, guarantee: str, why: str = "") -> Result:
    """Require `status`; a different one breaks `guarantee` (first), plus whatever the universal
    checks found on the response."""
    found = res.take_violations()
    if res.status != status:
        gs = [guarantee] + [g for v in found for g in v.guarantees]
        detail = f" ({why})" if why else ""
        raise ContractViolation(gs, f"expected {status}{detail}: {res.describe()}")
    if found:
        raise combine(found)
    return res


def _collect(found: list[ContractViolation], check: Any, *args: Any, **kwargs: Any) -> None:
    try:
        check(*args, **kwargs)
    except ContractViolation as exc:
        found.append(exc)


def combine(found: list[ContractViolation]) -> ContractViolation:
    if len(found) == 1:
        return found[0]
    gs = [g for v in found for g in v.guarantees]
    return ContractViolation(gs, " | ".join(str(v) for v in found))
