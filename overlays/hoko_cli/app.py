"""The `hoko` command: sync CSV and JSON Lines files into Hoko, validate them first."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import hoko
import httpx
import typer
from rich.console import Console
from rich.table import Table

from . import journal as journal_mod
from .outputs import Failed, Out
from .progress import Reporter
from .rows import FORMATS, InputError, Row, detect_format, read_rows
from .sync import Fatal, Sender, Tally, run

OK, SOME_FAILED, BAD_INPUT, UNREACHABLE = 0, 1, 2, 3

app = typer.Typer(
    name="hoko",
    help="Sync CSV, JSON Lines or JSON files into Hoko's bulk link API.\n\n"
    "Example: HOKO_API_KEY=... hoko links upsert links.csv --out results.jsonl --failed bad.csv",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
links = typer.Typer(help="Create or upsert links.", no_args_is_help=True)
collections = typer.Typer(help="Upsert collections.", no_args_is_help=True)
partners = typer.Typer(help="Upsert partners.", no_args_is_help=True)
app.add_typer(links, name="links")
app.add_typer(collections, name="collections")
app.add_typer(partners, name="partners")
err = Console(stderr=True)


class Kind(StrEnum):
    links_create = "links-create"
    links_upsert = "links-upsert"
    collections = "collections"
    partners = "partners"


OPERATION = {
    Kind.links_create: ("links", "create", "createLinks"),
    Kind.links_upsert: ("links", "upsert", "upsertLinks"),
    Kind.collections: ("collections", "upsert", "upsertCollections"),
    Kind.partners: ("partners", "upsert", "upsertPartners"),
}

FileArg = Annotated[
    str,
    typer.Argument(help="CSV, JSON Lines (.jsonl) or JSON array; - reads JSON Lines from stdin"),
]
Format = Annotated[
    str | None,
    typer.Option("--format", help=f"one of {', '.join(FORMATS)} (default: from the file name)"),
]
NullToken = Annotated[str, typer.Option("--null-token", help="a CSV cell that clears the field")]
BatchSize = Annotated[
    int, typer.Option("--batch-size", min=1, max=hoko.MAX_BATCH_SIZE, help="rows per request")
]
Concurrency = Annotated[
    int, typer.Option("--concurrency", min=1, max=16, help="requests in flight")
]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="check every row, send nothing (as `hoko validate`)")
]
OutFile = Annotated[
    Path | None, typer.Option("--out", help="one JSON line per row: row, status, id, shortUrl")
]
FailedFile = Annotated[
    Path | None,
    typer.Option(
        "--failed", help="the rows that failed, in the input's format, plus an error column"
    ),
]
JournalFile = Annotated[
    Path | None,
    typer.Option("--journal", help="record every request and answer here (for --resume)"),
]
Resume = Annotated[bool, typer.Option("--resume", help="continue the run recorded in --journal")]
ResendInDoubt = Annotated[
    bool,
    typer.Option("--resend-in-doubt", help="on --resume, send again creates whose answer was lost"),
]
JsonOut = Annotated[bool, typer.Option("--json", help="a machine-readable summary on stdout")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="no progress, no summary table")]
BaseUrl = Annotated[
    str | None, typer.Option("--base-url", envvar="HOKO_BASE_URL", help="default https://hoko.to")
]
KeyFile = Annotated[
    Path | None,
    typer.Option("--api-key-file", help="a file holding the API key (else HOKO_API_KEY)"),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hoko {hoko.__version__}")
        raise typer.Exit(OK)


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="print the version")
    ] = False,
) -> None:
    """Sync files into Hoko. Each command's --help has an example."""


def _key(key_file: Path | None) -> str:
    if key_file is not None:
        return key_file.read_text(encoding="utf-8").strip()
    key = os.environ.get("HOKO_API_KEY", "")
    if not key:
        err.print("hoko: no API key: set HOKO_API_KEY or pass --api-key-file FILE")
        raise typer.Exit(BAD_INPUT)
    return key


