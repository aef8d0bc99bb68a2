"""The load users. `WireUser` sends raw requests through the suite's `Api`, so every response
runs through the check registry and the user's state model; `IsolationUser` does the same from
workspace B and tries to reach workspace A's objects; `HokoUser` drives the `hoko` client.

Users pause only where a 429 tells them to: the load is as heavy as the target answers.
"""

from __future__ import annotations

import itertools
import random
import time
from typing import Any

import gevent
import httpx
from locust import User, constant, task
from locust.exception import StopUser

from .. import profile, spec
from ..guarantees import ContractViolation
from ..http import Api, Result
from .ledger import Ledger, Owned, SharedSlot
from .mix import (
    ISOLATION_MARK,
    atomic_title,
    batch_size,
    link_edit,
    new_link,
    new_record,
    record_edit,
    shared_fields,
    shared_value,
)
from .node import NODE

SETUP_WAIT = 60.0  # seconds a user waits for the master's shared objects
MAX_OWNED = 20_000  # objects per resource a user's model keeps (and the audit checks)
READ_SETTLE = 1.0  # seconds a deployment's reads may lag its writes (documented profile)
_UNREAD = object()
_SEQ = itertools.count()


def _wait_for_setup() -> None:
    deadline = time.monotonic() + SETUP_WAIT
    while NODE.setup is None:
        if time.monotonic() > deadline:
            raise RuntimeError("the master never sent the shared objects")
        gevent.sleep(0.05)


