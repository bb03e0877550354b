"""A batch of authorizations in SQL, for group commit (``services/payments/group_commit.py``).

Opening a batch begins one transaction and reads, set-wise, what its requests will read: the
answers already given to their idempotency keys, their cards, their households with this
month's row (locked, in household order, as one request alone locks its own), the balances of
the households' accounts and the cardholders' wallets, and the ration items drawn.

Each request then runs the engine against a unit of work whose stores answer from those reads
plus the writes of the requests before it in the batch, and keep its writes. A request's commit
hands them to the batch; leaving without a commit drops them. Reads of data no batched write
changes (policy, rollout, citizens, accounts) go to the database in the batch's transaction.
What a batch cannot answer raises :class:`NotInBatch` and the request runs on its own.

Committing the batch writes everything set-wise (postings, balance rows once each with the net
change, entry headers, transactions, notifications, item draws, audit records) and commits once.
Locks are taken in the order a single request takes them — month rows, floored balances, balance
shards, audit heads, each in key order — so batches and single requests do not deadlock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, NoReturn, Self, cast

from sqlalchemy import Connection, Engine

from unicard.adapters.db.audit import SqlAuditLog
from unicard.adapters.db.cards import SqlCardStore
from unicard.adapters.db.citizens import SqlCitizenRepository
from unicard.adapters.db.entitlements import SqlEntitlementStore
from unicard.adapters.db.ledger import SqlLedgerStore
from unicard.adapters.db.outbox import SqlOutbox
from unicard.adapters.db.policies import SqlPolicyStore
from unicard.adapters.db.rollout import SqlRolloutStore
from unicard.adapters.db.transactions import SqlTransactionLog
from unicard.domain.audit.chain import AuditEvent
from unicard.domain.cards.card import Card
from unicard.domain.entitlements.periods import Period
from unicard.domain.ledger import Account, AccountId, InsufficientFunds, JournalEntry
from unicard.domain.notifications import Notification
from unicard.domain.payments.types import TransactionType
from unicard.domain.shared.errors import Conflict
from unicard.services.ledger import Posted
from unicard.services.payments import accounts as keys
from unicard.services.payments.closing import HOUSEHOLD_KINDS
from unicard.services.payments.engine import Submission
from unicard.services.payments.group_commit import NotInBatch
from unicard.services.payments.ports import HouseholdFacts, ItemDraws, PeriodRecord, StoredTransaction
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork

_Key = tuple[str, str]  # (terminal id, idempotency key)


class SqlAuthorizationBatches:
    def __init__(self, engine: Engine, card_lookup_key: bytes) -> None:
        self._engine = engine
        self._card_lookup_key = card_lookup_key

    def open(self, submissions: Sequence[Submission], period: Period) -> SqlAuthorizationBatch:
        connection = self._engine.connect()
        try:
            connection.begin()
            read = _read(connection, self._card_lookup_key, submissions, period)
        except BaseException:
            connection.close()
            raise
        return SqlAuthorizationBatch(connection, self._card_lookup_key, read)


@dataclass
class _Read:
    """What the batch read when it opened; ``balances`` grows as requests ask for more."""

    period: Period
    keys: set[_Key]
    replays: dict[_Key, StoredTransaction]
    cards: dict[str, Card]
    pans: set[str]
    households: dict[str, tuple[HouseholdFacts | None, PeriodRecord | None]]
    balances: dict[AccountId, int]
    drawn: dict[str, dict[str, int]]


def _read(
    connection: Connection, lookup_key: bytes, submissions: Sequence[Submission], period: Period
) -> _Read:
    asked = {(s.terminal_id, s.idempotency_key) for s in submissions}
    replays = SqlTransactionLog(connection).find_many(sorted(asked))
    pans = {s.request.pan for s in submissions if s.request.pan}
    cards = SqlCardStore(connection, lookup_key).find_by_pans(sorted(pans))
    entitlements = SqlEntitlementStore(connection)
    households = entitlements.households_and_periods_of(
        sorted({card.citizen_national_id for card in cards.values()}), period
    )
    numbers = sorted({facts.number for facts, _ in households.values() if facts is not None})
    wanted = [keys.household(kind, number) for number in numbers for kind in HOUSEHOLD_KINDS]
    wanted += [keys.wallet(national_id) for national_id in sorted(households)]
    ledger = SqlLedgerStore(connection)
    existing = ledger.existing_accounts(wanted)
    balances = ledger.balances([account.id for account in existing.values()]) if existing else {}
    rationing = {
        facts.number
        for submission in submissions
        if submission.request.type is TransactionType.RATION_REDEMPTION
        and (card := cards.get(submission.request.pan or "")) is not None
        and (facts := households.get(card.citizen_national_id, (None, None))[0]) is not None
    }
    drawn = entitlements.items_drawn_of(sorted(rationing), period)
    return _Read(period, asked, replays, cards, pans, households, balances, drawn)


@dataclass
class _Writes:
    """What requests committed (the batch's) or are about to (one request's)."""

    entries: list[Posted] = field(default_factory=list)
    deltas: dict[AccountId, int] = field(default_factory=dict)
    transactions: dict[_Key, StoredTransaction] = field(default_factory=dict)
    notifications: dict[str, Notification] = field(default_factory=dict)
    audit: list[tuple[AuditEvent, str]] = field(default_factory=list)
    draws: list[ItemDraws] = field(default_factory=list)

    def add(self, other: _Writes) -> None:
        self.entries += other.entries
        for account_id, amount in other.deltas.items():
            self.deltas[account_id] = self.deltas.get(account_id, 0) + amount
        self.transactions |= other.transactions
        self.notifications |= other.notifications
        self.audit += other.audit
        self.draws += other.draws


class SqlAuthorizationBatch:
    def __init__(self, connection: Connection, lookup_key: bytes, read: _Read) -> None:
        self.connection = connection
        self.lookup_key = lookup_key
        self.read = read
        self.committed = _Writes()

    def unit_of_work(self) -> PaymentsUnitOfWork:
        # Structurally a PaymentsUnitOfWork for what the engine does with bread and rations;
        # the rest raises NotInBatch, which sends the request to the engine on its own.
        return cast(PaymentsUnitOfWork, _RequestUnitOfWork(self))

    def commit(self) -> None:
        db, writes = self.connection, self.committed
        SqlLedgerStore(db).post_many(writes.entries)
        SqlTransactionLog(db).record_many(list(writes.transactions.values()))
        SqlOutbox(db).add_many(list(writes.notifications.values()))
        SqlEntitlementStore(db).record_item_draws_many(writes.draws)
        SqlAuditLog(db).append_many(writes.audit)
        db.commit()

    def close(self) -> None:
        if self.connection.in_transaction():
            self.connection.rollback()
        self.connection.close()


class _RequestUnitOfWork:
    """One request's unit of work inside a batch."""

    def __init__(self, batch: SqlAuthorizationBatch) -> None:
        self.batch = batch
        self.writes = _Writes()
        db = batch.connection
        self.ledger = _Ledger(self, SqlLedgerStore(db))
        self.transactions = _Transactions(self)
        self.entitlements = _Entitlements(self)
        self.outbox = _Outbox(self)
        self.audit = _Audit(self)
        self.cards = _Cards(self, SqlCardStore(db, batch.lookup_key))
        self.policies = SqlPolicyStore(db)
        self.rollout = SqlRolloutStore(db)
        self.citizens = SqlCitizenRepository(db)

    def __enter__(self) -> Self:
        self.writes = _Writes()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.writes = _Writes()  # not committed: dropped, as a rollback would

    def commit(self) -> None:
        self.batch.committed.add(self.writes)
        self.writes = _Writes()

    def __getattr__(self, name: str) -> NoReturn:  # legacy cards, card security, …
        raise NotInBatch(name)

    def balance(self, account_id: AccountId, base: SqlLedgerStore) -> int:
        read = self.batch.read.balances
        if account_id not in read:
            read[account_id] = base.balances([account_id])[account_id]
        committed, own = self.batch.committed.deltas, self.writes.deltas
        return read[account_id] + committed.get(account_id, 0) + own.get(account_id, 0)

    def transaction(self, key: _Key) -> StoredTransaction | None:
        for found in (self.writes.transactions, self.batch.committed.transactions, self.batch.read.replays):
            if key in found:
                return found[key]
        return None


