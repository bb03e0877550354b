"""A small chart of accounts for the ledger tests: one household, two citizens, merchants, funders."""

from __future__ import annotations

from unicard.domain.ledger import Account, AccountKind, EntryBuilder, EntryKind, Owner

POLICY = "2024-06-01"

HOUSEHOLD = Owner.household("1234567")
AHMED, MONA = Owner.citizen("29001010312345"), Owner.citizen("29205150312348")
BAKERY, GROCER, SHOP = Owner.merchant("bakery-7"), Owner.merchant("grocer-3"), Owner.merchant("shop-1")
MINISTRY, POST, G2P = Owner.system("ministry_of_supply"), Owner.system("egypt_post"), Owner.system("g2p")

AHMED_WALLET = Account("wallet:ahmed", AccountKind.WALLET, AHMED)
MONA_WALLET = Account("wallet:mona", AccountKind.WALLET, MONA)
RATION_CREDIT = Account("ration:1234567", AccountKind.RATION_CREDIT, HOUSEHOLD)
BREAD_QUOTA = Account("bread:1234567", AccountKind.BREAD_QUOTA, HOUSEHOLD)
BREAD_POINTS = Account("points:1234567", AccountKind.BREAD_POINTS, HOUSEHOLD)
BAKERY_SALES = Account("settlement:bakery-7", AccountKind.MERCHANT_SETTLEMENT, BAKERY)
SUBSIDY_CLAIM = Account("subsidy:bakery-7", AccountKind.BAKERY_SUBSIDY_CLAIM, BAKERY)
BAKERY_BREAD = Account("loaves:bakery-7", AccountKind.BAKERY_BREAD, BAKERY)
GROCER_SALES = Account("settlement:grocer-3", AccountKind.MERCHANT_SETTLEMENT, GROCER)
SHOP_SALES = Account("settlement:shop-1", AccountKind.MERCHANT_SETTLEMENT, SHOP)
MINISTRY_FUNDING = Account("ministry:egp", AccountKind.MINISTRY_FUNDING, MINISTRY)
BREAD_ISSUE = Account("ministry:loaves", AccountKind.BREAD_ISSUE, MINISTRY)
POINTS_ISSUE = Account("ministry:points", AccountKind.BREAD_POINTS_ISSUE, MINISTRY)
POST_CASH = Account("post:cash", AccountKind.POST_CASH, POST)
G2P_FUNDING = Account("g2p:takaful", AccountKind.G2P_FUNDING, G2P)

ALL = (
    AHMED_WALLET,
    MONA_WALLET,
    RATION_CREDIT,
    BREAD_QUOTA,
    BREAD_POINTS,
    BAKERY_SALES,
    SUBSIDY_CLAIM,
    BAKERY_BREAD,
    GROCER_SALES,
    SHOP_SALES,
    MINISTRY_FUNDING,
    BREAD_ISSUE,
    POINTS_ISSUE,
    POST_CASH,
    G2P_FUNDING,
)
BY_ID = {account.id: account for account in ALL}


def bread_purchase(entry_id: str, loaves: int, price: int = 20, subsidy: int = 105) -> EntryBuilder:
    """Loaves from the quota to the bakery, the price from the wallet, the subsidy from the ministry."""
    return (
        EntryBuilder(entry_id, EntryKind.BREAD_PURCHASE, policy_version=POLICY)
        .debit(BREAD_QUOTA, loaves)
        .credit(BAKERY_BREAD, loaves)
        .debit(AHMED_WALLET, loaves * price)
        .credit(BAKERY_SALES, loaves * price)
        .debit(MINISTRY_FUNDING, loaves * subsidy)
        .credit(SUBSIDY_CLAIM, loaves * subsidy)
    )


def deposit(entry_id: str, amount: int, wallet: Account = AHMED_WALLET) -> EntryBuilder:
    """Cash in at a post office counter."""
    return (
        EntryBuilder(entry_id, EntryKind.DEPOSIT, policy_version=POLICY)
        .debit(POST_CASH, amount)
        .credit(wallet, amount)
    )


def bread_quota_credit(entry_id: str, loaves: int) -> EntryBuilder:
    """The household's quota, granted by the ministry on first use in a period."""
    return (
        EntryBuilder(entry_id, EntryKind.ENTITLEMENT_CREDIT, policy_version=POLICY)
        .debit(BREAD_ISSUE, loaves)
        .credit(BREAD_QUOTA, loaves)
    )
