"""A small chart of accounts opened in the SQL ledger, and one-line ways to post to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.ledger import Account, AccountKind, EntryBuilder, EntryKind, JournalEntry, Owner
from unicard.services.ledger import AccountKey

POLICY = "2024-06-01.1"
AT = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.UTC)

HOUSEHOLD = Owner.household("1234567")
AHMED, MONA = Owner.citizen("29001010312345"), Owner.citizen("29205150312348")
BAKERY, SHOP = Owner.merchant("bakery-7"), Owner.merchant("shop-1")
MINISTRY, POST = Owner.system("ministry_of_supply"), Owner.system("egypt_post")

#: name → (kind, owner); the SQL ledger gives each its integer id.
KEYS: dict[str, AccountKey] = {
    "ahmed_wallet": (AccountKind.WALLET, AHMED),
    "mona_wallet": (AccountKind.WALLET, MONA),
    "bread_quota": (AccountKind.BREAD_QUOTA, HOUSEHOLD),
    "ration_credit": (AccountKind.RATION_CREDIT, HOUSEHOLD),
    "bakery_bread": (AccountKind.BAKERY_BREAD, BAKERY),
    "bakery_sales": (AccountKind.MERCHANT_SETTLEMENT, BAKERY),
    "subsidy_claim": (AccountKind.BAKERY_SUBSIDY_CLAIM, BAKERY),
    "shop_sales": (AccountKind.MERCHANT_SETTLEMENT, SHOP),
    "ministry_funding": (AccountKind.MINISTRY_FUNDING, MINISTRY),
    "bread_issue": (AccountKind.BREAD_ISSUE, MINISTRY),
    "post_cash": (AccountKind.POST_CASH, POST),
}


class Chart:
    """The accounts of :data:`KEYS`, opened in one database: ``chart["ahmed_wallet"]``."""

    def __init__(self, accounts: Mapping[str, Account]) -> None:
        self.by_name = dict(accounts)
        self.by_id = {account.id: account for account in accounts.values()}

    def __getitem__(self, name: str) -> Account:
        return self.by_name[name]


def open_chart(uow_factory: SqlUnitOfWorkFactory) -> Chart:
    with uow_factory() as uow:
        opened = uow.ledger.open_accounts(list(KEYS.values()))
        uow.commit()
    return Chart({name: opened[key] for name, key in KEYS.items()})


def post(
    uow_factory: SqlUnitOfWorkFactory, chart: Chart, entry: JournalEntry, *, shard_hint: int = 0
) -> None:
    """Post ``entry`` in its own unit of work and commit; a refusal rolls it back and propagates."""
    with uow_factory() as uow:
        uow.ledger.post(entry, chart.by_id, at=AT, shard_hint=shard_hint)
        uow.commit()


def balances(uow_factory: SqlUnitOfWorkFactory, chart: Chart) -> dict[str, int]:
    with uow_factory() as uow:
        return uow.ledger.balances(list(chart.by_id))


def transfer(entry_id: str, source: Account, destination: Account, amount: int) -> JournalEntry:
    return JournalEntry.transfer(
        entry_id=entry_id,
        kind=EntryKind.TRANSFER,
        source=source,
        destination=destination,
        amount=amount,
        policy_version=POLICY,
    )


def deposit(chart: Chart, entry_id: str, amount: int, wallet: str = "ahmed_wallet") -> JournalEntry:
    """Cash in at a post office counter."""
    return (
        EntryBuilder(entry_id, EntryKind.DEPOSIT, policy_version=POLICY)
        .debit(chart["post_cash"], amount)
        .credit(chart[wallet], amount)
        .build()
    )


def bread_purchase(
    chart: Chart, entry_id: str, loaves: int, price: int = 20, subsidy: int = 105
) -> JournalEntry:
    """Loaves from the quota to the bakery, the price from the wallet, the subsidy from the ministry."""
    return (
        EntryBuilder(entry_id, EntryKind.BREAD_PURCHASE, policy_version=POLICY)
        .debit(chart["bread_quota"], loaves)
        .credit(chart["bakery_bread"], loaves)
        .debit(chart["ahmed_wallet"], loaves * price)
        .credit(chart["bakery_sales"], loaves * price)
        .debit(chart["ministry_funding"], loaves * subsidy)
        .credit(chart["subsidy_claim"], loaves * subsidy)
        .build()
    )


def bread_quota_credit(chart: Chart, entry_id: str, loaves: int) -> JournalEntry:
    return (
        EntryBuilder(entry_id, EntryKind.ENTITLEMENT_CREDIT, policy_version=POLICY)
        .debit(chart["bread_issue"], loaves)
        .credit(chart["bread_quota"], loaves)
        .build()
    )
