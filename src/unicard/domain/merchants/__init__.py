"""Merchants and their terminals: who may accept a card, for what, and into which accounts.

A merchant (bakery, grocer, retail shop, Egypt Post ATM or counter, health provider, government
biller) is keyed by a readable id, ``BKR-03-000123``: a prefix naming its kind, its governorate
and a serial. A terminal is keyed ``T-BKR-03-000123-01`` and holds a secret (kept by the
services as a keyed hash only).

The engine asks two questions of this package: :func:`merchant_accepts` (may this kind of
merchant take this transaction type?) and :func:`settlement_account_kinds` (which ledger
accounts does a merchant of this kind hold?). Terminal authentication refusals are
:class:`TerminalRefused`, each with its own code.
"""

from unicard.domain.merchants.access import TerminalRefused, check_may_transact
from unicard.domain.merchants.ids import (
    MAX_TERMINALS,
    MerchantIdParts,
    merchant_id,
    parse_merchant_id,
    parse_terminal_id,
    terminal_id,
)
from unicard.domain.merchants.kinds import MerchantKind, merchant_accepts, settlement_account_kinds
from unicard.domain.merchants.merchant import (
    Merchant,
    MerchantStatus,
    parse_governorate,
    parse_kind,
    parse_status,
)
from unicard.domain.merchants.terminal import Terminal, TerminalStatus, parse_terminal_status

__all__ = [
    "MAX_TERMINALS",
    "Merchant",
    "MerchantIdParts",
    "MerchantKind",
    "MerchantStatus",
    "Terminal",
    "TerminalRefused",
    "TerminalStatus",
    "check_may_transact",
    "merchant_accepts",
    "merchant_id",
    "parse_governorate",
    "parse_kind",
    "parse_merchant_id",
    "parse_status",
    "parse_terminal_id",
    "parse_terminal_status",
    "settlement_account_kinds",
    "terminal_id",
]