def _check_all(path: str, fmt: str, operation_id: str, null: str, size: int) -> int:
    """Read and check every row before anything is sent; the number of rows."""
    count = 0
    chunk: list[Row] = []

    def flush() -> None:
        try:
            hoko.check_items(operation_id, [r.item for r in chunk])
        except hoko.InvalidItemError as exc:
            raise InputError(chunk[exc.index].number, exc.field, exc.reason) from exc
        chunk.clear()

    for row in read_rows(path, fmt, operation_id, null):
        chunk.append(row)
        count += 1
        if len(chunk) >= size:
            flush()
    if chunk:
        flush()
    return count


def _validate_or_exit(path: str, fmt: str, operation_id: str, null: str, size: int) -> int:
    try:
        return _check_all(path, fmt, operation_id, null, size)
    except InputError as exc:
        err.print(f"hoko: {path}: {exc}", markup=False, highlight=False)
        raise typer.Exit(BAD_INPUT) from None
    except OSError as exc:
        err.print(f"hoko: {exc}", markup=False)
        raise typer.Exit(BAD_INPUT) from None


def _spool_stdin() -> str:
    """stdin is read once into a temporary file, so it can be checked before it is sent."""
    import tempfile

    spool = tempfile.NamedTemporaryFile("wb", prefix="hoko-stdin-", suffix=".jsonl", delete=False)
    with spool:
        for block in iter(lambda: sys.stdin.buffer.read(1 << 20), b""):
            spool.write(block)
    return spool.name


def _summary(tally: Tally, seconds: float, as_json: bool, quiet: bool, held: list[int]) -> None:
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


def sync(
    kind: Kind,
    file: str,
    fmt: str | None,
    null: str,
    batch_size: int,
    concurrency: int,
    dry_run: bool,
    out: Path | None,
    failed: Path | None,
    journal: Path | None,
    resume: bool,
    resend_in_doubt: bool,
    as_json: bool,
    quiet: bool,
    base_url: str | None,
    key_file: Path | None,
) -> None:
    resource, method, operation_id = OPERATION[kind]
    if resume and journal is None:
        err.print("hoko: --resume needs --journal FILE")
        raise typer.Exit(BAD_INPUT)
    path = _spool_stdin() if file == "-" else file
    fmt = detect_format(file, fmt)
    total = _validate_or_exit(path, fmt, operation_id, null, batch_size)
    if dry_run:
        if not quiet:
            err.print(f"hoko: {total:,} rows checked, nothing sent")
        raise typer.Exit(OK)
    key = _key(key_file)
    state = journal_mod.State()
    if resume and journal is not None and journal.exists():
        try:
            state = journal_mod.load(journal, path, operation_id)
        except journal_mod.JournalError as exc:
            err.print(f"hoko: cannot resume: {exc}", markup=False)
            raise typer.Exit(BAD_INPUT) from None
    client = hoko.Hoko(api_key=key, base_url=base_url, batch_size=batch_size)
    if not quiet:
        digest = hashlib.sha256(key.encode()).hexdigest()[:10]
        err.print(
            f"hoko: {resource} {method} {file} -> {client.base_url} (key sha256:{digest})",
            markup=False,
            highlight=False,
        )
    finder = _lookup(key, str(client.base_url)) if state.in_doubt else None
    try:
        held, found = _settle_in_doubt(
            state, path, fmt, operation_id, null, resend_in_doubt, finder
        )
    except Fatal as exc:
        err.print(f"hoko: {exc}", markup=False)
        raise typer.Exit(UNREACHABLE) from None
    tally = Tally(skipped=len(state.done), in_doubt=len(held), created=len(found))
    jr = (
        (
            journal_mod.Journal.reopen(journal)
            if resume and journal.exists()
            else journal_mod.Journal.create(journal, path, operation_id)
        )
        if journal
        else None
    )
    target = getattr(client, resource)
    call = getattr(target, method)
    sender = Sender(lambda items: call(items, batch_size=len(items)), method == "create", jr)
    outs = Out(out, append=False), Failed(failed, fmt, append=False)
    if resume and journal is not None and journal.exists():
        _replay(journal, path, fmt, operation_id, null, outs)
    if found and jr is not None:
        written = [[r, str(k.id), k.short_url, "created"] for r, k in sorted(found.items())]
        jr.done(state.chunks, written, [])
        state.chunks += 1
    for r, link in sorted(found.items()):
        outs[0].row(r, "created", str(link.id), link.short_url)
    started = time.monotonic()
    code = OK
    try:
        with Reporter(total - len(state.done) - len(held), quiet=quiet) as reporter:
            run(
                sender,
                read_rows(path, fmt, operation_id, null),
                size=batch_size,
                concurrency=concurrency,
                first_chunk=state.chunks,
                skip=state.done | set(held) | set(found),
                out=outs[0],
                failed=outs[1],
                tally=tally,
                on_progress=reporter.progress,
            )
    except Fatal as exc:
        err.print(f"hoko: {exc}", markup=False, highlight=False)
        code = UNREACHABLE
    finally:
        for o in outs:
            o.close()
        if jr is not None:
            jr.close()
        client.close()
    tally.not_sent = max(0, total - tally.skipped - tally.done - len(held))
    tally.recovered = len(found)
    _summary(tally, time.monotonic() - started, as_json, quiet, held)
    if code == OK and (tally.failed or held or tally.not_sent):
        code = SOME_FAILED
    raise typer.Exit(code)


