"""Named faults that can be switched on to make the server deliberately wrong (mutation testing).

A correct server has none switched on; every fault is a single `if faults.on(NAME)` at the spot
where such a bug would really live.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    name: str
    family: str
    description: str
    # G-number in contract_tests/GUARANTEES.md, filled in by the contract suite's mapping.
    guarantee: str = ""


FAULTS: dict[str, Fault] = {}


def _register(name: str, family: str, description: str) -> None:
    FAULTS[name] = Fault(name, family, description)


# name, family (guarantee family; contract_tests/GUARANTEES.md maps it to a G-number), what breaks.
_CATALOGUE: tuple[tuple[str, str, str], ...] = (
    # serialize.py / storage.py: response order and length
    (
        "order-mixed-batch",
        "ordering",
        "When a batch mixes creates and updates, the response lists all creates first.",
    ),
    (
        "response-short-on-big-batch",
        "ordering",
        "A batch of more than 1,000 items gets a response one element short.",
    ),
    # storage.py / serialize.py: server-generated fields
    (
        "shorturl-not-url-safe",
        "created-fields",
        "Short codes use the standard base64 alphabet, so some contain '+' or '/'.",
    ),
    (
        "shorturl-not-unique",
        "created-fields",
        "shortUrl is built from the code's first character only, so links share short URLs.",
    ),
    (
        "qrcode-encodes-long-url",
        "created-fields",
        "qrCode encodes the destination url instead of shortUrl.",
    ),
    (
        "created-at-changes-on-update",
        "created-fields",
        "An update overwrites createdAt with the update time.",
    ),
    ("updated-at-not-bumped", "created-fields", "An update leaves updatedAt unchanged."),
    (
        "timestamps-without-z",
        "created-fields",
        "createdAt/updatedAt are written with '+00:00' instead of 'Z'.",
    ),
    # storage.py: partial updates and null clearing
    (
        "link-description-omitted-clears",
        "partial-update-links",
        "A link update that omits description clears it.",
    ),
    (
        "title-null-ignored",
        "null-clear",
        "title: null on a link update is ignored; the old title stays (only this field).",
    ),
    (
        "cloaked-false-reads-null",
        "null-clear",
        "cloaked false is returned as null instead of false.",
    ),
    (
        "collection-description-omitted-clears",
        "partial-update-collections",
        "A collection update that omits description clears it.",
    ),
    (
        "partner-email-null-ignored",
        "partial-update-partners",
        "email: null on a partner update is ignored; the old email stays.",
    ),
    (
        "partner-phone-omitted-clears",
        "partial-update-partners",
        "A partner update that omits phone clears it.",
    ),
    (
        "utm-replaced-not-merged",
        "utm",
        "A utm update replaces the whole map, clearing keys that were not sent.",
    ),
    (
        "utm-null-key-ignored",
        "utm",
        "A utm key sent as null is ignored instead of clearing that key.",
    ),
    (
        "geo-merged-not-replaced",
        "geo",
        "A geo update merges into the old map instead of replacing it.",
    ),
    # storage.py: transactions
    (
        "failed-batch-keeps-first-item",
        "atomicity",
        "A batch that fails validation in storage still writes its first item.",
    ),
    (
        "big-batch-committed-in-chunks",
        "atomicity",
        "Batches over 1,000 items commit in 1,000-item transactions; a late failure keeps chunk 1.",
    ),
    # storage.py: existence and uniqueness
    (
        "foreign-collection-accepted",
        "existence",
        "collectionId is looked up in every workspace: another workspace's collection is accepted.",
    ),
    (
        "unknown-id-skipped",
        "existence",
        "Items with an unknown id are silently dropped; the rest of the batch is written.",
    ),
    (
        "duplicate-external-id-in-batch",
        "uniqueness",
        "The same externalId twice in one batch is accepted.",
    ),
    (
        "existing-external-id-accepted",
        "uniqueness",
        "An externalId already used by another link of the workspace is accepted.",
    ),
    (
        "duplicate-id-in-batch-accepted",
        "uniqueness",
        "The same id twice in one batch is accepted (last one wins).",
    ),
    # validation.py: batch limits, plan cap, plan gates
    (
        "max-items-accepts-10001",
        "batch-limits",
        "The 10,000-item limit is off by one: 10,001 items are accepted.",
    ),
    (
        "max-items-rejects-10000",
        "batch-limits",
        "The 10,000-item limit is off by one: exactly 10,000 items are rejected.",
    ),
    (
        "basic-cap-off-by-one",
        "plan-cap",
        "The basic plan's cap is off by one: 101 items are accepted.",
    ),
    (
        "plan-gate-skipped-on-put",
        "plan-gates",
        "Plan gates are enforced on POST /api/links only, not on PUT.",
    ),
    (
        "plan-gate-null-gated",
        "plan-gates",
        "Clearing a gated field (null) is refused on a plan without the feature.",
    ),
    (
        "plan-gate-geo-ungated",
        "plan-gates",
        "geo is not gated: a basic plan can set geo targeting.",
    ),
    (
        "plan-gate-lists-missing-scopes",
        "plan-gates",
        "A plan-gate 403 carries missingScopes, as if it were a scope problem.",
    ),
    # auth.py
    ("bare-key-rejected", "auth", "A key sent without the 'Bearer ' prefix is refused with 401."),
    ("unknown-key-403", "auth", "An unknown key gets 403 instead of 401."),
    (
        "scope-of-wrong-operation",
        "scopes",
        "Every operation is checked against createLinks' scope (linksWrite).",
    ),
    ("missing-scopes-absent", "scopes", "A scope 403 has no missingScopes."),
    (
        "read-scope-suffices",
        "scopes",
        "A key with the matching read scope (e.g. linksRead) passes a write operation's check.",
    ),
    # storage.py: workspace isolation
    (
        "other-workspace-id-updatable",
        "workspace-isolation",
        "An id from another workspace is found and updated.",
    ),
    (
        "external-id-unique-across-workspaces",
        "workspace-isolation",
        "externalId uniqueness is checked across all workspaces, not per workspace.",
    ),
    # app.py: check order
    (
        "body-before-scope",
        "check-order",
        "The body is validated before the scope check, so a bad body gets 400 instead of 403.",
    ),
    (
        "body-before-rate-limit",
        "check-order",
        "The body is validated before the rate limit, so a bad body gets 400 instead of 429.",
    ),
    # ratelimit.py / app.py: rate limiting
    ("retry-after-header-missing", "rate-limit", "A 429 has no Retry-After header."),
    (
        "retry-after-wrong",
        "rate-limit",
        "A 429's retryAfter is in milliseconds instead of seconds.",
    ),
    (
        "rate-limited-request-writes",
        "rate-limit",
        "A request answered 429 is still executed and written.",
    ),
    ("remaining-not-integer", "rate-limit", "X-RateLimit-Remaining is sent as a decimal ('4.0')."),
    (
        "reset-is-epoch",
        "rate-limit",
        "X-RateLimit-Reset is an epoch timestamp instead of seconds until the reset.",
    ),
    # errors / routing
    ("error-ar-empty", "error-shape", "Body-validation errors have an empty Arabic message."),
    (
        "not-found-plain-text",
        "error-shape",
        "An unknown path gets a text/plain 404 instead of the JSON error shape.",
    ),
    ("put-returns-201", "status-codes", "PUT returns 201 instead of 200."),
    ("post-returns-200", "status-codes", "POST /api/links returns 200 instead of 201."),
    # body.py / validation.py: body validation
    ("oversize-body-400", "body-validation", "A body over 16 MiB gets 400 instead of 413."),
    (
        "wrong-content-type-accepted",
        "body-validation",
        "A body sent as text/plain is parsed as JSON instead of refused.",
    ),
    (
        "unknown-field-ignored",
        "body-validation",
        "Unknown item fields are dropped silently instead of refused with 400.",
    ),
    # robustness: 500 on valid input
    (
        "500-on-apostrophe-title",
        "robustness",
        "A link title containing an apostrophe is pasted into SQL and fails with 500.",
    ),
    (
        "500-on-single-item-utm",
        "robustness",
        "A one-item PUT /api/links that sends utm on a link without utm fails with 500.",
    ),
)
for _name, _family, _description in _CATALOGUE:
    _register(_name, _family, _description)


class UnknownFaultError(ValueError):
    pass


class Faults:
    """The set of faults switched on for one app instance."""

    __slots__ = ("_on",)

    def __init__(self, names: Iterable[str] = ()) -> None:
        on = frozenset(names)
        unknown = sorted(on - FAULTS.keys())
        if unknown:
            raise UnknownFaultError(
                f"unknown fault(s): {', '.join(unknown)}; known: {', '.join(sorted(FAULTS))}"
            )
        self._on = on

    def on(self, name: str) -> bool:
        if name not in FAULTS:  # a typo here would make a fault silently unreachable
            raise KeyError(f"unregistered fault {name!r}")
        return name in self._on

    @property
    def active(self) -> frozenset[str]:
        return self._on

    def __bool__(self) -> bool:
        return bool(self._on)
