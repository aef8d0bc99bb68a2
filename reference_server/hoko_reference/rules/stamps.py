"""Timestamps (D9, D24): UTC with Z and microseconds; `createdAt` is set once, `updatedAt` on
every write, from a clock that never repeats."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..timestamps import format_utc


def timestamp_text(moment: datetime) -> str:
    """How the server writes its own timestamps (D9, D24)."""
    return format_utc(moment)


def stamp_create(record: dict[str, Any], stamp: str) -> None:
    record["createdAt"] = stamp
    record["updatedAt"] = stamp


def stamp_update(record: dict[str, Any], stamp: str) -> None:
    """Every update, a no-op read-back included (D25), moves `updatedAt` forward; `createdAt`
    never changes (D24)."""
    record["updatedAt"] = stamp
