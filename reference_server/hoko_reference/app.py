"""The ASGI app: routes, the request pipeline, errors. What the server decides is in rules/."""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .deletes import answer_delete
from .errors import INTERNAL, ApiError, error_response
from .faults import bind_faults
from .gcpause import GcPause
from .pipeline import Exchange
from .ratelimit import RateLimiter
from .reads import answer_read
from .rules import Rules
from .rules.answers import LinkUrls
from .seed import ApiKey, Registry, build_registry
from .spec import Operation, Spec, load_spec
from .storage.database import Database
from .timestamps import MonotonicClock, parse_rfc3339
from .writes import Writer

log = logging.getLogger("hoko_reference")


class AfterResponse:
    """A background task: frees a request's objects once its answer is sent, then ends the
    request's GC pause. Freeing 10,000 links' dicts takes ~25 ms, which then no longer delays the
    answer. If the answer is never sent (the client left), this happens when it is dropped."""

    def __init__(self, pause: GcPause, request_objects: list[object]) -> None:
        self._pause = pause
        self._objects = request_objects
        self._done = False

    async def __call__(self) -> None:
        self.release()

    def release(self) -> None:
        if self._done:
            return
        self._done = True
        self._objects.clear()
        self._pause.exit()

    def __del__(self) -> None:
        self.release()


class HokoServer:
    """Everything one app instance owns."""

    def __init__(
        self,
        spec: Spec,
        registry: Registry,
        db: Database,
        rules: Rules,
        link_base: str,
        faults: frozenset[str],
    ) -> None:
        self.spec = spec
        self.registry = registry
        self.db = db
        self.rules = rules
        self.faults = faults
        self.limiter = RateLimiter(rules)
        clock = MonotonicClock()
        for stamp in db.latest_updated_at():
            clock.advance_past(parse_rfc3339(stamp))
        self.writer = Writer(rules, clock)
        self.link_urls = LinkUrls(link_base)
        self._gc_pause = GcPause()

    def write(self, operation: Operation, key: ApiKey, items: list[Any]) -> tuple[bytes, object]:
        """Blocking: the answer to a checked batch, and the objects it was built from."""
        rules, workspace = self.rules, key.workspace.id
        if operation.resource == "links":
            links = rules.write_atomically(self.db, workspace, self.writer.links, items)
            return rules.link_answers(self.link_urls, links), links
        work = functools.partial(self.writer.records, operation.resource)
        records = rules.write_atomically(self.db, workspace, work, items)
        return rules.record_answers(operation.resource, records), records

    async def handle(self, request: Request) -> Response:
        self._gc_pause.enter()
        try:
            response = await self._handle(request)
        except BaseException:
            self._gc_pause.exit()
            raise
        if response.background is None:
            self._gc_pause.exit()
        # else AfterResponse ends the pause once it has freed the request's objects: a
        # collection before that would walk all of them for nothing.
        return response

    async def _handle(self, request: Request) -> Response:
        read = self.spec.reads.get((request.method, request.url.path))
        delete = self.spec.deletes.get((request.method, request.url.path))
        if read is not None or delete is not None:
            response = await (
                answer_read(self, request, read)
                if read is not None
                else answer_delete(self, request, delete)  # type: ignore[arg-type]
            )
            log.info("%s %s -> %d", request.method, request.url.path, response.status_code)
            return response
        operation = self.spec.operation(request.method, request.url.path)
        x = Exchange(self, request, operation)
        rules = self.rules
        try:
            payload, written = await x.run()
            response = Response(
                payload,
                status_code=rules.success_status(operation),
                headers=x.rate_headers,
                media_type="application/json",
                background=BackgroundTask(AfterResponse(self._gc_pause, [x.items, written])),
            )
        except ApiError as exc:
            response = error_response(exc, x.rate_headers)
        except Exception:
            # Never log the request itself: it may carry the key or passwords.
            log.exception(
                "unexpected error in %s (workspace %s)", operation.operation_id, x.workspace
            )
            response = error_response(ApiError(500, *INTERNAL), x.rate_headers)
        log.info(
            "%s %s -> %d (workspace %s)",
            request.method,
            request.url.path,
            response.status_code,
            x.workspace,
        )
        return response


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    rules: Rules = request.app.state.hoko.rules
    return rules.route_error(exc.status_code, str(exc.detail), exc.headers)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
    return error_response(ApiError(500, *INTERNAL))


# Links of an in-process server say where they came from, and can never be mistaken for (or
# resolve to) production short links: `.invalid` is a reserved top-level domain.
IN_PROCESS_LINK_BASE = "http://reference.hoko.invalid"


def create_app(
    *,
    db_path: str | os.PathLike[str] | None = None,
    base_url_for_links: str = IN_PROCESS_LINK_BASE,
    seed: Mapping[str, Any] | None = None,
    faults: Iterable[str] = (),
) -> Starlette:
    """The reference server as an ASGI app. `db_path=None` uses a fresh temporary database.
    `python -m hoko_reference` puts links under the server's own URL."""
    active = frozenset(faults)
    spec = load_spec()
    db = Database(None if db_path is None else os.fspath(db_path))
    server = HokoServer(
        spec, build_registry(seed), db, bind_faults(Rules(), active), base_url_for_links, active
    )
    routes = [Route(path, server.handle, methods=methods) for path, methods in spec.paths().items()]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        # Checkpoint rather than close: an app may run several lifespans (test harnesses do).
        db.checkpoint()

    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _unexpected},
        lifespan=lifespan,
    )
    # "/api/links/" is an unknown path (404 in the error shape), not a redirect.
    app.router.redirect_slashes = False
    app.state.hoko = server
    return app
