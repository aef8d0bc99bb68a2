"""G23, G31 (and the 429 step of G22): the rate limit's answer (seeds 000-003), its headers and
lack of effect (D17, D34), and the recovery.

Uses HOKO_API_KEY_RATE_LIMITED only, so other tests never see its 429s. The embedded server gets a
key with a 2-second window to keep this quick.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from hoko_contract.factory import Factory
from hoko_contract.guarantees import ContractViolation
from hoko_contract.http import Api, Result, expect
from hoko_contract.profile import decided

ATTEMPTS = 3
# Two requests must land in one window; a window may end between them.
COUNTDOWN_ATTEMPTS = 4
MAX_WAIT = 120  # the window may reset between requests; a few tries make that harmless
# Without X-RateLimit-Limit (its name is our decision, D17) send at most this many to reach 429.
BLIND_LIMIT = 200


def _header_int(res: Result, name: str) -> int | None:
    raw = res.headers.get(name, "")
    return int(raw) if raw.strip().isdigit() else None


def _exhaust(api: Api, key: str, send: Any) -> Result:
    """Call `send(i)` until it answers 429 (bounded by the advertised limit)."""
    first: Result = send(0)
    if first.status == 429:
        return first
    limit = _header_int(first, "X-RateLimit-Limit")
    remaining = _header_int(first, "X-RateLimit-Remaining")
    bound = 3 * limit + 3 if limit is not None else BLIND_LIMIT
    # A window may reset mid-way on a slow machine: allow three windows' worth before giving up.
    for i in range(1, bound):
        res: Result = send(i)
        if res.status == 429:
            return res
        now = _header_int(res, "X-RateLimit-Remaining")
        if limit is not None and remaining is not None and now is not None:
            decided(  # one less, or a new window began
                "G31",
                now in (remaining - 1, limit - 1),
                f"X-RateLimit-Remaining went {remaining} -> {now} (limit {limit}, D34)",
            )
        remaining = now
    raise ContractViolation("G23", f"no 429 after {bound - 1} requests (limit {limit})")


def _wait(res: Result) -> None:
    retry_after = int(res.json["retryAfter"])
    if retry_after > MAX_WAIT:
        raise ContractViolation("G23", f"retryAfter {retry_after} s: not waiting that long")
    time.sleep(retry_after + 0.1)


@pytest.mark.guarantee("G23", "G31")
def test_429_shape_no_effect_and_recovery(api: Api, key_rate_limited: str, settings: Any) -> None:
    rl = Factory(api, key_rate_limited, settings.tag)
    cid = rl.collections()[0]["id"]
    link = rl.links(1, collection_id=cid, title="original")[0]
    applied = {"title": "original"}

    def update(i: int) -> Result:
        title = rl.unique("t-")
        res = api.send(
            "upsertLinks",
            [{"id": link["id"], "title": title}],
            key=key_rate_limited,
            retry_429=False,
        )
        if res.status == 200:
            applied["title"] = title
        return res

    for _attempt in range(ATTEMPTS):
        limited = _exhaust(api, key_rate_limited, update)
        extra = rl.link_item(cid)
        create = api.send("createLinks", [extra], key=key_rate_limited, retry_429=False)
        if create.status == 429:
            break
        _wait(limited)
    else:
        pytest.fail("could not send two requests inside one rate-limit window")
    retry_after = limited.json["retryAfter"]
    header = _header_int(limited, "Retry-After")
    decided(
        "G31",
        header is not None and abs(header - retry_after) <= 1,
        f"Retry-After {limited.headers.get('Retry-After')!r} != retryAfter {retry_after} (D17)",
    )
    decided(
        "G31",
        _header_int(limited, "X-RateLimit-Remaining") == 0,
        f"429 with X-RateLimit-Remaining {limited.headers.get('X-RateLimit-Remaining')!r} (D17)",
    )
    _wait(create)
    back = api.send("upsertLinks", [{"id": link["id"]}], key=key_rate_limited, retry_429=False)
    expect(back, 200, "G23", "a request after waiting retryAfter succeeds")
    want = applied["title"]
    if "title" in back.objects[0]:
        decided(
            "G31",
            back.objects[0].get("title") == want,
            f"the 429'd update had an effect: title {back.objects[0].get('title')!r}, "
            f"expected {want!r} (D17)",
        )
    again = api.send("createLinks", [extra], key=key_rate_limited)
    expect(again, 201, "G31", "the 429'd create must not have been written (D17)")


@pytest.mark.guarantee("G22")
def test_rate_limit_checked_before_body(api: Api, key_rate_limited: str, settings: Any) -> None:
    rl = Factory(api, key_rate_limited, settings.tag)
    coll = rl.collections()[0]

    def read(i: int) -> Result:
        return api.send(
            "upsertCollections", [{"id": coll["id"]}], key=key_rate_limited, retry_429=False
        )

    others = []
    for _attempt in range(ATTEMPTS):
        limited = _exhaust(api, key_rate_limited, read)
        res = api.send(
            "upsertCollections", None, key=key_rate_limited, raw_body=b"{not json", retry_429=False
        )
        # Held back so they cannot pre-empt this test's own verdict (see Result.violations).
        others = res.take_violations()
        if res.status != 400:
            break
        _wait(limited)  # the window may just have reset: try again
    res.violations = others
    expect(res, 429, "G22", "an exhausted key with an invalid body gets 429 before 400 (D15)")


def _counts(res: Result) -> tuple[int, int]:
    try:
        return int(res.headers["X-RateLimit-Limit"]), int(res.headers["X-RateLimit-Remaining"])
    except (KeyError, ValueError) as exc:
        raise ContractViolation("G31", f"rate-limit headers unreadable: {res.describe()}") from exc


@pytest.mark.guarantee("G31")
def test_remaining_counts_the_served_request(
    api: Api, key_rate_limited: str, settings: Any
) -> None:
    rl = Factory(api, key_rate_limited, settings.tag)
    coll = rl.collections()[0]

    def read(retry: bool) -> Result:
        return api.send(
            "upsertCollections", [{"id": coll["id"]}], key=key_rate_limited, retry_429=retry
        )

    for _attempt in range(COUNTDOWN_ATTEMPTS):
        first = expect(read(True), 200, "G31", "served after waiting out any 429")
        second = read(False)
        if second.status == 429:  # the window ran out between the two: wait, try again
            ra = second.json.get("retryAfter") if isinstance(second.json, dict) else None
            time.sleep(min(float(ra) if isinstance(ra, int) else 1.0, 60.0) + 0.1)
            continue
        expect(second, 200, "G31", "second request in the window")
        for res in (first, second):
            limit, remaining = _counts(res)
            if remaining > limit - 1:
                raise ContractViolation(
                    "G31",
                    f"X-RateLimit-Remaining {remaining} with limit {limit} after a served "
                    "request: the request used no quota (D17)",
                )
        limit, before = _counts(first)
        _limit, after = _counts(second)
        if after not in (before - 1, limit - 1):  # one less, or a new window began
            raise ContractViolation(
                "G31", f"X-RateLimit-Remaining went {before} -> {after} (limit {limit})"
            )
        return
    pytest.fail(
        f"could not send two requests inside one rate-limit window in {COUNTDOWN_ATTEMPTS} tries"
    )
