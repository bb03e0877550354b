"""``unicard feed``: agency data files (facts by national ID) in, and synthetic ones for the demo.

Exit codes as ``unicard import``: 0 done (or the file was already imported); 1 the file was
refused (its error report written next to it), cannot be read, or the command was wrong (an
unknown agency, an as-of date in the future); 2 the command was misused.
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer

from unicard.adapters.csvfiles.reader import CsvRecords
from unicard.adapters.csvfiles.report import report_path, write_error_report
from unicard.adapters.csvfiles.writer import CsvFileWriter
from unicard.adapters.db.bulk.feeds import SqlFeedImportUnitOfWork, SqlPeople
from unicard.domain.shared.clock import cairo_date
from unicard.entrypoints.cli.console import console, container, errors, explained_errors
from unicard.entrypoints.cli.transfer import ActorOption, InputFile, Lang, LangOption, _Bars, _file_errors
from unicard.locale.catalog import Language, render
from unicard.services.feeds.imports import FeedOutcome, FeedRequest, import_feed
from unicard.services.feeds.layout import FEED
from unicard.services.feeds.synth import FILES, synthesise

app = typer.Typer(
    help="Agency data feeds: facts by national ID for the eligibility rules.", no_args_is_help=True
)

_SHOWN_ERRORS = 10

AgencyOption = Annotated[
    str,
    typer.Option(
        "--agency",
        help="electricity, gas, traffic, agriculture, education, telecom, tax, customs, payroll or"
        " civil_registry (docs/formats/feeds.md).",
    ),
]
AsOfOption = Annotated[
    dt.datetime,
    typer.Option(
        "--as-of", formats=["%Y-%m-%d"], help="The date the agency's values are as of (YYYY-MM-DD)."
    ),
]


@app.command("import")
def import_feed_command(
    file: InputFile,
    agency: AgencyOption,
    as_of: AsOfOption,
    actor: ActorOption = "cli",
    lang: LangOption = Lang.AR,
) -> None:
    """Record the facts in FILE for every citizen it names, or nothing if any row is wrong."""
    language: Language = "en" if lang is Lang.EN else "ar"
    with container() as wired, explained_errors():
        source = CsvRecords(file, FEED)
        request = FeedRequest(agency, as_of.date(), actor)
        with _Bars(language) as bars:
            outcome = import_feed(
                SqlFeedImportUnitOfWork(wired.engine),
                wired.clock,
                source,
                tuple(source.columns),
                request,
                bars,
            )
    with _file_errors():
        _conclude(file, outcome, language)


@app.command("synth")
def synth_command(
    out: Annotated[Path, typer.Option("--out", file_okay=False, help="The folder to write the files in.")],
    seed: Annotated[int, typer.Option("--seed", help="The same seed and registry give the same files.")] = 42,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="Default: the last day of last month."),
    ] = None,
    load: Annotated[bool, typer.Option("--import", help="Import every file written, deaths last.")] = False,
    actor: ActorOption = "cli",
    lang: LangOption = Lang.AR,
) -> None:
    """Write a plausible file per agency for every living adult of the registry (docs/formats/feeds.md)."""
    language: Language = "en" if lang is Lang.EN else "ar"
    with container() as wired, _file_errors():
        day = as_of.date() if as_of else cairo_date(wired.clock.now()).replace(day=1) - dt.timedelta(days=1)
        out.mkdir(parents=True, exist_ok=True)
        paths = {name: out / f"{name}.csv" for name in FILES}
        with ExitStack() as files, wired.engine.connect() as connection:
            sinks = {
                name: files.enter_context(CsvFileWriter(paths[name], ("national_id", *columns)))
                for name, (_, columns) in FILES.items()
            }
            summary = synthesise(SqlPeople(connection).living(), sinks, seed, day)
        counts = {"directory": out, "files": len(paths), "citizens": summary.citizens}
        console.print(render("feeds.cli.synthesised", counts, language), markup=False, soft_wrap=True)
        console.print(
            f"households {summary.households}, better off {summary.well_off}, adults {summary.adults}, "
            f"deaths {summary.rows['deaths']}, as of {day.isoformat()}",
            markup=False,
            soft_wrap=True,
        )
    if load:
        for name, (agency, _) in FILES.items():
            import_feed_command(paths[name], agency, dt.datetime.combine(day, dt.time()), actor, lang)


def _conclude(path: Path, outcome: FeedOutcome, language: Language) -> None:
    report = report_path(path)
    facts = {"agency": outcome.agency.value, "as_of": outcome.as_of.isoformat()}
    if outcome.already_imported:
        console.print(render("feeds.cli.already_imported", facts, language), markup=False)
        return
    if outcome.accepted:
        counts = {
            **facts,
            "rows": outcome.rows,
            "recorded": outcome.recorded,
            "current": outcome.current,
            "deaths": outcome.deaths,
        }
        console.print(render("feeds.cli.imported", counts, language), markup=False, soft_wrap=True)
        report.unlink(missing_ok=True)  # a report left from an earlier refusal would now mislead
        return
    write_error_report(report, outcome.errors)
    for error in outcome.errors.listed[:_SHOWN_ERRORS]:
        reason = render(error.code, error.params, language)
        errors.print(f"{error.row}\t{error.column}\t{error.value}\t{reason}", markup=False, soft_wrap=True)
    refused = {"errors": outcome.errors.total, "report": report}
    errors.print(render("feeds.cli.refused", refused, language), markup=False, soft_wrap=True)
    raise typer.Exit(1)
