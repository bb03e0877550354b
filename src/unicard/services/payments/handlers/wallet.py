"""Wallet transactions: purchase, cash withdrawal, deposit, bill payment."""

from __future__ import annotations

import datetime as dt

from unicard.domain.ledger import AccountKind, EntryKind
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.payments.types import TransactionType
from unicard.domain.payments.wallet import (
    WalletMove,
    check_balance,
    check_limit,
    require_positive,
    wallet_entry,
)
from unicard.domain.policy import Limit
from unicard.domain.shared.clock import CAIRO
from unicard.domain.shared.money import Money
from unicard.services.payments import accounts as keys
from unicard.services.payments.accounts import AccountKey
from unicard.services.payments.context import Context, Notice, Outcome
from unicard.services.payments.handlers.common import card_of


def purchase(ctx: Context) -> Outcome:
    counterparty = keys.merchant(AccountKind.MERCHANT_SETTLEMENT, ctx.terminal.merchant_id)
    return _move(ctx, EntryKind.PURCHASE, counterparty, out=True, limit=ctx.policy.wallet.purchase)


def cash_withdrawal(ctx: Context) -> Outcome:
    return _move(
        ctx, EntryKind.CASH_WITHDRAWAL, keys.POST_CASH, out=True, limit=ctx.policy.wallet.cash_withdrawal
    )


def deposit(ctx: Context) -> Outcome:
    return _move(ctx, EntryKind.DEPOSIT, keys.POST_CASH, out=False, limit=None)


def bill_payment(ctx: Context) -> Outcome:
    if not ctx.request.bill_reference:
        raise Declined(ResponseCode.FORMAT_ERROR, "request.bill_reference_missing")
    kind = AccountKind.BILLER if ctx.terminal.merchant_kind == "biller" else AccountKind.MERCHANT_SETTLEMENT
    counterparty = keys.merchant(kind, ctx.terminal.merchant_id)
    # Bills count against the purchase limit: the policy has no limit of their own yet.
    return _move(ctx, EntryKind.BILL_PAYMENT, counterparty, out=True, limit=ctx.policy.wallet.purchase)


_LIMITED_TOGETHER = {
    EntryKind.PURCHASE: (TransactionType.PURCHASE, TransactionType.BILL_PAYMENT),
    EntryKind.BILL_PAYMENT: (TransactionType.PURCHASE, TransactionType.BILL_PAYMENT),
    EntryKind.CASH_WITHDRAWAL: (TransactionType.CASH_WITHDRAWAL,),
}


def _move(
    ctx: Context, kind: EntryKind, counterparty: AccountKey, *, out: bool, limit: Limit | None
) -> Outcome:
    amount = ctx.request.amount
    if amount is None:
        raise Declined(ResponseCode.FORMAT_ERROR, "request.amount_missing")
    require_positive(amount)
    card = card_of(ctx)
    citizen = card.citizen_national_id
    wallet_key = keys.wallet(citizen)
    opened = ctx.uow.ledger.open_accounts([wallet_key, counterparty])
    wallet, other = opened[wallet_key], opened[counterparty]
    # Locked before the day's spending is read: another movement of this wallet waits here until
    # this one commits, so neither the balance nor the day's total can change under the checks.
    balance = Money(ctx.uow.ledger.locked_balances([wallet.id])[wallet.id])
    if limit is not None:
        since = dt.datetime.combine(ctx.today, dt.time(), tzinfo=CAIRO)
        spent = ctx.uow.transactions.spent_since(citizen, _LIMITED_TOGETHER[kind], since)
        check_limit(limit, amount, spent_today=spent)
    move = WalletMove(kind, wallet, other, amount, out_of_wallet=out)
    check_balance(move, balance, max_balance=ctx.policy.wallet.max_balance)
    entry = wallet_entry(
        move, entry_id=ctx.transaction_id, policy_version=ctx.policy.version, memo=kind.value
    )
    after = balance - amount if out else balance + amount
    template = "wallet_debit" if out else "wallet_credit"
    notice = Notice(
        template,
        {"amount": amount, "merchant" if out else "source": ctx.merchant_name, "balance": after},
        citizen,
        "wallet",
    )
    return Outcome(
        entry=entry,
        accounts={wallet.id: wallet, other.id: other},
        receipt={"amount": amount.piasters, "wallet_balance": after.piasters},
        citizen_national_id=citizen,
        amount=amount.piasters,
        notices=(notice,),
    )
