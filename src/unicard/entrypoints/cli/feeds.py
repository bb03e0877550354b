"""``unicard feed``: agency data files (facts by national ID) in, and synthetic ones for the demo.

Exit codes as ``unicard import``: 0 done (or the file was already imported); 1 the file was
refused (its error report written next to it), cannot be read, or the command was wrong (an
unknown agency, an as-of date in the future); 2 the command was misused.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from unicard.adapters.csvfiles.reader import CsvRecords
from unicard.adapters.csvfiles.report import report_path, write_error_report
from unicard.adapters.db.bulk.feeds import SqlFeedImportUnitOfWork
from unicard.entrypoints.cli.console import console, container, errors, explained_errors
from unicard.entrypoints.cli.transfer import ActorOption, InputFile, Lang, LangOption, _Bars, _file_errors
from unicard.locale.catalog import Language, render
from unicard.services.feeds.imports import FeedOutcome, FeedRequest, import_feed
from unicard.services.feeds.layout import FEED

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
