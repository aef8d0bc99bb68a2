"""The `hoko` client under load: its retries and 429 handling, measured through Locust's request
events (one per HTTP attempt, and one per client call), and its effect audited at the end.

Each create carries a token in its title (`mix.token_title`); the audit counts the tokens in
the workspace: a token the client saw created must be there once (no lost row), none may be
there twice (no duplicate from a retry).
"""

from __future__ import annotations

import random
import time
import uuid
from typing import Any

import hoko
import httpx
from locust import User, constant, task
from locust.exception import StopUser

from .. import spec
from ..guarantees import ContractViolation
from ..http import Result
from ..secrets import reveal
from .ledger import Ledger
from .mix import batch_size, new_link, token_of, token_title, utm_keys
from .node import NODE
from .users import _wait_for_setup


class HokoUser(User):
    """Creates and updates links through `hoko.Hoko` on the rate-limited key: under a 429 storm
    the client must wait, retry, and neither duplicate nor lose a row."""

    weight = 2
    wait_time = constant(0)
    key_var = "HOKO_API_KEY_RATE_LIMITED"

    def on_start(self) -> None:
        _wait_for_setup()
        assert NODE.setup is not None
        key_var = NODE.key_or_skip(self.key_var, "HokoUser", fallback="HOKO_API_KEY")
        if key_var is None:
            raise StopUser()
        self.key_var = key_var
        self.rng = random.Random(NODE.seed * 7_777_777 + id(self))
        self.own: list[str] = []
        http = httpx.Client(
            base_url=NODE.base_url,
            timeout=60.0,
            event_hooks={"request": [self._sent], "response": [self._answered]},
        )
        self.client = hoko.Hoko(
            api_key=reveal(NODE.key(self.key_var)), base_url=NODE.base_url, http_client=http
        )
        self.collection = NODE.setup.collection
        NODE.exporters.append(self.export)

    def on_stop(self) -> None:
        self.client.close()

    # -- every HTTP attempt -------------------------------------------------------------------

    def _sent(self, request: httpx.Request) -> None:
        request.extensions["hoko_load_sent"] = (time.monotonic(), time.time())

    def _answered(self, response: httpx.Response) -> None:
        started, sent = response.request.extensions.get("hoko_load_sent", (0.0, 0.0))
        op = _operation(response.request)
        res = Result(op, response.status_code, response.headers, "", None, None)
        NODE.note_quota(self.key_var, res, sent, time.time())
        found = []
        if response.status_code >= 500:
            found.append(
                ContractViolation("G2", f"{op.label if op else '?'} -> {response.status_code}")
            )
        label = f"{response.request.method} {response.request.url.path} (hoko attempt)"
        NODE.report(res, found, label=label, size=_size(response.request), started=started)

    # -- tasks --------------------------------------------------------------------------------

    @task(3)
    def create(self) -> None:
        n = batch_size(self.rng, NODE.max_batch)
        tokens = [uuid.UUID(int=self.rng.getrandbits(128)).hex for _ in range(n)]
        items = []
        for t in tokens:
            item = new_link(self.rng, NODE.run_tag, self.collection)
            item["title"] = token_title(NODE.run_tag, t)
            items.append(item)
            NODE.ledger.tokens[t] = "maybe"
        done = self._call("links.create", len(items), lambda: self.client.links.create(items))
        if done is not None:
            for t, link in zip(tokens, done, strict=True):
                NODE.ledger.tokens[t] = "acked"
                self.own.append(str(link.id))

    @task(1)
    def update(self) -> None:
        if not self.own:
            return
        ids = self.rng.sample(self.own, min(len(self.own), batch_size(self.rng, NODE.max_batch)))
        items = [{"id": i, "utm": {self.rng.choice(utm_keys()): "hoko"}} for i in ids]
        self._call("links.upsert", len(items), lambda: self.client.links.upsert(items))

    def _call(self, name: str, size: int, fn: Any) -> Any:
        """One client call as one Locust request; a BulkError's completed chunks still count."""
        started = time.monotonic()
        try:
            result = fn()
        except hoko.BulkError as exc:
            NODE.report(None, [], label=f"hoko {name}", size=size, started=started, error=exc)
            self._completed(exc)
            return None
        except hoko.HokoError as exc:
            NODE.report(None, [], label=f"hoko {name}", size=size, started=started, error=exc)
            return None
        NODE.report(None, [], label=f"hoko {name}", size=size, started=started)
        NODE.ledger.links_written += size
        return result

    def _completed(self, exc: hoko.BulkError[Any]) -> None:
        for _index, link in exc.results():
            token = token_of(NODE.run_tag, getattr(link, "title", None))
            if token is not None:
                NODE.ledger.tokens[token] = "acked"

    def export(self, ledger: Ledger) -> None:
        """The tokens are in the ledger already."""


def _operation(request: httpx.Request) -> spec.Operation | None:
    for op in spec.operations():
        if op.method == request.method and op.path == request.url.path:
            return op
    return None


def _size(request: httpx.Request) -> int:
    body = request.content if request.stream is not None else b""
    return max(1, body.count(b'"url"')) if body else 1
