"""Ration redemption at the household's grocer."""

from __future__ import annotations

from unicard.domain.ledger import AccountKind
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.ration import RationAccounts, redeem, units_by_item
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.shared.money import Money
from unicard.services.payments import accounts as keys
from unicard.services.payments.context import Context, Notice, Outcome
from unicard.services.payments.handlers.common import card_of, household_and_period


def handle(ctx: Context) -> Outcome:
    card = card_of(ctx)
    household, month = household_and_period(ctx)
    grocer = ctx.terminal.merchant_id
    if household.grocer_id != grocer:
        raise Declined(ResponseCode.NOT_PERMITTED_TO_TERMINAL, "ration.not_assigned_grocer", grocer=grocer)
    use_wallet = ctx.request.use_wallet
    wanted = {
        "credit": keys.household(AccountKind.RATION_CREDIT, household.number),
        "points": keys.household(AccountKind.BREAD_POINTS, household.number),
        "grocer": keys.merchant(AccountKind.MERCHANT_SETTLEMENT, grocer),
        "points_issue": keys.POINTS_ISSUE,
        "ministry": keys.MINISTRY_FUNDING,
    }
    if use_wallet:
        wanted["wallet"] = keys.wallet(card.citizen_national_id)
    opened = ctx.uow.ledger.open_accounts(list(wanted.values()))
    found = {name: opened[key] for name, key in wanted.items()}
    readable = ["credit", "points"] + (["wallet"] if use_wallet else [])
    balances = ctx.uow.ledger.locked_balances([found[name].id for name in readable])
    balance = {name: balances[found[name].id] for name in readable}
    redemption = redeem(
        ctx.policy,
        RationAccounts(
            found["credit"],
            found["points"],
            found["grocer"],
            found["points_issue"],
            found["ministry"],
            found.get("wallet"),
        ),
        entry_id=ctx.transaction_id,
        basket=ctx.request.basket,
        credit=Money(balance["credit"]),
        points=Money(balance["points"]),
        wallet=Money(balance["wallet"]) if use_wallet else None,
        members=month.members,
        drawn=ctx.uow.entitlements.items_drawn(household.number, month.period),
    )
    ctx.uow.entitlements.record_item_draws(
        household.number, month.period, ctx.transaction_id, units_by_item(ctx.request.basket)
    )
    split = redemption.split
    receipt: dict[str, object] = {
        "total": redemption.total.piasters,
        "from_ration_credit": split.ration_credit.piasters,
        "from_bread_points": split.points.piasters,
        "from_wallet": split.wallet.piasters,
        "ration_credit_left": balance["credit"] - split.ration_credit.piasters,
        "bread_points_left": balance["points"] - split.points.piasters,
    }
    if use_wallet:
        receipt["wallet_balance"] = balance["wallet"] - split.wallet.piasters
    notice = Notice(
        "ration_redemption",
        {
            "amount": redemption.total,
            "grocer": grocer,
            "credit_left": Money(int(str(receipt["ration_credit_left"]))),
        },
        card.citizen_national_id,
        "ration",
    )
    return Outcome(
        entry=redemption.entry,
        accounts={account.id: account for account in found.values()},
        receipt=receipt,
        citizen_national_id=card.citizen_national_id,
        household_number=household.number,
        amount=redemption.total.piasters,
        notices=(notice,),
    )
