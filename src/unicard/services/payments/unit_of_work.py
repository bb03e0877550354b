"""The unit of work as the engine sees it: the registry's stores plus the payment ones."""

from __future__ import annotations

from typing import Protocol

from unicard.services.cards.security.ports import CardSecurityStore
from unicard.services.ledger import LedgerStore, PolicyStore
from unicard.services.payments.ports import CardStore, EntitlementStore, LegacyCardStore, TransactionLog
from unicard.services.ports import UnitOfWork
from unicard.services.rollout.ports import RolloutStore


class PaymentsUnitOfWork(UnitOfWork, Protocol):
    @property
    def ledger(self) -> LedgerStore: ...
    @property
    def policies(self) -> PolicyStore: ...
    @property
    def cards(self) -> CardStore: ...
    @property
    def transactions(self) -> TransactionLog: ...
    @property
    def entitlements(self) -> EntitlementStore: ...
    @property
    def rollout(self) -> RolloutStore: ...
    @property
    def legacy_cards(self) -> LegacyCardStore: ...
    @property
    def card_security(self) -> CardSecurityStore: ...
