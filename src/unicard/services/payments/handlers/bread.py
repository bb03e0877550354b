"""Bread purchase at a bakery terminal."""

from __future__ import annotations

from unicard.domain.ledger import AccountKind
from unicard.domain.payments.bread import BreadAccounts, PayWith, sell_bread
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.shared.money import Money
from unicard.services.payments import accounts as keys
from unicard.services.payments.context import Context, Notice, Outcome
from unicard.services.payments.handlers.common import card_of, household_and_period


def handle(ctx: Context) -> Outcome:
    request, merchant = ctx.request, ctx.terminal.merchant_id
    if request.loaves is None:
        raise Declined(ResponseCode.FORMAT_ERROR, "request.loaves_missing")
    card = card_of(ctx)
    household, period = household_and_period(ctx)
    by_wallet = request.pay_with is PayWith.WALLET
    wanted = {
        "quota": keys.household(AccountKind.BREAD_QUOTA, household.number),
        "bakery_bread": keys.merchant(AccountKind.BAKERY_BREAD, merchant),
        "subsidy_claim": keys.merchant(AccountKind.BAKERY_SUBSIDY_CLAIM, merchant),
        "ministry": keys.MINISTRY_FUNDING,
    }
    if by_wallet:
        wanted["wallet"] = keys.wallet(card.citizen_national_id)
        wanted["settlement"] = keys.merchant(AccountKind.MERCHANT_SETTLEMENT, merchant)
    opened = ctx.uow.ledger.open_accounts(list(wanted.values()))
    found = {name: opened[key] for name, key in wanted.items()}
    ids = [found["quota"].id] + ([found["wallet"].id] if by_wallet else [])
    balances = ctx.uow.ledger.locked_balances(ids)
    sale = sell_bread(
        ctx.policy,
        BreadAccounts(
            found["quota"],
            found["bakery_bread"],
            found["subsidy_claim"],
            found["ministry"],
            found.get("wallet"),
            found.get("settlement"),
        ),
        entry_id=ctx.transaction_id,
        day=ctx.today,
        loaves=request.loaves,
        members=period.members,
        granted=period.loaves_granted,
        left=balances[found["quota"].id],
        pay_with=request.pay_with,
        wallet_balance=Money(balances[found["wallet"].id]) if by_wallet else None,
    )
    receipt: dict[str, object] = {
        "loaves": request.loaves,
        "price": sale.price.piasters,
        "paid_with": request.pay_with.value,
        "loaves_left_today": sale.allowance_after.left_today,
        "loaves_left_month": sale.loaves_left_month,
    }
    if by_wallet:
        receipt["wallet_balance"] = balances[found["wallet"].id] - sale.price.piasters
    notice = Notice(
        "bread_purchase",
        {
            "loaves": request.loaves,
            "bakery": ctx.merchant_name,
            "left_today": sale.allowance_after.left_today,
            "left_month": sale.loaves_left_month,
        },
        card.citizen_national_id,
        "bread",
        sms=False,
    )
    return Outcome(
        entry=sale.entry,
        accounts={account.id: account for account in found.values()},
        receipt=receipt,
        citizen_national_id=card.citizen_national_id,
        household_number=household.number,
        amount=sale.price.piasters,
        loaves=request.loaves,
        notices=(notice,),
    )
