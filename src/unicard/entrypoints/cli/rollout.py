"""``unicard rollout``: the schedule of card services per governorate, and the switch-on notices.

The CLI acts with full rights (like ``unicard policy``); ``--by`` names who is recorded in the
audit log.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.table import Table

from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import InvalidValue
from unicard.entrypoints.cli.console import console, container, explained_errors
from unicard.locale.catalog import render
from unicard.services.operators import SYSTEM_ACTOR
from unicard.services.rollout.announce import announce_rollouts
from unicard.services.rollout.schedule import rollout_schedule, set_rollout

app = typer.Typer(help="When each card service starts in each governorate.", no_args_is_help=True)

ByOption = Annotated[str, typer.Option("--by", help="Who makes the change, for the audit log.")]


@app.command("list")
def list_command() -> None:
    """Every scheduled service, by governorate, marking those already started (Africa/Cairo)."""
    with container() as wired:
        today = cairo_date(wired.clock.now())
        schedule = rollout_schedule(wired.uow_factory())
    table = Table("governorate", "service", "starts on", "")
    for entry in schedule:
        table.add_row(
            entry.governorate,
            entry.service.value,
            entry.starts_on.isoformat(),
            "[green]started[/]" if entry.started(today) else "",
        )
    console.print(table)


@app.command("set")
def set_command(
    governorate: Annotated[str, typer.Argument(help="Two-digit governorate code, e.g. 03.")],
    service: Annotated[str, typer.Argument(help="payments, supply or health.")],
    starts_on: Annotated[str, typer.Argument(help="The first day it works there, YYYY-MM-DD.")],
    by: ByOption = SYSTEM_ACTOR,
) -> None:
    """Schedule SERVICE to start in GOVERNORATE on STARTS_ON (a date not yet come may be moved)."""
    with container() as wired, explained_errors():
        entry = set_rollout(
            wired.uow_factory(),
            wired.clock,
            actor=by,
            governorate=governorate,
            service=service,
            starts_on=_date(starts_on),
        )
    params = {
        "service": entry.service.value,
        "governorate": entry.governorate,
        "starts_on": entry.starts_on.isoformat(),
    }
    console.print(render("rollout.set_done", params, "en"), markup=False)


@app.command("announce")
def announce_command(by: ByOption = SYSTEM_ACTOR) -> None:
    """Queue the switch-on SMS and app notice for every cardholder not told yet (safe to run daily)."""
    with container() as wired, explained_errors():
        report = announce_rollouts(wired.uow_factory(), wired.clock, actor=by)
    for item in report.announced:
        entry = item.entry
        console.print(
            f"{entry.governorate} {entry.service.value}: {item.queued.sms} sms, {item.queued.app} app",
            markup=False,
        )
    console.print(f"queued: {report.sms} sms, {report.app} app", markup=False)


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidValue("rollout.date_format", field="starts_on", value=raw) from None
