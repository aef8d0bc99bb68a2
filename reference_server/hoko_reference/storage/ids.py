"""Server-made identifiers: object ids (D35) and short codes."""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Callable

CODE_BYTES = 6  # 8 URL-safe characters


def new_uuids(count: int) -> list[str]:
    """Time-ordered (version 7, RFC 9562) UUIDs, ascending within the batch (D35).

    A new id lands at the right end of the id index instead of at a random page: a 10,000-link
    batch then dirties a few dozen index pages, not every page of a large index. 74 random
    bits per id (v4 has 122) keep them unguessable and collision-free in practice.
    """
    millis = time.time_ns() // 1_000_000
    head = f"{millis:012x}"
    raw = os.urandom(10 * count).hex()
    out = []
    for i in range(0, 20 * count, 20):
        h = raw[i : i + 20]
        variant = "89ab"[int(h[3], 16) & 3]
        out.append(f"{head[:8]}-{head[8:]}-7{h[:3]}-{variant}{h[4:7]}-{h[7:19]}")
    out.sort()
    return out


def random_codes(
    count: int, encode: Callable[[bytes], bytes] = base64.urlsafe_b64encode
) -> list[str]:
    """Random short codes of 8 characters (48 bits each), URL-safe by default."""
    raw = encode(os.urandom(CODE_BYTES * count)).decode()
    return [raw[i : i + 8] for i in range(0, 8 * count, 8)]
