"""The check-first pass over a CSV file names the first bad row in file order, whatever is wrong
with it (a cell that does not build, an item the client refuses, bad CSV), wherever the pieces
it reads the file in begin and end, and numbers rows as the send pass does."""

from __future__ import annotations

from pathlib import Path

import pytest
from hoko_cli import steps
from hoko_cli.rows import CHECK_PIECE, InputError, read_rows

OP = "upsertLinks"
C = "01a23bf1-1f13-70f2-9c2e-48e94ec4c75a"
HEADER = "url,title,cloaked,collectionId\n"
N = 3 * CHECK_PIECE


def _good(i: int) -> str:
    return f'https://example.com/p/{i},"Title, {i}",true,{C}\n'


def _check(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        steps.check_all(str(path), "csv", OP, "null", 10_000)
    return caught.value


@pytest.mark.parametrize(
    ("url_row", "bool_row"),
    [(2, 3), (3, 2), (CHECK_PIECE + 7, CHECK_PIECE + 5), (CHECK_PIECE - 1, CHECK_PIECE + 1)],
)
def test_the_first_bad_row_is_named_whichever_check_finds_it(
    tmp_path: Path, url_row: int, bool_row: int
) -> None:
    rows = [_good(i) for i in range(1, N + 1)]
    rows[url_row - 1] = f"ftp://example.com/{url_row},t,true,{C}\n"  # the client refuses it
    rows[bool_row - 1] = f"https://example.com/{bool_row},t,maybe,{C}\n"  # does not build
    path = tmp_path / "links.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    error = _check(path)
    expected = (url_row, "url") if url_row < bool_row else (bool_row, "cloaked")
    assert (error.row, error.column) == expected


@pytest.mark.parametrize("bad_csv_first", [False, True])
def test_bad_csv_after_a_bad_row_in_the_same_piece_does_not_hide_it(
    tmp_path: Path, bad_csv_first: bool
) -> None:
    rows = [_good(i) for i in range(1, N + 1)]
    bad_item, bad_csv = (10, 3) if bad_csv_first else (3, 10)
    rows[bad_item - 1] = f"ftp://example.com/{bad_item},t,true,{C}\n"
    rows[bad_csv - 1] = f"https://example.com/{bad_csv},{'x' * 200_000},true,{C}\n"  # too big
    path = tmp_path / "links.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    error = _check(path)
    if bad_csv_first:
        assert error.row == 3 and "not valid CSV" in str(error)
    else:
        assert (error.row, error.column) == (3, "url")


def test_blank_lines_are_numbered_as_the_send_pass_numbers_them(tmp_path: Path) -> None:
    lines = []
    for i in range(1, N + 1):
        lines.append(_good(i) if i != N - 3 else f"ftp://example.com/{i},t,true,{C}\n")
        if i % 97 == 0:
            lines.append("\n")
    path = tmp_path / "links.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    sent = next(r for r in read_rows(str(path), "csv", OP, "null") if r.item["url"][:3] == "ftp")
    error = _check(path)
    assert (error.row, error.column) == (sent.number, "url")
    assert sent.number > N - 3  # the blank lines count
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "".join(x for x in lines if not x.startswith("ftp")), encoding="utf-8")
    assert steps.check_all(str(good), "csv", OP, "null", 10_000) == N - 1
