"""The fact store: latest values, history, and a corrected fact (as appeals write it)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories
from tests.fakes import FixedClock
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.operators.operator import Role
from unicard.domain.shared.errors import Conflict, InvalidValue
from unicard.services.citizens import register_citizen


def _registered(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> str:
    details = factories.citizen_details()
    register_citizen(uow_factory(), clock, factories.operator(Role.ADMIN), details, "test")
    return details.national_id


def test_a_correction_becomes_the_latest_value_and_joins_the_history(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    national_id = _registered(uow_factory, clock)
    with uow_factory() as uow:
        for kwh, day in ((700, 1), (300, 20)):
            uow.facts.correct_fact(
                national_id,
                "electricity_kwh_month",
                value=kwh,
                as_of=dt.date(2026, 10, day),
                source="appeal:7",
                note="bill seen",
                recorded_at=clock.now(),
            )
        uow.facts.correct_fact(
            national_id,
            "profession",
            code="Teacher",
            as_of=dt.date(2026, 10, 1),
            source="appeal:7",
            note="card",
            recorded_at=clock.now(),
        )
        uow.commit()
    with uow_factory() as uow:
        latest = uow.facts.latest([national_id, "29001010100015"])
        history = uow.facts.history(national_id, "electricity_kwh_month")
    assert set(latest) == {national_id}
    assert latest[national_id]["electricity_kwh_month"].value == 300
    assert latest[national_id]["profession"].code == "teacher"
    assert [(record.fact.value, record.note) for record in history] == [
        (700, "bill seen"),
        (300, "bill seen"),
    ]


@pytest.mark.parametrize(
    ("fact", "value", "code", "error"),
    [
        ("no_such_fact", 1, None, "feeds.unknown_fact"),
        ("electricity_kwh_month", -1, None, "feeds.negative"),
        ("electricity_kwh_month", None, "x", "feeds.number_expected"),
        ("profession", 3, None, "feeds.code_expected"),
    ],
)
def test_a_wrong_correction_is_refused(
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
    fact: str,
    value: int | None,
    code: str | None,
    error: str,
) -> None:
    national_id = _registered(uow_factory, clock)
    with uow_factory() as uow, pytest.raises(InvalidValue) as refused:
        uow.facts.correct_fact(
            national_id,
            fact,
            value=value,
            code=code,
            as_of=dt.date(2026, 10, 1),
            source="appeal:1",
            note="n",
            recorded_at=clock.now(),
        )
    assert refused.value.code == error


def test_a_correction_for_an_unregistered_citizen_is_a_conflict(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
) -> None:
    def correct() -> None:
        with uow_factory() as uow:
            uow.facts.correct_fact(
                "29001010100015",
                "vehicles",
                value=1,
                as_of=dt.date(2026, 10, 1),
                source="appeal:1",
                note="n",
                recorded_at=clock.now(),
            )
            uow.commit()

    with pytest.raises(Conflict):
        correct()
