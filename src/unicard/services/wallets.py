"""Wallet accounts at Egypt Post: the record of each opening beside the ledger's wallet account.

There is one notion of a wallet: the ledger account of kind ``wallet`` owned by the citizen
(``services.payments.accounts.wallet``), which G2P credits and card payments already get or
create. Opening one at the counter creates that same account (or finds it, if money arrived
first) and records the opening: one per citizen.
"""

from __future__ import annotations

from typing import Protocol

from unicard.domain.ledger import Account
from unicard.domain.wallets.opening import WalletOpening
from unicard.services.ledger import LedgerStore
from unicard.services.ports import UnitOfWork


class WalletBook(Protocol):
    def account(self, national_id: str) -> Account | None:
        """The citizen's wallet account in the ledger, if there is one (never creates it)."""
        ...

    def opening(self, national_id: str) -> WalletOpening | None: ...
    def add(self, opening: WalletOpening) -> None:
        """Record an opening; a second for the same citizen is refused by the database."""
        ...


class WalletUnitOfWork(UnitOfWork, Protocol):
    @property
    def wallets(self) -> WalletBook: ...
    @property
    def ledger(self) -> LedgerStore: ...