class _Part:
    def __init__(self, uow: _RequestUnitOfWork) -> None:
        self.uow = uow

    def __getattr__(self, name: str) -> NoReturn:
        raise NotInBatch(f"{type(self).__name__}.{name}")


class _Ledger(_Part):
    def __init__(self, uow: _RequestUnitOfWork, base: SqlLedgerStore) -> None:
        super().__init__(uow)
        self.base = base

    def open_accounts(self, wanted: Sequence[Any]) -> dict[Any, Account]:
        return self.base.open_accounts(wanted)  # accounts are only ever added, never changed

    def balances(self, account_ids: Sequence[AccountId]) -> dict[AccountId, int]:
        return {account_id: self.uow.balance(account_id, self.base) for account_id in account_ids}

    def post(
        self, entry: JournalEntry, accounts: Mapping[AccountId, Account], *, at: dt.datetime, shard_hint: int
    ) -> None:
        if entry.reverses is not None:
            raise NotInBatch("reversal")
        deltas = self.uow.writes.deltas
        for posting in entry.postings:
            account = accounts[posting.account_id]
            floor = account.rule.floor
            if floor is not None and self.uow.balance(account.id, self.base) + posting.amount < floor:
                raise InsufficientFunds(account)
            deltas[account.id] = deltas.get(account.id, 0) + posting.amount
        self.uow.writes.entries.append(Posted(entry, accounts, at, shard_hint))


