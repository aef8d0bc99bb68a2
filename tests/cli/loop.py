"""Running the command's sending loop on given rows, as `hoko links create` does."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hoko_cli.journal import Journal
from hoko_cli.outputs import Failed, Out
from hoko_cli.rows import Row
from hoko_cli.sync import Gate, Sender, Tally, run


def send_rows(
    call: Any,
    rows: Iterable[Row],
    gate: Gate,
    size: int,
    journal: Journal | None = None,
    width: int = 1,
) -> Tally:
    """Send `rows` in chunks of `size` through `call` (creates only), `width` at a time."""
    tally = Tally()
    run(
        Sender(call, creates_only=True, journal=journal, gate=gate),
        rows,
        size=size,
        concurrency=width,
        first_chunk=0,
        skip=set(),
        out=Out(None, append=False),
        failed=Failed(None, "csv", append=False),
        tally=tally,
        on_progress=lambda _: None,
    )
    return tally


def depart(gate: Gate) -> None:
    """What the command's httpx client does as a chunk's request leaves: the gate's hook (a
    slot, the journal's "sent"), then the body written, which lets the loop read on."""
    gate.hook(None)
    gate.sent()
