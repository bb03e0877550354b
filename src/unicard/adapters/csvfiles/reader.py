"""A CSV file read as :class:`Record` rows of a layout, after its encoding and header are checked."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from unicard.adapters.csvfiles.fingerprint import fingerprint
from unicard.services.imports.formats import FileLayout, Record
from unicard.services.imports.ports import FileFacts
from unicard.services.imports.problems import UnreadableFile

# Separators spreadsheets use when "CSV" is not comma-separated (semicolon in Arabic locales).
_OTHER_SEPARATORS = {";": "semicolon ;", "\t": "tab", "|": "vertical bar |"}


class CsvRecords:
    """Opening checks the whole file's encoding and its header; :meth:`records` then streams rows."""

    def __init__(self, path: Path, layout: FileLayout) -> None:
        self._path = path
        self._facts = fingerprint(path)
        self.columns = _header(path, layout)

    @property
    def facts(self) -> FileFacts:
        return self._facts

    @property
    def width(self) -> int:
        return len(self.columns)

    def records(self) -> Iterator[Record]:
        with self._path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            try:
                next(reader)  # the header, checked on opening
                for number, cells in enumerate(reader, start=2):
                    # Spreadsheets leave empty rows (",,,,") at the end; they count but say nothing.
                    if any(cell.strip() for cell in cells):
                        yield Record(number, dict(zip(self.columns, cells, strict=False)), len(cells))
            except csv.Error as error:
                raise UnreadableFile(
                    "import.malformed_csv", line=reader.line_num, detail=str(error)
                ) from None


def _header(path: Path, layout: FileLayout) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        try:
            header = next(csv.reader(handle, strict=True), [])
        except csv.Error as error:
            raise UnreadableFile("import.malformed_csv", line=1, detail=str(error)) from None
    names = [cell.strip().lower() for cell in header]
    if not any(names):
        raise UnreadableFile("import.empty_file")
    if not set(names) & set(layout.columns):
        raise _no_header(names, layout)
    layout.check_header(names)
    return names


def _no_header(names: list[str], layout: FileLayout) -> UnreadableFile:
    if len(names) == 1:
        for separator, name in _OTHER_SEPARATORS.items():
            if separator in names[0]:
                return UnreadableFile("import.wrong_separator", separator=name)
    return UnreadableFile("import.no_header", expected=", ".join(layout.columns), found=", ".join(names)[:80])
