"""One handler per transaction type: load what it needs, let the domain decide, return an Outcome."""

from __future__ import annotations

from collections.abc import Callable

from unicard.domain.payments.types import TransactionType
from unicard.services.payments.context import Context, Outcome
from unicard.services.payments.handlers import bread, health, ration, reversal, wallet

Handler = Callable[[Context], Outcome]

HANDLERS: dict[TransactionType, Handler] = {
    TransactionType.BREAD_PURCHASE: bread.handle,
    TransactionType.RATION_REDEMPTION: ration.handle,
    TransactionType.PURCHASE: wallet.purchase,
    TransactionType.CASH_WITHDRAWAL: wallet.cash_withdrawal,
    TransactionType.DEPOSIT: wallet.deposit,
    TransactionType.BILL_PAYMENT: wallet.bill_payment,
    TransactionType.HEALTH_VISIT: health.handle,
    TransactionType.REVERSAL: reversal.handle,
}
