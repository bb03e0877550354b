"""``unicard ledger``: check the books."""

from __future__ import annotations

from collections.abc import Sequence

import typer
from rich.table import Table

from unicard.domain.ledger import CheckRule, Discrepancy, Unit
from unicard.entrypoints.cli.console import console, container, errors
from unicard.locale.catalog import render
from unicard.services.ledger import LedgerReport, ledger_report

app = typer.Typer(help="The double-entry ledger.", no_args_is_help=True)

_UNIT_NAMES = {Unit.EGP: "piasters (EGP)", Unit.LOAF: "loaves", Unit.BREAD_POINT: "bread points (piasters)"}


@app.command("check")
def check_command() -> None:
    """Recompute every balance from the postings and check every invariant; exit 1 at the first
    discrepancy (an unbalanced entry, a stored balance that disagrees, a unit that does not sum
    to zero, a floor broken, a bad reversal)."""
    with container() as wired, console.status("checking the ledger…"):
        report = ledger_report(wired.uow_factory())
    console.print(_summary(report))
    first = report.first
    if first is None:
        console.print("[green]ledger clean[/]: every entry balances and every balance is its postings' sum")
        return
    errors.print(f"[red]ledger check failed: {first.description}[/]", soft_wrap=True)
    errors.print(f"[red]{render(first.code, first.params, 'ar')}[/]", soft_wrap=True)
    raise typer.Exit(1)


def _summary(report: LedgerReport) -> Table:
    table = Table(title="ledger check", show_header=False)
    table.add_column("what")
    table.add_column("result", justify="right")
    counts = (
        ("accounts", report.accounts),
        ("journal entries", report.entries),
        ("postings", report.postings),
    )
    for name, count in counts:
        table.add_row(name, f"{count:,}")
    for unit, total in report.unit_totals.items():
        table.add_row(f"sum of all balances, {_UNIT_NAMES[unit]}", f"{total:,}")
    failed = _by_rule(report.findings)
    for rule in CheckRule:
        found = failed.get(rule)
        table.add_row(rule.value.replace("_", " "), "[green]ok[/]" if found is None else "[red]FAILED[/]")
    return table


def _by_rule(findings: Sequence[Discrepancy]) -> dict[CheckRule, Discrepancy]:
    return {found.rule: found for found in reversed(findings)}  # the first of each rule wins
