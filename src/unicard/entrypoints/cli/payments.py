"""``unicard g2p pay`` and ``unicard entitlements close-period``.

Exit codes: 0 done (for ``g2p pay``: every row paid, or the batch was paid before); 1 some rows
were refused (the valid ones are paid; the reasons are in ``<file>.errors.csv``), the file cannot
be read, or the request was refused; 2 the command was misused (e.g. no such file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from unicard.adapters.csvfiles.reader import CsvRecords
from unicard.adapters.csvfiles.report import report_path, write_error_report
from unicard.entrypoints.cli.console import console, container, errors, explained_errors
from unicard.entrypoints.cli.transfer import ActorOption, Lang, LangOption, _Bars
from unicard.locale.catalog import Language, render
from unicard.services.payments.closing import close_periods, requested_period
from unicard.services.payments.g2p import G2P, G2pOutcome, pay_g2p_file

g2p_app = typer.Typer(
    help="G2P payment files: government payments into citizens' wallets.", no_args_is_help=True
)
entitlements_app = typer.Typer(help="Households' monthly entitlements.", no_args_is_help=True)

_SHOWN_ERRORS = 10

PaymentFile = Annotated[
    Path,
    typer.Argument(
        exists=True, dir_okay=False, readable=True, help="CSV of national_id,amount (docs/formats/g2p.md)."
    ),
]


@g2p_app.command("pay")
def pay_command(
    file: PaymentFile,
    batch_id: Annotated[
        str | None,
        typer.Option(
            "--batch-id", help="The batch's id (default: g2p: + 24 hex digits of the file's SHA-256)."
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="The paying programme, named in the citizens' SMS.")
    ] = None,
    actor: ActorOption = "cli",
    lang: LangOption = Lang.AR,
) -> None:
    """Pay FILE's valid rows into wallets as one idempotent batch; report the refused rows."""
    language: Language = "en" if lang is Lang.EN else "ar"
    with container() as wired, explained_errors():
        rows = CsvRecords(file, G2P)
        with _Bars(language) as bars:
            outcome = pay_g2p_file(
                wired.uow_factory,
                wired.clock,
                rows,
                actor=actor,
                batch_id=batch_id,
                payer=source,
                progress=bars,
            )
    _conclude(file, outcome, language)


def _conclude(file: Path, outcome: G2pOutcome, language: Language) -> None:
    if outcome.already_paid:
        console.print(render("g2p.already_paid", {"batch": outcome.batch_id}, language), markup=False)
        return
    counts = {"batch": outcome.batch_id, "paid": outcome.paid, "rows": outcome.rows, "total": outcome.total}
    console.print(render("g2p.paid", counts, language), markup=False)
    report = report_path(file)
    if not outcome.errors:
        report.unlink(missing_ok=True)  # a report of an earlier, different file would mislead
        return
    write_error_report(report, outcome.errors)
    errors.print(_first_errors(outcome, language))
    refused = {"errors": outcome.errors.total, "path": report}
    errors.print(render("g2p.refused_rows", refused, language), markup=False)
    raise typer.Exit(1)


def _first_errors(outcome: G2pOutcome, language: Language) -> Table:
    shown = outcome.errors.listed[:_SHOWN_ERRORS]
    title = render("transfer.first_errors", {"shown": len(shown), "total": outcome.errors.total}, language)
    table = Table(title=Text(title))
    for heading in ("row", "column", "value", "reason"):
        table.add_column(Text(render(f"transfer.column.{heading}", {}, language)))
    for error in shown:
        reason = render(error.code, error.params, language)
        table.add_row(str(error.row), Text(error.column), Text(error.value), Text(reason))
    return table


@entitlements_app.command("close-period")
def close_period_command(
    period: Annotated[
        str | None,
        typer.Option(
            "--period", help="Close every open month before this one, YYYY-MM (default: this month)."
        ),
    ] = None,
    actor: ActorOption = "cli",
    lang: LangOption = Lang.AR,
) -> None:
    """Close households' open months before PERIOD, for reporting: unused ration credit lapses,
    undrawn loaves become bread points. Idempotent; a household's own next use does the same."""
    language: Language = "en" if lang is Lang.EN else "ar"
    with container() as wired, explained_errors():
        month = requested_period(wired.clock, period)
        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not console.is_terminal,
        )
        with bar:
            task = bar.add_task(f"close before {month}", total=None)
            summary = close_periods(
                wired.uow_factory,
                wired.clock,
                month,
                actor=actor,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    table = Table(title=Text(f"close-period {summary.period}"), show_header=False)
    table.add_column("what")
    table.add_column("result", justify="right")
    table.add_row("households closed", f"{summary.households:,}")
    table.add_row("months closed", f"{summary.periods:,}")
    table.add_row("ration credit lapsed", summary.credit_lapsed.format(language))
    table.add_row("loaves lapsed", f"{summary.loaves_lapsed:,}")
    table.add_row("loaves converted to bread points", f"{summary.loaves_converted:,}")
    table.add_row("bread points earned", summary.points_earned.format(language))
    table.add_row("bread points lapsed", summary.points_lapsed.format(language))
    console.print(table)
    done = {
        "households": summary.households,
        "period": summary.period.name,
        "credit": summary.credit_lapsed,
        "loaves": summary.loaves_converted,
        "points": summary.points_earned,
    }
    console.print(render("entitlements.closed", done, language), markup=False)
