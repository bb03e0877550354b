"""Group commit: many authorizations in one batch and one commit, on SQLite and PostgreSQL.

The batch runs the same engine on each request in order, so each request sees the ones before
it in the batch: a family's quota, its ration items, an idempotency key. What a batch cannot do
goes through the engine on its own; a batch whose commit fails sends every request on its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections.abc import Sequence

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import OperationalError

from tests.fakes import FixedClock
from tests.integration.payments.conftest import World, new_pan
from unicard.adapters.db import ledger as ledger_sql
from unicard.adapters.db import many_rows
from unicard.adapters.db.authorization_batch import (
    SqlAuthorizationBatch,
    SqlAuthorizationBatches,
    _Cards,
    _first_reads,
    _read_held,
)
from unicard.adapters.db.card_security import SqlCardSecurityStore
from unicard.adapters.db.cards import SqlCardStore
from unicard.adapters.db.citizens import SqlCitizenRepository
from unicard.adapters.db.engine import make_engine
from unicard.adapters.db.entitlements import SqlEntitlementStore
from unicard.adapters.db.ledger import SqlLedgerStore
from unicard.adapters.db.outbox import SqlOutbox
from unicard.adapters.db.pipeline import Pipeline, pipelined
from unicard.adapters.db.tables import households
from unicard.adapters.db.tables_payments import (
    account_balances,
    accounts,
    entitlement_periods,
    journal_entries,
    transactions,
)
from unicard.adapters.db.transactions import SqlTransactionLog
from unicard.adapters.db.unit_of_work import SqlUnitOfWorkFactory
from unicard.bootstrap import Container
from unicard.domain.entitlements.periods import Period
from unicard.domain.ledger import AccountKind, Owner
from unicard.domain.merchants.access import TerminalRefused
from unicard.domain.notifications import Notification
from unicard.domain.payments.bread import PayWith
from unicard.domain.payments.ration import BasketLine
from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.money import Money
from unicard.services.audit import verify_chain
from unicard.services.ledger import check_ledger
from unicard.services.payments import accounts as account_keys
from unicard.services.payments import group_commit
from unicard.services.payments.closing import HOUSEHOLD_KINDS
from unicard.services.payments.engine import IdempotencyKeyReused, Submission
from unicard.services.payments.group_commit import GroupCommitAuthorizer, NotInBatch
from unicard.services.payments.ports import TerminalIdentity
from unicard.services.payments.requests import Answer, AuthorizationRequest
from unicard.services.payments.terminal_gate import CachedTerminalGate

_POSTGRES = pytest.param("postgresql", marks=pytest.mark.postgres)


def bread(
    world: World, loaves: int, key: str, *, pan: str | None = None, pay_with: PayWith = PayWith.CASH
) -> Submission:
    request = AuthorizationRequest(
        TransactionType.BREAD_PURCHASE, pan=pan or world.head_pan, loaves=loaves, pay_with=pay_with
    )
    return Submission(world.bakery.terminal_id, world.bakery.secret, key, request)


def sugar(world: World, units: int, key: str) -> Submission:
    request = AuthorizationRequest(
        TransactionType.RATION_REDEMPTION, pan=world.wife_pan, basket=(BasketLine("sugar", units),)
    )
    return Submission(world.grocer.terminal_id, world.grocer.secret, key, request)


@pytest.fixture
def authorizer(container: Container) -> GroupCommitAuthorizer:
    authorizer = container.authorization
    assert isinstance(authorizer, GroupCommitAuthorizer)
    return authorizer


@pytest.fixture
def opened(authorizer: GroupCommitAuthorizer, world: World) -> int:
    """The family's month opened (a batch cannot open one); the loaves it may still draw today."""
    first = authorizer.authorize(bread(world, 1, "opens-the-month"))
    assert first.approved
    return int(str(first.receipt["loaves_left_today"]))


