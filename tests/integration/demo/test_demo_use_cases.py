"""The demo's use cases on a real database: load once, reuse, rebuild only a demo's registry."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, text

from tests import factories
from tests.fakes import FastPasswordHasher, FixedClock
from tests.integration.demo.conftest import TINY, CountingProgress, ensure
from unicard.adapters.db.demo_population import SqlDemoUnitOfWork
from unicard.adapters.db.tables import citizens, household_members
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.operators.operator import Role
from unicard.services import citizens as citizen_use_cases
from unicard.services import demo, operators
from unicard.services.demo import DEMO_LOGINS, PopulationOutcome, PopulationPlan


def registered(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(citizens)).scalar_one()


def register_someone(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
    clerk = factories.operator(Role.SUPPLY_OFFICER)
    citizen_use_cases.register_citizen(uow_factory(), clock, clerk, factories.citizen_details())


class TestEnsurePopulation:
    def test_first_call_loads_and_records_the_population(
        self, loaded: PopulationOutcome, engine: Engine
    ) -> None:
        assert loaded.loaded
        assert loaded.population is not None
        assert (loaded.population.size, loaded.population.seed) == ("tiny", 7)
        assert loaded.population.counts.citizens == registered(engine) == 600
        with SqlDemoUnitOfWork(engine) as uow:
            assert uow.population.recorded() == loaded.population

    def test_progress_hears_of_every_citizen(self, engine: Engine, clock: FixedClock) -> None:
        progress = CountingProgress()
        demo.ensure_population(SqlDemoUnitOfWork(engine), clock, TINY, progress)
        assert (progress.total, progress.citizens) == (600, 600)

    def test_second_call_reuses_the_population_and_loads_nothing(
        self, loaded: PopulationOutcome, engine: Engine, clock: FixedClock
    ) -> None:
        progress = CountingProgress()
        again = demo.ensure_population(SqlDemoUnitOfWork(engine), clock, TINY, progress)
        assert not again.loaded
        assert again.population == loaded.population
        assert progress.total is None  # no load began
        assert registered(engine) == 600

    def test_another_size_is_not_loaded_over_the_one_there(
        self, loaded: PopulationOutcome, engine: Engine, clock: FixedClock
    ) -> None:
        bigger = PopulationPlan("bigger", citizens=900, households=80, seed=8)
        again = ensure(engine, clock, bigger)
        assert again.population == loaded.population
        assert registered(engine) == 600

    def test_a_registry_the_demo_did_not_build_is_served_as_it_is(
        self, engine: Engine, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        register_someone(uow_factory, clock)
        outcome = ensure(engine, clock)
        assert (outcome.loaded, outcome.population, outcome.foreign_citizens) == (False, None, 1)
        assert registered(engine) == 1


class TestRebuildPopulation:
    def test_replaces_the_demo_population_in_one_go(
        self, loaded: PopulationOutcome, engine: Engine, clock: FixedClock
    ) -> None:
        other = PopulationPlan("other", citizens=300, households=20, seed=9)
        outcome = demo.rebuild_population(SqlDemoUnitOfWork(engine), clock, other, CountingProgress())
        assert outcome.loaded
        assert outcome.population is not None
        assert outcome.population.seed == 9
        assert registered(engine) == 300
        with SqlDemoUnitOfWork(engine) as uow:
            assert uow.population.recorded() == outcome.population

    def test_refuses_to_wipe_a_registry_the_demo_did_not_build(
        self, engine: Engine, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        register_someone(uow_factory, clock)
        with pytest.raises(demo.NotADemoDatabase):
            demo.rebuild_population(SqlDemoUnitOfWork(engine), clock, TINY, CountingProgress())
        assert registered(engine) == 1

    def test_refuses_to_wipe_a_population_other_records_point_at(
        self, loaded: PopulationOutcome, engine: Engine, clock: FixedClock
    ) -> None:
        with engine.begin() as connection:  # as a card or an account of a later issue would
            connection.execute(
                text("CREATE TABLE cards_of_test (citizen_id BIGINT REFERENCES citizens (id))")
            )
            connection.execute(text("INSERT INTO cards_of_test SELECT min(id) FROM citizens"))
        with pytest.raises(demo.PopulationInUse):
            demo.rebuild_population(SqlDemoUnitOfWork(engine), clock, TINY, CountingProgress())
        assert registered(engine) == 600

    def test_builds_into_an_empty_registry(self, engine: Engine, clock: FixedClock) -> None:
        outcome = demo.rebuild_population(SqlDemoUnitOfWork(engine), clock, TINY, CountingProgress())
        assert outcome.loaded
        assert registered(engine) == 600


class TestDemoOperators:
    def test_are_created_once_and_sign_in_with_the_printed_passwords(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        hasher = FastPasswordHasher()
        assert demo.ensure_demo_operators(uow_factory, clock, hasher) == list(DEMO_LOGINS)
        assert demo.ensure_demo_operators(uow_factory, clock, hasher) == []
        for login in DEMO_LOGINS:
            operator = operators.authenticate(uow_factory(), clock, hasher, login.username, login.password)
            assert operator.roles == {login.role}
            assert operator.governorates == {login.governorate}


class TestSamples:
    def test_name_a_big_family_head_a_widow_and_someone_without_household(
        self, loaded: PopulationOutcome, engine: Engine, clock: FixedClock
    ) -> None:
        found = demo.samples(SqlDemoUnitOfWork(engine), clock)
        assert found.big_family_head
        assert found.widow
        assert found.without_household
        with engine.connect() as connection:
            sizes = connection.execute(
                select(func.count()).select_from(household_members).group_by(household_members.c.household_id)
            ).scalars()
            assert found.big_family_size == max(sizes)
            widow = connection.execute(select(citizens).where(citizens.c.national_id == found.widow)).one()
            assert widow.sex == "F"
            loner = connection.execute(
                select(citizens.c.id).where(citizens.c.national_id == found.without_household)
            ).scalar_one()
            member = select(household_members).where(household_members.c.citizen_id == loner)
            assert connection.execute(member).first() is None