def _replay(
    journal: Path, path: str, fmt: str, operation_id: str, null: str, outs: tuple[Out, Failed]
) -> None:
    """On --resume, --out and --failed are written again from the journal first: an answer is
    journaled before its rows reach those files, so a kill may have cut them short."""
    failed_rows = journal_mod.replay(journal, outs[0].row)
    if failed_rows:
        for row in read_rows(path, fmt, operation_id, null):
            if row.number in failed_rows:
                outs[1].row(row, failed_rows[row.number])


def _lookup(key: str, base_url: str) -> Any:
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


def _settle_in_doubt(
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


def _command(kind: Kind, example: str) -> Any:
    def command(
        file: FileArg,
        fmt: Format = None,
        null_token: NullToken = "null",
        batch_size: BatchSize = 1000,
        concurrency: Concurrency = 1,
        dry_run: DryRun = False,
        out: OutFile = None,
        failed: FailedFile = None,
        journal: JournalFile = None,
        resume: Resume = False,
        resend_in_doubt: ResendInDoubt = False,
        as_json: JsonOut = False,
        quiet: Quiet = False,
        base_url: BaseUrl = None,
        api_key_file: KeyFile = None,
    ) -> None:
        sync(
            kind,
            file,
            fmt,
            null_token,
            batch_size,
            concurrency,
            dry_run,
            out,
            failed,
            journal,
            resume,
            resend_in_doubt,
            as_json,
            quiet,
            base_url,
            api_key_file,
        )

    command.__doc__ = (
        f"{OPERATION[kind][1].capitalize()} {OPERATION[kind][0]} from FILE.\n\nExample: {example}"
    )
    return command


links.command("create")(
    _command(Kind.links_create, "hoko links create new-links.csv --out created.jsonl")
)
links.command("upsert")(
    _command(
        Kind.links_upsert, "hoko links upsert links.csv --failed bad.csv --journal sync.journal"
    )
)
collections.command("upsert")(
    _command(Kind.collections, "hoko collections upsert collections.jsonl")
)
partners.command("upsert")(_command(Kind.partners, "hoko partners upsert partners.csv --json"))


@app.command("validate")
def validate(
    file: FileArg,
    as_: Annotated[Kind, typer.Option("--as", help="which operation the rows are for")],
    fmt: Format = None,
    null_token: NullToken = "null",
) -> None:
    """Run every client-side check on FILE; send nothing.

    Example: hoko validate links.csv --as links-upsert
    """
    path = _spool_stdin() if file == "-" else file
    total = _validate_or_exit(
        path, detect_format(file, fmt), OPERATION[as_][2], null_token, hoko.MAX_BATCH_SIZE
    )
    err.print(f"hoko: {file}: {total:,} rows, all valid for {as_.value}", markup=False)
