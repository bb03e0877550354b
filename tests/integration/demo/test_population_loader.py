"""The demo population loader on a real database: every row the generator makes, as the schema wants it.

The schema's own constraints (checks, partial unique indexes, foreign keys) stay on while
loading, so a load that finishes is a load the database accepted row by row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import Engine, func, insert, select, text

from tests import factories
from tests.fakes import FixedClock
from tests.integration.demo.conftest import TINY
from unicard.adapters.db.population_loader import load_families
from unicard.adapters.db.tables import citizens, household_members, households
from unicard.adapters.db.unit_of_work import SqlUnitOfWork, SqlUnitOfWorkFactory
from unicard.adapters.population import PopulationSpec, generate
from unicard.domain.operators.operator import Role
from unicard.domain.registry.household import Relation
from unicard.domain.registry.names import search_key
from unicard.services import citizens as citizen_use_cases
from unicard.services import households as household_use_cases
from unicard.services.demo import PopulationCounts
from unicard.services.ports import ChangeNote

SPEC = PopulationSpec(
    citizens=TINY.citizens, households=TINY.households, seed=TINY.seed, today=dt.date(2026, 11, 22)
)
NOTE = ChangeNote(
    "demo", dt.datetime(2026, 11, 22, 7, tzinfo=dt.UTC), "synthetic Port Said population, seed 7"
)


def load_in_batches(engine: Engine, batch_size: int) -> PopulationCounts:
    with SqlUnitOfWork(engine) as uow:
        counts = load_families(uow.connection, generate(SPEC), NOTE, batch_size=batch_size)
        uow.commit()
    return counts


def count(engine: Engine, table: object) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()  # type: ignore[arg-type]


class TestLoadFamilies:
    def test_counts_match_the_generated_population(self, engine: Engine) -> None:
        counts = load_in_batches(engine, batch_size=64)  # many batches: ids carry across them
        families = list(generate(SPEC))
        assert counts == PopulationCounts(
            citizens=600, households=50, members=sum(len(family.members) for family in families)
        )
        assert (count(engine, citizens), count(engine, households)) == (600, 50)
        assert count(engine, household_members) == counts.members

    def test_every_household_is_read_back_with_its_head_among_its_members(self, engine: Engine) -> None:
        load_in_batches(engine, batch_size=64)
        with SqlUnitOfWork(engine) as uow:
            for family in generate(SPEC):
                if family.household is None:
                    continue
                household = uow.households.get(family.household.number)
                assert household is not None
                assert household.members[family.household.head_national_id] is Relation.HEAD
                assert household.members == {m.national_id: Relation(m.relation) for m in family.members}

    def test_derived_columns_and_the_change_note_are_filled(self, engine: Engine) -> None:
        load_in_batches(engine, batch_size=10_000)
        with engine.connect() as connection:
            stored = {row.national_id: row for row in connection.execute(select(citizens))}
        for family in generate(SPEC):
            for generated in family.citizens:
                row = stored[generated.national_id]
                assert row.name_key == search_key(generated.name_ar, generated.name_latin)
                assert row.birth_governorate == generated.national_id[7:9]
                assert (row.birth_date, row.sex, row.mobile) == (
                    generated.birth_date,
                    generated.sex,
                    generated.mobile,
                )
                assert (row.changed_by, row.change_reason, row.version) == ("demo", NOTE.reason, 1)
                assert row.changed_at == NOTE.at

    def test_times_are_stored_as_sqlalchemy_stores_them(self, engine: Engine) -> None:
        """SQLite compares times as text: a loaded row's must read like any other row's."""
        load_in_batches(engine, batch_size=10_000)
        other = {"governorate": "03", "status": "active", "changed_by": "t", "change_reason": "t"}
        with engine.begin() as connection:
            connection.execute(insert(households).values(number="X1", changed_at=NOTE.at, **other))
            raw = "SELECT DISTINCT changed_at FROM households"  # text(): values as the driver has them
            assert len(connection.execute(text(raw)).all()) == 1

    def test_citizens_read_back_through_the_repository(self, engine: Engine) -> None:
        load_in_batches(engine, batch_size=64)
        with SqlUnitOfWork(engine) as uow:
            for family in generate(SPEC):
                for generated in family.citizens:
                    citizen = uow.citizens.get(generated.national_id)
                    assert citizen is not None
                    assert citizen.birth_date == generated.birth_date

    def test_registering_after_a_load_takes_the_next_free_ids(
        self, engine: Engine, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        load_in_batches(engine, batch_size=64)
        clerk = factories.operator(Role.SUPPLY_OFFICER)
        details = dataclasses.replace(factories.citizen_details(), mobile=None)
        citizen_use_cases.register_citizen(uow_factory(), clock, clerk, details)
        household_use_cases.create_household(
            uow_factory(), clock, clerk, number="9990000000001", governorate="03", head=details.national_id
        )
        assert (count(engine, citizens), count(engine, households)) == (601, 51)

    def test_a_second_load_carries_on_after_the_first(self, engine: Engine) -> None:
        load_in_batches(engine, batch_size=64)
        later = dataclasses.replace(SPEC, seed=8, today=dt.date(2026, 12, 1))
        with SqlUnitOfWork(engine) as uow:
            load_families(uow.connection, generate(later), NOTE, batch_size=64)
            uow.commit()
        assert count(engine, citizens) == 1200
