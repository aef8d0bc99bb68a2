"""The one HTTP helper every contract test uses: transport, and dispatch of every response to the
check registry (hoko_contract.checks).

Violations found on a response are attached to its `Result`; they surface at the caller's
`expect()`/`ok()` (after the test's own status check, so a test's primary assertion names its
guarantee first), or at the next request, or when the test ends.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from . import model, profile, spec
from .checks import Context, run_checks
from .evidence import Exchange, Journal
from .guarantees import MARKER, ContractViolation
from .readback import read_objects
from .secrets import reveal

CONNECT_TIMEOUT = 5.0
# After this many transport failures in a row the target is taken as down and the run stops.
BREAKER_LIMIT = 3

MAX_429_WAITS = 8
MAX_429_SLEEP = 90.0

# Which guarantee a request's rejection stands for, to blame a later read-back that shows it
# had an effect anyway.
NO_EFFECT_GUARANTEE = {400: "G15", 401: "G19", 413: "G15", 429: "G31"}


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

    @classmethod
    def of(cls, op: spec.Operation | None, resp: Any, items: Any, secs: float = 0.0) -> Result:
        """A response (httpx, or anything with status_code/headers/text) as a Result."""
        try:
            data: Any = resp.json()
        except Exception:
            data = None
        headers = resp.headers
        if not isinstance(headers, httpx.Headers):  # e.g. schemathesis' {name: [values]}
            pairs = [
                (name, value)
                for name, values in headers.items()
                for value in (values if isinstance(values, list) else [values])
            ]
            headers = httpx.Headers(pairs)
        return cls(op, resp.status_code, headers, resp.text, data, items, elapsed=secs)


class WriteBudgetExceeded(Exception):
    """The run would create more objects than its write budget allows."""


@dataclass
class Api:
    base_url: str
    keys: dict[str, str | None] = field(repr=False)
    run_tag: str
    state: model.StateModel = field(default_factory=model.StateModel, repr=False)
    timeout: float = 60.0
    # Called with a reason when the target stops answering (the plugin ends the run there).
    on_down: Callable[[str], None] | None = field(default=None, repr=False)
    write_budget: int | None = None
    requests_sent: int = 0
    objects_created: int = 0
    waited_429: float = 0.0

    def __post_init__(self) -> None:
        timeout = httpx.Timeout(self.timeout, connect=min(CONNECT_TIMEOUT, self.timeout))
        self.client = httpx.Client(base_url=self.base_url, timeout=timeout)
        self.pending: Result | None = None
        self.journal = Journal()
        self.failures_in_a_row = 0
        # resources whose GET the target does not offer (read-back falls back to D25)
        self.no_reads: set[str] = set()
        # key -> resource -> ids of the objects this run created (for --cleanup)
        self.created: dict[str, dict[str, list[str]]] = {}

    def close(self) -> None:
        self.client.close()

    # -- transport ------------------------------------------------------------------------------

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
        value = reveal(key)
        if value is not None:
            hdrs["Authorization"] = value if bare_key else f"Bearer {value}"
        self.requests_sent += 1
        request = self.client.build_request(method, path, content=content, headers=hdrs)
        exchange = Exchange(method, str(request.url), list(request.headers.items()), content or b"")
        self.journal.add(exchange)
        start = time.monotonic()
        try:
            resp = self.client.send(request)
        except httpx.TransportError as exc:
            exchange.elapsed, exchange.error = (
                time.monotonic() - start,
                f"{type(exc).__name__}: {exc}",
            )
            self.transport_failed(f"{method} {path}: {type(exc).__name__}: {exc}")
            raise
        exchange.elapsed = time.monotonic() - start
        exchange.status, exchange.response_headers = resp.status_code, list(resp.headers.items())
        exchange.response_body = resp.content
        self.answered()
        return resp

    def transport_failed(self, why: str) -> None:
        """One more request without an answer; BREAKER_LIMIT in a row end the run."""
        self.failures_in_a_row += 1
        if self.failures_in_a_row >= BREAKER_LIMIT and self.on_down is not None:
            self.on_down(f"{self.failures_in_a_row} requests in a row got no answer; last: {why}")

    def answered(self) -> None:
        self.failures_in_a_row = 0

    def _charge(self, method: str, items: Any) -> None:
        """Count the objects a write may create (items without an id), against the budget."""
        if method not in ("POST", "PUT") or not isinstance(items, list):
            return
        creates = sum(
            1 for it in items if not (method == "PUT" and isinstance(it, dict) and "id" in it)
        )
        if self.write_budget is not None and self.objects_created + creates > self.write_budget:
            raise WriteBudgetExceeded(
                f"this request would create up to {creates} objects, past the write budget of "
                f"{self.write_budget} (HOKO_WRITE_BUDGET); {self.objects_created} created so far"
            )
        self.objects_created += creates

    def check(self, res: Result, *, authenticated: bool, track: bool = True) -> None:
        """Run the registry on a response; its violations join `res.violations`."""
        ctx = Context(res, self.state, authenticated=authenticated, track=track)
        res.violations.extend(run_checks(ctx))

    def request_waiting(
        self,
        method: str,
        path: str,
        *,
        key: str,
        content: bytes | None = None,
        checked: bool = True,
    ) -> Result:
        """A request outside `send` (a read back, a clean-up delete, an audit page), with each
        429 waited out, up to MAX_429_WAITS times. When `checked`, the registry runs on every
        answer on the way, and all their violations end up in the last one's."""
        headers = {"Content-Type": "application/json"} if content is not None else None
        found: list[ContractViolation] = []
        for _ in range(MAX_429_WAITS):
            resp = self.raw(method, path, key=key, content=content, headers=headers)
            res = Result.of(None, resp, None)
            if checked:
                self.check(res, authenticated=res.status != 401)
                found += res.take_violations()
            if res.status != 429:
                break
            self.wait_out(res)
        res.violations = found
        return res

    def probe(self, method: str, path: str, *, key: str | None, body: bytes = b"[]") -> Result:
        """A request outside the four operations (unknown path, other method), checked as an
        error response."""
        self.raise_pending()
        resp = self.raw(
            method,
            path,
            key=key,
            content=body if method not in ("GET", "HEAD") else None,
            headers={"Content-Type": "application/json"},
        )
        res = Result.of(None, resp, None)
        self.check(res, authenticated=False)
        self.pending = res if res.violations else None
        return res

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
        """Send one request to an operation; every check of the registry runs on the answer
        (and on each 429 waited out on the way)."""
        self.raise_pending()
        if isinstance(op, str):
            op = spec.operation(op)
        body = raw_body if raw_body is not None else json.dumps(items).encode()
        # Once per request, from the items it carries (a 429 waited out below wrote nothing).
        self._charge(op.method, items if raw_body is None else _parsed(raw_body))
        headers = {"Content-Type": content_type} if content_type else {}
        waits = 0
        found: list[ContractViolation] = []
        while True:
            start = time.monotonic()
            resp = self.raw(
                op.method, op.path, key=key, content=body, headers=headers, bare_key=bare_key
            )
            res = Result.of(op, resp, items, time.monotonic() - start)
            self.check(res, authenticated=key is not None, track=track)
            found += res.take_violations()
            if res.status == 429 and retry_429 and waits < MAX_429_WAITS:
                waits += 1
                self.wait_out(res)
                continue
            break
        if 200 <= res.status < 300:
            self.note_created(op, key, items, res.json)
        if res.status >= 300 and isinstance(items, list):
            g = no_effect_guarantee or self._no_effect_guarantee(res)
            for item in items:
                if isinstance(item, dict) and "id" in item:
                    self.state.note_failure(g, item)
        res.violations = found
        self.pending = res if found else None
        return res

    def note_created(self, op: spec.Operation, key: str | None, items: Any, answer: Any) -> None:
        """Remember the objects a successful write created, per key, for the clean-up."""
        if key is None or not isinstance(items, list) or not isinstance(answer, list):
            return
        ids = self.created.setdefault(key, {}).setdefault(op.resource, [])
        for item, obj in zip(items, answer, strict=False):
            creates = op.method == "POST" or not (isinstance(item, dict) and "id" in item)
            if creates and isinstance(obj, dict) and isinstance(obj.get("id"), str):
                ids.append(obj["id"])

    def raise_pending(self) -> None:
        """Raise the violations of an earlier response nobody looked at."""
        res, self.pending = self.pending, None
        if res is not None and res.violations:
            raise combine(res.take_violations())

    def wait_out(self, res: Result) -> None:
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
            return "G20" if has_scopes else "G30"
        return NO_EFFECT_GUARANTEE.get(res.status, "G15")

    # -- conveniences for tests -----------------------------------------------------------------

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
        """Current state through Hoko's GET (D36), or where the target has none through no-op
        updates (D25); either way the model checks nothing changed."""
        self.raise_pending()
        objs = read_objects(self, resource, ids, key=key)
        if objs is not None:
            return objs
        return self.ok(spec.upsert_for(resource), [{"id": i} for i in ids], key=key)


