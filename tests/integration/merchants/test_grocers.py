"""Assigning a household to its grocer: the grocer must fit, the household must be open."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from tests.fakes import FixedClock
from tests.integration.merchants.conftest import ADMIN, household, register, supply_officer
from unicard.adapters.db.tables import audit_log
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.merchants import Merchant, MerchantKind, MerchantStatus
from unicard.domain.shared.errors import Conflict, Forbidden, NotFound
from unicard.services import households, merchants
from unicard.services.grocers import assign_grocer
from unicard.services.merchants import MerchantChanges


@pytest.fixture
def grocer(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> Merchant:
    return register(uow_factory, clock, MerchantKind.GROCER, name_ar="بدال السلام")


def test_assigns_reassigns_and_unassigns(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, engine: Engine, grocer: Merchant
) -> None:
    family = household(uow_factory, clock)
    other = register(uow_factory, clock, MerchantKind.GROCER, name_ar="بدال النصر")

    assigned = assign_grocer(uow_factory(), clock, ADMIN, family.number, grocer.id.lower(), "new card")
    assert assigned.grocer_id == grocer.id
    assert assign_grocer(uow_factory(), clock, ADMIN, family.number, other.id, "moved").grocer_id == other.id
    assert assign_grocer(uow_factory(), clock, ADMIN, family.number, None, "grocer closed").grocer_id is None

    stored = households.view_household(uow_factory(), ADMIN, family.number).household
    assert (stored.grocer_id, stored.version) == (None, family.version + 3)
    with engine.connect() as connection:
        actions = connection.execute(select(audit_log.c.action)).scalars().all()
    assert actions.count("household.assign_grocer") == 3


def test_a_supply_officer_assigns_in_their_governorate(
    uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, grocer: Merchant
) -> None:
    family = household(uow_factory, clock)
    assert assign_grocer(uow_factory(), clock, supply_officer("03"), family.number, grocer.id, "r").grocer_id
    with pytest.raises(Forbidden, match=r"operator\.out_of_scope"):
        assign_grocer(uow_factory(), clock, supply_officer("01"), family.number, grocer.id, "r")


class TestRefuses:
    def test_a_merchant_that_is_not_a_grocer(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        bakery = register(uow_factory, clock)
        family = household(uow_factory, clock)
        with pytest.raises(Conflict, match=r"grocer\.not_a_grocer"):
            assign_grocer(uow_factory(), clock, ADMIN, family.number, bakery.id, "r")

    def test_a_grocer_of_another_governorate(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        cairo = register(uow_factory, clock, MerchantKind.GROCER, governorate="01", name_ar="بدال القاهرة")
        family = household(uow_factory, clock)
        with pytest.raises(Conflict, match=r"grocer\.other_governorate"):
            assign_grocer(uow_factory(), clock, ADMIN, family.number, cairo.id, "r")

    @pytest.mark.parametrize("status", [MerchantStatus.SUSPENDED, MerchantStatus.CLOSED])
    def test_a_grocer_not_active(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, grocer: Merchant, status: MerchantStatus
    ) -> None:
        merchants.update_merchant(uow_factory(), clock, ADMIN, grocer.id, MerchantChanges(status=status), "r")
        family = household(uow_factory, clock)
        with pytest.raises(Conflict, match=r"grocer\.not_active"):
            assign_grocer(uow_factory(), clock, ADMIN, family.number, grocer.id, "r")

    def test_a_closed_household(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, grocer: Merchant
    ) -> None:
        family = household(uow_factory, clock)
        (head,) = family.members
        households.remove_member(
            uow_factory(), clock, ADMIN, family.number, head, "left"
        )  # the last one: closed
        with pytest.raises(Conflict, match=r"household\.closed"):
            assign_grocer(uow_factory(), clock, ADMIN, family.number, grocer.id, "r")

    def test_unknown_household_or_grocer(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, grocer: Merchant
    ) -> None:
        family = household(uow_factory, clock)
        with pytest.raises(NotFound, match=r"household\.not_found"):
            assign_grocer(uow_factory(), clock, ADMIN, "999999999", grocer.id, "r")
        with pytest.raises(NotFound, match=r"merchant\.not_found"):
            assign_grocer(uow_factory(), clock, ADMIN, family.number, "GRC-03-000404", "r")

    def test_nothing_changes_when_refused(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, grocer: Merchant
    ) -> None:
        bakery = register(uow_factory, clock)
        family = household(uow_factory, clock)
        assign_grocer(uow_factory(), clock, ADMIN, family.number, grocer.id, "first")
        with pytest.raises(Conflict):
            assign_grocer(uow_factory(), clock, ADMIN, family.number, bakery.id, "wrong")
        assert households.view_household(uow_factory(), ADMIN, family.number).household.grocer_id == grocer.id
