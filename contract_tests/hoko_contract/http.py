"""The one HTTP helper every contract test uses: transport, and dispatch of every response to the
check registry (hoko_contract.checks).

Violations found on a response are attached to its `Result`; they surface at the caller's
`expect()`/`ok()` (after the test's own status check, so a test's primary assertion names its
guarantee first), or at the next request, or when the test ends.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from . import model, spec
from .checks import Context, run_checks
from .guarantees import MARKER, ContractViolation

MAX_429_WAITS = 8
MAX_429_SLEEP = 90.0

# Which guarantee a request's rejection stands for, to blame a later read-back that shows it
# had an effect anyway.
NO_EFFECT_GUARANTEE = {400: "G15", 401: "G19", 413: "G15", 429: "G23"}


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
        if key is not None:
            hdrs["Authorization"] = key if bare_key else f"Bearer {key}"
        self.requests_sent += 1
        return self.client.request(method, path, content=content, headers=hdrs)

    def check(self, res: Result, *, authenticated: bool, track: bool = True) -> None:
        """Run the registry on a response; its violations join `res.violations`."""
        ctx = Context(res, self.state, authenticated=authenticated, track=track)
        res.violations.extend(run_checks(ctx))

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
                self._wait_out(res)
                continue
            break
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
        """Current state through no-op updates (D25); the model checks nothing changed."""
        return self.ok(spec.upsert_for(resource), [{"id": i} for i in ids], key=key)


def expect(res: Result, status: int, guarantee: str, why: str = "") -> Result:
    """Require `status`; a different one breaks `guarantee` (first), plus whatever the checks
    found on the response."""
    found = res.take_violations()
    if res.status != status:
        gs = [guarantee] + [g for v in found for g in v.guarantees]
        detail = f" ({why})" if why else ""
        raise ContractViolation(gs, f"expected {status}{detail}: {res.describe()}")
    if found:
        raise combine(found)
    return res


def combine(found: list[ContractViolation]) -> ContractViolation:
    if len(found) == 1:
        return found[0]
    gs = [g for v in found for g in v.guarantees]
    return ContractViolation(gs, " | ".join(str(v) for v in found))
