"""The SQL ledger under concurrent transactions, on SQLite (serialized writers) and PostgreSQL.

Each thread is one authorization: its own unit of work, started together at a barrier.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine, func, select

from tests.integration.ledger.chart import (
    AT,
    POLICY,
    balances,
    deposit,
    open_chart,
    post,
    transfer,
)
from unicard.adapters.db.tables_payments import account_balances
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.domain.ledger import AccountKind, EntryBuilder, EntryKind, InsufficientFunds, Owner
from unicard.services.ledger import check_ledger


def all_at_once(count: int, attempt: Callable[[int], str]) -> Counter[str]:
    """Run ``attempt(0..count-1)`` on ``count`` threads released together; count the outcomes."""
    barrier = threading.Barrier(count)

    def run(n: int) -> str:
        barrier.wait()
        return attempt(n)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return Counter(pool.map(run, range(count)))


def test_fifty_debits_against_ten_leave_exactly_zero(uow_factory: SqlUnitOfWorkFactory) -> None:
    chart = open_chart(uow_factory)
    post(uow_factory, chart, deposit(chart, "d-1", 10))

    def debit_one(n: int) -> str:
        try:
            post(
                uow_factory,
                chart,
                transfer(f"p-{n}", chart["ahmed_wallet"], chart["shop_sales"], 1),
                shard_hint=n,
            )
        except InsufficientFunds:
            return "declined"
        return "approved"

    assert all_at_once(50, debit_one) == {"approved": 10, "declined": 40}
    after = balances(uow_factory, chart)
    assert after[chart["ahmed_wallet"].id] == 0
    assert after[chart["shop_sales"].id] == 10
    assert check_ledger(uow_factory()) is None


def test_a_hot_funding_account_sums_right_over_its_shards(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    chart = open_chart(uow_factory)
    households = [(AccountKind.BREAD_QUOTA, Owner.household(f"h-{n}")) for n in range(40)]
    with uow_factory() as uow:
        quotas = list(uow.ledger.open_accounts(households).values())
        uow.commit()
    accounts = {**chart.by_id, **{quota.id: quota for quota in quotas}}
    issue = chart["bread_issue"]

    def credit_quota(n: int) -> str:
        entry = (
            EntryBuilder(f"q-{n}", EntryKind.ENTITLEMENT_CREDIT, POLICY)
            .debit(issue, 150)
            .credit(quotas[n], 150)
        )
        with uow_factory() as uow:
            uow.ledger.post(entry.build(), accounts, at=AT, shard_hint=n)
            uow.commit()
        return "posted"

    assert all_at_once(40, credit_quota) == {"posted": 40}
    with uow_factory() as uow:
        assert uow.ledger.balances([issue.id]) == {issue.id: -150 * 40}
    used = select(func.count()).where(
        account_balances.c.account_id == int(issue.id), account_balances.c.balance != 0
    )
    with engine.connect() as connection:
        assert connection.execute(used).scalar_one() == 16  # 40 hints over 16 shards: every shard used
    assert check_ledger(uow_factory()) is None


def test_transfers_both_ways_between_two_wallets_never_deadlock(uow_factory: SqlUnitOfWorkFactory) -> None:
    # Each transaction locks the other's wallet too; a lock order by posting order would deadlock.
    chart = open_chart(uow_factory)
    post(uow_factory, chart, deposit(chart, "d-1", 100, wallet="ahmed_wallet"))
    post(uow_factory, chart, deposit(chart, "d-2", 100, wallet="mona_wallet"))
    ahmed, mona = chart["ahmed_wallet"], chart["mona_wallet"]

    def send(n: int) -> str:
        source, destination = (ahmed, mona) if n % 2 else (mona, ahmed)
        post(uow_factory, chart, transfer(f"t-{n}", source, destination, 1))
        return "posted"

    assert all_at_once(30, send) == {"posted": 30}
    after = balances(uow_factory, chart)
    assert (after[ahmed.id], after[mona.id]) == (100, 100)
    assert check_ledger(uow_factory()) is None


def test_an_account_opened_by_many_at_once_is_opened_once(
    uow_factory: SqlUnitOfWorkFactory, engine: Engine
) -> None:
    keys = [
        (AccountKind.WALLET, Owner.citizen("29001010399999")),
        (AccountKind.POST_CASH, Owner.system("post-9")),
        (AccountKind.BREAD_QUOTA, Owner.household("h-9")),
    ]

    def open_them(n: int) -> str:
        # Half ask in the opposite order: creators must still not deadlock on each other's keys.
        with uow_factory() as uow:
            opened = uow.ledger.open_accounts(keys if n % 2 else keys[::-1])
            uow.commit()
        return ",".join(opened[key].id for key in keys)

    outcomes = all_at_once(20, open_them)
    assert len(outcomes) == 1  # every thread got the same three ids
    with engine.connect() as connection:
        rows = connection.execute(select(func.count()).select_from(account_balances)).scalar_one()
    assert rows == 1 + 16 + 1
    assert check_ledger(uow_factory()) is None
