"""A whole ledger in memory: the model the SQL ledger must match, and the fake for use-case tests."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from unicard.domain.ledger.accounts import Account, AccountId
from unicard.domain.ledger.balances import apply
from unicard.domain.ledger.check import first_discrepancy
from unicard.domain.ledger.discrepancy import Discrepancy
from unicard.domain.ledger.entries import EntryId, JournalEntry
from unicard.domain.ledger.errors import DuplicateEntry, InvalidEntry, UnknownAccount, UnknownEntry
from unicard.domain.ledger.reversal import check_reversible, is_mirror, reverse
from unicard.domain.shared.errors import Conflict


class InMemoryLedger:
    """Accounts, posted entries and balances kept in step.

    :meth:`post` is all-or-nothing; :meth:`atomic` makes a block of posts all-or-nothing, as a
    database transaction does (an entitlement credit and the purchase that needed it commit
    together or not at all).
    """

    def __init__(self, accounts: Iterable[Account] = ()) -> None:
        self._accounts: dict[AccountId, Account] = {}
        self._balances: dict[AccountId, int] = {}
        self._entries: dict[EntryId, JournalEntry] = {}  # in posting order
        self._reversed: set[EntryId] = set()
        for account in accounts:
            self.open(account)

    def open(self, account: Account) -> Account:
        if account.id in self._accounts:
            raise Conflict("ledger.account_exists", account_id=account.id)
        self._accounts[account.id] = account
        self._balances[account.id] = 0
        return account

    def account(self, account_id: AccountId) -> Account:
        if account_id not in self._accounts:
            raise UnknownAccount("ledger.unknown_account", account_id=account_id)
        return self._accounts[account_id]

    def balance(self, account_id: AccountId) -> int:
        return self._balances[self.account(account_id).id]

    @property
    def balances(self) -> Mapping[AccountId, int]:
        return dict(self._balances)

    @property
    def entries(self) -> tuple[JournalEntry, ...]:
        return tuple(self._entries.values())

    def entry(self, entry_id: EntryId) -> JournalEntry:
        if entry_id not in self._entries:
            raise UnknownEntry("ledger.unknown_entry", entry_id=entry_id)
        return self._entries[entry_id]

    def is_reversed(self, entry_id: EntryId) -> bool:
        return entry_id in self._reversed

    def post(self, entry: JournalEntry) -> JournalEntry:
        """Record ``entry`` and move the balances; refused whole, changing nothing."""
        if entry.id in self._entries:
            raise DuplicateEntry("ledger.duplicate_entry", entry_id=entry.id)
        if entry.reverses is not None:
            self._require_reversal_of(self.entry(entry.reverses), entry)
        self._balances = apply(self._balances, entry, self._accounts)
        self._entries[entry.id] = entry
        if entry.reverses is not None:
            self._reversed.add(entry.reverses)
        return entry

    def reverse(self, entry_id: EntryId, *, reversal_id: EntryId, memo: str = "") -> JournalEntry:
        """Post the mirror of a posted entry."""
        return self.post(reverse(self.entry(entry_id), entry_id=reversal_id, memo=memo))

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Undo every account opened and entry posted in the block if the block raises."""
        saved = dict(self._accounts), dict(self._balances), dict(self._entries), set(self._reversed)
        try:
            yield
        except BaseException:
            self._accounts, self._balances, self._entries, self._reversed = saved
            raise

    def check(self) -> Discrepancy | None:
        """The first broken invariant (see :mod:`unicard.domain.ledger.check`), or ``None``."""
        return first_discrepancy(self._accounts, self.entries, self._balances)

    def _require_reversal_of(self, original: JournalEntry, reversal: JournalEntry) -> None:
        check_reversible(original, self._reversed)
        if not is_mirror(reversal, original):
            raise InvalidEntry(
                "ledger.not_a_mirror", field="postings", entry_id=reversal.id, reverses=original.id
            )
