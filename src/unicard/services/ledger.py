"""The ledger and benefit policy stores as the use cases see them, and the ledger check.

The pure ledger (``unicard.domain.ledger``) says what an entry is and when it is refused; the
store keeps accounts, entries and balances in step inside the caller's unit of work. Its
reference model is :class:`~unicard.domain.ledger.InMemoryLedger`: the SQL store refuses the
same entries with the same errors and reports the same discrepancies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeAlias

from unicard.domain.ledger import (
    Account,
    AccountId,
    AccountKind,
    Discrepancy,
    EntryId,
    EntryKind,
    JournalEntry,
    Owner,
    Unit,
)
from unicard.domain.policy import BenefitPolicy, PolicyBook
from unicard.services.ports import UnitOfWork

AccountKey: TypeAlias = tuple[AccountKind, Owner]


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One posting in an account's history; ``posting_id`` is the cursor of the next page."""

    posting_id: int
    entry_id: EntryId
    kind: EntryKind
    memo: str
    amount: int  # > 0 credited the account, < 0 debited it (see the ledger's sign convention)
    posted_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Posted:
    """An entry to post, as :meth:`LedgerStore.post` takes it (for a batch of them)."""

    entry: JournalEntry
    accounts: Mapping[AccountId, Account]
    at: dt.datetime
    shard_hint: int


@dataclass(frozen=True, slots=True)
class LedgerReport:
    """What ``unicard ledger check`` read, and the first broken invariant of each rule it found.

    ``findings`` are in the order of :func:`unicard.domain.ledger.discrepancies` (causes before
    effects), so ``findings[0]`` is the discrepancy to fix first.
    """

    accounts: int
    entries: int
    postings: int
    unit_totals: Mapping[Unit, int]
    findings: Sequence[Discrepancy]

    @property
    def first(self) -> Discrepancy | None:
        return self.findings[0] if self.findings else None


class LedgerStore(Protocol):
    """Accounts, journal entries and balances, inside the caller's unit of work."""

    def open_accounts(self, keys: Sequence[AccountKey]) -> dict[AccountKey, Account]:
        """Get or create one account per (kind, owner), with its balance row(s).

        Idempotent and safe under concurrency. Floored kinds have one balance row holding the
        floor; hot unfloored kinds (funding, bakery and merchant accounts) are split into shards.
        """
        ...

    def existing_accounts(self, keys: Sequence[AccountKey]) -> dict[AccountKey, Account]:
        """The accounts of ``keys`` that exist; none is created (a read that only reads)."""
        ...

    def post(
        self, entry: JournalEntry, accounts: Mapping[AccountId, Account], *, at: dt.datetime, shard_hint: int
    ) -> None:
        """Record ``entry`` and move the balances of ``accounts`` (every account it touches).

        Raises :class:`~unicard.domain.ledger.InsufficientFunds` for the first floored account
        (by id) a debit would take below its floor, ``DuplicateEntry``, ``UnknownAccount``,
        ``InvalidEntry`` and, for a reversal, ``UnknownEntry`` or ``ReversalRefused``: what
        :meth:`InMemoryLedger.post` raises. ``shard_hint`` (any int, e.g. a request counter)
        spreads credits to hot accounts over their shards.

        After *any* exception the transaction has written part of the entry: the caller must
        roll back (leave the unit of work without committing) and may not write in it again.
        """
        ...

    def balances(self, account_ids: Sequence[AccountId]) -> dict[AccountId, int]:
        """Each account's balance (the sum of its shards); ``UnknownAccount`` for an unknown id."""
        ...

    def locked_balances(self, account_ids: Sequence[AccountId]) -> dict[AccountId, int]:
        """:meth:`balances` of floored accounts (wallets, quotas) that no one else can move until
        this unit of work ends: what is decided or printed from them (a receipt's remaining
        balance, a wallet's ceiling) stays true until the commit."""
        ...

    def entry(self, entry_id: EntryId) -> JournalEntry | None: ...
    def is_reversed(self, entry_id: EntryId) -> bool: ...
    def statement(self, account_id: AccountId, *, after: int | None, limit: int) -> Sequence[StatementLine]:
        """Up to ``limit`` postings of the account, oldest first, after posting id ``after``."""
        ...

    def accounts_by_id(self, account_ids: Sequence[AccountId]) -> dict[AccountId, Account]:
        """The accounts behind ids read from a stored entry (to reverse it); ``UnknownAccount`` if not."""
        ...

    def check(self) -> LedgerReport:
        """Recompute everything from the postings: the rules of :mod:`unicard.domain.ledger.check`."""
        ...


@dataclass(frozen=True, slots=True)
class PolicyRecord:
    """A stored version: which, from when, and who added it."""

    version: str
    effective_from: dt.date
    created_by: str
    created_at: dt.datetime


class PolicyStore(Protocol):
    """Benefit policy versions (use cases in :mod:`unicard.services.policies`)."""

    def book(self) -> PolicyBook:
        """Every stored version. Cheap to call per request: the adapter caches the parsed book.

        A version committed by another process may be served only some seconds later (the SQL
        adapter's ``RECHECK_S``); one committed through the same adapter is served at once."""
        ...

    def records(self) -> Sequence[PolicyRecord]:
        """Every stored version's record, by ``effective_from``."""
        ...

    def add(self, policy: BenefitPolicy, *, created_by: str, at: dt.datetime) -> None: ...


def check_ledger(uow: UnitOfWork) -> Discrepancy | None:
    """The first broken ledger invariant, or ``None`` when the books are clean."""
    return ledger_report(uow).first


def ledger_report(uow: UnitOfWork) -> LedgerReport:
    with uow:
        return uow.ledger.check()
