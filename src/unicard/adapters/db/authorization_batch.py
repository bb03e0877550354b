"""A batch of authorizations in SQL, for group commit (``services/payments/group_commit.py``).

Opening a batch begins one transaction and reads, set-wise, what its requests will read: the
answers already given to their idempotency keys, their cards, their households with this
month's row (locked, in household order, as one request alone locks its own), the balances of
the households' accounts and of the wallets paid from (on PostgreSQL locked too, so that the
remaining balances a receipt prints stay true until the batch commits; on SQLite the batch's
write lock keeps everything), and the ration items drawn. Households
without this month are locked (so no other batch opens it too) and what opening it reads is read
for all of them at once: members at the month's start, open months, closing entries, the head.

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
import itertools
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, NoReturn, Self, cast

from sqlalchemy import Connection, Engine

from unicard.adapters.db.audit import SqlAuditLog
from unicard.adapters.db.card_security import SqlCardSecurityStore
from unicard.adapters.db.cards import SqlCardStore
from unicard.adapters.db.citizens import SqlCitizenRepository
from unicard.adapters.db.entitlements import SqlEntitlementStore
from unicard.adapters.db.entitlements_sql import holders_of_cards
from unicard.adapters.db.ledger import SqlLedgerStore
from unicard.adapters.db.ledger_accounts import HOT_SHARDS, holdings_from_rows, holdings_of
from unicard.adapters.db.outbox import SqlOutbox
from unicard.adapters.db.pipeline import Later, Pipeline, pipelined
from unicard.adapters.db.policies import SqlPolicyStore
from unicard.adapters.db.rollout import SqlRolloutStore
from unicard.adapters.db.transactions import SqlTransactionLog
from unicard.domain.audit.chain import AuditEvent
from unicard.domain.cards.card import Card
from unicard.domain.cards.security import CardSecurity
from unicard.domain.entitlements.grants import Grant
from unicard.domain.entitlements.periods import Period
from unicard.domain.ledger import Account, AccountId, InsufficientFunds, JournalEntry
from unicard.domain.notifications import Notification
from unicard.domain.payments.bread import PayWith
from unicard.domain.payments.types import TransactionType
from unicard.domain.registry.citizen import Citizen
from unicard.domain.shared.clock import cairo_date
from unicard.domain.shared.errors import Conflict
from unicard.services.ledger import AccountKey, Posted
from unicard.services.payments import accounts as keys
from unicard.services.payments.closing import HOUSEHOLD_KINDS, period_start
from unicard.services.payments.engine import Submission
from unicard.services.payments.group_commit import NotInBatch
from unicard.services.payments.ports import HouseholdFacts, ItemDraws, PeriodRecord, StoredTransaction
from unicard.services.payments.unit_of_work import PaymentsUnitOfWork

_Key = tuple[str, str]  # (terminal id, idempotency key)


class SqlAuthorizationBatches:
    def __init__(self, engine: Engine, card_lookup_key: bytes) -> None:
        self._engine = engine
        self._card_lookup_key = card_lookup_key

    def open(
        self, submissions: Sequence[Submission], now: dt.datetime, *, card_security: bool
    ) -> SqlAuthorizationBatch:
        connection = self._engine.connect()
        try:
            connection.begin()
            ledger = SqlLedgerStore(connection)
            read = _read(connection, ledger, self._card_lookup_key, submissions, now, card_security)
        except BaseException:
            connection.close()
            raise
        return SqlAuthorizationBatch(connection, ledger, self._card_lookup_key, read)


_NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass
class _Opening:
    """What opening the month of households without one reads (``services/payments/entitlements``)."""

    now: dt.datetime = _NEVER
    households: dict[str, HouseholdFacts] = field(default_factory=dict)
    members: dict[tuple[str, dt.datetime], int] = field(default_factory=dict)
    open_periods: dict[str, list[PeriodRecord]] = field(default_factory=dict)
    previous: dict[str, PeriodRecord] = field(default_factory=dict)
    entry_ids: set[str] = field(default_factory=set)
    entries: dict[str, JournalEntry] = field(default_factory=dict)
    heads: dict[str, tuple[str, str | None] | None] = field(default_factory=dict)


@dataclass
class _Read:
    """What the batch read when it opened; ``balances`` and ``accounts`` grow as requests ask."""

    period: Period
    keys: set[_Key]
    replays: dict[_Key, StoredTransaction]
    cards: dict[str, Card]
    pans: set[str]
    households: dict[str, tuple[HouseholdFacts | None, PeriodRecord | None]]
    accounts: dict[AccountKey, Account]
    balances: dict[AccountId, int]
    drawn: dict[str, dict[str, int]]
    opening: _Opening
    security: dict[str, CardSecurity] | None  # None: the engine checks no card security
    citizens: dict[str, Citizen]


def _read(
    connection: Connection,
    ledger: SqlLedgerStore,
    lookup_key: bytes,
    submissions: Sequence[Submission],
    now: dt.datetime,
    card_security: bool,
) -> _Read:
    period = Period.of(cairo_date(now))
    asked = {(s.terminal_id, s.idempotency_key) for s in submissions}
    pans = {s.request.pan for s in submissions if s.request.pan}
    paying = {s.request.pan for s in submissions if s.request.pan and _pays_from_wallet(s)}
    entitlements = SqlEntitlementStore(connection)
    if connection.dialect.name == "postgresql":
        redeeming = {s.request.pan for s in submissions if s.request.pan and _redeems(s)}
        first = _first_reads(
            connection, lookup_key, asked, pans, period, card_security, redeeming=redeeming, paying=paying
        )
    else:
        first = _FirstReads(
            SqlTransactionLog(connection).find_many(sorted(asked)),
            SqlCardStore(connection, lookup_key).find_by_pans(sorted(pans)),
        )
    replays, cards = first.replays, first.cards
    # Before the months: a request alone locks its card's security state, then its month.
    security = None
    if card_security:
        tokens = [card.token for card in cards.values()]
        security = first.security
        if security is None or any(token not in security for token in tokens):  # a first use
            security = SqlCardSecurityStore(connection).get_many(tokens, at=now)
        if first.household_rows is not None:
            _read_held(connection, first, period)
    if first.household_rows is None:
        households = entitlements.households_and_periods_of(
            sorted({card.citizen_national_id for card in cards.values()}), period
        )
    else:
        households = entitlements.with_months(first.household_rows, period, first.months)
    numbers = sorted({facts.number for facts, _ in households.values() if facts is not None})
    wanted = [keys.household(kind, number) for number in numbers for kind in HOUSEHOLD_KINDS]
    # Only the wallets paid from: reading one locks it, and a cash sale need not wait for a
    # wallet that a long transaction (a G2P file) is crediting.
    payers = {card.citizen_national_id for pan in paying if (card := cards.get(pan)) is not None}
    wanted += [keys.wallet(national_id) for national_id in sorted(households) if national_id in payers]
    accounts, balances = _accounts_and_balances(ledger, first, wanted)
    to_open = sorted(
        {
            facts.number
            for facts, month in households.values()
            if facts is not None and month is None and facts.status != "closed"
        }
    )
    opening = _Opening()
    if to_open:
        opening = _read_opening(connection, ledger, to_open, period, now)
        household_keys = [keys.household(kind, number) for number in to_open for kind in HOUSEHOLD_KINDS]
        opened = ledger.open_accounts(
            [key for key in (*household_keys, *_SYSTEM_KEYS) if key not in accounts]
        )
        # Made just now, in this transaction: nothing on them yet.
        balances |= {opened[key].id: 0 for key in household_keys if key not in accounts}
        accounts |= opened
    redeemers = {
        card.citizen_national_id
        for submission in submissions
        if _redeems(submission) and (card := cards.get(submission.request.pan or "")) is not None
    }
    rationing = {
        facts.number
        for national_id in redeemers
        if (facts := households.get(national_id, (None, None))[0]) is not None
    }
    if first.drawn is None:
        drawn = entitlements.items_drawn_of(sorted(rationing), period)
    else:
        drawn = {number: first.drawn.get(number, {}) for number in sorted(rationing)}
    # A redemption's SMS needs the cardholder's mobile number.
    citizens = first.citizens
    if citizens is None:
        citizens = SqlCitizenRepository(connection).get_many(sorted(redeemers))
    return _Read(
        period,
        asked,
        replays,
        cards,
        pans,
        households,
        accounts,
        balances,
        drawn,
        opening,
        security,
        citizens,
    )


def _accounts_and_balances(
    ledger: SqlLedgerStore, first: _FirstReads, wanted: list[AccountKey]
) -> tuple[dict[AccountKey, Account], dict[AccountId, int]]:
    """The accounts of ``wanted`` that exist, with their balances: on PostgreSQL locked (read
    under the months' lock, :class:`_Held`); on SQLite the batch's write lock keeps them."""
    holdings = first.holdings
    if holdings is None:
        accounts = ledger.existing_accounts(wanted)
        return accounts, ledger.balances([account.id for account in accounts.values()]) if accounts else {}
    held = [holdings[key] for key in wanted if key in holdings]
    accounts = {(account.kind, account.owner): account for account, _ in held}
    return accounts, {account.id: balance for account, balance in held}


def _redeems(submission: Submission) -> bool:
    return submission.request.type is TransactionType.RATION_REDEMPTION


def _pays_from_wallet(submission: Submission) -> bool:
    request = submission.request
    return request.pay_with is PayWith.WALLET or (_redeems(submission) and request.use_wallet)


_SYSTEM_KEYS = (keys.MINISTRY_FUNDING, keys.BREAD_ISSUE, keys.POINTS_ISSUE)


@dataclass
class _FirstReads:
    replays: dict[_Key, StoredTransaction]
    cards: dict[str, Card]
    household_rows: list[Any] | None = None  # None: not read yet
    months: dict[int, PeriodRecord] | None = None  # None: not read yet
    security: dict[str, CardSecurity] | None = None  # locked; cards without a row left out
    #: The cardholders' households' accounts and the wallets paid from, with their balances,
    #: locked, read once the months are locked. None: not read yet (with card security the
    #: months are locked later).
    holdings: dict[AccountKey, tuple[Account, int]] | None = None
    holding: dict[str, list[str]] = field(default_factory=dict)  # the holdings' parameters
    drawn: dict[str, dict[str, int]] | None = None  # by the redeemers' households, read alike
    redeeming: list[str] = field(default_factory=list)  # the redeeming cards' lookup hashes
    citizens: dict[str, Citizen] | None = None  # the redeemers


@dataclass(frozen=True)
class _Held:
    """What a batch reads under its households' months' lock, sent in one pipeline."""

    months: Later[dict[int, PeriodRecord]]
    holdings: Later[dict[AccountKey, tuple[Account, int]]]
    drawn: Later[dict[str, dict[str, int]]]

    @classmethod
    def send(
        cls,
        entitlements: SqlEntitlementStore,
        pipeline: Pipeline,
        holding: dict[str, list[str]],
        redeeming: list[str],
        period: Period,
    ) -> _Held:
        held = cls(
            entitlements.send_months_of_cards(holding["hashes"], period, pipeline),
            pipeline.read(_HOLDINGS, holding, holdings_from_rows),
            entitlements.send_items_drawn_of_cards(redeeming, period, pipeline),
        )
        pipeline.plan_generically(False)  # the first reads end here (see _first_reads)
        return held

    def into(self, first: _FirstReads) -> None:
        first.months, first.holdings, first.drawn = (
            self.months.result(),
            self.holdings.result(),
            self.drawn.result(),
        )


def _read_held(connection: Connection, first: _FirstReads, period: Period) -> None:
    """PostgreSQL with card security, once the cards' rows are locked: :class:`_Held` in a round
    trip of its own (before, three statements in turn)."""
    with pipelined(connection) as pipeline:
        entitlements = SqlEntitlementStore(connection)
        held = _Held.send(entitlements, pipeline, first.holding, first.redeeming, period)
    held.into(first)


def _first_reads(
    connection: Connection,
    lookup_key: bytes,
    asked: set[_Key],
    pans: set[str],
    period: Period,
    card_security: bool,
    *,
    redeeming: set[str],
    paying: set[str],
) -> _FirstReads:
    """PostgreSQL: the answers given, the cards, their holders' households and the households'
    months, locked, sent as one pipeline: none needs another's answer, all are keyed by the
    cards' lookup hashes. Then, the months locked, what the engine reads under their lock: the
    accounts and balances of those households and the wallets of the cards ``paying`` (PANs) —
    locked — and the ration items drawn by the households of the cards ``redeeming``; and
    those cardholders.

    With card security, the cards' security rows are locked instead of the months, and what
    needs the months' lock is sent in a pipeline of its own once they are (a request alone
    locks its card's, then its month; a card's first use makes its row, which must come before
    any month's lock)."""
    card_store, entitlements = SqlCardStore(connection, lookup_key), SqlEntitlementStore(connection)
    by_hash = card_store.lookup_hashes(sorted(pans))
    hash_of = {pan: lookup_hash for lookup_hash, pan in by_hash.items()}  # each PAN hashed once
    hashes, redeeming_hashes = sorted(by_hash), sorted(hash_of[pan] for pan in redeeming)
    holding = {"hashes": hashes, "paying": sorted(hash_of[pan] for pan in paying)}
    with pipelined(connection) as pipeline:
        # Planned once per connection, not per batch: with the few hashes of a batch of one,
        # planning them took 3-4 ms of the server's time against 1 ms running them. Until
        # _Held is sent: what follows (a month's opening reads, the writes) is planned as usual.
        pipeline.plan_generically(True)
        replays = SqlTransactionLog(connection).send_find_many(sorted(asked), pipeline)
        cards = card_store.send_find_by_hashes(by_hash, pipeline)
        households = entitlements.send_households_of_cards(hashes, pipeline)
        citizens = SqlCitizenRepository(connection).send_holders_of_cards(redeeming_hashes, pipeline)
        if card_security:
            security = SqlCardSecurityStore(connection).send_locked_of_cards(hashes, pipeline)
        else:
            held = _Held.send(entitlements, pipeline, holding, redeeming_hashes, period)
    first = _FirstReads(
        replays.result(),
        cards.result(),
        households.result(),
        holding=holding,
        redeeming=redeeming_hashes,
        citizens=citizens.result(),
    )
    if card_security:
        first.security = security.result()
    else:
        held.into(first)
    return first


_HOLDINGS = holdings_of(holders_of_cards(), HOUSEHOLD_KINDS, holders_of_cards("paying"))


def _read_opening(
    connection: Connection, ledger: SqlLedgerStore, numbers: list[str], current: Period, now: dt.datetime
) -> _Opening:
    entitlements, previous = SqlEntitlementStore(connection), current.previous()
    instants = (period_start(current), period_start(previous), now)
    entry_ids = {f"{kind}:{number}:{current.name}" for number in numbers for kind in ("points", "lapse")}
    if connection.dialect.name == "postgresql":  # none needs another's answer: one round trip
        with pipelined(connection) as pipeline:
            before = entitlements.send_periods_of(numbers, pipeline, period=previous)
            facts = entitlements.send_households_in(numbers, current, pipeline)
            members = entitlements.send_members_at_many(numbers, instants, pipeline)
            open_periods = entitlements.send_periods_of(numbers, pipeline, only_open=True)
            entries = ledger.send_entries(sorted(entry_ids), pipeline)
            heads = entitlements.send_head_contacts(numbers, pipeline)
        return _Opening(
            now=now,
            households=facts.result(),
            members=members.result(),
            open_periods=open_periods.result(),
            previous=_only_months(before.result()),
            entry_ids=entry_ids,
            entries=entries.result(),
            heads=heads.result(),
        )
    return _Opening(
        now=now,
        households=entitlements.households_in(numbers, current),
        members=entitlements.members_at_many(numbers, instants),
        open_periods=entitlements.periods_of(numbers, only_open=True),
        previous=_only_months(entitlements.periods_of(numbers, period=previous)),
        entry_ids=entry_ids,
        entries=ledger.entries(sorted(entry_ids)),
        heads=entitlements.head_contacts(numbers),
    )


def _only_months(months: dict[str, list[PeriodRecord]]) -> dict[str, PeriodRecord]:
    """Each household's one month of a month's read, for those that have it."""
    return {number: found[0] for number, found in months.items() if found}


@dataclass
class _Writes:
    """What requests committed (the batch's) or are about to (one request's)."""

    entries: list[Posted] = field(default_factory=list)
    deltas: dict[AccountId, int] = field(default_factory=dict)
    transactions: dict[_Key, StoredTransaction] = field(default_factory=dict)
    notifications: dict[str, Notification] = field(default_factory=dict)
    audit: list[tuple[AuditEvent, str]] = field(default_factory=list)
    draws: list[ItemDraws] = field(default_factory=list)
    opened: dict[str, tuple[PeriodRecord, Grant, int, dt.datetime]] = field(default_factory=dict)
    closed: list[tuple[str, Period, dt.datetime]] = field(default_factory=list)
    security: dict[str, tuple[CardSecurity, dt.datetime]] = field(default_factory=dict)

    def add(self, other: _Writes) -> None:
        self.entries += other.entries
        for account_id, amount in other.deltas.items():
            self.deltas[account_id] = self.deltas.get(account_id, 0) + amount
        self.transactions |= other.transactions
        self.notifications |= other.notifications
        self.audit += other.audit
        self.draws += other.draws
        self.opened |= other.opened
        self.closed += other.closed
        self.security |= other.security


#: Successive batches' shards (``SqlLedgerStore.post_many``), from a random start so that two
#: processes' batches seldom share one.
_shards = itertools.count(random.randrange(HOT_SHARDS))


class SqlAuthorizationBatch:
    def __init__(
        self, connection: Connection, ledger: SqlLedgerStore, lookup_key: bytes, read: _Read
    ) -> None:
        self.connection = connection
        self.ledger = ledger
        self.lookup_key = lookup_key
        self.read = read
        self.committed = _Writes()
        self.shard = next(_shards)  # batches in flight at once move different shards

    def unit_of_work(self) -> PaymentsUnitOfWork:
        # Structurally a PaymentsUnitOfWork for what the engine does with bread and rations;
        # the rest raises NotInBatch, which sends the request to the engine on its own.
        return cast(PaymentsUnitOfWork, _RequestUnitOfWork(self))

    def commit(self) -> None:
        db = self.connection
        if db.dialect.name != "postgresql":
            self._write(None)
            db.commit()
            return
        # One pipeline: the heads' read waits for everything before it, the row counts are
        # checked, and the records, the heads and the COMMIT go together.
        with pipelined(db) as pipeline:
            self._write(pipeline)
            pipeline.commit()
        db.commit()  # SQLAlchemy's own record of the transaction: nothing left to send

    def _write(self, pipeline: Pipeline | None) -> None:
        db, writes, months = self.connection, self.committed, SqlEntitlementStore(self.connection)
        SqlCardSecurityStore(db).save_many(list(writes.security.values()), pipeline)
        opened = [(number, grant, points, at) for number, (_, grant, points, at) in writes.opened.items()]
        months.open_many(opened, pipeline)
        months.close_many(writes.closed, pipeline)
        self.ledger.post_many(writes.entries, pipeline, shard=self.shard)
        SqlTransactionLog(db).record_many(list(writes.transactions.values()), pipeline)
        SqlOutbox(db).add_many(list(writes.notifications.values()), pipeline)
        months.record_item_draws_many(writes.draws, pipeline)
        SqlAuditLog(db).append_many(writes.audit, pipeline)

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
        self.ledger = _Ledger(self, batch.ledger)
        self.transactions = _Transactions(self)
        self.entitlements = _Entitlements(self)
        self.outbox = _Outbox(self)
        self.audit = _Audit(self)
        self.cards = _Cards(self, SqlCardStore(db, batch.lookup_key))
        self.policies = SqlPolicyStore(db)
        self.rollout = SqlRolloutStore(db)
        self.citizens = _Citizens(self, SqlCitizenRepository(db))
        if batch.read.security is not None:
            self.card_security = _CardSecurity(self)

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

    def __getattr__(self, name: str) -> NoReturn:  # legacy cards, …
        raise NotInBatch(name)

    def balance(self, account_id: AccountId, base: SqlLedgerStore) -> int:
        read = self.batch.read.balances
        if account_id not in read:
            read[account_id] = base.locked_balances([account_id])[account_id]
        committed, own = self.batch.committed.deltas, self.writes.deltas
        return read[account_id] + committed.get(account_id, 0) + own.get(account_id, 0)

    def opened(self, number: str) -> PeriodRecord | None:
        for opened in (self.writes.opened, self.batch.committed.opened):
            if number in opened:
                return opened[number][0]
        return None

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

    def open_accounts(self, wanted: Sequence[AccountKey]) -> dict[AccountKey, Account]:
        # Accounts are only ever added, never changed: what the batch found or made holds.
        known = self.uow.batch.read.accounts
        missing = [key for key in wanted if key not in known]
        if missing:
            known |= self.base.existing_accounts(missing)
        if any(key not in known for key in missing):
            # A merchant's first sale ever: made here, in request order, two batches could each
            # wait for an account the other is making. Alone, the request makes them at once.
            raise NotInBatch("an account to open")
        return {key: known[key] for key in wanted}

    def entry(self, entry_id: str) -> JournalEntry | None:
        opening = self.uow.batch.read.opening
        if entry_id not in opening.entry_ids:
            raise NotInBatch("ledger.entry")
        return opening.entries.get(entry_id)

    def balances(self, account_ids: Sequence[AccountId]) -> dict[AccountId, int]:
        return {account_id: self.uow.balance(account_id, self.base) for account_id in account_ids}

    def locked_balances(self, account_ids: Sequence[AccountId]) -> dict[AccountId, int]:
        # What the batch read it holds (locked on PostgreSQL when it opened); the rest is read
        # locked, as alone: every balance a batch answers from is locked.
        return self.balances(account_ids)

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
            raise Conflict(
                "database.constraint", constraint="uq_transactions_terminal_key"
            )  # as the INSERT would
        self.uow.writes.transactions[key] = transaction


class _Entitlements(_Part):
    def household_and_period_of(
        self, national_id: str, period: Period
    ) -> tuple[HouseholdFacts | None, PeriodRecord | None]:
        read = self.uow.batch.read
        if period != read.period:
            raise NotInBatch("another month")
        facts, month = read.households.get(national_id, (None, None))
        if facts is not None and month is None and facts.status != "closed":
            month = self.uow.opened(facts.number)
        return facts, month

    # -- opening a month: reads the batch made set-wise when it opened, writes it keeps --

    def _opening(self, number: str) -> _Opening:
        opening = self.uow.batch.read.opening
        if number not in opening.households:
            raise NotInBatch("a month the batch did not read")
        return opening

    def period(
        self,
        household_number: str,
        period: Period,
        *,
        lock: bool = False,  # noqa: ARG002 - a month opened in the batch is the batch's alone
    ) -> PeriodRecord | None:
        opening, current = self._opening(household_number), self.uow.batch.read.period
        if period == current:
            return self.uow.opened(household_number)
        if period == current.previous():
            return opening.previous.get(household_number)
        raise NotInBatch("another month")

    def household(self, number: str, period: Period | None = None) -> HouseholdFacts | None:
        opening = self._opening(number)
        if period != self.uow.batch.read.period:
            raise NotInBatch("another month")
        return opening.households[number]

    def members_at(self, household_number: str, instant: dt.datetime) -> int:
        opening = self._opening(household_number)
        # The batch answers as of when it opened: "now", for any of its requests, is then.
        at = opening.now if instant >= opening.now else instant
        if (household_number, at) not in opening.members:
            raise NotInBatch("members at another instant")
        return opening.members[(household_number, at)]

    def open_periods(self, household_number: str) -> list[PeriodRecord]:
        months = self._opening(household_number).open_periods[household_number]
        writes = (self.uow.batch.committed, self.uow.writes)
        closed = {month for w in writes for number, month, _ in w.closed if number == household_number}
        still = [record for record in months if record.period not in closed]
        opened = self.uow.opened(household_number)
        return sorted([*still, *([opened] if opened else [])], key=lambda record: record.period)

    def head_contact(self, household_number: str) -> tuple[str, str | None] | None:
        return self._opening(household_number).heads[household_number]

    def open(self, household_number: str, grant: Grant, points: int, *, at: dt.datetime) -> bool:
        self._opening(household_number)
        if self.uow.opened(household_number) is not None:
            return False
        record = PeriodRecord(
            grant.period,
            grant.members,
            grant.loaves,
            grant.ration_credit.piasters,
            points,
            grant.policy_version,
            closed=False,
        )
        self.uow.writes.opened[household_number] = (record, grant, points, at)
        return True

    def close(self, household_number: str, period: Period, *, at: dt.datetime) -> None:
        self.uow.writes.closed.append((household_number, period, at))

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


class _CardSecurity(_Part):
    def get(self, card_token: str, *, at: dt.datetime) -> CardSecurity:  # noqa: ARG002 - read at opening
        for saved in (self.uow.writes.security, self.uow.batch.committed.security):
            if card_token in saved:
                return saved[card_token][0]
        read = self.uow.batch.read.security or {}
        if card_token not in read:
            raise NotInBatch("a card the batch did not read")
        return read[card_token]

    def save(self, state: CardSecurity, *, at: dt.datetime) -> None:
        self.uow.writes.security[state.card_token] = (state, at)


class _Cards(_Part):
    def __init__(self, uow: _RequestUnitOfWork, base: SqlCardStore) -> None:
        super().__init__(uow)
        self.base = base

    def find_by_pan(self, pan: str) -> Card | None:
        read = self.uow.batch.read
        return read.cards.get(pan) if pan in read.pans else self.base.find_by_pan(pan)


class _Citizens(_Part):
    def __init__(self, uow: _RequestUnitOfWork, base: SqlCitizenRepository) -> None:
        super().__init__(uow)
        self.base = base

    def get(self, national_id: str) -> Citizen | None:
        read = self.uow.batch.read.citizens
        return read[national_id] if national_id in read else self.base.get(national_id)
