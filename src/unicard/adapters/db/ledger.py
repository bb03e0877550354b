"""The ledger in SQL (the :class:`~unicard.services.ledger.LedgerStore` port), SQLAlchemy Core only.

Posting an entry takes, whatever its size, one statement per step (each compiled once and
cached; the postings INSERT once per number of postings), plus one per floored account:

1. its postings, in one multi-row INSERT — first, so that a repeated entry id is refused by the
   sealed-entry trigger before any balance row is locked;
2. each floored balance (wallets, quotas), with a conditional UPDATE that applies only if the
   debit leaves the balance at or above the floor: no read before, no read after, no race;
3. the unfloored balances, in one executemany, each on the shard ``shard_hint`` picks, unchecked;
4. the entry header, whose insert trigger checks that the postings balance per unit.

Accounts are never deleted and an account's id, kind and owner never change, so
:meth:`SqlLedgerStore.open_accounts` remembers, per engine (per process), the accounts it found
committed (up to :data:`KNOWN_ACCOUNTS_MAX`): a sale by a household and a bakery seen before
needs no account lookup. An account this transaction created is not remembered, since the
transaction may still roll back.

Balance rows are locked in one fixed order — floored accounts by id, then unfloored ones by id
(whether an account has a floor is fixed by its kind) — so two transactions never wait on each
other in a cycle, even when they move money between the same two wallets in opposite directions.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import BigInteger, Connection, Engine, Select, bindparam, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from unicard.adapters.db import ledger_check
from unicard.adapters.db.integrity import constraint_of
from unicard.adapters.db.ledger_accounts import (
    accounts_with_ids,
    create_accounts,
    db_unit,
    domain_unit,
    find_accounts,
    shards_for,
)
from unicard.adapters.db.many_rows import add_to_balances, among, insert_rows, send_to_balances
from unicard.adapters.db.pipeline import Later, Pipeline
from unicard.adapters.db.tables_payments import account_balances, journal_entries, postings
from unicard.domain.ledger import (
    Account,
    AccountId,
    DuplicateEntry,
    EntryId,
    EntryKind,
    InsufficientFunds,
    InvalidEntry,
    JournalEntry,
    Posting,
    ReversalRefused,
    UnknownAccount,
    UnknownEntry,
    check_reversible,
    is_mirror,
)
from unicard.domain.ledger.balances import account_of
from unicard.services.ledger import AccountKey, LedgerReport, Posted, StatementLine

T = TypeVar("T")
_Change = tuple[int, int, int]  # (account id, shard, amount)
_balance = account_balances.c
_AMOUNT = bindparam("b_amount", type_=BigInteger)
_RAISE_FLOORED = (
    update(account_balances)
    .where(_balance.account_id == bindparam("b_account"), _balance.shard == 0)
    .where(_balance.balance + _AMOUNT >= _balance.floor)
    .values(balance=_balance.balance + _AMOUNT)
)
_RAISE_SHARD = (
    update(account_balances)
    .where(_balance.account_id == bindparam("b_account"), _balance.shard == bindparam("b_shard"))
    .values(balance=_balance.balance + _AMOUNT)
)
_ADD_ENTRY = insert(journal_entries)
_LOCKED_BALANCES = (
    select(_balance.account_id, _balance.balance)
    .where(among(_balance.account_id, "ids", "postgresql"))
    .order_by(_balance.account_id, _balance.shard)
    .with_for_update(key_share=True)  # FOR NO KEY UPDATE, as the balances' UPDATE takes
)
_SQLITE_IDS_A_STATEMENT = 10_000
#: Accounts remembered per engine; past it the memory starts over (a cheap bound, not an LRU).
KNOWN_ACCOUNTS_MAX = 200_000
_known_accounts: weakref.WeakKeyDictionary[Engine, dict[AccountKey, Account]] = weakref.WeakKeyDictionary()
_known_accounts_lock = threading.Lock()
_DUPLICATE_ENTRY = {"pk_journal_entries", "journal_entries.id"}
_REVERSED_ALREADY = {"uq_journal_entries_reverses", "journal_entries.reverses"}


class SqlLedgerStore:
    def __init__(self, connection: Connection) -> None:
        self._db = connection
        with _known_accounts_lock:
            self._known = _known_accounts.setdefault(connection.engine, {})
        self._created: set[AccountKey] = set()  # by this store's transactions: maybe not committed

    def open_accounts(self, keys: Sequence[AccountKey]) -> dict[AccountKey, Account]:
        wanted = list(dict.fromkeys(keys))
        found = self.existing_accounts(wanted)
        missing = [key for key in wanted if key not in found]
        if missing:
            created = create_accounts(self._db, missing)
            self._created.update(missing)
            found |= created
            skipped = [key for key in missing if key not in created]  # a concurrent creator's
            if skipped:
                found |= find_accounts(self._db, skipped)
        return {key: found[key] for key in wanted}

    def existing_accounts(self, keys: Sequence[AccountKey]) -> dict[AccountKey, Account]:
        """The accounts of ``keys`` that exist (none is created), from memory where known."""
        known = self._known
        found = {key: known[key] for key in keys if key in known}
        unknown = [key for key in dict.fromkeys(keys) if key not in found]
        if unknown:
            looked_up = find_accounts(self._db, unknown)
            if len(known) >= KNOWN_ACCOUNTS_MAX:
                known.clear()
            known.update((key, account) for key, account in looked_up.items() if key not in self._created)
            found |= looked_up
        return found

    def post(
        self, entry: JournalEntry, accounts: Mapping[AccountId, Account], *, at: dt.datetime, shard_hint: int
    ) -> None:
        """See the port. Any exception leaves this transaction half-written: roll it back."""
        touched = [(posting, account_of(posting, accounts)) for posting in entry.postings]
        if entry.reverses is not None:
            self._require_reversible(entry)
        self._add_postings(entry)
        self._raise_floored([(p, a) for p, a in touched if a.rule.floor is not None])
        self._raise_shards([(p, a) for p, a in touched if a.rule.floor is None], shard_hint)
        self._add_header(entry, at)

    def post_many(self, batch: Sequence[Posted], pipeline: Pipeline | None = None, *, shard: int) -> None:
        """Post many entries (no reversals) in one statement per step, each balance row once;
        on PostgreSQL with a ``pipeline``, queued there (its check verifies the balances).
        Every unfloored balance moves on the shard ``shard`` picks (not each entry's hint): the
        batch locks one row of each hot account, and batches in flight with different
        ``shard`` values never wait for each other there.

        Floored balances get the batch's net change checked against the floor in one go: the
        caller has checked each entry in order against the balances it read, so a refusal here
        means a balance moved meanwhile, and the whole transaction must be rolled back."""
        if not batch:
            return
        if any(posted.entry.reverses is not None for posted in batch):
            raise ValueError("post_many takes no reversals")
        rows = [row for posted in batch for row in _posting_rows(posted.entry)]
        insert_rows(self._db, postings, rows, pipeline=pipeline)
        floored, sharded = _net_changes(batch, shard)
        if pipeline is not None:
            send_to_balances(pipeline, floored + sharded, _BALANCE_MOVED)
        elif self._add_to_balances(floored, sharded) != len(floored) + len(sharded):
            raise RuntimeError(_BALANCE_MOVED)
        insert_rows(self._db, journal_entries, [_header(p.entry, p.at) for p in batch], pipeline=pipeline)

    def _add_to_balances(self, floored: list[_Change], sharded: list[_Change]) -> int:
        """How many balance rows changed; floored ones only where they stay above the floor."""
        if self._db.dialect.name == "postgresql":
            return add_to_balances(self._db, floored + sharded)
        changed = 0
        for statement, rows in ((_RAISE_FLOORED, floored), (_RAISE_SHARD, sharded)):
            if rows:
                params = [{"b_account": a, "b_shard": s, "b_amount": n} for a, s, n in rows]
                changed += self._db.execute(statement, params).rowcount
        return changed

    def accounts_by_id(self, account_ids: Sequence[AccountId]) -> dict[AccountId, Account]:
        found = accounts_with_ids(self._db, [_db_id(account_id) for account_id in account_ids])
        return {account_id: _known(found.get(int(account_id)), account_id) for account_id in account_ids}

    def balances(self, account_ids: Sequence[AccountId]) -> dict[AccountId, int]:
        ids = [_db_id(account_id) for account_id in account_ids]
        dialect = self._db.dialect.name
        # SQLite binds one parameter per id and allows 32,766 a statement; PostgreSQL one array.
        step = (len(ids) or 1) if dialect == "postgresql" else _SQLITE_IDS_A_STATEMENT
        stored: dict[int, int] = {}
        for at in range(0, len(ids), step):
            summed = self._db.execute(_balances_of(dialect), {"ids": ids[at : at + step]})
            stored |= {row.account_id: int(row.balance) for row in summed}
        return {account_id: _known(stored.get(int(account_id)), account_id) for account_id in account_ids}

    def locked_balances(self, account_ids: Sequence[AccountId]) -> dict[AccountId, int]:
        """See the port. PostgreSQL: the balance rows locked in account order, as a posting locks
        floored rows (and read as committed once locked). SQLite: the unit of work's write lock
        already keeps every row."""
        if self._db.dialect.name != "postgresql":
            return self.balances(account_ids)
        rows = self._db.execute(_LOCKED_BALANCES, {"ids": sorted({_db_id(a) for a in account_ids})})
        stored: dict[int, int] = {}
        for row in rows:
            stored[row.account_id] = stored.get(row.account_id, 0) + int(row.balance)
        return {account_id: _known(stored.get(int(account_id)), account_id) for account_id in account_ids}

    def entry(self, entry_id: EntryId) -> JournalEntry | None:
        header = self._db.execute(select(journal_entries).where(journal_entries.c.id == entry_id)).first()
        if header is None:
            return None
        rows = self._db.execute(
            select(postings).where(postings.c.entry_id == entry_id).order_by(postings.c.id)
        )
        return _entry_from_rows(header, rows.all())

    def entries(self, entry_ids: Sequence[EntryId]) -> dict[EntryId, JournalEntry]:
        """The entries of these ids that exist, one statement."""
        rows = self._db.execute(_entries_with_postings(self._db.dialect.name), {"ids": list(entry_ids)})
        return _entries_of(rows)

    def send_entries(
        self, entry_ids: Sequence[EntryId], pipeline: Pipeline
    ) -> Later[dict[EntryId, JournalEntry]]:
        """:meth:`entries` sent in a PostgreSQL ``pipeline``."""
        return pipeline.read(_entries_with_postings("postgresql"), {"ids": list(entry_ids)}, _entries_of)

    def is_reversed(self, entry_id: EntryId) -> bool:
        reversal = select(journal_entries.c.id).where(journal_entries.c.reverses == entry_id)
        return self._db.execute(reversal).first() is not None

    def statement(self, account_id: AccountId, *, after: int | None, limit: int) -> Sequence[StatementLine]:
        rows = self._db.execute(
            select(postings.c.id, postings.c.entry_id, postings.c.amount, journal_entries.c.kind)
            .add_columns(journal_entries.c.memo, journal_entries.c.posted_at)
            .join(journal_entries, journal_entries.c.id == postings.c.entry_id)
            .where(postings.c.account_id == _db_id(account_id), postings.c.id > (after or 0))
            .order_by(postings.c.id)
            .limit(limit)
        )
        return [
            StatementLine(row.id, row.entry_id, EntryKind(row.kind), row.memo, row.amount, row.posted_at)
            for row in rows
        ]

    def check(self) -> LedgerReport:
        return ledger_check.report(self._db)

    def _require_reversible(self, reversal: JournalEntry) -> None:
        """What :class:`InMemoryLedger` refuses of a reversal, in the same order. Reversals are
        rare, so these reads cost the hot path nothing; the unique ``reverses`` backs them up."""
        assert reversal.reverses is not None
        if self._db.execute(select(journal_entries.c.id).where(journal_entries.c.id == reversal.id)).first():
            raise DuplicateEntry("ledger.duplicate_entry", entry_id=reversal.id)
        original = self.entry(reversal.reverses)
        if original is None:
            raise UnknownEntry("ledger.unknown_entry", entry_id=reversal.reverses)
        check_reversible(original, {original.id} if self.is_reversed(original.id) else set())
        if not is_mirror(reversal, original):
            raise InvalidEntry(
                "ledger.not_a_mirror", field="postings", entry_id=reversal.id, reverses=original.id
            )

    def _add_postings(self, entry: JournalEntry) -> None:
        rows = _posting_rows(entry)
        try:
            # One multi-row INSERT, not an executemany: psycopg would pipeline the rows, and a
            # trigger's refusal inside a pipeline is logged as an aborted pipeline besides.
            self._db.execute(insert(postings).values(rows))
        except DBAPIError as error:
            # The trigger refuses postings to an entry already posted (SQLite reports it as an
            # integrity error, PostgreSQL as a raised exception): the entry id is taken.
            if "sealed" in str(error.orig):
                raise DuplicateEntry("ledger.duplicate_entry", entry_id=entry.id) from error
            raise

    def _raise_floored(self, touched: list[tuple[Posting, Account]]) -> None:
        for posting, account in sorted(touched, key=lambda pair: _db_id(pair[1].id)):
            params = {"b_account": _db_id(account.id), "b_amount": posting.amount}
            try:
                changed = self._db.execute(_RAISE_FLOORED, params).rowcount
            except IntegrityError as error:
                # The floor CHECK: only reachable if the conditional update were bypassed.
                raise InsufficientFunds(account) from error
            if changed != 1:
                raise InsufficientFunds(account)

    def _raise_shards(self, touched: list[tuple[Posting, Account]], shard_hint: int) -> None:
        if not touched:
            return
        rows = [
            {"b_account": _db_id(a.id), "b_shard": shard_hint % shards_for(a.kind), "b_amount": p.amount}
            for p, a in sorted(touched, key=lambda pair: _db_id(pair[1].id))
        ]
        if self._db.execute(_RAISE_SHARD, rows).rowcount != len(rows):
            # A bug, not a decline: a shard count in ledger_accounts grew without a migration.
            raise RuntimeError("a balance shard row is missing")

    def _add_header(self, entry: JournalEntry, at: dt.datetime) -> None:
        try:
            self._db.execute(_ADD_ENTRY, _header(entry, at))
        except IntegrityError as error:
            # Races the checks above lose: the same entry, or a second reversal, committed meanwhile.
            constraint = constraint_of(error)
            if constraint in _DUPLICATE_ENTRY:
                raise DuplicateEntry("ledger.duplicate_entry", entry_id=entry.id) from error
            if constraint in _REVERSED_ALREADY:
                raise ReversalRefused("ledger.already_reversed", entry_id=entry.reverses) from error
            raise


_BALANCE_MOVED = "a balance moved below its floor, or a shard row is missing"


def _net_changes(batch: Sequence[Posted], shard_hint: int) -> tuple[list[_Change], list[_Change]]:
    """The batch's net change of each floored balance row, then of each unfloored shard (the one
    ``shard_hint`` picks), in key order."""
    floored: dict[int, int] = {}
    sharded: dict[tuple[int, int], int] = {}
    for posted in batch:
        for posting in posted.entry.postings:
            account = account_of(posting, posted.accounts)
            account_id = _db_id(account.id)
            if account.rule.floor is not None:
                floored[account_id] = floored.get(account_id, 0) + posting.amount
            else:
                shard = (account_id, shard_hint % shards_for(account.kind))
                sharded[shard] = sharded.get(shard, 0) + posting.amount
    floored_rows = [(a, 0, n) for a, n in sorted(floored.items())]
    return floored_rows, [(a, s, n) for (a, s), n in sorted(sharded.items())]


def _posting_rows(entry: JournalEntry) -> list[dict[str, Any]]:
    return [
        {
            "entry_id": entry.id,
            "account_id": _db_id(p.account_id),
            "unit": db_unit(p.unit),
            "amount": p.amount,
        }
        for p in entry.postings
    ]


def _header(entry: JournalEntry, at: dt.datetime) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind.value,
        "memo": entry.memo,
        "policy_version": entry.policy_version,
        "reverses": entry.reverses,
        "posted_at": at,
    }


def _db_id(account_id: AccountId) -> int:
    """The ``accounts.id`` behind a domain account id (its decimal string)."""
    if not (account_id.isascii() and account_id.isdigit()):
        raise UnknownAccount("ledger.unknown_account", account_id=account_id)
    return int(account_id)


def _known(value: T | None, account_id: AccountId) -> T:
    if value is None:
        raise UnknownAccount("ledger.unknown_account", account_id=account_id)
    return value


def _entry_from_rows(header: Any, rows: Sequence[Any]) -> JournalEntry:  # Rows: a header, its postings
    return JournalEntry(
        id=header.id,
        kind=EntryKind(header.kind),
        postings=tuple(Posting(str(row.account_id), domain_unit(row.unit), row.amount) for row in rows),
        policy_version=header.policy_version,
        memo=header.memo,
        reverses=header.reverses,
    )


@functools.cache
def _entries_with_postings(dialect: str) -> Select[Any]:
    """Entries (every one has postings: it balances) with their postings, each entry's in order."""
    lines = (postings.c.account_id, postings.c.unit, postings.c.amount)
    return (
        select(journal_entries, *lines)
        .join(postings, postings.c.entry_id == journal_entries.c.id)
        .where(among(journal_entries.c.id, "ids", dialect))
        .order_by(journal_entries.c.id, postings.c.id)
    )


def _entries_of(rows: Iterable[Any]) -> dict[EntryId, JournalEntry]:
    lines: dict[EntryId, list[Any]] = {}
    headers: dict[EntryId, Any] = {}
    for row in rows:
        headers.setdefault(row.id, row)
        lines.setdefault(row.id, []).append(row)
    return {entry_id: _entry_from_rows(header, lines[entry_id]) for entry_id, header in headers.items()}


@functools.cache
def _balances_of(dialect: str) -> Select[Any]:
    return (
        select(_balance.account_id, func.sum(_balance.balance).label("balance"))
        .where(among(_balance.account_id, "ids", dialect))
        .group_by(_balance.account_id)
    )
