"""The registry's use cases against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests import factories
from tests.fakes import FixedClock
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.merchants import MerchantKind
from unicard.domain.operators.operator import Role
from unicard.domain.registry.household import HouseholdStatus, Relation
from unicard.domain.shared.errors import Conflict, Forbidden, NotFound
from unicard.services import citizens, households, merchants

SUPPLY = factories.operator(Role.SUPPLY_OFFICER, governorates=frozenset({"03"}))


def register(uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, **kwargs: object) -> str:
    details = factories.citizen_details(**kwargs)  # type: ignore[arg-type]
    return citizens.register_citizen(uow_factory(), clock, SUPPLY, details).national_id.value


class TestRegisterCitizen:
    def test_registered_citizen_can_be_read_back(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        nid = register(uow_factory, clock)
        citizen, household = citizens.get_citizen(uow_factory(), SUPPLY, nid)
        assert citizen.national_id.value == nid
        assert citizen.name_ar == "محمد أحمد علي حسن"
        assert household is None

    def test_duplicate_is_refused_and_changes_nothing(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        details = factories.citizen_details()
        citizens.register_citizen(uow_factory(), clock, SUPPLY, details)
        with pytest.raises(Conflict) as refused:
            citizens.register_citizen(uow_factory(), clock, SUPPLY, details)
        assert refused.value.code == "citizen.duplicate"

    def test_one_mobile_cannot_be_registered_to_two_living_adults(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        first = factories.citizen_details()
        citizens.register_citizen(uow_factory(), clock, SUPPLY, first)
        second = factories.citizen_details()
        second = dataclasses.replace(second, mobile=first.mobile)
        with pytest.raises(Conflict) as refused:
            citizens.register_citizen(uow_factory(), clock, SUPPLY, second)
        assert refused.value.code == "citizen.mobile_taken"

    def test_operator_outside_the_governorate_is_refused(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        cairo_officer = factories.operator(Role.SUPPLY_OFFICER, governorates=frozenset({"01"}))
        with pytest.raises(Forbidden):
            citizens.register_citizen(uow_factory(), clock, cairo_officer, factories.citizen_details())


class TestUpdateKeepsHistory:
    def test_every_change_is_a_new_version_with_who_when_why(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        nid = register(uow_factory, clock)
        clock.advance(dt.timedelta(days=1))
        citizens.update_citizen(
            uow_factory(),
            clock,
            SUPPLY,
            nid,
            citizens.CitizenChanges(name_latin="Mohamed Ahmed"),
            "spelling fixed",
        )
        history = citizens.citizen_history(uow_factory(), SUPPLY, nid)
        assert [version.version for version in history] == [1, 2]
        assert history[0].snapshot["name_latin"] is None
        assert history[1].snapshot["name_latin"] == "Mohamed Ahmed"
        assert history[1].note.reason == "spelling fixed"
        assert history[1].note.at == clock.now()


class TestHouseholds:
    def test_head_death_leaves_household_needing_a_head(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        head = register(uow_factory, clock)
        wife = register(uow_factory, clock, sex="F")
        households.create_household(
            uow_factory(),
            clock,
            SUPPLY,
            number="1234567890",
            governorate="03",
            head=head,
            members=[(wife, Relation.SPOUSE)],
        )
        citizens.mark_deceased(uow_factory(), clock, SUPPLY, head, dt.date(2026, 11, 1), "civil registry")
        view = households.view_household(uow_factory(), SUPPLY, "1234567890")
        assert view.household.status is HouseholdStatus.NEEDS_HEAD
        assert set(view.household.members) == {wife}
        households.set_head(uow_factory(), clock, SUPPLY, "1234567890", wife, "widow takes the card")
        assert households.view_household(uow_factory(), SUPPLY, "1234567890").household.head == wife

    def test_member_cannot_join_two_households(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        head_a, head_b, child = (register(uow_factory, clock) for _ in range(3))
        households.create_household(
            uow_factory(),
            clock,
            SUPPLY,
            number="1000000001",
            governorate="03",
            head=head_a,
            members=[(child, Relation.SON)],
        )
        with pytest.raises(Conflict) as refused:
            households.create_household(
                uow_factory(),
                clock,
                SUPPLY,
                number="1000000002",
                governorate="03",
                head=head_b,
                members=[(child, Relation.SON)],
            )
        assert refused.value.code == "household.member_elsewhere"
        with uow_factory() as uow:
            assert uow.households.get("1000000002") is None

    def test_a_grocer_at_creation_must_be_a_registered_grocer(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        head = register(uow_factory, clock)
        new = {"number": "1000000003", "governorate": "03", "head": head}
        with pytest.raises(NotFound) as unknown:
            households.create_household(uow_factory(), clock, SUPPLY, **new, grocer_id="GRC-03-999999")
        assert unknown.value.code == "merchant.not_found"
        admin = factories.operator(Role.ADMIN)
        bakery = merchants.create_merchant(
            uow_factory(), clock, admin, merchants.MerchantDetails(MerchantKind.BAKERY, "مخبز النصر", "03")
        )
        with pytest.raises(Conflict) as not_grocer:
            households.create_household(uow_factory(), clock, SUPPLY, **new, grocer_id=bakery.id)
        assert not_grocer.value.code == "grocer.not_a_grocer"
        with uow_factory() as uow:
            assert uow.households.get("1000000003") is None
        grocer = merchants.create_merchant(
            uow_factory(), clock, admin, merchants.MerchantDetails(MerchantKind.GROCER, "بقالة", "03")
        )
        created = households.create_household(uow_factory(), clock, SUPPLY, **new, grocer_id=grocer.id)
        assert created.grocer_id == grocer.id

    def test_move_member_changes_both_households(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        head_a, head_b, daughter = (
            register(uow_factory, clock),
            register(uow_factory, clock),
            register(uow_factory, clock, sex="F"),
        )
        households.create_household(
            uow_factory(),
            clock,
            SUPPLY,
            number="2000000001",
            governorate="03",
            head=head_a,
            members=[(daughter, Relation.DAUGHTER)],
        )
        households.create_household(
            uow_factory(), clock, SUPPLY, number="2000000002", governorate="03", head=head_b
        )
        households.move_member(
            uow_factory(), clock, SUPPLY, daughter, "2000000002", Relation.SPOUSE, "marriage"
        )
        with uow_factory() as uow:
            assert uow.households.number_of_active_member(daughter) == "2000000002"
            source = uow.households.get("2000000001")
            assert source is not None
            assert daughter not in source.members
