"""A small population with agency facts, built through the real use cases and fact store."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import update

from tests import factories
from tests.fakes import FixedClock
from unicard.adapters.db.tables import households
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.operators.operator import Role
from unicard.domain.registry.household import Relation
from unicard.services.citizens import register_citizen
from unicard.services.households import create_household

ADMIN = factories.operator(Role.ADMIN)
FRESH = dt.date(2026, 10, 1)  # the clock stands at 2026-11-22
STALE = dt.date(2025, 6, 1)  # older than the rule sets' 400 days

Fact = tuple[str, int | str, dt.date]  # (fact, value or code, as_of)


@dataclass(frozen=True)
class Home:
    number: str
    governorate: str
    members: tuple[str, ...]  # the head first


def register(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, residence: str = "03") -> str:
    details = factories.citizen_details(residence=residence)
    register_citizen(uow_factory(), clock, ADMIN, details, "test")
    return details.national_id


_numbers = iter(range(10_000_001, 99_999_999))


def home(
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
    *,
    size: int = 2,
    governorate: str = "03",
    facts: Sequence[Sequence[Fact]] = (),
    eligible: bool = True,
) -> Home:
    """A household of ``size`` people; ``facts[i]`` are member i's facts (member 0 is the head)."""
    people = [register(uow_factory, clock, governorate) for _ in range(size)]
    number = str(next(_numbers))
    others = [(nid, Relation.SPOUSE if i == 0 else Relation.SON) for i, nid in enumerate(people[1:])]
    create_household(
        uow_factory(), clock, ADMIN, number=number, governorate=governorate, head=people[0], members=others
    )
    with uow_factory() as uow:
        for national_id, member_facts in zip(people, facts, strict=False):
            for fact, value, as_of in member_facts:
                numeric = isinstance(value, int)
                uow.facts.correct_fact(
                    national_id,
                    fact,
                    value=value if numeric else None,
                    code=None if numeric else str(value),
                    as_of=as_of,
                    source="agency",
                    note="test",
                    recorded_at=clock.now(),
                )
        if not eligible:
            uow.connection.execute(
                update(households).where(households.c.number == number).values(ration_eligible=False)
            )
        uow.commit()
    return Home(number, governorate, tuple(people))


_CHOICES: list[tuple[str, list[int | str]]] = [
    ("electricity_kwh_month", [100, 650, 651, 800, 999, 1000, 1500]),
    ("newest_vehicle_year", [2010, 2014, 2015, 2020]),
    ("newest_luxury_vehicle_year", [2013, 2014]),
    ("vehicles", [1, 2, 3]),
    ("farmland_qirats", [100, 240, 360, 361]),
    ("school_fees_year", [3_000_000, 3_000_001, 5_000_001]),
    ("mobile_bill_month", [80_000, 80_001]),
    ("government_salary_month", [1_199_999, 1_200_000]),
    ("income_tax_year", [10_000_001]),
    ("income_month", [150_000, 150_001]),
    ("pension_month", [120_001]),
    ("profession", ["judge", "teacher"]),
]


def varied_population(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, households: int, seed: int
) -> list[Home]:
    """Households with random facts around every threshold, some stale, some missing, some off
    the ration (new entrants), in two governorates."""
    rng = random.Random(seed)
    homes = []
    for _ in range(households):
        size = rng.randint(1, 3)
        facts = []
        for _member in range(size):
            chosen = rng.sample(_CHOICES, rng.randint(0, 4))
            facts.append(
                [
                    (fact, rng.choice(values), STALE if rng.random() < 0.1 else FRESH)
                    for fact, values in chosen
                ]
            )
        governorate = rng.choice(["03", "01"])
        homes.append(
            home(
                uow_factory,
                clock,
                size=size,
                governorate=governorate,
                facts=facts,
                eligible=rng.random() > 0.2,
            )
        )
    return homes
