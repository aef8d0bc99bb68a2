"""G23: X-RateLimit-Remaining counts the request that was just served.

Found by the kill matrix (proxy fault `proxy-remaining-never-counts-down`): the rate-limit test's
countdown check only runs when its key starts in a fresh window, which it rarely does after its
own setup requests, so a Remaining stuck at the limit was caught only by the check-order test
(G22). D17: a request uses quota once it passes auth and scope, so after a served request
Remaining is at most Limit - 1, and two requests in one window count down by one.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from hoko_contract.factory import Factory
from hoko_contract.guarantees import ContractViolation
from hoko_contract.http import Api, Result, expect

ATTEMPTS = 4


def _counts(res: Result) -> tuple[int, int]:
    try:
        return int(res.headers["X-RateLimit-Limit"]), int(res.headers["X-RateLimit-Remaining"])
    except (KeyError, ValueError) as exc:
        raise ContractViolation("G23", f"rate-limit headers unreadable: {res.describe()}") from exc


@pytest.mark.guarantee("G23")
def test_remaining_counts_the_served_request(
    api: Api, key_rate_limited: str, settings: Any
) -> None:
    rl = Factory(api, key_rate_limited, settings.tag)
    coll = rl.collections()[0]

    def read(retry: bool) -> Result:
        return api.send(
            "upsertCollections", [{"id": coll["id"]}], key=key_rate_limited, retry_429=retry
        )

    for _attempt in range(ATTEMPTS):
        first = expect(read(True), 200, "G23", "served after waiting out any 429")
        second = read(False)
        if second.status == 429:  # the window ran out between the two: wait, try again
            ra = second.json.get("retryAfter") if isinstance(second.json, dict) else None
            time.sleep(min(float(ra) if isinstance(ra, int) else 1.0, 60.0) + 0.1)
            continue
        expect(second, 200, "G23", "second request in the window")
        for res in (first, second):
            limit, remaining = _counts(res)
            if remaining > limit - 1:
                raise ContractViolation(
                    "G23",
                    f"X-RateLimit-Remaining {remaining} with limit {limit} after a served "
                    "request: the request used no quota (D17)",
                )
        limit, before = _counts(first)
        _limit, after = _counts(second)
        if after not in (before - 1, limit - 1):  # one less, or a new window began
            raise ContractViolation(
                "G23", f"X-RateLimit-Remaining went {before} -> {after} (limit {limit})"
            )
        return
    pytest.fail(f"could not send two requests inside one rate-limit window in {ATTEMPTS} tries")
