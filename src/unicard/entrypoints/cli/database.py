"""``unicard db``: schema migrations."""

from __future__ import annotations

import typer
from rich.console import Console
from sqlalchemy.engine import make_url

from unicard.adapters.db.engine import make_engine
from unicard.adapters.db.schema import current_revision, head_revision, upgrade
from unicard.config import Settings
from unicard.entrypoints.cli.policy import seed_shipped_policy

app = typer.Typer(help="The database schema.", no_args_is_help=True)
console = Console()


@app.command("upgrade")
def upgrade_command() -> None:
    """Bring the database schema up to date with this version of unicard."""
    settings = Settings()
    engine = make_engine(settings.database_url)
    before = current_revision(engine)
    upgrade(engine)
    console.print(f"[green]schema at {head_revision()}[/] (was {before or 'empty'}) — {_safe(settings)}")
    seed_shipped_policy(engine)
    engine.dispose()  # close the pooled connections now, not when the garbage collector gets to them


@app.command("status")
def status_command() -> None:
    """Show whether the schema is current."""
    settings = Settings()
    current, head = current_revision(make_engine(settings.database_url)), head_revision()
    state = "[green]current[/]" if current == head else "[red]out of date: run `unicard db upgrade`[/]"
    console.print(f"schema {current or 'empty'} / code {head}: {state}")
    if current != head:
        raise typer.Exit(1)


def _safe(settings: Settings) -> str:
    return make_url(settings.database_url).render_as_string(hide_password=True)
