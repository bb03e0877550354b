"""The engine under concurrency and failure, on SQLite and PostgreSQL.

- 50 concurrent bread purchases against a household's last 10 loaves: exactly 10 approved.
- One request sent 20 times at once with one idempotency key: one journal entry.
- A crash between any two steps of an authorization leaves nothing half-written.
- Wallet ceilings under concurrency: deposits at once never take a wallet above its maximum,
  purchases at once never pass the day's limit.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from tests.fakes import FixedClock
from tests.integration.payments.conftest import World
from unicard.adapters.db.tables_payments import journal_entries, transactions
from unicard.bootstrap import Container
from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.clock import CAIRO
from unicard.domain.shared.money import Money
from unicard.services.ledger import check_ledger
from unicard.services.payments.engine import Submission
from unicard.services.payments.requests import AuthorizationRequest


def bread(world: World, loaves: int, key: str) -> Submission:
    request = AuthorizationRequest(TransactionType.BREAD_PURCHASE, pan=world.head_pan, loaves=loaves)
    return Submission(world.bakery.terminal_id, world.bakery.secret, key, request)


def count(container: Container, table: object, *where: object) -> int:
    with container.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table).where(*where)).scalar_one())  # type: ignore[arg-type]


@pytest.fixture
def month_end(clock: FixedClock) -> None:
    # On the 30th the whole month's quota may be drawn (advance draw reaches the month's end).
    clock.instant = dt.datetime(2026, 11, 30, 8, 0, tzinfo=CAIRO)


def test_fifty_buyers_for_the_last_ten_loaves(container: Container, world: World, month_end: None) -> None:
    month = 5 * 3 * 30
    engine = container.authorization
    for n, loaves in enumerate((200, 200, month - 410)):
        assert engine.authorize(bread(world, loaves, f"early-{n}")).approved
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda n: engine.authorize(bread(world, 1, f"last-{n}")), range(50)))
    codes = Counter(answer.response.value for answer in answers)
    assert codes == {"00": 10, "51": 40}
    assert all(a.reason == "bread.month_quota" for a in answers if not a.approved)
    assert check_ledger(container.uow_factory()) is None


def test_twenty_retries_at_once_make_one_entry(container: Container, world: World) -> None:
    engine = container.authorization
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda _: engine.authorize(bread(world, 4, "one-key")), range(20)))
    assert {answer.transaction_id for answer in answers} == {answers[0].transaction_id}
    assert all(answer.approved for answer in answers)
    assert count(container, transactions, transactions.c.idempotency_key == "one-key") == 1
    assert count(container, journal_entries, journal_entries.c.id == answers[0].transaction_id) == 1
    assert check_ledger(container.uow_factory()) is None


def wallet_move(world: World, kind: TransactionType, pounds: int, key: str) -> Submission:
    request = AuthorizationRequest(kind, pan=world.head_pan, amount=Money(pounds * 100))
    till = world.post if kind is TransactionType.DEPOSIT else world.shop
    return Submission(till.terminal_id, till.secret, key, request)


def all_at_once(container: Container, submissions: list[Submission]) -> Counter[str]:
    engine = container.authorization
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(engine.authorize, submissions))
    return Counter(answer.reason or "approved" for answer in answers)


def test_deposits_at_once_never_take_a_wallet_above_its_maximum(container: Container, world: World) -> None:
    """Each deposit alone would fit under the EGP 100,000 ceiling; together only one does."""
    assert container.authorization.authorize(
        wallet_move(world, TransactionType.DEPOSIT, 99_999, "fill")
    ).approved
    deposits = [wallet_move(world, TransactionType.DEPOSIT, 1, f"one-more-{n}") for n in range(20)]
    assert all_at_once(container, deposits) == {"approved": 1, "limit.max_balance": 19}
    assert check_ledger(container.uow_factory()) is None


def test_purchases_at_once_never_pass_the_days_limit(container: Container, world: World) -> None:
    """EGP 30,000 a day, EGP 20,000 at a time, EGP 50,000 in the wallet: one EGP 20,000 purchase."""
    assert container.authorization.authorize(
        wallet_move(world, TransactionType.DEPOSIT, 50_000, "fund")
    ).approved
    purchases = [wallet_move(world, TransactionType.PURCHASE, 20_000, f"big-{n}") for n in range(10)]
    counted = all_at_once(container, purchases)
    assert counted["approved"] == 1, counted
    assert check_ledger(container.uow_factory()) is None


class Crash(Exception):
    """Stands for the process dying at a given step."""


@pytest.mark.parametrize("step", ["post", "record", "notices", "audit", "commit"])
def test_a_crash_at_any_step_leaves_nothing(
    container: Container, world: World, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    engine = container.authorization
    assert engine.authorize(bread(world, 1, "warm-up")).approved  # opens the month
    entries_before = count(container, journal_entries)
    # Each step of the one-at-a-time path and of a group commit's batch (a batch that fails sends
    # its requests one at a time, where they crash again).
    targets = {
        "post": ["ledger.SqlLedgerStore.post", "ledger.SqlLedgerStore.post_many"],
        "record": ["transactions.SqlTransactionLog.record", "transactions.SqlTransactionLog.record_many"],
        "notices": ["outbox.SqlOutbox.add", "outbox.SqlOutbox.add_many"],
        "audit": ["audit.SqlAuditLog.append", "audit.SqlAuditLog.append_many"],
        "commit": ["unit_of_work.SqlUnitOfWork.commit", "authorization_batch.SqlAuthorizationBatch.commit"],
    }

    def crash(*args: object, **kwargs: object) -> None:
        raise Crash(step)

    for path in targets[step]:
        monkeypatch.setattr(f"unicard.adapters.db.{path}", crash)
    with pytest.raises(Crash):
        engine.authorize(bread(world, 2, "doomed"))
    monkeypatch.undo()
    assert count(container, journal_entries) == entries_before
    assert count(container, transactions, transactions.c.idempotency_key == "doomed") == 0
    assert check_ledger(container.uow_factory()) is None
    # …and the terminal's retry then goes through exactly once.
    assert engine.authorize(bread(world, 2, "doomed")).approved
