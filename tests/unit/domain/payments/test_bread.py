"""Selling bread: quota, daily allowance with advance draw, price, subsidy, wallet or cash."""

from __future__ import annotations

import pytest

from tests.unit.domain.payments.conftest import DAY, account
from unicard.domain.ledger import AccountKind, Owner, Unit
from unicard.domain.ledger.entries import net_by_unit
from unicard.domain.payments.bread import BreadAccounts, PayWith, sell_bread
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.policy import BenefitPolicy
from unicard.domain.shared.money import Money

HOUSEHOLD, BAKERY = Owner.household("0312345678901"), Owner.merchant("BKR-03-000001")
ACCOUNTS = BreadAccounts(
    quota=account(AccountKind.BREAD_QUOTA, HOUSEHOLD, 1),
    bakery_bread=account(AccountKind.BAKERY_BREAD, BAKERY, 2),
    subsidy_claim=account(AccountKind.BAKERY_SUBSIDY_CLAIM, BAKERY, 3),
    ministry=account(AccountKind.MINISTRY_FUNDING, Owner.system("ministry_of_supply"), 4),
    wallet=account(AccountKind.WALLET, Owner.citizen("28503140300157"), 5),
    bakery_settlement=account(AccountKind.MERCHANT_SETTLEMENT, BAKERY, 6),
)
MEMBERS = 4
GRANTED = 5 * MEMBERS * 30


def sell(
    policy: BenefitPolicy,
    loaves: int,
    *,
    left: int = GRANTED,
    pay_with: PayWith = PayWith.CASH,
    wallet: int = 0,
):  # type: ignore[no-untyped-def]
    return sell_bread(
        policy,
        ACCOUNTS,
        entry_id="t1",
        day=DAY,
        loaves=loaves,
        members=MEMBERS,
        granted=GRANTED,
        left=left,
        pay_with=pay_with,
        wallet_balance=Money(wallet),
    )


def test_cash_sale_moves_loaves_and_subsidy_not_money(policy: BenefitPolicy) -> None:
    sale = sell(policy, 10)
    amounts = {posting.account_id: posting.amount for posting in sale.entry.postings}
    assert amounts["1"] == -10
    assert amounts["2"] == 10
    assert (
        amounts["3"]
        == sale.subsidy.piasters
        == 10 * (policy.bread.loaf_cost - policy.bread.citizen_price_per_loaf).piasters
    )
    assert "5" not in amounts
    assert sale.price == Money(200)
    assert all(total == 0 for total in net_by_unit(sale.entry.postings).values())


def test_wallet_sale_debits_the_price(policy: BenefitPolicy) -> None:
    sale = sell(policy, 10, pay_with=PayWith.WALLET, wallet=1_000)
    amounts = {posting.account_id: posting.amount for posting in sale.entry.postings}
    assert amounts["5"] == -200
    assert amounts["6"] == 200


def test_wallet_short_of_the_price_is_51(policy: BenefitPolicy) -> None:
    with pytest.raises(Declined) as declined:
        sell(policy, 10, pay_with=PayWith.WALLET, wallet=199)
    assert (declined.value.response, declined.value.code) == (
        ResponseCode.INSUFFICIENT_FUNDS,
        "wallet.balance",
    )


def test_daily_allowance_with_advance(policy: BenefitPolicy) -> None:
    # Day 10, 4 members: 20 a day; draws may reach 20 × (10 + 3) = 260 by today.
    already_drawn = 100
    left = GRANTED - already_drawn
    assert sell(policy, 160, left=left).allowance_after.left_today == 0
    with pytest.raises(Declined) as declined:
        sell(policy, 161, left=left)
    assert declined.value.code == "bread.daily_quota"
    assert declined.value.response is ResponseCode.INSUFFICIENT_FUNDS


def test_month_quota_exhausted(policy: BenefitPolicy) -> None:
    with pytest.raises(Declined) as declined:
        sell(policy, 5, left=4)
    assert declined.value.code == "bread.month_quota"


@pytest.mark.parametrize("loaves", [0, -1, 201])
def test_silly_loaf_counts_are_13(policy: BenefitPolicy, loaves: int) -> None:
    with pytest.raises(Declined) as declined:
        sell(policy, loaves)
    assert declined.value.response is ResponseCode.INVALID_AMOUNT


def test_units_balance_separately(policy: BenefitPolicy) -> None:
    sale = sell(policy, 7, pay_with=PayWith.WALLET, wallet=1_000)
    assert set(net_by_unit(sale.entry.postings)) == {Unit.LOAF, Unit.EGP}
