"""The check-first pass in two processes: it answers "every row is good" with the serial pass's
row count, or "not sure"; a message about bad input always comes from the serial pass."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

import pytest
from hoko_cli import halves, steps
from hoko_cli.rows import CHECK_PIECE, InputError, Records, Row, read_rows

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")
OP = "upsertLinks"
C = "01a23bf1-1f13-70f2-9c2e-48e94ec4c75a"
HEADER = "url,title,description,cloaked,utm.source,collectionId\n"


def _row(i: int) -> str:
    return f'https://example.com/p/{i},"Title, {i}",plain text {i},true,news,{C}\n'


def _check(rows: Iterable[Row | Records]) -> int:
    return steps.check_rows(rows, OP, 7)


def _serial(path: Path, fmt: str = "csv") -> int:
    return _check(read_rows(str(path), fmt, OP, "null"))


def test_a_good_file_is_counted_in_two_halves_as_the_serial_pass_counts_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "links.csv"
    # Quoted cells with newlines on both sides of the middle: the cut must not fall in one.
    body = "".join(
        _row(i) if i % 5 else f'https://example.com/q/{i},"two\nlines {i}",x,false,,{C}\n'
        for i in range(1, 2001)
    )
    path.write_text(HEADER + body + "\n", encoding="utf-8-sig")  # a BOM, a blank last line
    cut = halves.split_point(str(path), "csv", min_bytes=0)
    assert cut is not None and 0 < cut < path.stat().st_size
    assert halves.check_in_halves(str(path), "csv", OP, "null", _check, min_bytes=0) == 2000
    assert _serial(path) == 2000


def test_json_lines_are_cut_at_a_line(tmp_path: Path) -> None:
    path = tmp_path / "links.jsonl"
    lines = [
        json.dumps({"url": f"https://example.com/{i}", "title": f"a\nb {i}", "collectionId": C})
        for i in range(999)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert halves.check_in_halves(str(path), "jsonl", OP, "null", _check, min_bytes=0) == 999


@pytest.mark.parametrize("bad_row", [3, 1500])  # in the first half, in the second
def test_a_bad_row_in_either_half_means_not_sure_and_the_serial_message(
    tmp_path: Path, bad_row: int
) -> None:
    path = tmp_path / "links.csv"
    rows = [_row(i) for i in range(1, 2001)]
    rows[bad_row - 1] = f"https://example.com/p/{bad_row},t,d,maybe,news,{C}\n"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    assert halves.check_in_halves(str(path), "csv", OP, "null", _check, min_bytes=0) is None
    with pytest.raises(InputError) as caught:
        steps.check_all(str(path), "csv", OP, "null", 7)
    assert (caught.value.row, caught.value.column) == (bad_row, "cloaked")


@pytest.mark.parametrize("bad_row", [1, CHECK_PIECE + 234])
def test_the_client_checks_name_the_row_in_any_piece_of_a_batch(
    tmp_path: Path, bad_row: int
) -> None:
    """Rows are checked a piece at a time within a batch: an item the client's checks refuse
    (not the CSV reader) is still named by its row in the file."""
    path = tmp_path / "links.csv"
    rows = [_row(i) for i in range(1, 2001)]
    rows[bad_row - 1] = f"ftp://example.com/p/{bad_row},t,d,true,news,{C}\n"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        steps.check_rows(read_rows(str(path), "csv", OP, "null"), OP, 10_000)
    assert (caught.value.row, caught.value.column) == (bad_row, "url")


def test_a_cut_inside_a_quoted_cell_is_caught_and_the_file_is_checked_serially(
    tmp_path: Path,
) -> None:
    """A literal quote in an unquoted cell (`5" screen`, which the csv module reads as it is)
    flips the quote count, so the cut lands inside the quoted last cell in the middle. That
    cell holds lines that read as good rows, so both halves pass their checks: only the cut's
    own test can tell."""
    if threading.active_count() > 1:  # e.g. a pytest-xdist worker's own thread
        pytest.skip("split_point declines to fork while another thread runs (tested below)")
    path = tmp_path / "links.csv"
    filler = [f"https://example.com/p/{i},{C},plain {i}\n" for i in range(2, 801)]
    inner = "".join(f"https://example.com/in/{i},{C},d\n" for i in range(40))
    middle = f'https://example.com/m,{C},"{inner}https://example.com/end,{C},d"\n'
    lines = [f'https://example.com/1,{C},5" screen\n', *filler, middle, *filler]
    path.write_text("url,collectionId,description\n" + "".join(lines), encoding="utf-8")
    cut = halves.split_point(str(path), "csv", min_bytes=0)
    text = path.read_bytes()
    start = text.index(b"https://example.com/m,")
    assert cut is not None and start < cut < start + len(middle.encode())  # inside the cell
    assert halves.check_in_halves(str(path), "csv", OP, "null", _check, min_bytes=0) is None
    assert steps.check_all(str(path), "csv", OP, "null", 7) == _serial(path) == len(lines)


def test_no_cut_while_another_thread_runs(tmp_path: Path) -> None:
    """A fork copies a lock another thread holds as held, and nothing in the child would
    release it: with a second thread alive the file is checked in one process."""
    path = tmp_path / "links.csv"
    path.write_text(HEADER + "".join(_row(i) for i in range(1, 2001)), encoding="utf-8")
    release = threading.Event()
    other = threading.Thread(target=release.wait, daemon=True)
    other.start()
    try:
        assert halves.split_point(str(path), "csv", min_bytes=0) is None
        assert halves.check_in_halves(str(path), "csv", OP, "null", _check, min_bytes=0) is None
    finally:
        release.set()
        other.join()
    if threading.active_count() == 1:  # alone again: the same file is cut
        assert halves.split_point(str(path), "csv", min_bytes=0) is not None


def test_small_files_and_json_arrays_are_not_cut(tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    path.write_text(HEADER + _row(1), encoding="utf-8")
    assert halves.split_point(str(path), "csv") is None  # under MIN_SPLIT_BYTES
    assert halves.split_point(str(path), "json", min_bytes=0) is None
