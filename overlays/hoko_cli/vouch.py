"""Column checks that vouch for a piece of CSV records without building their items.

The check-first pass must prove that every record builds an item (`Columns.item`) and that the
client's checks accept it (`hoko.check_items`). Building and checking item by item cost about
as much as parsing the CSV; most files are plain (no null token, canonical booleans, URLs that
are plainly http(s), the required columns filled), and for those a few C-level passes over
each column prove the same. `Vouch.vouches` answers only "surely good" or "not sure": a piece
it is not sure of is built and checked item by item, which names the first bad row.

What it proves, rule by rule, with the rule each stands for:
- every record has as many cells as the header (`Columns.item`);
- no cell is the null token, so no field is cleared (the client's null rules, D11);
- the header has no whole-object column (`utm`), so key columns never conflict with one;
- a boolean cell is empty or a canonical true/false (`Columns.item`);
- a create (no id cell) fills every required column (D2);
- a filled URL cell, plain or in a map of URLs, starts with http:// or https://, has a host
  character after it and is at most the spec's maximum length (the client's URL rule).
Unknown columns cannot occur: `Columns` refused the header already.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from itertools import chain, repeat
from typing import Any

from hoko._validation import MIN_FAST_URL_LENGTH, URL_PREFIXES
from hoko_client import contract


def _getter(indices: Sequence[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The cells at `indices` of a record, always as a tuple (itemgetter gives one bare)."""
    if len(indices) == 1:
        one = indices[0]
        return lambda cells: (cells[one],)
    getter: Callable[[list[str]], tuple[str, ...]] = operator.itemgetter(*indices)
    return getter


class Vouch:
    """The column checks for one CSV header of one operation."""

    def __init__(
        self, operation_id: str, header: list[str], other: Sequence[str], words: frozenset[str]
    ) -> None:
        """`other` names the header's columns that are neither plain fields nor object keys
        (`Columns.other`): booleans and whole-object columns. `words` are the lower-case
        spellings `Columns.item` reads as true or false."""
        facts: dict[str, Any] = contract.OPERATIONS[operation_id]
        booleans = set(facts["boolean_fields"])
        # Those spellings as typed in a spreadsheet, without the blanks `strip()` would take.
        self.boolean_cells = frozenset(
            {""} | {spell(w) for w in words for spell in (str.lower, str.upper, str.capitalize)}
        )
        self.width = len(header)
        # A whole-object column (only the null token fits it) can conflict with key columns.
        self.possible = all(name in booleans for name in other)
        position = {name: i for i, name in enumerate(header)}
        self.booleans = [position[name] for name in header if name in booleans]
        self.id = position.get("id")
        required = facts["create_required"]
        self.required = [position[name] for name in required if name in position]
        self.required_missing = len(self.required) < len(required)
        url_fields, url_maps = set(facts["url_fields"]), set(facts["url_map_fields"])
        urls = [
            i
            for i, name in enumerate(header)
            if name in url_fields or ("." in name and name.partition(".")[0] in url_maps)
        ]
        self.urls = _getter(urls) if urls else None
        self.max_url = contract.MAX_URL_LENGTH

    def vouches(self, records: list[list[str]], null: str) -> bool:
        """True if every record surely builds an item the client's checks accept."""
        if not self.possible or not records or not null:
            return False
        if set(map(len, records)) != {self.width}:
            return False
        if any(map(operator.contains, records, repeat(null))):
            return False
        for i in self.booleans:
            if not set(map(operator.itemgetter(i), records)) <= self.boolean_cells:
                return False
        creates = records if self.id is None else [r for r in records if not r[self.id]]
        if creates:
            if self.required_missing:
                return False
            for i in self.required:
                if not all(map(operator.itemgetter(i), creates)):
                    return False
        if self.urls is None:
            return True
        urls = list(filter(None, chain.from_iterable(map(self.urls, records))))
        return not urls or (
            all(map(str.startswith, urls, repeat(URL_PREFIXES)))
            and min(map(len, urls)) >= MIN_FAST_URL_LENGTH
            and max(map(len, urls)) <= self.max_url
        )
