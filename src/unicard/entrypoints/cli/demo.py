"""``unicard demo``: a synthetic Port Said population, demo operators and the server, in one command.

The first run migrates the database, builds the population (a few seconds for ``small``, under
a minute for ``pilot``) and creates the demo operators; later runs find both and start at once.
"""

from __future__ import annotations

import csv
import enum
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from unicard.adapters.db.demo_population import SqlDemoUnitOfWork
from unicard.adapters.db.schema import upgrade
from unicard.adapters.policy_files import load_shipped_book
from unicard.adapters.population import SIZES
from unicard.bootstrap import Container
from unicard.config import Environment, Settings
from unicard.entrypoints.cli import welcome
from unicard.entrypoints.cli.console import console
from unicard.entrypoints.cli.serve import (
    HostOption,
    PortOption,
    run_server,
    say,
    settings_or_exit,
    wired_or_exit,
)
from unicard.services import demo, demo_payments

CREDENTIALS_FILE = "demo-credentials.csv"


class Size(enum.StrEnum):
    PILOT = "pilot"  # 500,000 citizens, 42,000 ration households: the Port Said pilot
    SMALL = "small"  # 5,000 and 420: a quick look


def demo_command(
    size: Annotated[Size, typer.Option("--size", help="pilot: 500k citizens; small: 5k.")] = Size.PILOT,
    host: HostOption = None,
    port: PortOption = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the synthetic population.")] = 42,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Replace the population (only one `unicard demo` built).")
    ] = False,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Build and print, then exit.")] = False,
) -> None:
    """Build a synthetic Port Said population (first run only) and serve the API on it."""
    settings = settings_or_exit(environment=Environment.DEMO)
    host, port = host or settings.host, port or settings.port
    with wired_or_exit(settings) as wired:
        upgrade(wired.engine)
        population = _population(wired, demo.PopulationPlan(size.value, *SIZES[size.value], seed), rebuild)
        created = demo.ensure_demo_operators(wired.uow_factory, wired.clock, wired.password_hasher)
        found = demo.samples(SqlDemoUnitOfWork(wired.engine), wired.clock)
        # Only on a registry the demo built: somebody's real citizens get no demo cards.
        payments = _payments(wired, found) if population is not None else None
        welcome.show(console, welcome.Welcome(settings, host, port, population, created, found, payments))
        if not no_serve:
            run_server(wired, host, port)


def _payments(wired: Container, found: demo.DemoSamples) -> demo_payments.DemoPayments:
    """Merchants, terminals, cards and money to try payments with; their secrets kept in a file."""
    path = credentials_path(wired.settings)
    payments = demo_payments.ensure_demo_payments(
        wired.uow_factory,
        wired.clock,
        wired.terminal_secrets,
        wired.authorization.authorize,
        load_shipped_book(),
        demo_payments.sample_holders(SqlDemoUnitOfWork(wired.engine), found),
        read_kept_secrets(path),
        card_keys=wired.card_keys,
    )
    write_credentials(path, payments)
    if payments.created:
        console.print(f"demo merchants, terminals and cards are ready; their credentials are in {path}")
    for national_id in payments.declined_deposits:
        say(f"[yellow]the opening deposit for {national_id} was declined[/]")
    return payments


def credentials_path(settings: Settings) -> Path:
    return settings.data_dir / CREDENTIALS_FILE


_COLUMNS = (
    "record",
    "key",
    "name",
    "merchant_id",
    "terminal_id",
    "secret",
    "pan",
    "national_id",
    "who",
    "household",
    "expires_on",
)


def read_kept_secrets(path: Path) -> dict[str, str]:
    """Terminal id → secret, as an earlier run wrote them (none if the file is missing)."""
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as file:
        return {
            row["terminal_id"]: row["secret"] for row in csv.DictReader(file) if row["record"] == "terminal"
        }


def write_credentials(path: Path, payments: demo_payments.DemoPayments) -> None:
    """The terminals' secrets and the cards' numbers, readable by the owner only (it is a demo)."""
    rows: list[dict[str, str]] = []
    for terminal in payments.terminals:
        rows.append(
            {
                "record": "terminal",
                "key": terminal.key,
                "name": terminal.merchant_name,
                "merchant_id": terminal.merchant_id,
                "terminal_id": terminal.terminal_id,
                "secret": terminal.secret,
            }
        )
    for card in payments.cards:
        rows.append(
            {
                "record": "card",
                "pan": card.pan,
                "national_id": card.national_id,
                "who": card.who,
                "household": card.household or "",
                "expires_on": card.expires_on.isoformat(),
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=_COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    partial.chmod(0o600)
    partial.replace(path)


def _population(wired: Container, plan: demo.PopulationPlan, rebuild: bool) -> demo.DemoPopulation | None:
    uow = SqlDemoUnitOfWork(wired.engine)
    with _LoadBar(plan) as bar:
        if rebuild:
            try:
                outcome = demo.rebuild_population(uow, wired.clock, plan, bar)
            except demo.NotADemoDatabase as error:
                say(f"[red]{error}[/]")
                raise typer.Exit(1) from None
            except demo.PopulationInUse as error:
                # The demo's cards and payments (an append-only ledger) refer to the population.
                say(f"[red]{error}[/]")
                say(
                    "[red]the demo's cards and payments refer to it; to start afresh, remove the "
                    f"database and {credentials_path(wired.settings)}, then run `unicard demo` again[/]"
                )
                raise typer.Exit(1) from None
        else:
            outcome = demo.ensure_population(uow, wired.clock, plan, bar)
    _say_what_was_found(plan, outcome)
    return outcome.population


def _say_what_was_found(plan: demo.PopulationPlan, outcome: demo.PopulationOutcome) -> None:
    held = outcome.population
    if outcome.loaded or held is None:
        if outcome.foreign_citizens:
            console.print(
                f"[yellow]the registry already holds {outcome.foreign_citizens:,} citizens that "
                "`unicard demo` did not build: serving them as they are[/]"
            )
        return
    console.print(f"reusing the {held.size} population (seed {held.seed}) built earlier")
    if (held.size, held.seed) != (plan.size, plan.seed):
        console.print(
            f"[yellow]you asked for {plan.size} (seed {plan.seed}); to replace it run "
            f"`unicard demo --size {plan.size} --seed {plan.seed} --rebuild`[/]"
        )


class _CitizensPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "", style="progress.data.speed")


class _LoadBar:
    """The population's progress bar, shown only if a load begins."""

    def __init__(self, plan: demo.PopulationPlan) -> None:
        self._plan = plan
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _CitizensPerSecond(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> _LoadBar:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._task is not None:
            self._progress.stop()

    def begin(self, citizens: int) -> None:
        plan = self._plan
        console.print(
            f"building the synthetic {plan.size} population of Port Said (seed {plan.seed}): "
            f"{plan.citizens:,} citizens, {plan.households:,} ration households"
        )
        self._task = self._progress.add_task("citizens", total=citizens)
        self._progress.start()

    def advance(self, citizens: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, citizens)
