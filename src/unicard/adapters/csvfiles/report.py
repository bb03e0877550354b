"""The error report written next to a refused file: one line per problem, in Arabic and English."""

from __future__ import annotations

from pathlib import Path

from unicard.adapters.csvfiles.writer import CsvFileWriter
from unicard.locale.catalog import render
from unicard.services.imports.problems import ErrorLog

COLUMNS = ("row", "column", "value", "reason_ar", "reason_en")
_VALUE_LIMIT = 200  # a runaway cell (a whole line pasted into one field) need not be copied whole


def report_path(source: Path) -> Path:
    return source.with_name(source.name + ".errors.csv")


def write_error_report(path: Path, errors: ErrorLog) -> None:
    """Rows in file order; with a BOM, because the people who fix files open them in spreadsheets."""
    with CsvFileWriter(path, COLUMNS, bom=True) as report:
        for error in errors.listed:
            value = error.value if len(error.value) <= _VALUE_LIMIT else error.value[:_VALUE_LIMIT] + "…"
            report.write(
                [
                    str(error.row),
                    error.column,
                    value,
                    render(error.code, error.params, "ar"),
                    render(error.code, error.params, "en"),
                ]
            )
        if errors.omitted:
            params = {"listed": len(errors.listed), "total": errors.total}
            note = (
                render("import.errors_omitted", params, "ar"),
                render("import.errors_omitted", params, "en"),
            )
            report.write(["", "", "", *note])
