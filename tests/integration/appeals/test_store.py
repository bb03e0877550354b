"""The appeal store on each dialect: the database itself keeps one open appeal per decision."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.integration.appeals.world import Family
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.appeals import Appeal, AppealEvent, Opener
from unicard.domain.shared.errors import Conflict
from unicard.services.appeals.ports import AppealQuery

AT = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)


def new_appeal(family: Family) -> tuple[Appeal, AppealEvent]:
    return Appeal.open(
        decision_id=family.decision_id,
        decision_outcome="excluded",
        household_number=family.number,
        governorate="03",
        reason="race",
        opener=Opener.citizen(family.head),
        at=AT,
    )


def test_a_second_open_appeal_that_slipped_past_the_check_is_refused(
    uow_factory: SqlUnitOfWorkFactory, family: Family
) -> None:
    _add_and_commit(uow_factory, family)
    # As a second request would that checked before the first committed: straight to the insert.
    with pytest.raises(Conflict) as refused:
        _add_and_commit(uow_factory, family)
    assert refused.value.code == "appeal.open_exists"


def _add_and_commit(uow_factory: SqlUnitOfWorkFactory, family: Family) -> None:
    with uow_factory() as uow:
        uow.appeals.add(*new_appeal(family))
        uow.commit()


def test_a_closed_appeal_does_not_block_a_new_one(uow_factory: SqlUnitOfWorkFactory, family: Family) -> None:
    with uow_factory() as uow:
        stored = uow.appeals.add(*new_appeal(family))
        uow.appeals.update(stored, *stored.withdraw(family.head, AT))
        uow.appeals.add(*new_appeal(family))
        uow.commit()
        found = uow.appeals.search(AppealQuery(household_number=family.number))
    assert [appeal.status.value for appeal in found] == ["withdrawn", "opened"]
