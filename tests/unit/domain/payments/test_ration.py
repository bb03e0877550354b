"""Ration redemption: catalog prices, paid from ration credit, then bread points, then wallet."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.domain.payments.conftest import account
from unicard.domain.ledger import AccountKind, Owner
from unicard.domain.ledger.entries import net_by_unit
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.ration import (
    BasketLine,
    RationAccounts,
    check_monthly_caps,
    price_basket,
    redeem,
    split_payment,
)
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.policy import BenefitPolicy
from unicard.domain.policy.catalog import CommodityItem
from unicard.domain.shared.money import Money

HOUSEHOLD, GROCER = Owner.household("0312345678901"), Owner.merchant("GRC-03-000001")
SUPPLY = Owner.system("ministry_of_supply")
ACCOUNTS = RationAccounts(
    ration_credit=account(AccountKind.RATION_CREDIT, HOUSEHOLD, 1),
    bread_points=account(AccountKind.BREAD_POINTS, HOUSEHOLD, 2),
    grocer_settlement=account(AccountKind.MERCHANT_SETTLEMENT, GROCER, 3),
    points_issue=account(AccountKind.BREAD_POINTS_ISSUE, SUPPLY, 4),
    ministry=account(AccountKind.MINISTRY_FUNDING, SUPPLY, 5),
    wallet=account(AccountKind.WALLET, Owner.citizen("28503140300157"), 6),
)


def first_item(policy: BenefitPolicy) -> str:
    return next(iter(policy.catalog)).code


def test_basket_is_priced_from_the_catalog(policy: BenefitPolicy) -> None:
    item = next(iter(policy.catalog))
    assert price_basket(policy, [BasketLine(item.code, 3)]) == item.price * 3


@pytest.mark.parametrize(
    ("basket", "code"),
    [
        ([], "ration.empty_basket"),
        ([BasketLine("caviar", 1)], "ration.unknown_item"),
        ([BasketLine("x", 0)], "ration.quantity"),
    ],
)
def test_bad_baskets_are_declined(policy: BenefitPolicy, basket: list[BasketLine], code: str) -> None:
    if basket and basket[0].item == "x":
        basket = [BasketLine(first_item(policy), 0)]
    with pytest.raises(Declined) as declined:
        price_basket(policy, basket)
    assert declined.value.code == code


@given(
    total=st.integers(1, 100_000),
    credit=st.integers(0, 100_000),
    points=st.integers(0, 100_000),
    wallet=st.none() | st.integers(0, 100_000),
)
def test_split_takes_credit_then_points_then_wallet(
    total: int, credit: int, points: int, wallet: int | None
) -> None:
    covered = credit + points + (wallet or 0)
    purse = None if wallet is None else Money(wallet)
    if total > covered:
        with pytest.raises(Declined) as declined:
            split_payment(Money(total), credit=Money(credit), points=Money(points), wallet=purse)
        assert declined.value.response is ResponseCode.INSUFFICIENT_FUNDS
        return
    split = split_payment(Money(total), credit=Money(credit), points=Money(points), wallet=purse)
    assert split.ration_credit + split.points + split.wallet == Money(total)
    assert split.ration_credit == Money(min(total, credit))
    assert split.points == Money(min(total - split.ration_credit.piasters, points))


def test_redemption_entry_balances_in_both_units(policy: BenefitPolicy) -> None:
    item = next(iter(policy.catalog))
    total = item.price * 2
    redemption = redeem(
        policy,
        ACCOUNTS,
        entry_id="t1",
        basket=[BasketLine(item.code, 2)],
        credit=Money(total.piasters // 2),
        points=Money(total.piasters),
        wallet=None,
        members=4,
        drawn={},
    )
    assert all(amount == 0 for amount in net_by_unit(redemption.entry.postings).values())
    amounts = {posting.account_id: posting.amount for posting in redemption.entry.postings}
    assert amounts["3"] == total.piasters  # the grocer is paid the whole basket in money


def _capped(policy: BenefitPolicy) -> CommodityItem:
    return next(item for item in policy.catalog if item.max_per_member and item.max_per_household)


def test_monthly_cap_counts_what_was_already_bought(policy: BenefitPolicy) -> None:
    item = _capped(policy)
    cap = item.monthly_cap(3)
    assert cap is not None
    check_monthly_caps(policy, [BasketLine(item.code, cap)], members=3, drawn={})
    check_monthly_caps(policy, [BasketLine(item.code, 1)], members=3, drawn={item.code: cap - 1})
    with pytest.raises(Declined) as refused:
        check_monthly_caps(policy, [BasketLine(item.code, 1)], members=3, drawn={item.code: cap})
    assert refused.value.response is ResponseCode.EXCEEDS_LIMIT
    assert refused.value.code == "ration.monthly_cap"


def test_monthly_cap_sums_lines_of_the_same_item(policy: BenefitPolicy) -> None:
    item = _capped(policy)
    cap = item.monthly_cap(1)
    assert cap is not None
    basket = [BasketLine(item.code, cap), BasketLine(item.code, 1)]
    with pytest.raises(Declined):
        check_monthly_caps(policy, basket, members=1, drawn={})


@given(members=st.integers(1, 12), drawn=st.integers(0, 20), wanted=st.integers(1, 20))
def test_monthly_cap_holds_for_any_family(
    policy: BenefitPolicy, members: int, drawn: int, wanted: int
) -> None:
    item = _capped(policy)
    cap = item.monthly_cap(members)
    assert cap is not None
    assert cap <= (item.max_per_household or cap)
    basket = [BasketLine(item.code, wanted)]
    if drawn + wanted <= cap:
        check_monthly_caps(policy, basket, members=members, drawn={item.code: drawn})
    else:
        with pytest.raises(Declined):
            check_monthly_caps(policy, basket, members=members, drawn={item.code: drawn})
