"""Registering, listing and changing merchants, with the role and governorate rules."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from tests.fakes import FixedClock
from tests.integration.merchants.conftest import ADMIN, register, supply_officer
from unicard.adapters.db.merchants import SqlMerchantRepository
from unicard.adapters.db.tables import audit_log
from unicard.adapters.db.tables_payments import accounts
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.merchants import MerchantKind, MerchantStatus
from unicard.domain.operators.operator import ALL_GOVERNORATES, Operator, Role
from unicard.domain.shared.errors import Conflict, Forbidden, InvalidValue, NotFound
from unicard.services import merchants
from unicard.services.merchant_ports import MerchantQuery
from unicard.services.merchants import MerchantChanges, MerchantDetails

AUDITOR = Operator("auditor", "Auditor", frozenset({Role.AUDITOR}), frozenset({ALL_GOVERNORATES}))


class TestCreate:
    def test_draws_the_next_serial_per_kind_and_governorate(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        ids = [
            register(uow_factory, clock).id,
            register(uow_factory, clock).id,
            register(uow_factory, clock, governorate="01").id,
            register(uow_factory, clock, kind=MerchantKind.GROCER, name_ar="بدال السلام").id,
        ]
        assert ids == ["BKR-03-000001", "BKR-03-000002", "BKR-01-000001", "GRC-03-000001"]

    def test_keeps_a_given_id_and_refuses_it_twice(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        details = MerchantDetails(MerchantKind.BAKERY, "مخبز الأمل", "03", id="bkr-03-000500")
        assert merchants.create_merchant(uow_factory(), clock, ADMIN, details).id == "BKR-03-000500"
        with pytest.raises(Conflict, match=r"merchant\.duplicate"):
            merchants.create_merchant(uow_factory(), clock, ADMIN, details)
        # Drawn serials continue after the highest one given.
        assert register(uow_factory, clock).id == "BKR-03-000501"

    def test_draws_again_when_another_clerk_took_the_serial(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        register(uow_factory, clock)
        stale = iter([0])  # the first draw sees the registry as it was before the other clerk
        real = SqlMerchantRepository.last_serial

        def last_serial(self: SqlMerchantRepository, kind: MerchantKind, governorate: str) -> int:
            return next(stale, None) or real(self, kind, governorate)

        monkeypatch.setattr(SqlMerchantRepository, "last_serial", last_serial)
        assert register(uow_factory, clock).id == "BKR-03-000002"

    def test_is_audited(self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, engine: Engine) -> None:
        merchant = register(uow_factory, clock)
        with engine.connect() as connection:
            rows = connection.execute(
                select(audit_log.c.action, audit_log.c.subject, audit_log.c.actor)
            ).all()
        assert ("merchant.create", f"merchant:{merchant.id}", "admin") in rows

    @pytest.mark.parametrize(
        ("kind", "expected"),
        [
            (MerchantKind.BAKERY, {"merchant_settlement", "bakery_bread", "bakery_subsidy_claim"}),
            (MerchantKind.GROCER, {"merchant_settlement"}),
            (MerchantKind.HEALTH_PROVIDER, {"merchant_settlement", "health_provider"}),
            (MerchantKind.BILLER, {"merchant_settlement", "biller"}),
        ],
    )
    def test_comes_with_its_accounts(
        self,
        uow_factory: SqlUnitOfWorkFactory,
        clock: FixedClock,
        engine: Engine,
        kind: MerchantKind,
        expected: set[str],
    ) -> None:
        merchant = register(uow_factory, clock, kind, name_ar="تاجر السلام")
        with engine.connect() as connection:
            held = connection.execute(
                select(accounts.c.kind).where(
                    accounts.c.owner_type == "merchant", accounts.c.owner_id == merchant.id
                )
            ).scalars()
            assert set(held) == expected

    def test_validates_before_writing(self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
        details = MerchantDetails(MerchantKind.BAKERY, "Amal", "03")
        with pytest.raises(InvalidValue, match=r"merchant\.name_ar_not_arabic"):
            merchants.create_merchant(uow_factory(), clock, ADMIN, details)


class TestSupplyOfficer:
    def test_registers_bakeries_and_grocers_of_their_governorates(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        officer = supply_officer("03")
        assert register(uow_factory, clock, actor=officer).kind is MerchantKind.BAKERY
        assert register(uow_factory, clock, MerchantKind.GROCER, actor=officer).kind is MerchantKind.GROCER

    @pytest.mark.parametrize("kind", [MerchantKind.RETAIL, MerchantKind.POST_ATM, MerchantKind.BILLER])
    def test_not_other_kinds(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, kind: MerchantKind
    ) -> None:
        with pytest.raises(Forbidden, match=r"merchant\.kind_forbidden"):
            register(uow_factory, clock, kind, actor=supply_officer("03"))

    def test_not_in_other_governorates(self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
        with pytest.raises(Forbidden, match=r"operator\.out_of_scope"):
            register(uow_factory, clock, governorate="01", actor=supply_officer("03"))

    def test_cannot_change_a_retail_merchant(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        shop = register(uow_factory, clock, MerchantKind.RETAIL, name_ar="متجر النور")
        with pytest.raises(Forbidden, match=r"merchant\.kind_forbidden"):
            merchants.update_merchant(
                uow_factory(), clock, supply_officer("03"), shop.id, MerchantChanges(name_ar="متجر"), "typo"
            )


class TestList:
    @pytest.fixture
    def registered(self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock) -> None:
        register(uow_factory, clock)
        register(uow_factory, clock, MerchantKind.GROCER, name_ar="بدال السلام")
        register(uow_factory, clock, MerchantKind.RETAIL, name_ar="متجر النور")
        register(uow_factory, clock, governorate="01")

    @pytest.mark.usefixtures("registered")
    def test_a_supply_officer_sees_bakeries_and_grocers_of_their_governorates(
        self, uow_factory: SqlUnitOfWorkFactory
    ) -> None:
        found = merchants.list_merchants(uow_factory(), supply_officer("03"), MerchantQuery())
        assert [m.id for m in found] == ["BKR-03-000001", "GRC-03-000001"]

    @pytest.mark.usefixtures("registered")
    def test_asking_for_more_than_one_may_see_is_refused(self, uow_factory: SqlUnitOfWorkFactory) -> None:
        officer = supply_officer("03")
        with pytest.raises(Forbidden, match=r"merchant\.kind_forbidden"):
            merchants.list_merchants(
                uow_factory(), officer, MerchantQuery(kinds=frozenset({MerchantKind.RETAIL}))
            )
        with pytest.raises(Forbidden, match=r"operator\.out_of_scope"):
            merchants.list_merchants(uow_factory(), officer, MerchantQuery(governorates=frozenset({"01"})))

    @pytest.mark.usefixtures("registered")
    def test_an_auditor_sees_every_kind_and_filters(self, uow_factory: SqlUnitOfWorkFactory) -> None:
        assert len(merchants.list_merchants(uow_factory(), AUDITOR, MerchantQuery())) == 4
        bakeries = MerchantQuery(kinds=frozenset({MerchantKind.BAKERY}), limit=1, offset=1)
        assert [m.id for m in merchants.list_merchants(uow_factory(), AUDITOR, bakeries)] == ["BKR-03-000001"]


class TestUpdate:
    def test_renames_suspends_and_closes(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, engine: Engine
    ) -> None:
        bakery = register(uow_factory, clock)
        renamed = merchants.update_merchant(
            uow_factory(),
            clock,
            ADMIN,
            bakery.id,
            MerchantChanges(name_ar="مخبز النور", clear_name_en=True),
            "sold",
        )
        assert (renamed.name_ar, renamed.name_en) == ("مخبز النور", None)
        suspend = MerchantChanges(status=MerchantStatus.SUSPENDED)
        assert merchants.update_merchant(
            uow_factory(), clock, ADMIN, bakery.id, suspend, "inspection"
        ).status == (MerchantStatus.SUSPENDED)
        close = MerchantChanges(status=MerchantStatus.CLOSED)
        merchants.update_merchant(uow_factory(), clock, ADMIN, bakery.id, close, "licence withdrawn")
        view = merchants.get_merchant(uow_factory(), ADMIN, bakery.id)
        assert view.merchant.status is MerchantStatus.CLOSED
        with engine.connect() as connection:
            actions = connection.execute(select(audit_log.c.action)).scalars().all()
        assert actions.count("merchant.update") == 3

    def test_a_closed_merchant_stays_closed(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock
    ) -> None:
        bakery = register(uow_factory, clock)
        close = MerchantChanges(status=MerchantStatus.CLOSED)
        merchants.update_merchant(uow_factory(), clock, ADMIN, bakery.id, close, "closed")
        reopen = MerchantChanges(status=MerchantStatus.ACTIVE)
        with pytest.raises(Conflict, match=r"merchant\.closed"):
            merchants.update_merchant(uow_factory(), clock, ADMIN, bakery.id, reopen, "mistake")

    def test_no_change_writes_nothing(
        self, uow_factory: SqlUnitOfWorkFactory, clock: FixedClock, engine: Engine
    ) -> None:
        bakery = register(uow_factory, clock)
        same = MerchantChanges(status=MerchantStatus.ACTIVE)
        assert merchants.update_merchant(uow_factory(), clock, ADMIN, bakery.id, same, "check") == bakery
        with engine.connect() as connection:
            assert "merchant.update" not in connection.execute(select(audit_log.c.action)).scalars().all()

    def test_an_unknown_merchant(self, uow_factory: SqlUnitOfWorkFactory) -> None:
        with pytest.raises(NotFound, match=r"merchant\.not_found"):
            merchants.get_merchant(uow_factory(), ADMIN, "BKR-03-000404")
