"""Reading input rows: CSV (the API's field names as headers), JSON Lines, a JSON array, stdin.

CSV cells follow one rule: an empty cell leaves the field as it is, the null token (default
`null`) clears it, anything else is the value. `utm.source` or `geo.US` columns build the nested
objects. Which fields exist, which are booleans and which keys an object takes come from the
spec, through `hoko_client.contract`. Every problem names its row and column.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from hoko_client import contract

from .vouch import Vouch

# The column (or key) the --failed file adds; ignored on input so that file runs again as it is.
ERROR_COLUMN = "error"
TRUE = frozenset({"true", "1", "yes", "y"})
FALSE = frozenset({"false", "0", "no", "n"})
FORMATS = ("csv", "jsonl", "json")
_CSV_ERRORS = (UnicodeDecodeError, csv.Error)


class InputError(Exception):
    """Bad input: nothing is sent. `row` is 1-based (0 for the CSV header)."""

    def __init__(self, row: int, column: str | None, message: str, *, header: bool = False) -> None:
        # With a header (CSV), data row N is the file's line N + 1, as a spreadsheet shows it.
        if row == 0:
            where = "header (line 1)"
        else:
            where = f"row {row}" + (f" (line {row + 1})" if header else "")
        super().__init__(f"{where}" + (f", column {column!r}" if column else "") + f": {message}")
        self.row, self.column, self.message = row, column, message


class CsvInputError(InputError):
    """Bad CSV input: also names the file's line (the header is line 1)."""

    def __init__(self, row: int, column: str | None, message: str) -> None:
        super().__init__(row, column, message, header=True)


@dataclass(slots=True)
class Row:
    number: int  # 1-based position among the data rows
    item: dict[str, Any]
    raw: Any  # the row as read, for the --failed file: a JSON object, or a CSV row's cells
    header: list[str] | None = None  # a CSV file's header (shared by its rows)

    def record(self) -> dict[str, Any]:
        """The row as read, keyed by column (CSV) or as the object it was (JSON)."""
        if self.header is None:
            return dict(self.raw)
        return dict(zip(self.header, self.raw, strict=True))


def detect_format(path: str, given: str | None) -> str:
    if given:
        return given
    if path == "-":
        return "jsonl"
    suffix = Path(path).suffix.lower()
    return {".csv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}.get(
        suffix, "csv"
    )


def open_text(path: str) -> IO[str]:
    """UTF-8, with or without a BOM; stdin for `-`. Bad bytes raise UnicodeDecodeError."""
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="strict")
    return open(path, encoding="utf-8-sig", errors="strict", newline="")


