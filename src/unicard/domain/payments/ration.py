"""A ration redemption at the household's grocer: a basket at catalog prices, paid from ration
credit first, then bread points, then — only if the citizen chooses — the wallet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from unicard.domain.ledger import Account, EntryBuilder, EntryKind, JournalEntry
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.policy import BenefitPolicy
from unicard.domain.shared.errors import NotFound
from unicard.domain.shared.money import ZERO, Money

MAX_QUANTITY_PER_LINE = 100


@dataclass(frozen=True, slots=True)
class BasketLine:
    item: str
    quantity: int


@dataclass(frozen=True, slots=True)
class RationAccounts:
    ration_credit: Account
    bread_points: Account
    grocer_settlement: Account
    points_issue: Account  # bread points spent return to the issue account: they become money
    ministry: Account  # …which the ministry pays the grocer
    wallet: Account | None


@dataclass(frozen=True, slots=True)
class Split:
    ration_credit: Money
    points: Money
    wallet: Money


@dataclass(frozen=True, slots=True)
class Redemption:
    entry: JournalEntry
    total: Money
    split: Split


def price_basket(policy: BenefitPolicy, basket: Sequence[BasketLine]) -> Money:
    if not basket:
        raise Declined(ResponseCode.INVALID_TRANSACTION, "ration.empty_basket")
    total = ZERO
    for line in basket:
        if not 0 < line.quantity <= MAX_QUANTITY_PER_LINE:
            raise Declined(
                ResponseCode.INVALID_AMOUNT, "ration.quantity", item=line.item, quantity=line.quantity
            )
        try:
            item = policy.catalog.item(line.item)
        except NotFound:
            raise Declined(ResponseCode.INVALID_TRANSACTION, "ration.unknown_item", item=line.item) from None
        total = total + item.price * line.quantity
    return total


def units_by_item(basket: Sequence[BasketLine]) -> dict[str, int]:
    """The basket's units per catalog item; an item may appear on several lines."""
    units: Counter[str] = Counter()
    for line in basket:
        units[line.item] += line.quantity
    return dict(units)


def check_monthly_caps(
    policy: BenefitPolicy, basket: Sequence[BasketLine], *, members: int, drawn: Mapping[str, int]
) -> None:
    """Refuse a basket that would take an item past its monthly cap for a family of ``members``.

    ``drawn`` is what the household already bought of each item this month (reversals netted).
    """
    for code, units in units_by_item(basket).items():
        cap = policy.catalog.item(code).monthly_cap(members)
        already = drawn.get(code, 0)
        if cap is not None and already + units > cap:
            raise Declined(
                ResponseCode.EXCEEDS_LIMIT,
                "ration.monthly_cap",
                item=code,
                cap=cap,
                drawn=already,
                left=max(cap - already, 0),
            )


def split_payment(total: Money, *, credit: Money, points: Money, wallet: Money | None) -> Split:
    from_credit = min(total, credit)
    from_points = min(total - from_credit, points)
    remainder = total - from_credit - from_points
    if remainder.piasters and (wallet is None or wallet < remainder):
        reason = "ration.insufficient" if wallet is None else "wallet.balance"
        raise Declined(ResponseCode.INSUFFICIENT_FUNDS, reason, amount=remainder)
    return Split(from_credit, from_points, remainder)


def redeem(
    policy: BenefitPolicy,
    accounts: RationAccounts,
    *,
    entry_id: str,
    basket: Sequence[BasketLine],
    credit: Money,
    points: Money,
    wallet: Money | None,
    members: int,
    drawn: Mapping[str, int],
) -> Redemption:
    """``wallet`` is the wallet balance when the citizen agreed to pay any remainder, else None;
    ``members`` and ``drawn`` are the household's month (members counted, units already bought)."""
    total = price_basket(policy, basket)
    check_monthly_caps(policy, basket, members=members, drawn=drawn)
    split = split_payment(total, credit=credit, points=points, wallet=wallet if accounts.wallet else None)
    builder = EntryBuilder(entry_id, EntryKind.RATION_REDEMPTION, policy.version, memo=_memo(basket))
    builder = builder.credit(accounts.grocer_settlement, total.piasters)
    if split.ration_credit.piasters:
        builder = builder.debit(accounts.ration_credit, split.ration_credit.piasters)
    if split.points.piasters:
        # Points are a separate unit: they go back to their issue account, and the ministry funds
        # the grocer the same amount of money.
        builder = (
            builder.debit(accounts.bread_points, split.points.piasters)
            .credit(accounts.points_issue, split.points.piasters)
            .debit(accounts.ministry, split.points.piasters)
        )
    if split.wallet.piasters and accounts.wallet is not None:
        builder = builder.debit(accounts.wallet, split.wallet.piasters)
    return Redemption(builder.build(), total, split)


def _memo(basket: Sequence[BasketLine]) -> str:
    return ", ".join(f"{line.item}×{line.quantity}" for line in basket)
