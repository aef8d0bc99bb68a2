"""The order of the request checks (D15): 401 auth, 403 scope, 429 rate limit, 400/413 body."""

from __future__ import annotations

# Step names of `pipeline.STEPS`; plan gating (403, D8) needs a parsed body, so it is part of
# the body step.
CHECK_ORDER = ("authenticate", "authorize", "rate_limit", "body")


def check_order() -> tuple[str, ...]:
    return CHECK_ORDER