class Columns:
    """What a CSV header means for one operation."""

    def __init__(self, operation_id: str, raw_header: list[str]) -> None:
        self.raw_header = raw_header  # as read: the --failed file writes it back
        header = [h.strip() for h in raw_header]
        facts = contract.OPERATIONS[operation_id]
        fields, objects = set(facts["fields"]), set(facts["object_fields"])
        keys: dict[str, tuple[str, ...]] = facts["object_keys"]
        self.booleans = set(facts["boolean_fields"])
        self.header = header
        seen: set[str] = set()
        for name in header:
            if name == ERROR_COLUMN:
                continue
            if name in seen:
                raise CsvInputError(0, name, "appears twice in the header")
            seen.add(name)
            top, _, sub = name.partition(".")
            if top not in fields:
                raise CsvInputError(
                    0, name, f"unknown column (fields: {', '.join(sorted(fields))})"
                )
            if sub and top not in objects:
                raise CsvInputError(0, name, f"{top} is not an object; use the column {top!r}")
            if sub and top in keys and sub not in keys[top]:
                raise CsvInputError(0, name, f"unknown key of {top} (keys: {', '.join(keys[top])})")
        self.objects = objects
        # The plain columns (most of them) take the fast path in `item`: (position, field).
        self.plain = [
            (i, n)
            for i, n in enumerate(header)
            if "." not in n and n not in objects and n not in self.booleans and n != ERROR_COLUMN
        ]
        # `utm.source`-style columns (strings, always): (position, object, key).
        self.keyed: list[tuple[int, str, str]] = [
            (i, n.partition(".")[0], n.partition(".")[2]) for i, n in enumerate(header) if "." in n
        ]
        taken = {i for i, _ in self.plain} | {i for i, *_ in self.keyed}
        self.other = [(i, n) for i, n in enumerate(header) if i not in taken and n != ERROR_COLUMN]
        self.vouch = Vouch(operation_id, header, [n for _, n in self.other], TRUE | FALSE)

    def item(self, number: int, cells: list[str], null: str) -> dict[str, Any]:
        if len(cells) != len(self.header):
            raise CsvInputError(
                number, None, f"has {len(cells)} cells, the header has {len(self.header)}"
            )
        # An empty cell leaves the field as it is; the null token clears it.
        item: dict[str, Any] = {
            n: (None if c == null else c) for i, n in self.plain if (c := cells[i])
        }
        for i, name in self.other:
            cell = cells[i]
            if cell:
                self._set(item, number, name, cell, null)
        for i, top, sub in self.keyed:
            cell = cells[i]
            if not cell:
                continue
            nested = item.get(top)
            if nested is None:
                if top in item:
                    raise CsvInputError(number, f"{top}.{sub}", f"{top} is cleared in the same row")
                nested = item[top] = {}
            nested[sub] = None if cell == null else cell
        return item

    def _set(self, item: dict[str, Any], number: int, name: str, cell: str, null: str) -> None:
        """A boolean, or a whole object (only the null token fits: it clears it)."""
        top = name
        value: Any = None if cell == null else self._value(number, name, top, cell)
        if top in item:
            raise CsvInputError(number, name, f"{top} is set by its key columns too")
        else:
            if value is not None and top in self.objects:
                raise CsvInputError(number, name, f"only {null!r} (clear) fits the whole {top}")
            item[top] = value

    def _value(self, number: int, name: str, top: str, cell: str) -> Any:
        if top in self.booleans:
            lowered = cell.strip().lower()
            if lowered in TRUE:
                return True
            if lowered in FALSE:
                return False
            raise CsvInputError(number, name, f"expected true or false, got {cell!r:.40}")
        return cell


# The check-first pass takes CSV rows a few hundred at a time, not a batch at a time: the checks
# are per item, so the verdict is the same, and the rows being checked stay in the CPU's caches
# (with 10,000-row pieces the pass took about a third longer).
CHECK_PIECE = 500


@dataclass(slots=True)
class Records:
    """Consecutive CSV rows whose items are built only when asked for: the check-first pass
    builds only the pieces its column checks (`Columns.vouch`) cannot vouch for."""

    numbers: list[int]
    raws: list[list[str]]
    columns: Columns
    null: str

    def items(self) -> tuple[list[dict[str, Any]], CsvInputError | None]:
        """The rows' items in order, up to the first row that does not build, and that row's
        error (None if every row built)."""
        out: list[dict[str, Any]] = []
        item, null = self.columns.item, self.null
        try:
            for number, raw in zip(self.numbers, self.raws, strict=True):
                out.append(item(number, raw, null))
        except CsvInputError as exc:
            return out, exc
        return out, None


