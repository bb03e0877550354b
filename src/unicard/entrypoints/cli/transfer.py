"""``unicard import`` and ``unicard export``: registry CSV files in and out (docs/formats/).

Exit codes: 0 done; 1 the file was refused (its error report written next to it), cannot be
read at all, or the schema is out of date; 2 the command was misused (e.g. no such file).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Annotated, Self

import typer
from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from rich.table import Table
from rich.text import Text

from unicard.adapters.csvfiles.reader import CsvRecords
from unicard.adapters.csvfiles.report import report_path, write_error_report
from unicard.adapters.csvfiles.writer import CsvFileWriter
from unicard.adapters.db.bulk import SqlImportUnitOfWork
from unicard.entrypoints.cli.console import console, container, errors, explained_errors
from unicard.locale.catalog import Language, render
from unicard.services.imports.citizens import import_citizens
from unicard.services.imports.exports import export_citizens, export_households
from unicard.services.imports.formats import CITIZENS, HOUSEHOLDS, FileLayout
from unicard.services.imports.households import import_households
from unicard.services.imports.pipeline import ImportOutcome
from unicard.services.imports.ports import ImportUnitOfWork, Progress, RowSink, RowSource, Step
from unicard.services.ports import Clock

import_app = typer.Typer(
    help="Load citizens or households from a CSV file, whole or not at all.", no_args_is_help=True
)
export_app = typer.Typer(
    help="Write citizens or households to a CSV file in the import format.", no_args_is_help=True
)

_SHOWN_ERRORS = 10


class Lang(enum.StrEnum):
    AR = "ar"
    EN = "en"


InputFile = Annotated[
    Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="The CSV file to import.")
]
OutputFile = Annotated[
    Path, typer.Argument(dir_okay=False, help="The CSV file to write (replaced if it exists).")
]
ActorOption = Annotated[
    str,
    typer.Option("--actor", envvar="UNICARD_OPERATOR", help="Operator username recorded in the audit log."),
]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of the summary and its table.")]

ImportUseCase = Callable[[ImportUnitOfWork, Clock, RowSource, str, Progress], ImportOutcome]
ExportUseCase = Callable[[ImportUnitOfWork, RowSink, Progress], int]


@import_app.command("citizens")
def import_citizens_command(file: InputFile, actor: ActorOption = "cli", lang: LangOption = Lang.AR) -> None:
    """Register the citizens in FILE (docs/formats/citizens.md)."""
    language = _language(lang)
    outcome = _import(file, CITIZENS, import_citizens, actor, language)
    counts = {"rows": outcome.rows, "added": outcome.added, "present": outcome.already_present}
    _conclude(file, outcome, language, render("transfer.imported_citizens", counts, language))


@import_app.command("households")
def import_households_command(
    file: InputFile, actor: ActorOption = "cli", lang: LangOption = Lang.AR
) -> None:
    """Register the households in FILE, one row per member (docs/formats/households.md)."""
    language = _language(lang)
    outcome = _import(file, HOUSEHOLDS, import_households, actor, language)
    counts = {
        "rows": outcome.rows,
        "added": outcome.added,
        "members": outcome.members_added,
        "present": outcome.already_present,
    }
    _conclude(file, outcome, language, render("transfer.imported_households", counts, language))


@export_app.command("citizens")
def export_citizens_command(file: OutputFile, lang: LangOption = Lang.AR) -> None:
    """Write every citizen to FILE in the import format."""
    _export(file, CITIZENS, export_citizens, _language(lang))


@export_app.command("households")
def export_households_command(file: OutputFile, lang: LangOption = Lang.AR) -> None:
    """Write every open household to FILE, one row per member, in the import format."""
    _export(file, HOUSEHOLDS, export_households, _language(lang))


def _import(
    path: Path, layout: FileLayout, use_case: ImportUseCase, actor: str, language: Language
) -> ImportOutcome:
    with container() as wired, explained_errors():
        source = CsvRecords(path, layout)
        with _Bars(language) as bars:
            return use_case(SqlImportUnitOfWork(wired.engine), wired.clock, source, actor, bars)


def _conclude(path: Path, outcome: ImportOutcome, language: Language, done: str) -> None:
    report = report_path(path)
    with _file_errors():
        _report(report, outcome, language, done)


def _report(report: Path, outcome: ImportOutcome, language: Language, done: str) -> None:
    if outcome.accepted:
        console.print(done, markup=False)
        if report.exists():
            # A report left from an earlier refusal of this file would now only mislead.
            report.unlink()
            console.print(render("transfer.stale_report_removed", {"path": report}, language), markup=False)
        return
    write_error_report(report, outcome.errors)
    refused = {"errors": outcome.errors.total, "rows": outcome.rows}
    errors.print(render("transfer.refused", refused, language), markup=False)
    errors.print(_first_errors(outcome, language))
    errors.print(render("transfer.report", {"path": report}, language), markup=False)
    raise typer.Exit(1)


def _first_errors(outcome: ImportOutcome, language: Language) -> Table:
    shown = outcome.errors.listed[:_SHOWN_ERRORS]
    title = render("transfer.first_errors", {"shown": len(shown), "total": outcome.errors.total}, language)
    table = Table(title=Text(title))
    for heading in ("row", "column", "value", "reason"):
        table.add_column(Text(render(f"transfer.column.{heading}", {}, language)))
    for error in shown:
        reason = render(error.code, error.params, language)
        table.add_row(str(error.row), Text(error.column), Text(error.value), Text(reason))
    return table


def _export(path: Path, layout: FileLayout, use_case: ExportUseCase, language: Language) -> None:
    with (
        container() as wired,
        _file_errors(),
        CsvFileWriter(path, layout.columns) as sink,
        _Bars(language) as bars,
    ):
        rows = use_case(SqlImportUnitOfWork(wired.engine), sink, bars)
    console.print(render("transfer.exported", {"rows": rows, "path": path}, language), markup=False)


@contextmanager
def _file_errors() -> Iterator[None]:
    """A file that cannot be written (no such folder, no permission, disk full) ends with why."""
    try:
        yield
    except OSError as error:
        errors.print(f"{error.filename}: {error.strerror}", markup=False)
        raise typer.Exit(1) from None


def _language(lang: Lang) -> Language:
    return "en" if lang is Lang.EN else "ar"


class _Bars:
    """The use cases' progress as Rich bars, one per step; silent when output is not a terminal."""

    def __init__(self, language: Language) -> None:
        self._language = language
        self._rich = RichProgress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not console.is_terminal,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> Self:
        self._rich.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._finish()
        self._rich.stop()

    def begin(self, step: Step, total: int | None = None) -> None:
        self._finish()
        self._task = self._rich.add_task(render(f"transfer.step.{step}", {}, self._language), total=total)

    def advance(self, amount: int) -> None:
        if self._task is not None:
            self._rich.advance(self._task, amount)

    def _finish(self) -> None:
        # Row totals are estimates (line counts); a finished step shows as full whatever they were.
        if self._task is not None:
            done = next(task.completed for task in self._rich.tasks if task.id == self._task)
            self._rich.update(self._task, total=max(done, 1), completed=max(done, 1))
