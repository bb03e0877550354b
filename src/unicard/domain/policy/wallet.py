"""Limits on the Egypt Post prepaid account (the wallet)."""

from __future__ import annotations

from dataclasses import dataclass

from unicard.domain.policy.checks import positive
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Money


@dataclass(frozen=True, slots=True)
class Limit:
    """Caps on one kind of wallet debit; the day is the Africa/Cairo business day."""

    per_transaction: Money
    per_day: Money

    def check(self, path: str) -> None:
        """Refuse nonsense, naming keys under ``path`` (a limit does not know its own name)."""
        positive(f"{path}.per_transaction", self.per_transaction)
        positive(f"{path}.per_day", self.per_day)
        if self.per_day < self.per_transaction:
            raise InvalidValue(
                "policy.day_below_transaction",
                field=f"{path}.per_day",
                per_day=self.per_day,
                per_transaction=self.per_transaction,
            )


@dataclass(frozen=True, slots=True)
class WalletLimits:
    purchase: Limit
    cash_withdrawal: Limit
    max_balance: Money

    def __post_init__(self) -> None:
        self.purchase.check("wallet.purchase")
        self.cash_withdrawal.check("wallet.cash_withdrawal")
        positive("wallet.max_balance", self.max_balance)
