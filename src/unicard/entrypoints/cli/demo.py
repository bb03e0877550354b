"""``unicard demo``: a synthetic Port Said population, demo operators and the server, in one command.

The first run migrates the database, builds the population (a few seconds for ``small``, under
a minute for ``pilot``) and creates the demo operators; later runs find both and start at once.
"""

from __future__ import annotations

import enum
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
from unicard.adapters.population import SIZES
from unicard.bootstrap import Container
from unicard.config import Environment
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
from unicard.services import demo


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
        welcome.show(console, welcome.Welcome(settings, host, port, population, created, found))
        if not no_serve:
            run_server(wired, host, port)


def _population(wired: Container, plan: demo.PopulationPlan, rebuild: bool) -> demo.DemoPopulation | None:
    uow = SqlDemoUnitOfWork(wired.engine)
    with _LoadBar(plan) as bar:
        if rebuild:
            try:
                outcome = demo.rebuild_population(uow, wired.clock, plan, bar)
            except (demo.NotADemoDatabase, demo.PopulationInUse) as error:
                say(f"[red]{error}[/]")
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
