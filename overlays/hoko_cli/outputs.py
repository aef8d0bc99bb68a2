"""What a sync writes besides its journal: --out (one JSON line per row) and --failed (the rows
that failed, in the input's own format plus an error column)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

from .rows import Row


class Out:
    def __init__(self, path: Path | None, append: bool) -> None:
        self._fh: IO[str] | None = (
            path.open("a" if append else "w", encoding="utf-8") if path else None
        )

    def row(
        self,
        number: int,
        status: str,
        ident: str | None = None,
        short_url: str | None = None,
        error: str | None = None,
    ) -> None:
        if self._fh is None:
            return
        record: dict[str, Any] = {
            "row": number,
            "status": status,
            "id": ident,
            "shortUrl": short_url,
        }
        if error is not None:
            record["error"] = error
        self._fh.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


class Failed:
    """Failed rows as they were read, so the file can be fixed and run again as it is."""

    def __init__(self, path: Path | None, fmt: str, append: bool) -> None:
        self.fmt, self.count = fmt, 0
        self._fh: IO[str] | None = None
        self._csv: Any = None
        self._path, self._append = path, append

    def _open(self, row: Row) -> IO[str]:
        assert self._path is not None
        existed = self._append and self._path.exists() and self._path.stat().st_size > 0
        fh = self._path.open("a" if self._append else "w", encoding="utf-8", newline="")
        if self.fmt == "csv":
            self._csv = csv.DictWriter(fh, fieldnames=[*row.record(), "error"])
            if not existed:
                self._csv.writeheader()
        elif self.fmt == "json":
            fh.write("[\n")
        return fh

    def row(self, row: Row, error: str) -> None:
        if self._path is None:
            return
        if self._fh is None:
            self._fh = self._open(row)
        if self.fmt == "csv":
            self._csv.writerow({**row.record(), "error": error})
        else:
            text = json.dumps({**row.record(), "error": error}, ensure_ascii=False)
            sep = ",\n" if self.fmt == "json" and self.count else ""
            self._fh.write(sep + text + ("" if self.fmt == "json" else "\n"))
        self.count += 1

    def close(self) -> None:
        if self._fh is not None:
            if self.fmt == "json":
                self._fh.write("\n]\n")
            self._fh.close()
