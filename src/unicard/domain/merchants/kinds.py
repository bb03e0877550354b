"""The kinds of merchant: the prefix of their ids, the transactions they accept, the accounts they hold."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from unicard.domain.ledger.accounts import AccountKind
from unicard.domain.payments.types import TransactionType

T = TransactionType
A = AccountKind


class MerchantKind(enum.StrEnum):
    BAKERY = "bakery"
    GROCER = "grocer"  # بدال التموين: redeems ration credit (and bread points)
    RETAIL = "retail"
    POST_ATM = "post_atm"
    POST_COUNTER = "post_counter"
    HEALTH_PROVIDER = "health_provider"
    BILLER = "biller"

    @property
    def prefix(self) -> str:
        """The three letters that open the ids of this kind's merchants."""
        return _TERMS[self].prefix

    @property
    def accepts(self) -> frozenset[TransactionType]:
        """The transaction types this kind takes, reversals aside (see :func:`merchant_accepts`)."""
        return _TERMS[self].accepts


@dataclass(frozen=True, slots=True)
class _Terms:
    prefix: str
    accepts: frozenset[TransactionType]
    accounts: frozenset[AccountKind]


# Egypt Post's ATMs and counters hold no merchant account: the cash they pay out or take in is
# the system's POST_CASH account, and a bill paid at a counter is credited to the biller.
# G2P payments arrive as files, never through a terminal, so no kind accepts them.
_TERMS: dict[MerchantKind, _Terms] = {
    MerchantKind.BAKERY: _Terms(
        "BKR",
        frozenset({T.BREAD_PURCHASE}),
        frozenset({A.MERCHANT_SETTLEMENT, A.BAKERY_SUBSIDY_CLAIM, A.BAKERY_BREAD}),
    ),
    MerchantKind.GROCER: _Terms("GRC", frozenset({T.RATION_REDEMPTION}), frozenset({A.MERCHANT_SETTLEMENT})),
    MerchantKind.RETAIL: _Terms("RTL", frozenset({T.PURCHASE}), frozenset({A.MERCHANT_SETTLEMENT})),
    MerchantKind.POST_ATM: _Terms("ATM", frozenset({T.CASH_WITHDRAWAL}), frozenset()),
    MerchantKind.POST_COUNTER: _Terms(
        "PST", frozenset({T.CASH_WITHDRAWAL, T.DEPOSIT, T.BILL_PAYMENT}), frozenset()
    ),
    MerchantKind.HEALTH_PROVIDER: _Terms("HLT", frozenset({T.HEALTH_VISIT}), frozenset({A.HEALTH_PROVIDER})),
    MerchantKind.BILLER: _Terms("BIL", frozenset({T.BILL_PAYMENT}), frozenset({A.BILLER})),
}

KIND_OF_PREFIX: dict[str, MerchantKind] = {terms.prefix: kind for kind, terms in _TERMS.items()}


def merchant_accepts(
    kind: MerchantKind, transaction_type: TransactionType, original: TransactionType | None = None
) -> bool:
    """May a terminal of a ``kind`` merchant take a ``transaction_type`` request?

    A reversal is taken by a merchant that accepts the reversed transaction's type: pass it as
    ``original``. Without ``original`` a reversal is accepted by every kind (each accepts some
    type), so the engine should pass it once it has found the original transaction.
    """
    if transaction_type is TransactionType.REVERSAL:
        if original is None:
            return True
        return original is not TransactionType.REVERSAL and original in _TERMS[kind].accepts
    return transaction_type in _TERMS[kind].accepts


def settlement_account_kinds(kind: MerchantKind) -> frozenset[AccountKind]:
    """The ledger accounts a merchant of ``kind`` holds, each owned by ``Owner.merchant(id)``.

    A bakery holds three: its sales (MERCHANT_SETTLEMENT, EGP), its subsidy claim (EGP) and the
    loaves it sold (BAKERY_BREAD, LOAF). Egypt Post's ATMs and counters hold none.
    """
    return _TERMS[kind].accounts
