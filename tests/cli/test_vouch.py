"""The column checks of the check-first pass vouch only for CSV records whose items surely
build and pass the client's checks; plain files take that path."""

from __future__ import annotations

import itertools
from pathlib import Path

import hoko
import pytest
from hoko_cli import steps
from hoko_cli.rows import Columns, InputError, read_records
from hypothesis import assume, given, settings
from hypothesis import strategies as st

C = "01a23bf1-1f13-70f2-9c2e-48e94ec4c75a"
POOL = ["id", "url", "collectionId", "title", "cloaked", "image", "utm.source", "utm", "geo.US",
        "geo.SA", "ios", "error"]  # fmt: skip
CELLS = [
    "",
    "null",
    "https://e.com/x",
    "http://x",  # valid, but only the item-by-item checks know
    "http://xy",
    "https://",
    "ftp://e.com/x",
    "HTTPS://E.COM/",
    "true",
    "TRUE",
    " true",
    "maybe",
    "0",
    "x",
    C,
    "https://e.com/" + "a" * 2034,  # 2,048 characters: just fits
    "https://e.com/" + "a" * 2035,  # one too many
]


def _accepted(columns: Columns, op: str, records: list[list[str]], null: str) -> bool:
    try:
        items = [columns.item(n, cells, null) for n, cells in enumerate(records, start=1)]
        hoko.check_items(op, items)
    except (InputError, hoko.InvalidItemError):
        return False
    return True


def _cells_for(name: str) -> st.SearchStrategy[str]:
    """Mostly cells that fit the column (so whole pieces get vouched for), sometimes any."""
    if name in ("url", "image", "ios") or name.startswith("geo."):
        fit = ["https://e.com/x", "http://xy", CELLS[-2]]
    elif name == "cloaked":
        fit = ["true", "0", ""]
    elif name in ("collectionId", "id"):
        fit = [C, C, ""]
    else:
        fit = ["x", "", C]
    return st.sampled_from(fit * 6 + CELLS)


@st.composite
def _pieces(draw: st.DrawFn) -> tuple[str, list[str], list[list[str]], str]:
    op = draw(st.sampled_from(["upsertLinks", "createLinks"]))
    header = draw(st.lists(st.sampled_from(POOL), min_size=1, max_size=7, unique=True))
    record = st.tuples(*(_cells_for(name) for name in header)).map(list)
    records = draw(st.lists(record, min_size=1, max_size=4))
    if draw(st.integers(0, 9)) == 0:  # now and then a record of the wrong width
        records[-1] = records[-1][:-1] or ["x", "y"]
    return op, header, records, draw(st.sampled_from(["null", "null", "", "x"]))


@settings(max_examples=1500, deadline=None, database=None)
@given(piece=_pieces())
def test_a_piece_it_vouches_for_builds_and_passes_the_clients_checks(
    piece: tuple[str, list[str], list[list[str]], str],
) -> None:
    op, header, records, null = piece
    try:
        columns = Columns(op, header)
    except InputError:
        assume(False)  # a header the reader refuses never reaches the checks
        return
    if columns.vouch.vouches(records, null):
        assert _accepted(columns, op, records, null)


def _plain(i: int) -> list[str]:
    return [f"https://shop.example.com/p/{i}", C, f"Title, {i}", "true", "news",
            "https://shop.example.com/us", "", f"x-{i}"]  # fmt: skip


PLAIN_HEADER = ["url", "collectionId", "title", "cloaked", "utm.source", "geo.US", "id",
                "externalId"]  # fmt: skip


def test_plain_records_are_vouched_for_and_a_piece_with_one_doubt_is_not() -> None:
    columns = Columns("upsertLinks", PLAIN_HEADER)
    records = [_plain(i) for i in range(50)]
    assert columns.vouch.vouches(records, "null")
    updates = [[*r[:6], C, r[7]] for r in records]  # an id: the required columns may be empty
    updates[3][0] = updates[3][1] = ""
    assert columns.vouch.vouches(updates, "null")
    # One cell changed in one record: the null token is never vouched for, an empty cell
    # only outside the required columns, a non-URL or a URL of 2,049 characters only outside
    # URL and boolean columns.
    cells = ["null", "", "ftp://shop.example.com/x", "https://e.com/" + "a" * 2035]
    for (column, name), cell in itertools.product(enumerate(PLAIN_HEADER), cells):
        doubtful = [list(r) for r in records]
        doubtful[17][column] = cell
        if cell == "null":
            expected = False
        elif cell == "":
            expected = name not in ("url", "collectionId")
        else:
            expected = name not in ("url", "geo.US", "cloaked")
        assert columns.vouch.vouches(doubtful, "null") is expected, (name, cell)


@pytest.mark.parametrize("bad_row", [2, 1777])
def test_a_bad_row_in_a_plain_file_is_named_by_the_check_first_pass(
    tmp_path: Path, bad_row: int
) -> None:
    path = tmp_path / "links.csv"
    rows = [",".join(f'"{c}"' for c in _plain(i)) for i in range(1, 2001)]
    rows[bad_row - 1] = rows[bad_row - 1].replace("https://shop.example.com/us", "ftp://x")
    path.write_text(",".join(PLAIN_HEADER) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        steps.check_rows(read_records(str(path), "csv", "upsertLinks", "null"), "upsertLinks", 10)
    assert (caught.value.row, caught.value.column) == (bad_row, "geo.US")
    with pytest.raises(InputError) as caught:
        steps.check_all(str(path), "csv", "upsertLinks", "null", 10)
    assert (caught.value.row, caught.value.column) == (bad_row, "geo.US")
