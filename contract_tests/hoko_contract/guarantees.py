"""The guarantee catalogue: what the contract suite certifies, as data.

GUARANTEES.md is the human-readable form; `families` maps the reference server's fault families
(hoko_reference.faults) to guarantees so the mutation runner can tell "killed by the expected
guarantee" from "killed by accident".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOCUMENTED = "documented"
DECISION = "decision"


@dataclass(frozen=True)
class Guarantee:
    """One certified property. `basis` says what it rests on: `documented` (Hoko's docs; `cites`
    names the passage) or `decision` (one of ours; `cites` names the D-numbers of
    openapi/DECISIONS.md). Each guarantee has one basis: a property that mixes both is split."""

    id: str
    title: str
    basis: str
    cites: str
    families: tuple[str, ...] = ()

    @property
    def decisions(self) -> tuple[str, ...]:
        return tuple(re.findall(r"D\d+", self.cites)) if self.basis == DECISION else ()

    @property
    def source(self) -> str:
        return self.cites


def doc(gid: str, title: str, cites: str, *families: str) -> Guarantee:
    return Guarantee(gid, title, DOCUMENTED, cites, families)


def dec(gid: str, title: str, cites: str, *families: str) -> Guarantee:
    return Guarantee(gid, title, DECISION, cites, families)


PARTIAL = ("partial-update-links", "partial-update-collections", "partial-update-partners")

GUARANTEES: tuple[Guarantee, ...] = (
    doc(
        "G1",
        "Every answer is JSON with Content-Type application/json; a success is an array of "
        "objects carrying the fields every example shows (links: id, url, shortUrl, qrCode, "
        "createdAt; collections and partners: id, name)",
        "facts §0 'Successful write responses'; the response examples of seeds 000-003",
        "status-codes",
        "error-shape",
        "created-fields",
        "robustness",
    ),
    doc(
        "G2",
        "Malformed JSON and a body that is not an array get 400; no request, however bad, "
        "gets a 5xx",
        "docs/errors: '400: malformed request', '500: an unexpected server error'",
        "robustness",
        "body-validation",
    ),
    doc(
        "G3",
        "Ordering on PUT /api/links: response[i] answers request[i], same length",
        "seed 000: 'in the same order as the input array'",
        "ordering",
        "concurrent-answers",
    ),
    doc(
        "G4",
        "Created objects: a UUID id of their own; every sent field the answer shows has the "
        "sent value; links get a unique shortUrl (<base>/<code>) and a qrCode that encodes it",
        "seed 001: 'a short URL and QR code URL', field table 'string (UUID)', the 201 examples",
        "created-fields",
    ),
    doc(
        "G5",
        "Partial update of links: sent fields applied, omitted fields keep their value",
        "seed 000 'Upsert Behavior': 'Only the fields you send are updated'",
        "partial-update-links",
        "concurrent-writes",
    ),
    doc(
        "G6",
        "Partial update of collections: sent fields applied, omitted fields keep their value",
        "seed 003: 'only the fields you send change'",
        "partial-update-collections",
        "concurrent-writes",
    ),
    doc(
        "G7",
        "Partial update of partners: sent fields applied, omitted fields keep their value",
        "seed 002: 'only the fields you send change'",
        "partial-update-partners",
        "concurrent-writes",
    ),
    doc(
        "G8",
        "null clears an optional field on PUT (the targeting fields, title, description, utm, "
        "geo, ...); cloaked false clears it",
        "seed 000: 'To clear an optional field, send it explicitly as null', cloaked 'Send "
        "false/null to clear'; seeds 002/003: 'To clear a value, send it explicitly as null'",
        "null-clear",
        *PARTIAL,
    ),
    doc(
        "G9",
        "utm merges key by key on PUT: keys not sent keep their value",
        "seed 000: 'Only the provided UTM keys are updated'",
        "utm",
        "concurrent-writes",
    ),
    dec(
        "G10",
        "geo on PUT replaces the whole map",
        "D13",
        "geo",
    ),
    doc(
        "G11",
        "Timestamps: createdAt on every object, an ISO 8601 date-time with a time zone",
        "seeds 000-003 response examples ('2024-01-01T00:00:00Z'), seed 001 'ISO date-time'",
        "created-fields",
    ),
    doc(
        "G12",
        "Idempotence: applying the same update twice gives the same state",
        "seeds 000/002/003 partial-update rules (an update sets what it sends)",
        *PARTIAL,
    ),
    doc(
        "G13",
        "Existence: an unknown id, or a collectionId that is not the workspace's, fails the "
        "request with a 4xx error",
        "seeds 000/002/003: 'If the ID does not exist, the request fails'; seeds 000/001: "
        "collectionId 'Must be an existing collection in the workspace'",
        "existence",
        "workspace-isolation",
    ),
    doc(
        "G14",
        "Uniqueness: an externalId used twice in the workspace (in the batch or by another "
        "link) fails the request with a 4xx error; re-sending a link's own externalId is fine",
        "seeds 000/001: externalId 'Must be unique within your workspace'",
        "uniqueness",
    ),
    dec(
        "G15",
        "Atomicity: a failing batch writes nothing (proved by read-back)",
        "D4",
        "atomicity",
    ),
    doc(
        "G16",
        "Batch limits: more than 10,000 items are rejected with a 4xx error; partners accept "
        "10,000 and reject an empty array",
        "seeds 000/001/003: 'up to 10,000'; seed 002: 'Requests above 10,000 items are "
        "rejected', 'at least one partner object'",
        "batch-limits",
    ),
    dec(
        "G17",
        "Plan cap: a basic-plan key may send 100 items, not 101 (400)",
        "D7 (the spec's x-plans)",
        "plan-cap",
    ),
    doc(
        "G18",
        "Plan gates: setting a gated field on a plan without the feature is rejected with a "
        "4xx error; on a plan with every feature it is accepted",
        "seeds 000/001: 'Setting a value needs link expiration' (and the other entitlements)",
        "plan-gates",
    ),
    doc(
        "G19",
        "Authentication: no key or a bad key gets 401; Bearer and bare keys are accepted",
        "docs/authentication: 401 causes; 'Bearer <API_KEY>' and the bare key 'for convenience'",
        "auth",
    ),
    doc(
        "G20",
        "Scopes: a key without a write scope gets 403 with missingScopes, a non-empty array "
        "of scope names (on links and collections the one the docs name), and writes nothing",
        "seeds 000-003: 403 'Missing required scopes', missingScopes [linksWrite] (000, 001), "
        "[collectionsWrite] (003)",
        "scopes",
    ),
    doc(
        "G21",
        "Workspace isolation: another workspace's key cannot update (or, under load, list) "
        "workspace A's objects, and externalId uniqueness is per workspace",
        "seeds 000/002/003: the id 'must exist in the workspace or the request fails'; seeds "
        "000/001: 'unique within your workspace'; facts §0.3: 'Keys are per workspace'",
        "workspace-isolation",
    ),
    dec(
        "G22",
        "Check order: 401 auth, then 403 scope, then 429 rate limit, then 400/413 body",
        "D15",
        "check-order",
    ),
    doc(
        "G23",
        "Rate limit: a 429 in the error shape with an integer retryAfter and X-RateLimit-* "
        "headers; after waiting retryAfter the request succeeds",
        "seeds 000-003: 429 'Rate limit exceeded', retryAfter: 60, 'Check X-RateLimit-* "
        "headers'; docs/errors: 'Wait for the retryAfter period'",
        "rate-limit",
    ),
    doc(
        "G24",
        "Error shape: every error has non-empty error.en (English) and error.ar (Arabic) as "
        "JSON; an unknown path gets 404",
        "facts §0.1 (seeds 000-003 error bodies); docs/errors: bilingual messages, '404: "
        "Returned for unknown endpoints'",
        "error-shape",
    ),
    doc(
        "G25",
        "Status codes: POST answers 201, PUT answers 200 (also when every item is a create)",
        "seed 001: 201 'Links created successfully'; seeds 000/002/003: 200 'updated or created'",
        "status-codes",
    ),
    dec(
        "G26",
        "Client readability: every response body parses with the generated hoko_client models",
        "D20, D23 (the spec's response schemas, from which the models are generated)",
        "created-fields",
        "error-shape",
        "status-codes",
    ),
    dec(
        "G27",
        "Batch bounds as decided: [] is rejected on every operation, 10,000 items succeed on "
        "links and collections, and every bound's rejection is a 400",
        "D7",
        "batch-limits",
    ),
    dec(
        "G28",
        "Existence as decided: an unknown or foreign id or reference gets 400 (not 404), and "
        "partnerId must exist in the workspace",
        "D3, D14, D29",
        "existence",
        "workspace-isolation",
    ),
    dec(
        "G29",
        "Uniqueness as decided: the same id twice in a batch and a duplicate externalId get 400",
        "D14",
        "uniqueness",
        "uniqueness-decided",
    ),
    dec(
        "G30",
        "Plan gates as decided: 403 without missingScopes, nothing written; clearing (null, "
        "cloaked false) is never gated",
        "D8",
        "plan-gates",
        "plan-gates-decided",
    ),
    dec(
        "G31",
        "Rate-limit headers as decided: X-RateLimit-Limit/-Remaining/-Reset as integers on "
        "every authenticated response (Reset in seconds), Retry-After equal to retryAfter, "
        "a 429 has no effect, a served request uses one unit of quota",
        "D17, D34",
        "rate-limit",
        "rate-limit-decided",
        "concurrent-rate-limit",
    ),
    dec(
        "G32",
        "Timestamps as decided: UTC with Z; updatedAt strictly increases on every update; "
        "createdAt never changes",
        "D9, D24",
        "created-fields",
        "timestamps-decided",
        *PARTIAL,
    ),
    dec(
        "G33",
        "Clearing as decided: a utm key sent as null clears it, unknown utm keys get 400, no "
        "utm reads null; a cleared cloaked reads false; url, collectionId and name cannot be null",
        "D10, D11, D12",
        "utm",
        "null-clear",
        "clearing-decided",
    ),
    dec(
        "G34",
        "Ordering as decided on POST /api/links, PUT /api/collections and PUT /api/partners: "
        "response[i] answers request[i], same length",
        "D6",
        "ordering",
        "concurrent-answers",
    ),
    dec(
        "G35",
        "Input validation as the spec decides: schema-valid bodies accepted, schema-invalid ones "
        "(bounds, unknown field, wrong Content-Type) 400, over 16 MiB 413",
        "D18, D21, D22, D33",
        "robustness",
        "body-validation",
        "body-decided",
    ),
    dec(
        "G36",
        "Responses as the spec decides: only statuses the spec lists; every field present (null "
        "when unset); write answers echo every sent field; details name the item; a wrong "
        "method gets 405 in the error shape",
        "D5, D19, D20, D23, D26, D27",
        "status-codes",
        "error-shape",
        "created-fields",
    ),
    dec(
        "G37",
        "Scopes as decided: missingScopes names the spec's scope for the operation (linksWrite "
        "on PUT /api/partners)",
        "D1",
        "scopes",
    ),
)

BY_ID: dict[str, Guarantee] = {g.id: g for g in GUARANTEES}


def guarantees_for_family(family: str) -> list[str]:
    """G-numbers whose failure counts as killing a fault of `family`."""
    return [g.id for g in GUARANTEES if family in g.families]


def all_families() -> list[str]:
    return sorted({f for g in GUARANTEES for f in g.families})


def sort_key(gid: str) -> int:
    return int(gid[1:]) if gid[1:].isdigit() else 10_000


# Stands for "the guarantee(s) of the failing test's marker" in a ContractViolation.
MARKER = "@marker"


class ContractViolation(AssertionError):
    """A broken guarantee found by a shared check (the HTTP helper or the state model).

    Carries the guarantee it proves broken, so a test written for one guarantee that trips over
    another reports the right one.
    """

    def __init__(self, guarantees: str | list[str] | tuple[str, ...], message: str) -> None:
        gs = (guarantees,) if isinstance(guarantees, str) else tuple(dict.fromkeys(guarantees))
        super().__init__(f"[{', '.join(gs)}] {message}")
        self.guarantees = gs
