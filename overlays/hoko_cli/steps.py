"""The steps of a sync that are not the sending: the key, checking every row first, stdin,
the summary, and what --resume does with the journal of an earlier run."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import hoko
import httpx
import typer
from rich.console import Console
from rich.table import Table

from . import halves, memory
from . import journal as journal_mod
from .outputs import Failed, Out
from .rows import CHECK_PIECE, InputError, Records, Row, read_records, read_rows
from .sync import Fatal, Tally

OK, SOME_FAILED, BAD_INPUT, UNREACHABLE = 0, 1, 2, 3
err = Console(stderr=True, soft_wrap=True)  # a message stays one line, for scripts


def key(key_file: Path | None) -> str:
    if key_file is not None:
        return key_file.read_text(encoding="utf-8").strip()
    key = os.environ.get("HOKO_API_KEY", "")
    if not key:
        err.print("hoko: no API key: set HOKO_API_KEY or pass --api-key-file FILE")
        raise typer.Exit(BAD_INPUT)
    return key


def check_all(path: str, fmt: str, operation_id: str, null: str, size: int) -> int:
    """Read and check every row before anything is sent; the number of rows."""

    def check(rows: Iterable[Row | Records]) -> int:
        return check_rows(rows, operation_id, size)

    count = halves.check_in_halves(path, fmt, operation_id, null, check)
    if count is not None:
        return count
    return check(read_records(path, fmt, operation_id, null))


def check_rows(rows: Iterable[Row | Records], operation_id: str, size: int) -> int:
    """Check `rows`, collecting once per `size` rows; the number of rows. Raises InputError
    naming the first bad row.

    A piece of CSV rows (`Records`) that `Columns.vouch` vouches for is not built: its items
    would pass. Any other piece, and other rows CHECK_PIECE at a time, are built and checked
    item by item."""
    count = since = 0
    piece: list[Row] = []

    def settle(n: int) -> None:
        nonlocal count, since
        count += n
        since += n
        if since >= size:
            memory.chunk_done()
            since = 0

    def flush() -> None:
        _check_items(operation_id, [r.item for r in piece], [r.number for r in piece])
        settle(len(piece))
        piece.clear()

    for row in rows:
        if isinstance(row, Records):
            if piece:
                flush()
            if not row.columns.vouch.vouches(row.raws, row.null):
                items, bad = row.items()
                _check_items(operation_id, items, row.numbers)
                if bad is not None:  # after the rows before it, so the first bad row is named
                    raise bad
            settle(len(row.raws))
            continue
        piece.append(row)
        if len(piece) >= CHECK_PIECE:
            flush()
    if piece:
        flush()
    return count


def _check_items(operation_id: str, items: list[dict[str, Any]], numbers: list[int]) -> None:
    """The client's checks on `items`; a refused one is bad input at its row's number."""
    try:
        hoko.check_items(operation_id, items)
    except hoko.InvalidItemError as exc:
        raise InputError(numbers[exc.index], exc.field, exc.reason) from exc


def validate_or_exit(path: str, fmt: str, operation_id: str, null: str, size: int) -> int:
    try:
        return check_all(path, fmt, operation_id, null, size)
    except InputError as exc:
        err.print(f"hoko: {path}: {exc}", markup=False, highlight=False)
        raise typer.Exit(BAD_INPUT) from None
    except OSError as exc:
        err.print(f"hoko: {exc}", markup=False)
        raise typer.Exit(BAD_INPUT) from None


def spool_stdin() -> str:
    """stdin is read once into a temporary file, so it can be checked before it is sent."""
    import tempfile

    spool = tempfile.NamedTemporaryFile("wb", prefix="hoko-stdin-", suffix=".jsonl", delete=False)
    with spool:
        for block in iter(lambda: sys.stdin.buffer.read(1 << 20), b""):
            spool.write(block)
    return spool.name


def summary(tally: Tally, seconds: float, as_json: bool, quiet: bool, held: list[int]) -> None:
    data: dict[str, Any] = {
        "created": tally.created,
        "updated": tally.updated,
        "failed": tally.failed,
        "not_sent": tally.not_sent,
        "in_doubt": tally.in_doubt,
        "skipped": tally.skipped,
        "elapsed_seconds": round(seconds, 3),
    }
    if held:
        data["in_doubt_rows"] = held[:1000]
    if tally.rounds_given_up:
        data["chunks_given_up"] = tally.rounds_given_up
    if as_json:
        typer.echo(json.dumps(data))
    if not quiet:
        table = Table(title="hoko sync")
        for name in ("created", "updated", "failed", "not sent", "in doubt", "elapsed"):
            table.add_column(name, justify="right")
        table.add_row(
            *(
                f"{v:,}"
                for v in (
                    tally.created,
                    tally.updated,
                    tally.failed,
                    tally.not_sent,
                    tally.in_doubt,
                )
            ),
            f"{seconds:.1f} s",
        )
        err.print(table)
        if tally.skipped:
            err.print(f"{tally.skipped:,} rows were already answered in the journal")
        if held:
            shown = ", ".join(map(str, held[:20])) + (" ..." if len(held) > 20 else "")
            err.print(
                f"in doubt (sent, answer lost; not re-sent): rows {shown}. "
                "Check them, or --resume --resend-in-doubt"
            )


def replay(
    journal: Path, path: str, fmt: str, operation_id: str, null: str, outs: tuple[Out, Failed]
) -> None:
    """On --resume, --out and --failed are written again from the journal first: an answer is
    journaled before its rows reach those files, so a kill may have cut them short."""
    failed_rows = journal_mod.replay(journal, outs[0].row)
    if failed_rows:
        for row in read_rows(path, fmt, operation_id, null):
            if row.number in failed_rows:
                outs[1].row(row, failed_rows[row.number])


def lookup(key: str, base_url: str) -> Any:
    """A finder of links by externalId through the spec's auxiliary read (D36)."""
    from hoko_client import AuthenticatedClient
    from hoko_client.api.links import get_links

    client = AuthenticatedClient(base_url=base_url, token=key, timeout=httpx.Timeout(30.0))

    def find(external_id: str) -> Any:
        try:
            response = get_links.sync_detailed(client=client, external_id=external_id, take=2)
        except httpx.HTTPError as exc:
            raise Fatal(f"cannot look up in-doubt rows: {type(exc).__name__}: {exc}") from exc
        if response.status_code != 200 or not isinstance(response.parsed, list):
            raise Fatal(f"cannot look up in-doubt rows: GET /api/links -> {response.status_code}")
        return response.parsed[0] if response.parsed else None

    return find


def settle_in_doubt(
    state: journal_mod.State,
    path: str,
    fmt: str,
    operation_id: str,
    null: str,
    resend: bool,
    find: Any,
) -> tuple[list[int], dict[int, Any]]:
    """What to do with the rows of chunks sent without a journaled answer. Updates are sent
    again (they are idempotent). Link creates with an externalId are looked up: found ones
    were written (and are reported with their id), missing ones are sent. Any other create is
    held and reported, unless --resend-in-doubt."""
    doubtful = {r for rows in state.in_doubt.values() for r in rows} - state.done
    if not doubtful:
        return [], {}
    held: list[int] = []
    found: dict[int, Any] = {}
    for row in read_rows(path, fmt, operation_id, null):
        if row.number not in doubtful or (operation_id != "createLinks" and "id" in row.item):
            continue
        external = row.item.get("externalId")
        if operation_id in ("createLinks", "upsertLinks") and isinstance(external, str):
            link = find(external)
            if link is not None:
                found[row.number] = link
            continue
        if not resend:
            held.append(row.number)
    return held, found
