"""The load run's bookkeeping, without Locust: the quota bound, the ledger's trip through a
message, the SLO option. (Importing Locust would monkey-patch this pytest process.)"""

from __future__ import annotations

import random
import sys

import pytest
from hoko_contract.load.ledger import Ledger, Owned, SharedSlot, Tally, over_quota
from hoko_contract.load.mix import BANDS, band_of, batch_size, token_of, token_title
from hoko_contract.load.verdict import parse_p95


def fixed_window(
    limit: int, window: int, arrivals: list[float], latency: float
) -> list[tuple[float, float, int, int]]:
    """The rows a correct fixed-window limiter produces for these send times."""
    rows: list[tuple[float, float, int, int]] = []
    started: float | None = None
    used = 0
    for t in sorted(arrivals):
        if started is None or t >= started + window:
            started, used = t, 0
        if used < limit:
            used += 1
            rows.append((t, t + latency, limit, window))
    return rows


def test_a_correct_limiter_never_exceeds_the_bound() -> None:
    rng = random.Random(3)
    for _ in range(50):
        arrivals = [rng.uniform(0, 20) for _ in range(rng.randint(50, 2000))]
        rows = fixed_window(20, 2, arrivals, latency=rng.uniform(0, 0.5))
        assert over_quota(rows) is None


def test_a_limiter_that_serves_three_times_its_limit_is_caught() -> None:
    rows = [(t / 100, t / 100 + 0.01, 20, 2) for t in range(61)]  # 61 served within 0.6 s
    problem = over_quota(rows)
    assert problem is not None and "61 requests served within 2 s" in problem


def test_requests_answered_after_the_interval_do_not_count() -> None:
    # 41 sent at once, each answered 3 s later: the count may fall in any of two windows.
    rows = [(0.0, 3.0, 20, 2) for _ in range(41)]
    assert over_quota(rows) is None


def test_the_ledger_survives_a_message_and_merges() -> None:
    a = Ledger()
    a.violations.add("G9", "lost update")
    a.owned.append(Owned("links", "id1", "HOKO_API_KEY", {"utm": {"source": "x"}}))
    a.shared["links/l/utm.source"] = SharedSlot("links", "l", "utm.source", "v1", "v2")
    a.note_rate("HOKO_API_KEY", 1.0, 1.1, 20, 2)
    a.tokens["t1"] = "maybe"
    a.requests = 3
    b = Ledger.from_message(a.as_message())
    assert b.owned == a.owned and b.shared == a.shared and b.rate == a.rate
    c = Ledger()
    c.tokens["t1"] = "acked"
    c.violations.add("G9", "another")
    c.merge(b)
    assert c.tokens["t1"] == "acked"  # an ack from any process wins over "maybe"
    assert c.violations.counts["G9"] == 2 and c.violations.examples["G9"] == "another"
    assert c.requests == 3


def test_a_shared_slot_knows_what_the_server_may_have_kept() -> None:
    utm = SharedSlot("links", "l1", "utm.term")
    assert utm.item("v") == {"id": "l1", "utm": {"term": "v"}} and utm.guarantee == "G9"
    assert utm.holds(None) and not utm.holds("v")  # nothing written yet
    utm.pending = "v"
    assert utm.holds(None) and utm.holds("v")  # sent, no answer: either
    utm.acked, utm.pending = "v", None
    assert utm.holds("v") and not utm.holds(None) and not utm.holds("older")
    assert utm.value_in({"utm": {"term": "v"}}) == "v" and utm.value_in({"utm": None}) is None
    email = SharedSlot("partners", "p1", "email", acked="a@example.com")
    assert email.item("b@example.com") == {"id": "p1", "email": "b@example.com"}
    assert email.guarantee == "G7" and "lost update: partners p1 email" in email.lost(None)


def test_tally_keeps_one_example_per_guarantee() -> None:
    t = Tally()
    for i in range(5):
        t.add("G3", f"example {i}")
    assert t.counts == {"G3": 5} and t.examples == {"G3": "example 0"} and t.total == 5


def test_batch_sizes_stay_in_their_bands() -> None:
    rng = random.Random(1)
    sizes = [batch_size(rng, 2000) for _ in range(2000)]
    assert min(sizes) == 1 and max(sizes) <= 2000
    assert {band_of(s) for s in sizes} == {band_of(b[0]) for b in BANDS}
    assert max(batch_size(rng, 40) for _ in range(200)) <= 40


def test_tokens_are_read_back_only_from_this_runs_titles() -> None:
    title = token_title("load-abc", "t0k3n")
    assert token_of("load-abc", title) == "t0k3n"
    assert token_of("load-xyz", title) is None
    assert token_of("load-abc", None) is None


def test_p95_goals_parse_per_band_or_for_all() -> None:
    assert set(parse_p95("500")) == {band_of(b[0]) for b in BANDS}
    assert parse_p95("1=200,501-2000=4000") == {"1": 200.0, "501-2000": 4000.0}
    with pytest.raises(ValueError, match="unknown batch-size band"):
        parse_p95("3-4=100")


def test_none_of_this_imports_locust() -> None:
    assert "locust" not in sys.modules and "gevent" not in sys.modules
