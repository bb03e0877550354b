"""Wallet transactions: purchase, cash withdrawal, deposit, bill payment — with the policy's limits."""

from __future__ import annotations

from dataclasses import dataclass

from unicard.domain.ledger import Account, EntryBuilder, EntryKind, JournalEntry
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.policy import Limit
from unicard.domain.shared.money import Money


@dataclass(frozen=True, slots=True)
class WalletMove:
    """Money leaving (``out_of_wallet``) or entering the wallet, against a counter account."""

    kind: EntryKind
    wallet: Account
    counterparty: Account
    amount: Money
    out_of_wallet: bool


def require_positive(amount: Money) -> None:
    if amount.piasters <= 0:
        raise Declined(ResponseCode.INVALID_AMOUNT, "amount.not_positive", amount=amount)


def check_limit(limit: Limit, amount: Money, *, spent_today: Money) -> None:
    if amount > limit.per_transaction:
        raise Declined(ResponseCode.EXCEEDS_LIMIT, "limit.per_transaction", limit=limit.per_transaction)
    if spent_today + amount > limit.per_day:
        raise Declined(ResponseCode.EXCEEDS_LIMIT, "limit.per_day", limit=limit.per_day)


def check_balance(move: WalletMove, balance: Money, *, max_balance: Money) -> None:
    if move.out_of_wallet and balance < move.amount:
        raise Declined(ResponseCode.INSUFFICIENT_FUNDS, "wallet.balance", amount=move.amount)
    if not move.out_of_wallet and balance + move.amount > max_balance:
        raise Declined(ResponseCode.EXCEEDS_LIMIT, "limit.max_balance", limit=max_balance)


def wallet_entry(move: WalletMove, *, entry_id: str, policy_version: str, memo: str = "") -> JournalEntry:
    require_positive(move.amount)
    builder = EntryBuilder(entry_id, move.kind, policy_version, memo=memo)
    if move.out_of_wallet:
        builder = builder.debit(move.wallet, move.amount.piasters).credit(
            move.counterparty, move.amount.piasters
        )
    else:
        builder = builder.debit(move.counterparty, move.amount.piasters).credit(
            move.wallet, move.amount.piasters
        )
    return builder.build()