class _Transactions(_Part):
    def find(self, terminal_id: str, idempotency_key: str) -> StoredTransaction | None:
        key = (terminal_id, idempotency_key)
        if key not in self.uow.batch.read.keys:
            raise NotInBatch("transactions.find")  # the batch read only its own requests' keys
        return self.uow.transaction(key)

    def record(self, transaction: StoredTransaction) -> None:
        key = (transaction.terminal_id, transaction.idempotency_key)
        if self.uow.transaction(key) is not None:
            raise Conflict("transaction.duplicate_key", constraint="uq_transactions_terminal_key")
        self.uow.writes.transactions[key] = transaction


class _Entitlements(_Part):
    def household_and_period_of(
        self, national_id: str, period: Period
    ) -> tuple[HouseholdFacts | None, PeriodRecord | None]:
        read = self.uow.batch.read
        if period != read.period:
            raise NotInBatch("another month")
        return read.households.get(national_id, (None, None))

    def items_drawn(self, household_number: str, period: Period) -> dict[str, int]:
        read = self.uow.batch.read
        if period != read.period or household_number not in read.drawn:
            raise NotInBatch("items drawn")
        drawn = dict(read.drawn[household_number])
        for draws in (*self.uow.batch.committed.draws, *self.uow.writes.draws):
            if draws.household_number == household_number:
                for item, units in draws.units.items():
                    drawn[item] = drawn.get(item, 0) + units
        return drawn

    def record_item_draws(
        self, household_number: str, period: Period, transaction_id: str, units: Mapping[str, int]
    ) -> None:
        self.uow.writes.draws.append(ItemDraws(household_number, period, transaction_id, dict(units)))


class _Outbox(_Part):
    def add(self, notification: Notification) -> bool:
        key = notification.dedupe_key
        if key in self.uow.writes.notifications or key in self.uow.batch.committed.notifications:
            return False
        self.uow.writes.notifications[key] = notification
        return True


class _Audit(_Part):
    def append(self, event: AuditEvent, chain: str) -> None:
        # Sealed when the batch commits, with the chain's head locked then.
        self.uow.writes.audit.append((event, chain))


class _Cards(_Part):
    def __init__(self, uow: _RequestUnitOfWork, base: SqlCardStore) -> None:
        super().__init__(uow)
        self.base = base

    def find_by_pan(self, pan: str) -> Card | None:
        read = self.uow.batch.read
        return read.cards.get(pan) if pan in read.pans else self.base.find_by_pan(pan)
