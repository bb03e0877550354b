"""Writing a CSV file row by row, so that the file appears whole or not at all."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Self


class CsvFileWriter:
    """Rows go to ``<path>.part``, which replaces ``path`` only once every row is written.

    RFC 4180: comma-separated, fields quoted when they need it, lines ending CRLF. ``bom`` adds
    the UTF-8 byte-order mark that spreadsheet programs need to show Arabic correctly.
    """

    def __init__(self, path: Path, header: Sequence[str], *, bom: bool = False) -> None:
        self.path = path
        self._part = path.with_name(path.name + ".part")
        self._header = header
        self._encoding = "utf-8-sig" if bom else "utf-8"
        self._handle: IO[str] | None = None
        self.rows = 0

    def __enter__(self) -> Self:
        try:
            self._handle = self._part.open("w", encoding=self._encoding, newline="")
        except OSError as error:
            # Name the file the caller asked for, not the temporary one.
            raise type(error)(error.errno, error.strerror, str(self.path)) from error
        self._writer = csv.writer(self._handle, lineterminator="\r\n")
        self._writer.writerow(self._header)
        return self

    def write(self, cells: Sequence[str]) -> None:
        self._writer.writerow(cells)
        self.rows += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            self._handle.close()
        if exc is None:
            self._part.replace(self.path)
        else:
            self._part.unlink(missing_ok=True)
