"""Atomicity (D4): a batch is written whole or not at all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..storage.database import Database
from ..storage.repository import Tx

T = TypeVar("T")


def write_atomically(
    db: Database, workspace: str, work: Callable[[Tx, list[Any]], T], items: list[Any]
) -> T:
    """`work` over the whole batch in one transaction; any failure rolls all of it back."""
    with db.transaction(workspace) as tx:
        return work(tx, items)
