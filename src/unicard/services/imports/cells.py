"""Reading and writing the cells that are not domain values of their own: dates, empty optionals."""

from __future__ import annotations

import datetime as dt
import re

from unicard.domain.shared.errors import DomainError, InvalidValue
from unicard.services.imports.formats import Record
from unicard.services.imports.problems import RowError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def optional_date(record: Record, column: str, problems: list[RowError]) -> dt.date | None:
    """The cell as a YYYY-MM-DD date, None if empty; a bad one is added to ``problems``."""
    text = record.get(column).strip().translate(_TO_ASCII)
    if not text:
        return None
    try:
        # fromisoformat alone would also take "19850314" and week dates; the format says YYYY-MM-DD.
        if not _DATE.match(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        error = InvalidValue("import.date", field=column, value=record.get(column))
        problems.append(RowError.from_domain(record.number, column, record.get(column), error))
        return None


def row_error(record: Record, error: DomainError, columns: dict[str, str] | None = None) -> RowError:
    """A domain error on this row, placed in the column its ``field`` names."""
    field = str(error.params.get("field", ""))
    column = (columns or {}).get(field, field)
    return RowError.from_domain(record.number, column, record.get(column), error)


def date_cell(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def text_cell(value: str | None) -> str:
    return value or ""
