"""Every default of the overlay, in one place, each with the reason it has that value. Limits
that the spec fixes are read from it (the generated `hoko_client.contract`)."""

from __future__ import annotations

import httpx
from hoko_client import contract

# Production host; the reference server or staging is chosen with base_url / HOKO_BASE_URL.
DEFAULT_BASE_URL = "https://hoko.to"

# Environment fallbacks, named like OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_LOG.
API_KEY_ENV = "HOKO_API_KEY"
BASE_URL_ENV = "HOKO_BASE_URL"
LOG_ENV = "HOKO_LOG"

# A 10,000-item write takes well under a second on a healthy server; 60 s means something is wrong.
DEFAULT_TIMEOUT = 60.0
# Connecting never legitimately takes long; fail fast so a retry can try a fresh connection.
DEFAULT_CONNECT_TIMEOUT = 5.0

# Stainless (OpenAI/Anthropic) default: enough to ride out a blip, not enough to hide an outage.
DEFAULT_MAX_RETRIES = 2
# Stainless backoff bounds: 0.5 s, 1 s, 2 s, 4 s, 8 s (minus up to 25 % jitter).
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# Longest server-directed wait (Retry-After) we sit through; beyond it RateLimitError is raised
# at once so a caller with a deadline can decide. Hoko's windows are 60 s (seed docs).
DEFAULT_MAX_RETRY_WAIT = 60.0
# A 429 had no effect (D17), so it does not use up max_retries; this separate bound keeps a
# permanent 429 storm from looping forever.
DEFAULT_MAX_RATE_LIMIT_RETRIES = 10

# The API's hard cap per request (the spec's maxItems, D7); plan caps are lower (PLAN_MAX_ITEMS).
MAX_BATCH_SIZE = min(op["max_items"] for op in contract.OPERATIONS.values())
PLAN_MAX_ITEMS = contract.PLAN_MAX_ITEMS
# The server answers 413 above this (D18); chunks are split before reaching it.
MAX_BODY_BYTES = contract.MAX_BODY_BYTES

# An answer is read only up to a bound, so a broken or hostile server cannot fill memory: twice
# the request (an answer echoes its items) plus this much per item for the fields the server
# adds (ids, shortUrl, qrCode, timestamps, nulls: under 1 KiB in practice), plus a margin. An
# error answer has no items to echo.
ANSWER_BYTES_PER_ITEM = 4096
ANSWER_MARGIN_BYTES = 64 * 1024
ERROR_BODY_LIMIT = 1024 * 1024

# Serial by default: the API is per-key rate limited and ordering is easiest to reason about.
DEFAULT_MAX_CONCURRENCY = 1

# Bulk clients hold few hosts; keep-alive matters more than breadth.
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)

USER_AGENT = "hoko-python/0.2.0"

# Headers whose values never reach a log record.
SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key"})
