"""One request through the checks, in the order `rules.check_order()` gives (D15), then the
write. Each step is a rule, so a fault or a variant can replace or wrap one.

A step runs on the event loop and may hand back blocking work (parsing and checking a body
takes ~50 ms for 10,000 items). That work runs on a worker thread before the next step, or,
when no step follows, on the same worker thread as the write: one hop, and the items are still
in that core's cache when they are written.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request

from .seed import ApiKey
from .spec import Operation

if TYPE_CHECKING:
    from .app import HokoServer
    from .rules import Rules


class Exchange:
    """One request being answered: what the steps learn about it on the way."""

    def __init__(self, server: HokoServer, request: Request, operation: Operation) -> None:
        self.server = server
        self.rules: Rules = server.rules
        self.request = request
        self.operation = operation
        self._key: ApiKey | None = None
        self.rate_headers: dict[str, str] = {}
        self.items: list[Any] | None = None

    @property
    def key(self) -> ApiKey:
        if self._key is None:
            raise RuntimeError("the authenticate step has not run")
        return self._key

    @property
    def workspace(self) -> str:
        return self._key.workspace.id if self._key is not None else "-"

    async def read_body(self) -> bytes:
        """The raw body: a JSON content type (D33), at most the byte cap (D18), refused before
        it is all in memory."""
        rules, limit = self.rules, self.server.spec.max_body_bytes
        rules.check_content_type(self.request.headers.get("content-type"))
        declared = self.request.headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                raise rules.bad_body("Content-Length is not a number")
            if int(declared) > limit:
                raise rules.body_too_large(limit)
        chunks: list[bytes] = []
        total = 0
        try:
            async for chunk in self.request.stream():
                total += len(chunk)
                if total > limit:
                    raise rules.body_too_large(limit)
                chunks.append(chunk)
        except ClientDisconnect:
            # Nobody is left to read an answer; this keeps a vanished client out of error logs.
            raise rules.bad_body("the client disconnected before sending the whole body") from None
        return b"".join(chunks)

    def parse_and_check(self, raw: bytes) -> None:
        """The body's items, checked against the batch bounds and plan cap (D7), the item
        schema and the plan gates (D8). Blocking."""
        rules, operation, plan = self.rules, self.operation, self.key.workspace.plan
        items = rules.parse_json_array(raw)
        rules.check_batch_size(len(items), operation, plan)
        rules.check_items(operation, items, self.server.spec.max_depth)
        rules.check_plan_gates(operation, items, plan)
        self.items = items

    def _write_now(self) -> tuple[bytes, object]:
        if self.items is None:
            raise RuntimeError("the body step has not run")
        return self.server.write(self.operation, self.key, self.items)

    async def run(self) -> tuple[bytes, object]:
        """Every check in order, then the write; the answer and the objects it was built from."""
        rules = self.rules
        pending: list[Blocking] = []
        for name in rules.check_order():
            if pending:
                await run_in_threadpool(_run_all, pending)
                pending = []
            step: Step = getattr(rules, f"step_{name}")
            blocking = await step(self)
            if blocking is not None:
                pending.append(blocking)
        return await self.write(pending)

    async def write(self, before: Sequence[Blocking] = ()) -> tuple[bytes, object]:
        """Run `before` (blocking work of the last steps), then store the checked items."""
        return await run_in_threadpool(_run_all_then, list(before), self._write_now)


Blocking = Callable[[], None]
Step = Callable[[Exchange], Awaitable[Blocking | None]]


def _run_all(work: list[Blocking]) -> None:
    for fn in work:
        fn()


def _run_all_then(work: list[Blocking], last: Callable[[], tuple[bytes, object]]) -> Any:
    _run_all(work)
    return last()


# -- the steps (each one a rule, see rules/__init__.py) ----------------------------------------


async def step_authenticate(x: Exchange) -> None:
    """401 for a missing or unknown key."""
    rules = x.rules
    key = rules.extract_key(x.request.headers.get("authorization"))
    x._key = rules.authenticate(x.server.registry, key)
    return None


async def step_authorize(x: Exchange) -> None:
    """403 naming the scopes the key lacks; the answer carries the rate-limit headers too."""
    missing = x.rules.missing_scopes(x.key, x.operation)
    if missing:
        error = x.rules.scope_error(missing)
        error.headers.update(x.server.limiter.peek(x.key))
        raise error
    return None


async def step_rate_limit(x: Exchange) -> None:
    """429 once the key's window is used up; otherwise the request uses one unit (D34)."""
    x.rate_headers = x.server.limiter.consume(x.key)
    return None


async def step_body(x: Exchange) -> Blocking:
    """400/413 for a bad body, 403 for a plan-gated field (D8). Reading is async; parsing and
    checking are handed back as blocking work."""
    raw = await x.read_body()
    return lambda: x.parse_and_check(raw)
