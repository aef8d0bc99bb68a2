"""The `hoko` command: sync CSV and JSON Lines files into Hoko, validate them first."""

from __future__ import annotations

import hashlib
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import hoko
import typer
from hoko_client.types import gc_paused

from . import journal as journal_mod
from . import memory, steps
from .outputs import Failed, Out
from .progress import Reporter
from .rows import FORMATS, detect_format, read_rows
from .steps import BAD_INPUT, OK, SOME_FAILED, UNREACHABLE, err
from .sync import Fatal, Gate, Sender, Tally, http_client, run

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
    path = steps.spool_stdin() if file == "-" else file
    fmt = detect_format(file, fmt)
    total = steps.validate_or_exit(path, fmt, operation_id, null, batch_size)
    if dry_run:
        if not quiet:
            err.print(f"hoko: {total:,} rows checked, nothing sent")
        raise typer.Exit(OK)
    key = steps.key(key_file)
    state = journal_mod.State()
    if resume and journal is not None and journal.exists():
        try:
            state = journal_mod.load(journal, path, operation_id)
        except journal_mod.JournalError as exc:
            err.print(f"hoko: cannot resume: {exc}", markup=False)
            raise typer.Exit(BAD_INPUT) from None
    gate = Gate(concurrency)
    client = hoko.Hoko(
        api_key=key, base_url=base_url, batch_size=batch_size, http_client=http_client(gate)
    )
    if not quiet:
        digest = hashlib.sha256(key.encode()).hexdigest()[:10]
        err.print(
            f"hoko: {resource} {method} {file} -> {client.base_url} (key sha256:{digest})",
            markup=False,
            highlight=False,
        )
    finder = steps.lookup(key, str(client.base_url)) if state.in_doubt else None
    try:
        held, found = steps.settle_in_doubt(
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
    sender = Sender(lambda items: call(items, batch_size=len(items)), method == "create", jr, gate)
    outs = Out(out, append=False), Failed(failed, fmt, append=False)
    if resume and journal is not None and journal.exists():
        steps.replay(journal, path, fmt, operation_id, null, outs)
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
    steps.summary(tally, time.monotonic() - started, as_json, quiet, held)
    if code == OK and (tally.failed or held or tally.not_sent):
        code = SOME_FAILED
    raise typer.Exit(code)


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
        memory.one_malloc_arena()  # before the sending threads start
        with gc_paused():
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
    path = steps.spool_stdin() if file == "-" else file
    with gc_paused():
        total = steps.validate_or_exit(
            path, detect_format(file, fmt), OPERATION[as_][2], null_token, hoko.MAX_BATCH_SIZE
        )
    err.print(f"hoko: {file}: {total:,} rows, all valid for {as_.value}", markup=False)
