"""The guarantee catalogue: what the contract suite certifies, as data.

GUARANTEES.md is the human-readable form; `families` maps the reference server's fault families
(hoko_reference.faults) to guarantees so the mutation runner can tell "killed by the expected
guarantee" from "killed by accident".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Guarantee:
    id: str
    title: str
    source: str
    families: tuple[str, ...] = ()


GUARANTEES: tuple[Guarantee, ...] = (
    Guarantee(
        "G1",
        "Every response conforms to the spec: documented status, JSON content type, body schema, "
        "documented headers",
        "spec (openapi/hoko.yaml), D23, D27",
        ("status-codes", "error-shape", "created-fields", "robustness"),
    ),
    Guarantee(
        "G2",
        "Input validation: schema-valid bodies are accepted, invalid ones (schema, malformed JSON, "
        "non-array, unknown field, wrong Content-Type) get 400, over 16 MiB gets 413, never a 5xx",
        "spec request schemas, D18, D21, D22, D33",
        ("robustness", "body-validation"),
    ),
    Guarantee(
        "G3",
        "Ordering and length: response[i] answers request[i], same length, on all four operations",
        "seed 000, D6",
        ("ordering",),
    ),
    Guarantee(
        "G4",
        "Created objects: UUID id, every sent field reflected; links get a unique shortUrl under "
        "the link base and a qrCode that encodes it",
        "seed 001, D2, D9, brief (shortUrl/qrCode)",
        ("created-fields",),
    ),
    Guarantee(
        "G5",
        "Partial update of links: sent fields applied, omitted fields keep their value",
        "seed 000, D11, D25",
        ("partial-update-links",),
    ),
    Guarantee(
        "G6",
        "Partial update of collections: sent fields applied, omitted fields keep their value",
        "seed 003, D11, D25",
        ("partial-update-collections",),
    ),
    Guarantee(
        "G7",
        "Partial update of partners: sent fields applied, omitted fields keep their value",
        "seed 002, D11, D25",
        ("partial-update-partners",),
    ),
    Guarantee(
        "G8",
        "null clears every nullable field on PUT (cloaked false/null reads back false); url, "
        "collectionId and name cannot be null",
        "seeds 000/002/003, D11, D12",
        # Null clearing is half of the partial-update rule (D11), so those families count too.
        (
            "null-clear",
            "partial-update-links",
            "partial-update-collections",
            "partial-update-partners",
        ),
    ),
    Guarantee(
        "G9",
        "utm merges key by key, a key sent as null clears it, utm: null clears all, "
        "unknown key 400",
        "seeds 000/001, D10",
        ("utm",),
    ),
    Guarantee(
        "G10",
        "geo replaces the whole map; null clears it",
        "seed 000, D13, D22",
        ("geo",),
    ),
    Guarantee(
        "G11",
        "Timestamps: UTC with Z; updatedAt strictly increases on every update; createdAt never "
        "changes",
        "D9, D24",
        (
            "created-fields",
            "partial-update-links",
            "partial-update-collections",
            "partial-update-partners",
        ),
    ),
    Guarantee(
        "G12",
        "Idempotence: applying the same update twice gives the same state",
        "D11, D25",
        ("partial-update-links", "partial-update-collections", "partial-update-partners"),
    ),
    Guarantee(
        "G13",
        "Existence: unknown id, foreign id, missing or foreign collectionId/partnerId get 400",
        "seeds 000/002/003, D3, D14, D29",
        ("existence", "workspace-isolation"),
    ),
    Guarantee(
        "G14",
        "Uniqueness: duplicate externalId (in the batch or against an existing link) and the same "
        "id twice in a batch get 400; re-sending a link's own externalId is fine",
        "seeds 000/001, D14",
        ("uniqueness",),
    ),
    Guarantee(
        "G15",
        "Atomicity: a failing batch writes nothing (proved by read-back)",
        "D4, D25",
        ("atomicity",),
    ),
    Guarantee(
        "G16",
        "Batch limits: [] and 10,001 items get 400; 10,000 items succeed",
        "seed 002, D7",
        ("batch-limits",),
    ),
    Guarantee(
        "G17",
        "Plan cap: a basic-plan key may send 100 items, not 101 (400)",
        "seeds 000/001/003, D7",
        ("plan-cap",),
    ),
    Guarantee(
        "G18",
        "Plan gates: a gated field (x-plan-feature) set on a plan without it gets 403 without "
        "missingScopes and writes nothing; clearing is never gated",
        "seeds 000/001, D8",
        ("plan-gates",),
    ),
    Guarantee(
        "G19",
        "Authentication: no key or a bad key gets 401; Bearer and bare keys are accepted",
        "https://hoko.to/docs/authentication, D15, D16, D32",
        ("auth",),
    ),
    Guarantee(
        "G20",
        "Scopes: a key without the operation's scope (read from the spec's security requirement) "
        "gets 403 with that scope in missingScopes and writes nothing",
        "seeds 000-003, D1, D15",
        ("scopes",),
    ),
    Guarantee(
        "G21",
        "Workspace isolation: another workspace's key cannot update workspace A's objects (their "
        "ids are unknown to it), and externalId uniqueness is per workspace",
        "D3, D14",
        ("workspace-isolation",),
    ),
    Guarantee(
        "G22",
        "Check order: 401 auth, then 403 scope, then 429 rate limit, then 400/413 body",
        "D15",
        ("check-order",),
    ),
    Guarantee(
        "G23",
        "Rate limit: 429 in the error shape with integer retryAfter and Retry-After + "
        "X-RateLimit-* headers, no effect, recovery after retryAfter; X-RateLimit-* on every "
        "authenticated response",
        "seeds 000-003, D17, D34",
        ("rate-limit",),
    ),
    Guarantee(
        "G24",
        "Error shape: every error has non-empty error.en and error.ar, Content-Type "
        "application/json and well-formed details; unknown path 404, wrong method 405",
        "https://hoko.to/docs/errors, D26, D27",
        ("error-shape",),
    ),
    Guarantee(
        "G25",
        "Status codes: POST answers 201, PUT answers 200 (also when every item is a create)",
        "seeds 000-003, D5",
        ("status-codes",),
    ),
    Guarantee(
        "G26",
        "Client readability: every response body parses with the generated hoko_client models",
        "spec response schemas (the generated models are built from them)",
        ("created-fields", "error-shape", "status-codes"),
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
