"""The engine's terminal gate, on the merchants' terminal authentication and its cache."""

from __future__ import annotations

from unicard.domain.merchants import Merchant, Terminal
from unicard.domain.merchants.kinds import MerchantKind, merchant_accepts
from unicard.domain.payments.types import TransactionType
from unicard.services.payments.ports import TerminalIdentity
from unicard.services.terminal_auth import TerminalAuthCache


class CachedTerminalGate:
    def __init__(self, cache: TerminalAuthCache) -> None:
        self._cache = cache

    def authenticate(self, terminal_id: str, secret: str) -> TerminalIdentity:
        return _identity(*self._cache.authenticate(terminal_id, secret))

    def known(self, terminal_id: str, secret: str) -> TerminalIdentity | None:
        found = self._cache.known(terminal_id, secret)
        return None if found is None else _identity(*found)

    def accepts(self, identity: TerminalIdentity, transaction: TransactionType) -> bool:
        # A reversal's original type is checked by the reversal itself (same merchant only).
        return merchant_accepts(MerchantKind(identity.merchant_kind), transaction)


def _identity(terminal: Terminal, merchant: Merchant) -> TerminalIdentity:
    return TerminalIdentity(
        terminal_id=terminal.id,
        merchant_id=merchant.id,
        merchant_kind=merchant.kind.value,
        governorate=merchant.governorate,
        merchant_name_ar=merchant.name_ar,
        merchant_name_en=merchant.name_en,
    )
