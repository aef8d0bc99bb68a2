"""The ASGI app: routes and per-request checks, in the order D15 fixes."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from .auth import authenticate, authorize
from .body import parse_json_array, read_json_body
from .errors import INTERNAL, METHOD_NOT_ALLOWED, NOT_FOUND, ApiError, error_response
from .faults import Faults
from .gcpause import GcPause
from .ratelimit import RateLimiter
from .seed import ApiKey, Registry, build_registry
from .serialize import Serializer
from .spec import Operation, Spec, load_spec
from .storage import Store
from .validation import validate_batch

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
    """Everything one app instance owns; handlers are thin methods on it."""

    def __init__(
        self,
        spec: Spec,
        registry: Registry,
        store: Store,
        serializer: Serializer,
        limiter: RateLimiter,
        faults: Faults,
    ) -> None:
        self.spec = spec
        self.registry = registry
        self.store = store
        self.serializer = serializer
        self.limiter = limiter
        self.faults = faults
        self._gc_pause = GcPause()
        self._handlers: dict[str, Callable[[str, list[Any]], tuple[bytes, object]]] = {
            "createLinks": self._links,
            "upsertLinks": self._links,
            "upsertCollections": self._collections,
            "upsertPartners": self._partners,
        }
        missing = {op.operation_id for op in spec.operations.values()} - self._handlers.keys()
        if missing:
            raise RuntimeError(f"the spec has operations this server does not implement: {missing}")

    # Each returns the answer and the objects it was built from (see AfterResponse).

    def _links(self, workspace: str, items: list[Any]) -> tuple[bytes, object]:
        links = self.store.upsert_links(workspace, items)
        return self.serializer.links(links), links

    def _collections(self, workspace: str, items: list[Any]) -> tuple[bytes, object]:
        records = self.store.upsert_collections(workspace, items)
        return self.serializer.collections(records), records

    def _partners(self, workspace: str, items: list[Any]) -> tuple[bytes, object]:
        records = self.store.upsert_partners(workspace, items)
        return self.serializer.partners(records), records

    async def _valid_body(self, request: Request, operation: Operation, key: ApiKey) -> list[Any]:
        return self._parse_and_check(await read_json_body(request, self.faults), operation, key)

    def _parse_and_check(self, raw: bytes, operation: Operation, key: ApiKey) -> list[Any]:
        items = parse_json_array(raw)
        validate_batch(operation, items, key.workspace.plan, self.faults)
        return items

    def _run(self, operation: Operation, workspace: str, items: list[Any]) -> tuple[bytes, object]:
        return self._handlers[operation.operation_id](workspace, items)

    async def _execute(
        self, operation: Operation, workspace: str, items: list[Any]
    ) -> tuple[bytes, object]:
        return await run_in_threadpool(self._run, operation, workspace, items)

    def _parse_check_and_run(
        self, raw: bytes, operation: Operation, key: ApiKey
    ) -> tuple[list[Any], bytes, object]:
        items = self._parse_and_check(raw, operation, key)
        return (items, *self._run(operation, key.workspace.id, items))

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
        operation = self.spec.operation(request.method, request.url.path)
        faults = self.faults if self.faults else None
        rate_headers: dict[str, str] = {}
        workspace = "-"
        items: list[Any] | None = None
        try:
            # D15: 401 auth -> 403 scope -> 429 rate limit -> 400/413 body.
            key = authenticate(self.registry, request.headers.get("authorization"), self.faults)
            workspace = key.workspace.id
            if faults and faults.on("body-before-scope"):
                items = await self._valid_body(request, operation, key)
            try:
                authorize(key, operation, self.spec, self.faults)
            except ApiError as exc:
                exc.headers.update(self.limiter.peek(key))
                raise
            if items is None and faults and faults.on("body-before-rate-limit"):
                items = await self._valid_body(request, operation, key)
            try:
                rate_headers = self.limiter.consume(key)
            except ApiError:
                if faults and faults.on("rate-limited-request-writes"):
                    if items is None:
                        items = await self._valid_body(request, operation, key)
                    await self._execute(operation, workspace, items)
                raise
            if items is None:
                # Parsing and checking a 10,000-item body takes ~50 ms: on the worker thread
                # with the write, so the event loop keeps serving other connections meanwhile.
                raw = await read_json_body(request, self.faults)
                items, payload, written = await run_in_threadpool(
                    self._parse_check_and_run, raw, operation, key
                )
            else:
                payload, written = await self._execute(operation, workspace, items)
            status = operation.success_status
            if faults and faults.on("put-returns-201") and operation.method == "PUT":
                status = 201
            if faults and faults.on("post-returns-200") and operation.method == "POST":
                status = 200
            response = Response(
                payload,
                status_code=status,
                headers=rate_headers,
                media_type="application/json",
                background=BackgroundTask(AfterResponse(self._gc_pause, [items, written])),
            )
        except ApiError as exc:
            response = error_response(exc, rate_headers)
        except Exception:
            # Never log the request itself: it may carry the key or passwords.
            log.exception(
                "unexpected error in %s (workspace %s)", operation.operation_id, workspace
            )
            response = error_response(ApiError(500, *INTERNAL), rate_headers)
        log.info(
            "%s %s -> %d (workspace %s)",
            request.method,
            request.url.path,
            response.status_code,
            workspace,
        )
        return response


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    faults: Faults = request.app.state.hoko.faults
    if exc.status_code == 404 and faults and faults.on("not-found-plain-text"):
        return PlainTextResponse("Not Found", status_code=404)
    if exc.status_code == 404:
        err = ApiError(404, *NOT_FOUND)
    elif exc.status_code == 405:
        err = ApiError(405, *METHOD_NOT_ALLOWED)
    else:
        err = ApiError(exc.status_code, str(exc.detail) or "Error", "خطأ")
    return error_response(err, exc.headers)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
    return error_response(ApiError(500, *INTERNAL))


def create_app(
    *,
    db_path: str | os.PathLike[str] | None = None,
    base_url_for_links: str = "https://hoko.to",
    seed: Mapping[str, Any] | None = None,
    faults: Iterable[str] = (),
) -> Starlette:
    """The reference server as an ASGI app. `db_path=None` uses a fresh temporary database."""
    active = Faults(faults)
    spec = load_spec()
    registry = build_registry(seed)
    store = Store(None if db_path is None else os.fspath(db_path), active)
    server = HokoServer(
        spec,
        registry,
        store,
        Serializer(base_url_for_links, active),
        RateLimiter(active),
        active,
    )

    routes = [Route(path, server.handle, methods=methods) for path, methods in spec.paths().items()]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        # Checkpoint rather than close: an app may run several lifespans (test harnesses do).
        store.checkpoint()

    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _unexpected},
        lifespan=lifespan,
    )
    # "/api/links/" is an unknown path (404 in the error shape), not a redirect.
    app.router.redirect_slashes = False
    app.state.hoko = server
    return app
