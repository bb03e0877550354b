"""A tiny synthetic population, small enough to load in every test on both databases."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.fakes import FixedClock
from unicard.adapters.db.demo_population import SqlDemoUnitOfWork
from unicard.services import demo
from unicard.services.demo import PopulationOutcome, PopulationPlan

TINY = PopulationPlan("tiny", citizens=600, households=50, seed=7)


class CountingProgress:
    """Remembers what a load reported."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.citizens = 0

    def begin(self, citizens: int) -> None:
        self.total = citizens

    def advance(self, citizens: int) -> None:
        self.citizens += citizens


def ensure(engine: Engine, clock: FixedClock, plan: PopulationPlan = TINY) -> PopulationOutcome:
    return demo.ensure_population(SqlDemoUnitOfWork(engine), clock, plan, CountingProgress())


@pytest.fixture
def loaded(engine: Engine, clock: FixedClock) -> PopulationOutcome:
    return ensure(engine, clock)
