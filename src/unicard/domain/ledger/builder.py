"""Compose a journal entry the way the business says it: debit this, credit that."""

from __future__ import annotations

from dataclasses import dataclass, replace

from unicard.domain.ledger.accounts import Account, AccountId
from unicard.domain.ledger.entries import EntryId, EntryKind, JournalEntry, Posting, require_positive
from unicard.domain.ledger.units import Unit


@dataclass(frozen=True, slots=True)
class EntryBuilder:
    """An entry in the making; each line returns a new builder, so a half-built one can be shared.

    A bread purchase of 5 loaves at 20 piasters, with 105 piasters of subsidy per loaf::

        entry = (
            EntryBuilder("txn-42", EntryKind.BREAD_PURCHASE, policy_version="2024-06-01")
            .debit(bread_quota, 5).credit(bakery_bread, 5)
            .debit(wallet, 100).credit(bakery_sales, 100)
            .debit(ministry_funding, 525).credit(subsidy_claim, 525)
            .build()
        )

    Each line takes the unit of its account, so a posting cannot mix units with its account.
    Lines on the same account merge into one posting (a wallet paying a price and a fee is one
    debit of the sum) because an entry holds one posting per account; lines that cancel out
    leave a zero posting, which ``build`` refuses along with anything :class:`JournalEntry` refuses.
    """

    entry_id: EntryId
    kind: EntryKind
    policy_version: str
    memo: str = ""
    lines: tuple[Posting, ...] = ()

    def debit(self, account: Account, amount: int) -> EntryBuilder:
        return self._line(account, -require_positive(amount))

    def credit(self, account: Account, amount: int) -> EntryBuilder:
        return self._line(account, require_positive(amount))

    def build(self) -> JournalEntry:
        merged: dict[tuple[AccountId, Unit], int] = {}
        for line in self.lines:
            key = (line.account_id, line.unit)
            merged[key] = merged.get(key, 0) + line.amount
        postings = tuple(Posting(account_id, unit, amount) for (account_id, unit), amount in merged.items())
        return JournalEntry(self.entry_id, self.kind, postings, self.policy_version, self.memo)

    def _line(self, account: Account, amount: int) -> EntryBuilder:
        return replace(self, lines=(*self.lines, Posting(account.id, account.unit, amount)))
