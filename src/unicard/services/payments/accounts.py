"""Which ledger accounts a transaction touches, named once."""

from __future__ import annotations

from collections.abc import Iterable

from unicard.domain.ledger import AccountKind, Owner
from unicard.domain.merchants import MerchantKind

AccountKey = tuple[AccountKind, Owner]

MINISTRY_OF_SUPPLY = Owner.system("ministry_of_supply")
EGYPT_POST = Owner.system("egypt_post")
G2P_PAYER = Owner.system("g2p")

MINISTRY_FUNDING: AccountKey = (AccountKind.MINISTRY_FUNDING, MINISTRY_OF_SUPPLY)
BREAD_ISSUE: AccountKey = (AccountKind.BREAD_ISSUE, MINISTRY_OF_SUPPLY)
POINTS_ISSUE: AccountKey = (AccountKind.BREAD_POINTS_ISSUE, MINISTRY_OF_SUPPLY)
POST_CASH: AccountKey = (AccountKind.POST_CASH, EGYPT_POST)
G2P_FUNDING: AccountKey = (AccountKind.G2P_FUNDING, G2P_PAYER)


def household(kind: AccountKind, number: str) -> AccountKey:
    return (kind, Owner.household(number))


def wallet(national_id: str) -> AccountKey:
    return (AccountKind.WALLET, Owner.citizen(national_id))


def merchant(kind: AccountKind, merchant_id: str) -> AccountKey:
    return (kind, Owner.merchant(merchant_id))


#: What a merchant's transactions post to besides its settlement account (every merchant has one:
#: its sales, purchases and bills paid at its counters); Egypt Post's cash is a system account.
_OWN_ACCOUNTS = {
    MerchantKind.BAKERY: (AccountKind.BAKERY_BREAD, AccountKind.BAKERY_SUBSIDY_CLAIM),
    MerchantKind.HEALTH_PROVIDER: (AccountKind.HEALTH_PROVIDER,),
    MerchantKind.BILLER: (AccountKind.BILLER,),
}


def merchant_accounts(merchants: Iterable[tuple[MerchantKind, str]]) -> list[AccountKey]:
    """The accounts these ``(kind, id)`` merchants hold from registration on."""
    return [
        merchant(kind, merchant_id)
        for merchant_kind, merchant_id in merchants
        for kind in (AccountKind.MERCHANT_SETTLEMENT, *_OWN_ACCOUNTS.get(merchant_kind, ()))
    ]