def _problem(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not valid UTF-8 ({exc.reason})"
    return f"not valid CSV: {exc}"


def _csv_rows(
    handle: IO[str], operation_id: str, null: str, header: list[str] | None = None
) -> Iterator[Row]:
    for piece in _csv_pieces(handle, operation_id, null, header):
        columns = piece.columns
        for number, cells in zip(piece.numbers, piece.raws, strict=True):
            yield Row(number, columns.item(number, cells, null), cells, columns.raw_header)


def _csv_pieces(
    handle: IO[str], operation_id: str, null: str, header: list[str] | None = None
) -> Iterator[Records]:
    """The data rows' numbers and cells (blank lines skipped), up to CHECK_PIECE lines at a
    time; with `header` given, `handle` is positioned after it.

    A piece ended early by bad CSV is handed out before the error is raised, so a bad row
    before it is still reported first."""
    reader = csv.reader(handle)
    number = 0
    try:
        header = next(reader, None) if header is None else header
    except _CSV_ERRORS as exc:
        raise CsvInputError(1, None, _problem(exc)) from exc
    if header is None:
        return
    columns = Columns(operation_id, header)
    numbered = enumerate(reader, start=1)
    while True:
        got: list[tuple[int, list[str]]] = []
        append = got.append
        failure: Exception | None = None
        try:
            for pair in islice(numbered, CHECK_PIECE):
                append(pair)
        except _CSV_ERRORS as exc:
            failure = exc
        pulled = len(got)
        if got:
            number = got[-1][0]
            raws = list(map(itemgetter(1), got))
            if [] in raws:  # blank lines are skipped
                got = [pair for pair in got if pair[1]]
                raws = list(map(itemgetter(1), got))
            if got:
                yield Records(list(map(itemgetter(0), got)), raws, columns, null)
        if failure is not None:
            raise CsvInputError(number + 1, None, _problem(failure)) from failure
        if pulled < CHECK_PIECE:
            return


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {float: "number", str: "string", dict: "object", list: "array"}.get(type(value), "?")


def _check_types(number: int, item: dict[str, Any], types: dict[str, tuple[str, ...]]) -> None:
    """A value of the wrong JSON type is bad input (the spec's types, per field)."""
    for name, value in item.items():
        allowed = types.get(name)
        if not allowed:
            continue
        kind = _json_type(value)
        if kind not in allowed and not (kind == "integer" and "number" in allowed):
            raise InputError(number, name, f"expected {' or '.join(allowed)}, got {kind}")


def _json_rows(handle: IO[str], lines: bool, operation_id: str) -> Iterator[Row]:
    types: dict[str, tuple[str, ...]] = contract.OPERATIONS[operation_id]["field_types"]
    number = 0
    try:
        if lines:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    value = json.loads(line)
                    item = _object(number, value)
                    _check_types(number, item, types)
                    yield Row(number, item, value)
            return
        data = json.load(handle)
        if not isinstance(data, list):
            raise InputError(1, None, "a JSON file must hold an array of objects")
        for number, value in enumerate(data, start=1):
            item = _object(number, value)
            _check_types(number, item, types)
            yield Row(number, item, value)
    except UnicodeDecodeError as exc:
        raise InputError(number + 1, None, f"not valid UTF-8 ({exc.reason})") from exc
    except json.JSONDecodeError as exc:
        raise InputError(number + (1 if lines else 0), None, f"not valid JSON: {exc.msg}") from exc


def _object(number: int, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(number, None, f"expected a JSON object, got {type(value).__name__}")
    return {k: v for k, v in value.items() if k != ERROR_COLUMN}


def read_rows(path: str, fmt: str, operation_id: str, null: str) -> Iterator[Row]:
    """The rows of `path`, streamed (a JSON array is read whole)."""
    with open_text(path) as handle:
        if fmt == "csv":
            yield from _csv_rows(handle, operation_id, null)
        else:
            yield from _json_rows(handle, fmt == "jsonl", operation_id)


def read_records(path: str, fmt: str, operation_id: str, null: str) -> Iterator[Row | Records]:
    """As `read_rows`, with a CSV file's rows in `Records` pieces (for the check-first pass)."""
    with open_text(path) as handle:
        if fmt == "csv":
            yield from _csv_pieces(handle, operation_id, null)
        else:
            yield from _json_rows(handle, fmt == "jsonl", operation_id)


def read_part(
    path: str,
    fmt: str,
    operation_id: str,
    null: str,
    part: tuple[int, int | None],
    header: list[str] | None,
) -> Iterator[Row | Records]:
    """The rows between two byte offsets of a CSV or JSON Lines file (numbered from 1 within
    the part), a CSV file's in `Records` pieces. Offsets must fall on record boundaries; a CSV part
    after the first takes the file's `header`."""
    start, stop = part
    raw = open(path, "rb")  # closed with the text wrapper
    raw.seek(start)
    window = io.BufferedReader(_Window(raw, stop))
    encoding = "utf-8-sig" if start == 0 else "utf-8"
    with io.TextIOWrapper(window, encoding=encoding, errors="strict", newline="") as handle:
        if fmt == "csv":
            yield from _csv_pieces(handle, operation_id, null, None if start == 0 else header)
        else:
            yield from _json_rows(handle, True, operation_id)


class _Window(io.RawIOBase):
    """A binary file read up to a byte offset (None: to its end)."""

    def __init__(self, raw: IO[bytes], stop: int | None) -> None:
        self.raw, self.left = raw, None if stop is None else stop - raw.tell()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        if self.left is not None:
            view = view[: max(0, self.left)]
        n = self.raw.readinto(view) or 0  # type: ignore[attr-defined]
        if self.left is not None:
            self.left -= n
        return n

    def close(self) -> None:
        self.raw.close()
        super().close()