def _parsed(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def expect(res: Result, status: int, guarantee: str, why: str = "") -> Result:
    """Require `status`; a different one breaks `guarantee` (first), plus whatever the checks
    found on the response. When `guarantee` is a decision the documented profile does not
    enforce, a different status is a DIFFERS finding and ends the test (`profile.Differs`):
    what follows in it depends on the decided answer."""
    found = res.take_violations()
    if res.status != status:
        detail = f" ({why})" if why else ""
        message = f"expected {status}{detail}: {res.describe()}"
        if not profile.enforced([guarantee]):
            profile.record(guarantee, message)
            if found:
                raise combine(found)
            raise profile.Differs(f"[{guarantee}] {message}")
        gs = [guarantee] + [g for v in found for g in v.guarantees]
        raise ContractViolation(gs, message)
    if found:
        raise combine(found)
    return res


def rejected(
    res: Result, guarantee: str, why: str, *, decision: str | None = None, status: int = 400
) -> Result:
    """Require a rejection: a 4xx error is what Hoko documents (`guarantee`); which 4xx is our
    decision (`decision`, `status`), checked without ending the test in the documented profile.
    The decision is named before whatever else the checks found on the answer."""
    found = res.take_violations()
    also = [g for v in found for g in v.guarantees]
    if not 400 <= res.status < 500 or res.status == 429:
        raise ContractViolation(
            [guarantee, *also], f"expected a 4xx rejection ({why}): {res.describe()}"
        )
    if decision is not None and res.status != status:
        message = f"expected {status} ({why}): {res.describe()}"
        if profile.enforced([decision]):
            raise ContractViolation([decision, *also], message)
        profile.record(decision, message)
    if found:
        raise combine(found)
    return res


def combine(found: list[ContractViolation]) -> ContractViolation:
    if len(found) == 1:
        return found[0]
    gs = [g for v in found for g in v.guarantees]
    return ContractViolation(gs, " | ".join(str(v) for v in found))


# Hoko documents that a collectionId must exist in the workspace; for partnerId it says nothing
# (facts A16), so that rejection is our decision (D14).
REFERENCE_G: dict[str, tuple[str, ...]] = {"collectionId": ("G13", "G28"), "partnerId": ("G28",)}


def reject_reference(res: Result, field: str, why: str) -> None:
    if field == "collectionId":
        rejected(res, "G13", f"{why} (D14)", decision="G28")
    else:
        expect(res, 400, "G28", f"{why} (D14)")