@pytest.fixture
def batched_only(authorizer: GroupCommitAuthorizer, opened: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, a request sent to the engine on its own fails the test."""

    monkeypatch.setattr(authorizer.engine, "authorize", _not_alone)


def _not_alone(submission: Submission) -> None:
    raise AssertionError(f"{submission.idempotency_key} was not answered in its batch")


def rows(container: Container, table: object) -> int:
    with container.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def balance(container: Container, kind: AccountKind, owner: Owner) -> int:
    with container.uow_factory() as uow:
        account = uow.ledger.open_accounts([(kind, owner)])[(kind, owner)]
        return uow.ledger.balances([account.id])[account.id]


def test_each_request_of_a_batch_sees_those_before_it(
    container: Container, authorizer: GroupCommitAuthorizer, world: World, opened: int, batched_only: None
) -> None:
    quota = (AccountKind.BREAD_QUOTA, Owner.household(world.household))
    before = balance(container, *quota)
    entries = rows(container, journal_entries)
    # Two cards of one family draw from one quota: sequentially, within one batch, past what is left.
    size = max(2, opened // 30)
    wanted = [
        bread(world, size, f"b{n}", pan=(world.head_pan, world.wife_pan)[n % 2])
        for n in range(opened // size + 3)
    ]
    answers = authorizer.authorize_together(wanted)

    approved = [answer for answer in answers if answer.approved]
    assert len(approved) == opened // size
    assert all(answer.approved for answer in answers[: len(approved)])  # in order, then none
    assert {answer.reason for answer in answers[len(approved) :]} == {"bread.daily_quota"}
    lefts = [int(str(answer.receipt["loaves_left_today"])) for answer in approved]
    assert lefts == [opened - size * (n + 1) for n in range(len(approved))]
    assert balance(container, *quota) == before - size * len(approved)
    assert rows(container, journal_entries) == entries + len(approved)
    assert check_ledger(container.uow_factory()) is None
    assert verify_chain(container.uow_factory()).intact


def test_a_key_twice_in_one_batch_is_answered_once(
    container: Container, authorizer: GroupCommitAuthorizer, world: World, batched_only: None
) -> None:
    entries = rows(container, journal_entries)
    first, again = authorizer.authorize_together([bread(world, 3, "same"), bread(world, 3, "same")])
    assert first.approved
    assert again.approved
    assert again.transaction_id == first.transaction_id
    assert again.replayed
    assert rows(container, journal_entries) == entries + 1
    # The same key with another body is refused, and the rest of the batch is still answered.
    with pytest.raises(IdempotencyKeyReused):
        authorizer.authorize_together([bread(world, 1, "other"), bread(world, 4, "same")])
    assert authorizer.authorize_together([bread(world, 1, "other")])[0].replayed


def test_ration_items_drawn_earlier_in_the_batch_count_toward_the_cap(
    container: Container,
    authorizer: GroupCommitAuthorizer,
    world: World,
    opened: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The grocer's first sale ever opens its accounts: that one goes alone (see below).
    first = authorizer.authorize(sugar(world, 1, "s0"))
    assert first.approved, first.reason
    monkeypatch.setattr(authorizer.engine, "authorize", _not_alone)
    answers = authorizer.authorize_together([sugar(world, 1, f"s{n}") for n in range(1, 12)])
    approved = sum(answer.approved for answer in answers)
    assert 0 < approved < len(answers)
    assert {a.reason for a in answers if not a.approved} <= {
        "ration.monthly_cap",
        "ledger.insufficient_funds",
    }
    with container.engine.connect() as connection:
        drawn = connection.execute(
            select(func.count())
            .select_from(transactions)
            .where(transactions.c.type == "ration_redemption", transactions.c.response_code == "00")
        ).scalar_one()
    assert drawn == approved + 1
    assert check_ledger(container.uow_factory()) is None


def test_the_month_is_opened_in_the_batch_once(
    container: Container, authorizer: GroupCommitAuthorizer, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(authorizer.engine, "authorize", _not_alone)
    # Both cards' first bread of the month, and a basket, in one batch: one grant, one notice.
    answers = authorizer.authorize_together(
        [bread(world, 2, "m1"), bread(world, 2, "m2", pan=world.wife_pan), sugar(world, 1, "m3")]
    )
    assert [answer.approved for answer in answers] == [True, True, True]
    left = [int(str(answer.receipt["loaves_left_month"])) for answer in answers[:2]]
    assert left[0] - left[1] == 2
    with container.engine.connect() as connection:
        grants = connection.execute(
            select(func.count())
            .select_from(journal_entries)
            .where(journal_entries.c.kind == "entitlement_credit")
        ).scalar_one()
    assert grants == 1
    assert check_ledger(container.uow_factory()) is None
    assert verify_chain(container.uow_factory()).intact


def test_a_month_opened_in_a_batch_is_stored_as_granted(
    container: Container, authorizer: GroupCommitAuthorizer, world: World
) -> None:
    in_batch = authorizer.authorize_together([bread(world, 2, "a1")])[0]
    with container.uow_factory() as uow:
        month = uow.entitlements.period(world.household, Period.of(container.clock.now().date()))
    assert month is not None
    assert in_batch.receipt["loaves_left_month"] == month.loaves_granted - 2


def test_a_batch_at_the_turn_of_the_month_closes_the_last_and_opens_the_next(
    container: Container,
    authorizer: GroupCommitAuthorizer,
    world: World,
    batched_only: None,
    clock: FixedClock,
) -> None:
    """On PostgreSQL the month closed, the month opened and the rest go as one pipeline."""
    last = Period.of(cairo_date(clock.now()))
    clock.advance(dt.timedelta(days=12))
    this = Period.of(cairo_date(clock.now()))
    answers = authorizer.authorize_together([bread(world, 2, "turn-1"), sugar(world, 1, "turn-2")])
    assert all(answer.approved for answer in answers), [answer.reason for answer in answers]
    with container.engine.connect() as connection:
        months = dict(
            connection.execute(
                select(entitlement_periods.c.period, entitlement_periods.c.closed_at)
                .join(households, households.c.id == entitlement_periods.c.household_id)
                .where(households.c.number == world.household)
            ).all()
        )
    assert set(months) == {last.name, this.name}
    assert months[last.name] is not None
    assert months[this.name] is None
    assert check_ledger(container.uow_factory()) is None
    assert verify_chain(container.uow_factory()).intact


def test_a_merchants_first_sale_ever_goes_on_its_own(
    container: Container, authorizer: GroupCommitAuthorizer, world: World, opened: int
) -> None:
    # A merchant registered before merchants came with their accounts. Its accounts are made
    # alone, at once, not mid-batch in request order (two batches could then each wait for an
    # account the other is making).
    grocer = (AccountKind.MERCHANT_SETTLEMENT, Owner.merchant(world.grocer.merchant_id))
    with container.engine.begin() as connection:
        held = select(accounts.c.id).where(accounts.c.owner_id == world.grocer.merchant_id)
        connection.execute(delete(account_balances).where(account_balances.c.account_id.in_(held)))
        connection.execute(delete(accounts).where(accounts.c.owner_id == world.grocer.merchant_id))
    with container.uow_factory() as uow:
        assert uow.ledger.existing_accounts([grocer]) == {}
    answers = authorizer.authorize_together([sugar(world, 1, "g1"), bread(world, 1, "g2")])
    assert all(answer.approved for answer in answers)
    with container.uow_factory() as uow:
        assert uow.ledger.existing_accounts([grocer])


def test_what_a_batch_cannot_do_goes_on_its_own(
    container: Container,
    authorizer: GroupCommitAuthorizer,
    world: World,
    opened: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def not_read(self: object, pan: str) -> None:
        raise NotInBatch("a card the batch did not read")

    monkeypatch.setattr(_Cards, "find_by_pan", not_read)
    first, second = authorizer.authorize_together([bread(world, 2, "n1"), bread(world, 2, "n2")])
    assert first.approved
    assert second.approved
    assert check_ledger(container.uow_factory()) is None


def test_a_batch_whose_commit_fails_is_answered_one_by_one(
    container: Container,
    authorizer: GroupCommitAuthorizer,
    world: World,
    opened: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def moved_meanwhile(self: SqlAuthorizationBatch) -> None:
        raise RuntimeError("a balance moved below its floor")

    monkeypatch.setattr(SqlAuthorizationBatch, "commit", moved_meanwhile)
    each_answered_once_alone(container, authorizer, world, "f")


def each_answered_once_alone(
    container: Container, authorizer: GroupCommitAuthorizer, world: World, prefix: str
) -> None:
    """Three sales in a batch that does not commit: each is answered on its own, once."""
    entries, recorded = rows(container, journal_entries), rows(container, transactions)
    answers = authorizer.authorize_together([bread(world, 1, f"{prefix}{n}") for n in range(3)])
    assert all(answer.approved for answer in answers)
    assert rows(container, journal_entries) == entries + 3
    assert rows(container, transactions) == recorded + 3
    assert check_ledger(container.uow_factory()) is None
    assert verify_chain(container.uow_factory()).intact


def test_a_batch_moves_one_shard_of_each_hot_account_and_the_next_batch_another(
    container: Container, authorizer: GroupCommitAuthorizer, world: World, opened: int
) -> None:
    """A batch's sales at one bakery credit its subsidy claim on one shard, not one per sale: a
    batch locks one row of each hot account, and the batch after it (in flight at the same
    time, with two writers) another row, so that batches do not wait for each other there."""
    claim = (AccountKind.BAKERY_SUBSIDY_CLAIM, Owner.merchant(world.bakery.merchant_id))
    with container.uow_factory() as uow:
        claim_id = int(uow.ledger.open_accounts([claim])[claim].id)

    def shards() -> dict[int, int]:
        with container.engine.connect() as connection:
            of_claim = select(account_balances.c.shard, account_balances.c.balance)
            found = connection.execute(of_claim.where(account_balances.c.account_id == claim_id))
            return {row.shard: row.balance for row in found}

    moved: list[set[int]] = []
    for batch in range(2):
        before = shards()
        answers = authorizer.authorize_together([bread(world, 1, f"shard-{batch}-{n}") for n in range(4)])
        assert all(answer.approved for answer in answers)
        after = shards()
        moved.append({shard for shard in after if after[shard] != before[shard]})
    assert [len(changed) for changed in moved] == [1, 1]
    assert moved[0] != moved[1]
    assert check_ledger(container.uow_factory()) is None


def test_a_statement_failing_among_the_batchs_writes_leaves_nothing_of_the_batch(
    container: Container,
    authorizer: GroupCommitAuthorizer,
    world: World,
    opened: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On PostgreSQL the writes travel as one pipeline: a statement failing in the middle of it
    rolls back the whole batch (the statements before it too), and each request goes on its own."""
    add_many = SqlOutbox.add_many

    def refused(
        self: SqlOutbox, notifications: Sequence[Notification], pipeline: Pipeline | None = None
    ) -> None:
        add_many(self, notifications, pipeline)
        if pipeline is None:
            raise RuntimeError("the outbox refused")
        pipeline.send("SELECT 1 / 0", {})

    monkeypatch.setattr(SqlOutbox, "add_many", refused)
    each_answered_once_alone(container, authorizer, world, "p")


@pytest.mark.parametrize("database_url", [_POSTGRES], indirect=True)
def test_a_balance_row_not_changed_fails_the_batch_before_its_commit(
    container: Container,
    authorizer: GroupCommitAuthorizer,
    world: World,
    opened: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The balances' row count is checked when the answers come back, before the COMMIT is sent."""
    send = many_rows.send_to_balances

    def one_row_short(pipeline: Pipeline, changes: Sequence[tuple[int, int, int]], failure: str) -> None:
        send(pipeline, [*changes, (-1, 0, 0)], failure)  # no such row: one fewer changed than asked

    monkeypatch.setattr(ledger_sql, "send_to_balances", one_row_short)
    entries, quota = (
        rows(container, journal_entries),
        (AccountKind.BREAD_QUOTA, Owner.household(world.household)),
    )
    before = balance(container, *quota)
    monkeypatch.setattr(group_commit.log, "warning", lambda *args: failures.append(args))
    failures: list[tuple[object, ...]] = []
    answers = authorizer.authorize_together([bread(world, 1, f"s{n}") for n in range(2)])
    assert all(answer.approved for answer in answers)  # then one by one, where no pipeline is used
    assert "a balance moved below its floor" in repr(failures[0])
    assert rows(container, journal_entries) == entries + 2
    assert balance(container, *quota) == before - 2
    assert check_ledger(container.uow_factory()) is None


@pytest.mark.parametrize("database_url", [_POSTGRES], indirect=True)
def test_a_batchs_first_reads_sent_as_one_pipeline_read_what_the_stores_read(
    container: Container,
    authorizer: GroupCommitAuthorizer,
    world: World,
    opened: int,
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
) -> None:
    """The pipelined reads (driver statements, rows as named tuples) against the stores' own."""
    key = uow_factory.card_lookup_key
    answered = authorizer.authorize_together([bread(world, 1, "read-back"), sugar(world, 1, "read-back-too")])
    keys = sorted({("read-back", world.bakery.terminal_id), ("read-back-too", world.grocer.terminal_id)})
    asked = {(terminal, key) for key, terminal in keys} | {("T-NONE", "nothing")}
    pans = {world.head_pan, world.wife_pan, new_pan()}
    period = Period.of(cairo_date(clock.now()))
    with container.engine.connect() as connection:
        redeeming = {world.head_pan, world.wife_pan}  # one household: its draws counted once
        first = _first_reads(
            connection, key, asked, pans, period, False, redeeming=redeeming, paying={world.head_pan}
        )
        connection.rollback()
        replays, cards = first.replays, first.cards
        log, store = SqlTransactionLog(connection), SqlCardStore(connection, key)
        assert replays == log.find_many(sorted(asked))
        assert {answer.transaction_id for answer in answered} == {stored.id for stored in replays.values()}
        assert all(stored.created_at.tzinfo is dt.UTC for stored in replays.values())
        assert cards == store.find_by_pans(sorted(pans))
        entitlements = SqlEntitlementStore(connection)
        holders = sorted({card.citizen_national_id for card in cards.values()})
        assert first.household_rows is not None
        piped = entitlements.with_months(first.household_rows, period, first.months)
        assert piped == entitlements.households_and_periods_of(holders, period)
        # What is read under the months' lock: accounts with balances, items drawn, redeemers.
        head = cards[world.head_pan].citizen_national_id  # the one paying from a wallet
        ledger, wanted = SqlLedgerStore(connection), [account_keys.wallet(head)]
        wanted += [account_keys.household(kind, world.household) for kind in HOUSEHOLD_KINDS]
        accounts = ledger.existing_accounts(wanted)
        assert {key: account for key, (account, _) in (first.holdings or {}).items()} == accounts
        balances = ledger.balances([account.id for account in accounts.values()])
        assert {account.id: held for account, held in (first.holdings or {}).values()} == balances
        assert first.drawn == entitlements.items_drawn_of([world.household], period)
        assert first.drawn[world.household], "the sugar drawn above"
        redeemers = [cards[pan].citizen_national_id for pan in sorted(redeeming)]
        assert first.citizens == SqlCitizenRepository(connection).get_many(redeemers)
        connection.rollback()
        # With card security: the cards' rows locked instead of the months (once the rows exist),
        # and what the months' lock guards read in a second pipeline, the same as without.
        security, tokens = SqlCardSecurityStore(connection), [card.token for card in cards.values()]
        security.get_many(tokens, at=clock.now())
        connection.commit()
        secured = _first_reads(
            connection, key, asked, pans, period, True, redeeming=redeeming, paying={world.head_pan}
        )
        assert (secured.months, secured.holdings, secured.drawn) == (None, None, None)
        assert secured.security == security.get_many(tokens, at=clock.now())
        _read_held(connection, secured, period)
        assert (secured.months, secured.holdings, secured.drawn) == (
            first.months,
            first.holdings,
            first.drawn,
        )
        assert secured.months, "the family's month, opened by the fixture"
        connection.rollback()


@pytest.mark.parametrize("database_url", [_POSTGRES], indirect=True)
@pytest.mark.parametrize("card_security", [False, True], ids=["months-first", "card-security-first"])
def test_a_batchs_first_reads_are_planned_once_and_what_follows_as_usual(
    database_url: str,
    world: World,
    opened: int,
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
    card_security: bool,
) -> None:
    """PostgreSQL planned the first reads afresh for every batch (custom plans for the hashes
    at hand), which cost more than running them; they keep one generic plan per connection.
    The rest of the batch (a month's opening reads, the writes) is planned as the server's
    settings say."""
    one_connection = make_engine(database_url, pool_size=1)
    batches = SqlAuthorizationBatches(one_connection, uow_factory.card_lookup_key)
    try:
        for turn in range(12):  # psycopg prepares a statement at its 6th execution
            batch = batches.open([bread(world, 1, f"plan-{turn}")], clock.now(), card_security=card_security)
            try:
                assert batch.connection.exec_driver_sql("SHOW plan_cache_mode").scalar_one() == "auto"
                batch.commit()
            finally:
                batch.close()
        with one_connection.connect() as connection:  # the same session: its statements
            plans = connection.exec_driver_sql(
                "SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements"
            ).all()
    finally:
        one_connection.dispose()
    first_reads = [plan for plan in plans if "holders_hashes" in plan.statement]
    assert first_reads, plans
    assert all(plan.generic_plans > 0 and plan.custom_plans == 0 for plan in first_reads), first_reads


@pytest.mark.parametrize("database_url", [_POSTGRES], indirect=True)
@pytest.mark.parametrize("card_security", [False, True], ids=["months-first", "card-security-first"])
def test_an_open_batch_holds_the_balances_it_read(
    container: Container,
    world: World,
    opened: int,
    uow_factory: SqlUnitOfWorkFactory,
    clock: FixedClock,
    card_security: bool,
) -> None:
    """The remaining balances a receipt prints come from what the batch read: until it commits,
    no one else may move the household's quota or the wallet paid from. A wallet not paid from
    is not held (a cash sale need not wait for a G2P file crediting that wallet)."""
    wallet, wife_wallet, quota = (
        account_keys.wallet(world.head),
        account_keys.wallet(world.wife),
        account_keys.household(AccountKind.BREAD_QUOTA, world.household),
    )
    with container.uow_factory() as uow:
        held = uow.ledger.open_accounts([wallet, wife_wallet, quota])
        uow.commit()
    take = "SELECT 1 FROM account_balances WHERE account_id = %(id)s FOR NO KEY UPDATE NOWAIT"

    def taken(key: tuple[AccountKind, Owner]) -> bool:
        with container.engine.connect() as other:
            try:
                other.exec_driver_sql(take, {"id": int(held[key].id)}).all()
            except OperationalError as refused:
                return "could not obtain" in str(refused)
            return False

    by_wallet = bread(world, 1, "held", pay_with=PayWith.WALLET)
    by_cash = bread(world, 1, "cash", pan=world.wife_pan)
    batches = SqlAuthorizationBatches(container.engine, uow_factory.card_lookup_key)
    batch = batches.open([by_wallet, by_cash], clock.now(), card_security=card_security)
    try:
        assert batch.read.balances[held[wallet].id] == balance(container, *wallet)
        assert [taken(key) for key in (wallet, quota, wife_wallet)] == [True, True, False]
    finally:
        batch.close()
    assert [taken(key) for key in (wallet, quota, wife_wallet)] == [False, False, False]


@pytest.mark.parametrize("database_url", [_POSTGRES], indirect=True)
def test_what_opening_a_month_reads_sent_as_one_pipeline_reads_what_the_stores_read(
    container: Container, world: World, opened: int, clock: FixedClock
) -> None:
    period, now = Period.of(cairo_date(clock.now())), clock.now()
    numbers = [world.household, "NO-SUCH-HOUSEHOLD"]
    instants = [now - dt.timedelta(days=40), now]
    with container.engine.connect() as connection:
        ids = [*connection.execute(select(journal_entries.c.id)).scalars(), "no-such-entry"]
        store, ledger = SqlEntitlementStore(connection), SqlLedgerStore(connection)
        with pipelined(connection) as pipeline:
            sent = (
                store.send_periods_of(numbers, pipeline, period=period),
                store.send_periods_of(numbers, pipeline, only_open=True),
                store.send_households_in(numbers, period, pipeline),
                store.send_members_at_many(numbers, instants, pipeline),
                store.send_head_contacts(numbers, pipeline),
                ledger.send_entries(ids, pipeline),
            )
        piped = [later.result() for later in sent]
        assert piped == [
            store.periods_of(numbers, period=period),
            store.periods_of(numbers, only_open=True),
            store.households_in(numbers, period),
            store.members_at_many(numbers, instants),
            store.head_contacts(numbers),
            ledger.entries(ids),
        ]
        assert piped[0][world.household]  # what is compared is not all empty
        assert piped[3][(world.household, now)] >= 2
        assert len(piped[5]) >= 2
        connection.rollback()


def test_an_idle_writer_leaves_and_the_next_request_starts_one(
    authorizer: GroupCommitAuthorizer, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(group_commit, "IDLE_SECONDS", 0.05)
    assert authorizer.authorize(bread(world, 1, "i1")).approved
    for _ in range(200):
        if not authorizer._writers:
            break
        time.sleep(0.01)
    assert authorizer._writers == []
    assert authorizer.authorize(bread(world, 1, "i2")).approved


def test_alone_a_writer_takes_what_is_queued_and_waits_for_nothing(
    authorizer: GroupCommitAuthorizer, world: World
) -> None:
    authorizer.gather_seconds = 60.0  # would hang the test if the writer waited
    authorizer.max_batch = 3
    batch = [authorizer._admitted(bread(world, 1, "w1"))]
    authorizer._gather(batch)
    assert len(batch) == 1


def test_while_a_batch_is_in_flight_a_writer_gathers_what_comes_meanwhile(
    authorizer: GroupCommitAuthorizer, world: World
) -> None:
    authorizer.gather_seconds, authorizer.max_batch = 60.0, 2  # returns as soon as it has two
    authorizer._in_flight = 1
    late = threading.Timer(0.05, authorizer._queue.put, [authorizer._admitted(bread(world, 1, "w2"))])
    late.start()
    batch = [authorizer._admitted(bread(world, 1, "w1"))]
    authorizer._gather(batch)
    late.join()
    assert [pending.submission.idempotency_key for pending in batch] == ["w1", "w2"]


def test_a_terminal_refused_is_refused_and_the_rest_of_its_batch_answered(
    container: Container, authorizer: GroupCommitAuthorizer, world: World
) -> None:
    wrong = dataclasses.replace(bread(world, 1, "t1"), secret="not-the-secret")
    with pytest.raises(TerminalRefused, match=r"terminal\.bad_credentials"):
        authorizer.authorize(wrong)
    with pytest.raises(TerminalRefused):
        authorizer.authorize_together([bread(world, 1, "t2"), wrong])
    with container.engine.connect() as connection:
        keys = connection.execute(select(transactions.c.idempotency_key)).scalars().all()
    assert "t2" in keys
    assert "t1" not in keys


def test_a_terminal_read_again_holds_up_its_own_request_only(
    authorizer: GroupCommitAuthorizer, world: World, opened: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A terminal the gate must read (new to the process, or its cached entry expired) is read
    in its caller's thread: meanwhile the writer answers the other terminals' requests."""
    gate = authorizer.engine.terminals
    reading, released = threading.Event(), threading.Event()

    def authenticate(terminal_id: str, secret: str) -> TerminalIdentity:
        if terminal_id == world.grocer.terminal_id:
            reading.set()
            assert released.wait(30)
        return CachedTerminalGate.authenticate(gate, terminal_id, secret)  # type: ignore[arg-type]

    monkeypatch.setattr(gate, "authenticate", authenticate)
    answers: dict[str, Answer] = {}

    def send(submission: Submission) -> threading.Thread:
        def run() -> None:
            answers[submission.idempotency_key] = authorizer.authorize(submission)

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    slow = send(sugar(world, 1, "grocer-read-again"))
    assert reading.wait(30)
    send(bread(world, 1, "bakery-known")).join(30)
    assert answers["bakery-known"].approved
    assert "grocer-read-again" not in answers
    released.set()
    slow.join(30)
    assert answers["grocer-read-again"].approved


def test_submit_queues_without_waiting_and_calls_back_once_answered(
    authorizer: GroupCommitAuthorizer, world: World, batched_only: None
) -> None:
    answered = threading.Event()
    ticket = authorizer.submit(bread(world, 1, "s1"), answered.set)
    assert ticket is not None
    assert answered.wait(30)
    answer = ticket.answer()
    assert answer is not None
    assert answer.approved


def test_submit_queues_nothing_that_would_wait(
    authorizer: GroupCommitAuthorizer, world: World, opened: int
) -> None:
    """The bakery's terminal is known (it opened the month); the grocer's must be read first."""
    purchase = AuthorizationRequest(TransactionType.PURCHASE, pan=world.head_pan, amount=Money(100))
    not_batched = Submission(world.bakery.terminal_id, world.bakery.secret, "s2", purchase)
    assert authorizer.submit(not_batched, _never) is None
    assert authorizer.submit(sugar(world, 1, "s3"), _never) is None
    assert authorizer._queue.empty()
    wrong = dataclasses.replace(bread(world, 1, "s4"), secret="not-the-secret")
    with pytest.raises(TerminalRefused, match=r"terminal\.bad_credentials"):
        authorizer.submit(wrong, _never)
    assert authorizer._queue.empty()


def test_a_ticket_whose_batch_failed_is_answered_alone(
    authorizer: GroupCommitAuthorizer, world: World, opened: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def database_gone(*args: object, **kwargs: object) -> None:
        raise OperationalError("BEGIN", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(SqlAuthorizationBatches, "open", database_gone)
    answered = threading.Event()
    submission = bread(world, 1, "s5")
    ticket = authorizer.submit(submission, answered.set)
    assert ticket is not None
    assert answered.wait(30)
    assert ticket.answer() is None
    assert authorizer.alone(submission).approved


def test_a_callback_that_fails_does_not_stop_the_writer(
    authorizer: GroupCommitAuthorizer, world: World, batched_only: None
) -> None:
    def loop_closed() -> None:
        raise RuntimeError("Event loop is closed")

    assert authorizer.submit(bread(world, 1, "s6"), loop_closed) is not None
    assert authorizer.authorize(bread(world, 1, "s7")).approved


def _never() -> None:
    raise AssertionError("nothing was queued to be answered")
