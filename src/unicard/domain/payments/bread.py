"""A bread purchase: loaves from the household quota, the citizen's price, the bakery's subsidy.

Loaves: household quota → bakery's loaves sold. Subsidy: ministry funding → bakery's claim.
Price: the citizen's wallet → bakery settlement, or paid in cash over the counter (no posting).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from unicard.domain.entitlements.bread import BreadAllowance, allowance
from unicard.domain.ledger import Account, EntryBuilder, EntryKind, JournalEntry
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.policy import BenefitPolicy
from unicard.domain.shared.money import Money

MAX_LOAVES_PER_PURCHASE = 200


class PayWith(enum.StrEnum):
    WALLET = "wallet"
    CASH = "cash"


@dataclass(frozen=True, slots=True)
class BreadAccounts:
    quota: Account
    bakery_bread: Account
    subsidy_claim: Account
    ministry: Account
    wallet: Account | None  # only when paying from the wallet
    bakery_settlement: Account | None


@dataclass(frozen=True, slots=True)
class BreadSale:
    entry: JournalEntry
    price: Money
    subsidy: Money
    allowance_after: BreadAllowance
    loaves_left_month: int


def sell_bread(
    policy: BenefitPolicy,
    accounts: BreadAccounts,
    *,
    entry_id: str,
    day: dt.date,
    loaves: int,
    members: int,
    granted: int,
    left: int,
    pay_with: PayWith,
    wallet_balance: Money | None = None,
) -> BreadSale:
    if not 0 < loaves <= MAX_LOAVES_PER_PURCHASE:
        raise Declined(
            ResponseCode.INVALID_AMOUNT, "bread.loaves", loaves=loaves, maximum=MAX_LOAVES_PER_PURCHASE
        )
    now = allowance(policy, day=day, members=members, granted=granted, left=left)
    if loaves > now.may_draw_now:
        reason = "bread.month_quota" if loaves > left else "bread.daily_quota"
        raise Declined(ResponseCode.INSUFFICIENT_FUNDS, reason, loaves=loaves, available=now.may_draw_now)
    price, subsidy = policy.bread.citizen_price(loaves), policy.bread.bakery_subsidy(loaves)
    builder = (
        EntryBuilder(entry_id, EntryKind.BREAD_PURCHASE, policy.version, memo=f"{loaves} loaves")
        .debit(accounts.quota, loaves)
        .credit(accounts.bakery_bread, loaves)
    )
    if subsidy.piasters:
        builder = builder.debit(accounts.ministry, subsidy.piasters).credit(
            accounts.subsidy_claim, subsidy.piasters
        )
    if pay_with is PayWith.WALLET and price.piasters:
        if accounts.wallet is None or accounts.bakery_settlement is None or wallet_balance is None:
            raise Declined(ResponseCode.NOT_PERMITTED_TO_CARDHOLDER, "wallet.none")
        if wallet_balance < price:
            raise Declined(ResponseCode.INSUFFICIENT_FUNDS, "wallet.balance", amount=price)
        builder = builder.debit(accounts.wallet, price.piasters).credit(
            accounts.bakery_settlement, price.piasters
        )
    after = allowance(policy, day=day, members=members, granted=granted, left=left - loaves)
    return BreadSale(builder.build(), price, subsidy, after, left - loaves)
