"""``unicard policy``: the benefit policy versions stored in the database."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table
from sqlalchemy import Engine

from unicard.adapters.clock import SystemClock
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.adapters.policy_files import load_shipped_book, policy_from_json, policy_to_json
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import InvalidValue
from unicard.entrypoints.cli.console import console, container, explained_errors
from unicard.services.operators import SYSTEM_ACTOR
from unicard.services.policies import (
    add_policy_version,
    ensure_policy_seeded,
    policy_listing,
    policy_version,
)

app = typer.Typer(help="Benefit policy versions (ration, bread, wallet, health rules).", no_args_is_help=True)


@app.command("list")
def list_command() -> None:
    """Every stored version, oldest first, marking the one in force today (Africa/Cairo)."""
    with container() as wired:
        listing = policy_listing(wired.uow_factory(), cairo_date(wired.clock.now()))
    table = Table("version", "effective from", "added by", "added at (UTC)", "")
    for record in listing.records:
        marker = "[green]in force[/]" if record.version == listing.in_force else ""
        added = record.created_at.strftime("%Y-%m-%d %H:%M")
        table.add_row(record.version, record.effective_from.isoformat(), record.created_by, added, marker)
    console.print(table)


@app.command("show")
def show_command(version: str = typer.Argument(..., help="A version id, e.g. 2024-06-01.1")) -> None:
    """Print one version as the JSON document the admin API takes."""
    with container() as wired, explained_errors():
        policy = policy_version(wired.uow_factory(), version)
    typer.echo(policy_to_json(policy))


@app.command("add")
def add_command(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="A version as JSON (see `policy show`)."
    ),
    retroactive: bool = typer.Option(
        False, "--retroactive", help="Allow an effective date of today or earlier (changes decided days)."
    ),
    by: str = typer.Option(SYSTEM_ACTOR, "--by", help="Who adds it, for the audit log."),
) -> None:
    """Add a version. It must start after today (Africa/Cairo) unless --retroactive."""
    with container() as wired, explained_errors():
        policy = policy_from_json(_read(file))
        record = add_policy_version(
            wired.uow_factory(), wired.clock, actor=by, policy=policy, retroactive=retroactive
        )
    console.print(f"[green]policy {record.version} added[/], in force from {record.effective_from}")


def seed_shipped_policy(engine: Engine) -> None:
    """Store the shipped policy in an empty ``policy_versions`` (``unicard db upgrade`` calls this)."""
    stored = ensure_policy_seeded(SqlUnitOfWorkFactory(engine)(), SystemClock(), load_shipped_book())
    if stored:
        console.print(f"[green]benefit policy seeded[/]: {stored} shipped versions stored")


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidValue("policy_file.unreadable", file=str(file), reason=str(error)) from None
