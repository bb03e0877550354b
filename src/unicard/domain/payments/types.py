"""The transaction types of phase 1 (ARCHITECTURE.md §2)."""

from __future__ import annotations

import enum


class TransactionType(enum.StrEnum):
    BREAD_PURCHASE = "bread_purchase"
    RATION_REDEMPTION = "ration_redemption"
    PURCHASE = "purchase"
    CASH_WITHDRAWAL = "cash_withdrawal"
    DEPOSIT = "deposit"
    G2P_PAYMENT = "g2p_payment"
    BILL_PAYMENT = "bill_payment"
    HEALTH_VISIT = "health_visit"
    REVERSAL = "reversal"


class CardService(enum.StrEnum):
    """The services a card carries; each is switched on separately (rollout, issue 4)."""

    PAYMENTS = "payments"
    SUPPLY = "supply"
    HEALTH = "health"


#: Which card service a transaction type needs.
SERVICE_OF: dict[TransactionType, CardService] = {
    TransactionType.BREAD_PURCHASE: CardService.SUPPLY,
    TransactionType.RATION_REDEMPTION: CardService.SUPPLY,
    TransactionType.PURCHASE: CardService.PAYMENTS,
    TransactionType.CASH_WITHDRAWAL: CardService.PAYMENTS,
    TransactionType.DEPOSIT: CardService.PAYMENTS,
    TransactionType.G2P_PAYMENT: CardService.PAYMENTS,
    TransactionType.BILL_PAYMENT: CardService.PAYMENTS,
    TransactionType.HEALTH_VISIT: CardService.HEALTH,
}
