"""The audit after the load stops: the server's final state against what the users saw.

- Every object a user created and kept writing alone must read as its model says (the suite's
  read-back path: Hoko's GET, paged; a target without it gets the no-op update, D25).
- Each shared link must show every user's last write on that user's utm key (G9): a write lost
  between two writers shows here.
- Workspace B's attempts on A's objects must have left no trace (G21).
- Every create the hoko client saw succeed must be there once, none twice.
- No key may have been served more than a window limiter allows (G31, D34).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from .. import model, profile, spec
from ..guarantees import ContractViolation
from ..http import Api
from .ledger import Ledger, over_quota
from .mix import ATOMIC_MARK, ISOLATION_MARK, token_of
from .node import Node, Setup

MAX_PAGES = 50  # of the GET's largest page: a bound on what an audit reads


@dataclass
class Audit:
    objects: int = 0
    skipped_uncertain: int = 0
    shared_slots: int = 0
    tokens: int = 0
    duplicates: int = 0
    lost: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def page_size() -> int:
    for param in spec.load_spec()["components"]["parameters"].values():
        if param.get("name") == "take":
            return int(param["schema"]["maximum"])
    return 100


def _violate(ledger: Ledger, gid: str, message: str) -> None:
    kept = profile.divert(ContractViolation(gid, message))
    if kept is not None:
        for g in kept.guarantees:
            ledger.violations.add(g, message)


def listing(
    api: Api, node: Node, key_var: str, resource: str, ledger: Ledger
) -> dict[str, Any] | None:
    """Every object of `resource` the key's workspace holds (up to MAX_PAGES pages), by id;
    None when the target offers no GET for it."""
    path = spec.auxiliary_path(resource, "GET")
    if path is None:
        return None
    take = page_size()
    out: dict[str, Any] = {}
    for page in range(MAX_PAGES):
        query = urlencode({"take": take, "skip": page * take})
        res = api.request_waiting("GET", f"{path}?{query}", key=node.key(key_var))
        for v in res.take_violations():
            for g in v.guarantees:
                ledger.violations.add(g, str(v))
        if res.status in (404, 405):
            return None
        if res.status != 200 or not isinstance(res.json, list):
            ledger.violations.add(
                "G2" if res.status >= 500 else "G25", f"audit read: {res.describe()}"
            )
            return out
        out.update({str(o.get("id")): o for o in res.json if isinstance(o, dict)})
        if len(res.json) < take:
            return out
    return out


def _noop_read(api: Api, node: Node, key_var: str, resource: str, ids: list[str]) -> dict[str, Any]:
    """D25: the objects as a no-op update answers them, for a target without the GET."""
    out: dict[str, Any] = {}
    op = spec.upsert_for(resource)
    for start in range(0, len(ids), 1000):
        chunk = [{"id": i} for i in ids[start : start + 1000]]
        res = api.send(op, chunk, key=node.key(key_var), track=False)
        res.take_violations()
        if isinstance(res.json, list):
            out.update({str(o.get("id")): o for o in res.json if isinstance(o, dict)})
    return out


def run(node: Node, ledger: Ledger, setup: Setup) -> Audit:
    audit = Audit()
    api = Api(node.base_url, dict(node.keys), node.run_tag)
    try:
        views: dict[tuple[str, str], dict[str, Any]] = {}

        def view(key_var: str, resource: str, ids: list[str]) -> dict[str, Any]:
            if (key_var, resource) not in views:
                got = listing(api, node, key_var, resource, ledger)
                if got is None:
                    audit.notes.append(f"{resource}: no GET, read back by no-op updates (D25)")
                    got = _noop_read(api, node, key_var, resource, ids)
                views[key_var, resource] = got
            return views[key_var, resource]

        _owned(ledger, audit, view)
        _shared(ledger, setup, audit, view)
        workspaces = [k for k in ("HOKO_API_KEY", "HOKO_API_KEY_OTHER") if node.keys.get(k)]
        _unique(node.run_tag, ledger, setup, view, workspaces)
        if "HOKO_API_KEY_OTHER" in workspaces:
            _isolated(ledger, setup, view)
        storm = "HOKO_API_KEY_RATE_LIMITED"
        _tokens(
            node.run_tag, ledger, audit, view, storm if node.keys.get(storm) else "HOKO_API_KEY"
        )
    finally:
        api.close()
    audit.notes += ledger.notes
    if ledger.suspects:
        audit.notes.append(
            f"{ledger.suspects} read(s) during the load missed their writer's last write at "
            "first; in the documented profile only a miss that persisted counts"
        )
    for key_var, rows in ledger.rate.items():
        problem = over_quota(rows)
        if problem is not None:
            _violate(ledger, "G31", f"{key_var}: {problem} (D34)")
    return audit


def _owned(ledger: Ledger, audit: Audit, view: Any) -> None:
    by_kind: dict[tuple[str, str], list[str]] = {}
    for o in ledger.owned:
        by_kind.setdefault((o.key, o.resource), []).append(o.id)
    for o in ledger.owned:
        if o.uncertain:
            audit.skipped_uncertain += 1
            continue
        audit.objects += 1
        obj = view(o.key, o.resource, by_kind[o.key, o.resource]).get(o.id)
        if obj is None:
            _violate(ledger, "G4", f"{o.resource} {o.id} was answered 2xx but is gone")
            continue
        expected = model.normalise(o.resource, o.state)
        for m in model.diff(o.resource, expected, obj, {}, created=False):
            _violate(ledger, m.guarantee, f"final state of {o.resource} {o.id}: {m}")


def _shared(ledger: Ledger, setup: Setup, audit: Audit, view: Any) -> None:
    for slot in ledger.shared.values():
        audit.shared_slots += 1
        obj = view("HOKO_API_KEY", slot.resource, setup.shared.get(slot.resource, [])).get(slot.id)
        if obj is None:
            _violate(ledger, "G4", f"shared {slot.resource} {slot.id} is gone")
            continue
        got = slot.value_in(obj)
        if not slot.holds(got):
            _violate(ledger, slot.guarantee, slot.lost(got))
    links = view("HOKO_API_KEY", "links", setup.shared.get("links", []))
    for link_id in setup.shared.get("links", []):
        obj = links.get(link_id)
        if obj is not None and obj.get("title") == ISOLATION_MARK:
            _violate(ledger, "G21", f"workspace B's update of A's link {link_id} took effect")


def _atomic_token(tag: str, title: Any) -> str | None:
    parts = title.split(" ") if isinstance(title, str) else []
    return parts[2] if len(parts) == 3 and parts[:2] == [tag, ATOMIC_MARK] else None


def _isolated(ledger: Ledger, setup: Setup, view: Any) -> None:
    """Workspace B's listings show none of A's objects (G21)."""
    a_ids = {o.id for o in ledger.owned if o.key != "HOKO_API_KEY_OTHER"}
    a_ids |= {i for ids in setup.shared.values() for i in ids}
    for resource in ("links", "collections", "partners"):
        seen = a_ids & set(view("HOKO_API_KEY_OTHER", resource, []))
        if seen:
            _violate(ledger, "G21", f"workspace B lists {len(seen)} of A's {resource}: {min(seen)}")


def _unique(tag: str, ledger: Ledger, setup: Setup, view: Any, key_vars: list[str]) -> None:
    """Across every user and worker, among this run's links: a contested externalId on one link
    at most (G14), and no shortUrl on two links (G4)."""
    absent = set(ledger.absent)
    for key_var in key_vars:
        links = {i: o for i, o in view(key_var, "links", []).items() if o.get("tenantId") == tag}
        left = [o["id"] for o in links.values() if _atomic_token(tag, o.get("title")) in absent]
        if left:
            _violate(
                ledger,
                "G15",
                f"{len(left)} link(s) of batches answered 4xx were written anyway: {left[0]}",
            )
        contested = set(setup.contested)
        owners = Counter(o.get("externalId") for o in links.values())
        for ext in sorted(contested):
            if owners.get(ext, 0) > 1:
                _violate(ledger, "G14", f"externalId {ext} is on {owners[ext]} links")
        codes = Counter(o.get("shortUrl") for o in links.values() if o.get("shortUrl"))
        twice = [u for u, n in codes.items() if n > 1]
        if twice:
            _violate(
                ledger, "G4", f"{len(twice)} shortUrl(s) on two links or more, e.g. {twice[0]}"
            )


def _tokens(tag: str, ledger: Ledger, audit: Audit, view: Any, key_var: str) -> None:
    if not ledger.tokens:
        return
    links = view(key_var, "links", [])
    seen = Counter(t for o in links.values() if (t := token_of(tag, o.get("title"))) is not None)
    audit.tokens = len(ledger.tokens)
    for token, how in ledger.tokens.items():
        n = seen.get(token, 0)
        if n > 1:
            audit.duplicates += 1
        elif n == 0 and how == "acked":
            audit.lost += 1
    if audit.duplicates:
        audit.notes.append(f"hoko client: {audit.duplicates} create(s) stored more than once")
    if audit.lost:
        audit.notes.append(f"hoko client: {audit.lost} acknowledged create(s) missing")
