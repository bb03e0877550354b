"""``unicard audit``: verify the tamper-evident audit log."""

from __future__ import annotations

import typer

from unicard.entrypoints.cli.console import console, container, errors
from unicard.services.audit import verify_chain

app = typer.Typer(help="The audit log.", no_args_is_help=True)


@app.command("verify")
def verify_command() -> None:
    """Recompute the hash chain; exit 1 naming the first altered or missing record."""
    with container() as wired, console.status("verifying the audit chain…"):
        report = verify_chain(wired.uow_factory())
    if report.first_break is None:
        console.print(f"[green]audit log intact[/]: {report.records} records, chain verified")
        return
    broken = report.first_break
    errors.print(
        f"[red]audit log broken at record {broken.seq}: {broken.problem}[/] ({report.records} records read)"
    )
    raise typer.Exit(1)