class WireUser(User):
    """Raw HTTP in workspace A: creates, updates, mixed upserts, utm and geo edits and
    null-clears on its own objects; writes to its own field of a shared link, collection and
    partner; and tries to create links with externalIds other users try too."""

    abstract = False
    weight = 3
    wait_time = constant(0)
    key_var = "HOKO_API_KEY"
    writes_shared = True

    def on_start(self) -> None:
        _wait_for_setup()
        key_var = NODE.key_or_skip(self.key_var, type(self).__name__)
        if key_var is None:
            raise StopUser()
        seq = next(_SEQ)
        self.rng = random.Random(NODE.seed * 1_000_003 + seq + 7919 * _worker_index(self))
        self.api = Api(NODE.base_url, dict(NODE.keys), NODE.run_tag)
        self.own: dict[str, list[str]] = {"links": [], "collections": [], "partners": []}
        self.uncertain: set[str] = set()
        self.slots = self._claim_slots(seq)
        NODE.exporters.append(self.export)
        made = self.send("upsertCollections", [new_record(self.rng, "collections", self.tag)])
        assert NODE.setup is not None
        self.collection = str(made[0]["id"]) if made else NODE.setup.collection

    @property
    def tag(self) -> str:
        return NODE.run_tag

    def on_stop(self) -> None:
        self.api.close()

    def _claim_slots(self, seq: int) -> list[SharedSlot]:
        """This user's field of each shared object kind: dense over every user of every
        worker, so each field of each shared object has one writer."""
        assert NODE.setup is not None
        if not self.writes_shared:
            return []
        index = seq * _workers(self) + _worker_index(self)
        slots = []
        for resource, ids in NODE.setup.shared.items():
            fields = shared_fields(resource)
            if index // len(fields) < len(ids):
                obj_id, path = ids[index // len(fields)], fields[index % len(fields)]
                slot = SharedSlot(resource, obj_id, path, initial=NODE.setup.names.get(obj_id))
                if path != "name":
                    slot.initial = None
                NODE.ledger.shared[f"{slot.resource}/{slot.id}/{slot.path}"] = slot
                slots.append(slot)
        return slots

    # -- one request --------------------------------------------------------------------------

    def send(
        self, op_id: str, items: list[dict[str, Any]], *, track: bool = True, own: bool = True
    ) -> list[dict[str, Any]] | None:
        """Send, check, report; the answer's objects on a 2xx (None otherwise). A 429 is waited
        out as it says."""
        op = spec.operation(op_id)
        ids = {str(it["id"]) for it in items if "id" in it}
        self.uncertain |= ids
        started, sent = time.monotonic(), time.time()
        self.last_status: int | None = None
        try:
            res = self.api.send(op, items, key=NODE.key(self.key_var), retry_429=False, track=track)
        except httpx.TransportError as exc:
            NODE.report(None, [], label=op.label, size=len(items), started=started, error=exc)
            return None
        self.last_status = res.status
        NODE.note_quota(self.key_var, res, sent, time.time())
        NODE.report(res, res.take_violations(), label=op.label, size=len(items), started=started)
        if res.status == 429:
            self.api.wait_out(res)
        if not 200 <= res.status < 300 or not isinstance(res.json, list):
            if res.status < 500:
                self.uncertain -= ids  # a 4xx had no effect (G15)
            return None
        self.uncertain -= ids
        if op.resource == "links":
            NODE.ledger.links_written += len(items)
        if own:
            keep = self._tracks(op.resource)
            for item, obj in zip(items, res.json, strict=False):
                if "id" not in item and isinstance(obj, dict) and isinstance(obj.get("id"), str):
                    if keep:
                        self.own[op.resource].append(obj["id"])
                    else:  # past the bound: checked on the way, not audited
                        self.api.state.forget(obj["id"])
        return res.json

    def _tracks(self, resource: str) -> bool:
        """Whether this user's model takes in more objects: a bound, so that a long run's
        ledger (sent to the master at the end) stays small."""
        return len(self.own[resource]) < MAX_OWNED

    def _pick(self, resource: str, n: int) -> list[str]:
        known = self.own[resource]
        return self.rng.sample(known, min(n, len(known))) if known else []

    # -- tasks --------------------------------------------------------------------------------

    @task(3)
    def create_links(self) -> None:
        n = batch_size(self.rng, NODE.max_batch)
        items = [new_link(self.rng, self.tag, self.collection) for _ in range(n)]
        self.send("createLinks", items)

    @task(3)
    def update_links(self) -> None:
        ids = self._pick("links", batch_size(self.rng, NODE.max_batch))
        if ids:
            self.send("upsertLinks", [link_edit(self.rng, i) for i in ids])

    @task(2)
    def mixed_upsert(self) -> None:
        n = batch_size(self.rng, NODE.max_batch)
        ids = self._pick("links", n // 2)
        items = [link_edit(self.rng, i) for i in ids]
        items += [new_link(self.rng, self.tag, self.collection) for _ in range(n - len(ids))]
        self.rng.shuffle(items)
        self.send("upsertLinks", items)

    @task(1)
    def upsert_records(self) -> None:
        resource = self.rng.choice(("collections", "partners"))
        ids = self._pick(resource, self.rng.randint(0, 20))
        items = [record_edit(self.rng, resource, i) for i in ids]
        items += [new_record(self.rng, resource, self.tag) for _ in range(self.rng.randint(1, 20))]
        self.send(spec.upsert_for(resource).op_id, items)

    @task(6)
    def write_shared(self) -> None:
        """This user's field of a shared object, nothing else: every user's last write must
        survive the others' (G9 for utm keys, G5-G7 otherwise). Once answered, only this user
        writes that field, so each read before the next write must show it."""
        if not self.slots:
            return
        slot = self.rng.choice(self.slots)
        self._check_slot(slot)
        value = shared_value(self.rng, self.tag, slot.path)
        slot.pending = value
        op = spec.upsert_for(slot.resource).op_id
        answer = self.send(op, [slot.item(value)], track=False, own=False)
        if answer is not None:
            slot.acked, slot.pending = value, None
        elif self.last_status is None:
            # No answer: the write may still land at any time, so this field has no writer now.
            self.slots.remove(slot)
        elif self.last_status < 500:
            slot.pending = None  # an answered 4xx had no effect (G15)

    @task(1)
    def contest_external_id(self) -> None:
        """A batch whose last create takes an externalId other users try too: at most one link
        may carry it (G14), and a batch that fails for it must leave none of its other links
        behind (G15), both checked by the audit."""
        assert NODE.setup is not None
        if not NODE.setup.contested:
            return
        items = [
            new_link(self.rng, self.tag, self.collection) for _ in range(self.rng.randint(0, 9))
        ]
        tokens = [f"{self.rng.getrandbits(64):016x}" for _ in items]
        for item, token in zip(items, tokens, strict=True):
            item["title"] = atomic_title(self.tag, token)
        contested = new_link(self.rng, self.tag, self.collection)
        contested["externalId"] = self.rng.choice(NODE.setup.contested)
        answer = self.send("createLinks", [*items, contested])
        if answer is None and self.last_status is not None and self.last_status < 500:
            NODE.ledger.absent.extend(tokens)  # answered 4xx: none of them may exist

    def _check_slot(self, slot: SharedSlot) -> None:
        """Read the field back. Our GET shows every answered write (D36): a miss is a lost
        update. Hoko promises nothing about replicas, so in the documented profile a miss is
        read again after READ_SETTLE seconds, and only one that persists counts (nobody else
        writes this field, so no later write can explain it)."""
        got = self._read_slot(slot)
        if got is _UNREAD or slot.holds(got):
            return
        if not profile.documented():
            self._lost(slot, got, " (D36)")
            return
        NODE.ledger.suspects += 1
        gevent.sleep(READ_SETTLE)
        again = self._read_slot(slot)
        if again is not _UNREAD and not slot.holds(again):
            self._lost(slot, again, f" (still so {READ_SETTLE:g} s later)")

    def _lost(self, slot: SharedSlot, got: Any, why: str) -> None:
        NODE.ledger.violations.add(slot.guarantee, slot.lost(got) + why)

    def _read_slot(self, slot: SharedSlot) -> Any:
        """The field as the server's GET shows it; _UNREAD when it could not be read."""
        path = spec.auxiliary_path(slot.resource, "GET")
        if path is None or slot.resource in self.api.no_reads:
            return _UNREAD
        started = time.monotonic()
        try:
            resp = self.api.raw("GET", f"{path}?id={slot.id}&take=1", key=NODE.key(self.key_var))
        except httpx.TransportError as exc:
            NODE.report(None, [], label=f"GET {path}", size=1, started=started, error=exc)
            return _UNREAD
        res = Result.of(None, resp, None)
        self.api.check(res, authenticated=True, track=False)
        NODE.report(res, res.take_violations(), label=f"GET {path}", size=1, started=started)
        if res.status in (404, 405):
            self.api.no_reads.add(slot.resource)
        if res.status == 429:
            self.api.wait_out(res)
        if res.status == 200 and isinstance(res.json, list) and res.json:
            return slot.value_in(res.json[0])
        return _UNREAD

    # -- the end ------------------------------------------------------------------------------

    def export(self, ledger: Ledger) -> None:
        for obj_id, known in self.api.state.objects.items():
            if known.resource in self.own:
                ledger.owned.append(
                    Owned(
                        known.resource,
                        obj_id,
                        self.key_var,
                        dict(known.state),
                        uncertain=obj_id in self.uncertain,
                    )
                )


class IsolationUser(WireUser):
    """Workspace B: its own objects like `WireUser`, and attempts on workspace A's shared links
    and collection, each of which must fail (G21, G13)."""

    weight = 1
    key_var = "HOKO_API_KEY_OTHER"
    writes_shared = False

    @task(2)
    def reach_into_a(self) -> None:
        assert NODE.setup is not None
        if not NODE.setup.shared.get("links"):
            return
        target = self.rng.choice(NODE.setup.shared["links"])
        self._must_fail(
            "upsertLinks", [{"id": target, "title": ISOLATION_MARK}], "G21", "update A's link"
        )
        ref = new_link(self.rng, self.tag, NODE.setup.collection)
        self._must_fail("createLinks", [ref], "G13", "link into A's collection")

    def _must_fail(self, op_id: str, items: list[dict[str, Any]], gid: str, what: str) -> None:
        op = spec.operation(op_id)
        started = time.monotonic()
        try:
            res = self.api.send(op, items, key=NODE.key(self.key_var), retry_429=False)
        except httpx.TransportError as exc:
            NODE.report(None, [], label=op.label, size=1, started=started, error=exc)
            return
        found = res.take_violations()
        if 200 <= res.status < 300:
            found.append(ContractViolation(gid, f"workspace B could {what}: {res.describe()}"))
        NODE.report(res, found, label=f"{op.method} {op.path} (from B)", size=1, started=started)
        if res.status == 429:
            self.api.wait_out(res)


def _worker_index(user: User) -> int:
    return max(0, int(getattr(user.environment.runner, "worker_index", 0) or 0))


def _workers(user: User) -> int:
    options = user.environment.parsed_options
    return max(1, int(getattr(options, "expect_workers", 1) or 1)) if options else 1
