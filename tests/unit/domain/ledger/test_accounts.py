import pytest

from tests.unit.domain.ledger.chart import AHMED, HOUSEHOLD, MINISTRY
from unicard.domain.ledger import NO_FLOOR, NOT_BELOW_ZERO, Account, AccountKind, Owner, OwnerType, Unit
from unicard.domain.shared.errors import InvalidValue


class TestKinds:
    @pytest.mark.parametrize(
        ("kind", "unit"),
        [
            (AccountKind.WALLET, Unit.EGP),
            (AccountKind.RATION_CREDIT, Unit.EGP),
            (AccountKind.BREAD_QUOTA, Unit.LOAF),
            (AccountKind.BREAD_POINTS, Unit.BREAD_POINT),
            (AccountKind.BAKERY_BREAD, Unit.LOAF),
            (AccountKind.BREAD_ISSUE, Unit.LOAF),
            (AccountKind.BREAD_POINTS_ISSUE, Unit.BREAD_POINT),
            (AccountKind.MINISTRY_FUNDING, Unit.EGP),
        ],
    )
    def test_each_kind_holds_one_unit(self, kind: AccountKind, unit: Unit) -> None:
        assert kind.unit is unit

    def test_what_a_citizen_or_household_holds_cannot_go_below_zero(self) -> None:
        floored = {kind for kind in AccountKind if kind.rule == NOT_BELOW_ZERO}
        assert floored == {
            AccountKind.WALLET,
            AccountKind.RATION_CREDIT,
            AccountKind.BREAD_QUOTA,
            AccountKind.BREAD_POINTS,
        }
        assert all(kind.owner_type in {OwnerType.CITIZEN, OwnerType.HOUSEHOLD} for kind in floored)

    def test_every_other_kind_has_no_floor(self) -> None:
        others = {kind for kind in AccountKind if kind.rule != NOT_BELOW_ZERO}
        assert all(kind.rule == NO_FLOOR for kind in others)
        assert all(kind.owner_type in {OwnerType.MERCHANT, OwnerType.SYSTEM} for kind in others)

    def test_every_unit_has_a_funding_source_that_may_go_negative(self) -> None:
        # Each unit sums to zero, so value can only appear where a balance may go negative.
        funders = {kind.unit for kind in AccountKind if kind.owner_type is OwnerType.SYSTEM}
        assert funders == set(Unit)


class TestBalanceRule:
    def test_a_floor_allows_down_to_it_and_no_lower(self) -> None:
        assert NOT_BELOW_ZERO.allows(0)
        assert not NOT_BELOW_ZERO.allows(-1)

    def test_no_floor_allows_anything(self) -> None:
        assert NO_FLOOR.allows(-(10**15))


class TestAccount:
    def test_takes_unit_and_rule_from_its_kind(self) -> None:
        quota = Account("bread:1", AccountKind.BREAD_QUOTA, HOUSEHOLD)
        assert quota.unit is Unit.LOAF
        assert quota.rule == NOT_BELOW_ZERO

    def test_refuses_an_owner_of_the_wrong_type(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            Account("wallet:x", AccountKind.WALLET, HOUSEHOLD)
        assert caught.value.code == "ledger.owner_mismatch"
        assert caught.value.params["expected"] == "citizen"

    def test_refuses_a_blank_id(self) -> None:
        with pytest.raises(InvalidValue, match=r"ledger\.account_id_missing"):
            Account(" ", AccountKind.WALLET, AHMED)

    def test_several_accounts_may_share_a_kind_and_owner(self) -> None:
        # A hot funding account split over rows: each is its own account.
        shards = {Account(f"ministry:egp:{n}", AccountKind.MINISTRY_FUNDING, MINISTRY) for n in range(4)}
        assert len(shards) == 4


class TestOwner:
    def test_refuses_a_blank_id(self) -> None:
        with pytest.raises(InvalidValue, match=r"ledger\.owner_id_missing"):
            Owner.merchant("")

    @pytest.mark.parametrize(
        ("owner", "kind"),
        [
            (Owner.citizen("29001010312345"), OwnerType.CITIZEN),
            (Owner.household("1234567"), OwnerType.HOUSEHOLD),
            (Owner.merchant("bakery-1"), OwnerType.MERCHANT),
            (Owner.system("egypt_post"), OwnerType.SYSTEM),
        ],
    )
    def test_named_constructors(self, owner: Owner, kind: OwnerType) -> None:
        assert owner.type is kind
