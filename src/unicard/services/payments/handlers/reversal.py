"""Reversal or refund of an earlier approved transaction of the same merchant."""

from __future__ import annotations

from unicard.domain.ledger import reverse
from unicard.domain.payments.decisions import Declined
from unicard.domain.payments.response_codes import ResponseCode
from unicard.domain.payments.types import TransactionType
from unicard.services.payments.context import Context, Outcome


def handle(ctx: Context) -> Outcome:
    original_id = ctx.request.original_transaction_id
    if not original_id:
        raise Declined(ResponseCode.FORMAT_ERROR, "reversal.original_missing")
    original = ctx.uow.transactions.get(original_id)
    if original is None or original.type is TransactionType.REVERSAL:
        raise Declined(ResponseCode.INVALID_TRANSACTION, "reversal.unknown_original", original=original_id)
    if not original.answer.approved:
        raise Declined(ResponseCode.INVALID_TRANSACTION, "reversal.original_declined", original=original_id)
    terminal_merchant = ctx.terminal.merchant_id
    if ctx.uow.transactions.merchant_of(original_id) != terminal_merchant:
        raise Declined(
            ResponseCode.NOT_PERMITTED_TO_TERMINAL, "reversal.other_merchant", original=original_id
        )
    if ctx.uow.transactions.reversal_of(original_id) is not None:
        raise Declined(ResponseCode.INVALID_TRANSACTION, "reversal.already_reversed", original=original_id)
    receipt: dict[str, object] = {
        "reversed": original_id,
        "amount": original.amount,
        "loaves": original.loaves,
    }
    if original.entry_id is None:  # nothing moved (a free health visit): nothing to undo
        return Outcome(entry=None, accounts={}, receipt=receipt, reverses=original_id)
    entry = ctx.uow.ledger.entry(original.entry_id)
    assert entry is not None, "an approved transaction's entry is always posted with it"
    mirror = reverse(entry, entry_id=ctx.transaction_id, memo=f"reversal of {original_id}")
    if original.type is TransactionType.RATION_REDEMPTION:
        ctx.uow.entitlements.reverse_item_draws(original_id, ctx.transaction_id)
    account_ids = [posting.account_id for posting in mirror.postings]
    accounts = ctx.uow.ledger.accounts_by_id(account_ids)
    return Outcome(
        entry=mirror,
        accounts=accounts,
        receipt=receipt,
        citizen_national_id=original.citizen_national_id,
        household_number=original.household_number,
        amount=original.amount,
        loaves=original.loaves,
        reverses=original_id,
    )
