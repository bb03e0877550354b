"""The ledger check: recompute everything from the postings and compare.

``unicard ledger check`` runs the same rules over the database; this is the reference. The
entries are read as stored (:class:`PostedEntry`), not rebuilt as :class:`JournalEntry`,
because an entry that would not build, an unbalanced one, is exactly what the check must report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

from unicard.domain.ledger.accounts import Account, AccountId
from unicard.domain.ledger.discrepancy import CheckRule, Discrepancy
from unicard.domain.ledger.entries import EntryId, PostedEntry, net_by_unit
from unicard.domain.ledger.reversal import is_mirror
from unicard.domain.ledger.units import Unit

Accounts = Mapping[AccountId, Account]
Balances = Mapping[AccountId, int]


def first_discrepancy(
    accounts: Accounts, entries: Sequence[PostedEntry], balances: Balances
) -> Discrepancy | None:
    """The first broken invariant, in the order of :func:`discrepancies`, or ``None``."""
    return next(discrepancies(accounts, entries, balances), None)


def discrepancies(
    accounts: Accounts, entries: Sequence[PostedEntry], balances: Balances
) -> Iterator[Discrepancy]:
    """Every broken invariant: entries (in posting order), stored balances (by account id), the
    per-unit totals, then floors. Causes come before their effects: a bad entry explains the
    balance mismatch it leaves, and a mismatched balance the unit total that is off.

    ``balances`` are the stored ones; an account without one stands at zero.
    """
    yield from _entry_discrepancies(accounts, entries)
    yield from _balance_discrepancies(accounts, entries, balances)
    yield from _unit_discrepancies(accounts, balances)
    yield from _floor_discrepancies(accounts, balances)


def _entry_discrepancies(accounts: Accounts, entries: Sequence[PostedEntry]) -> Iterator[Discrepancy]:
    by_id = {entry.id: entry for entry in entries}
    reversals: Counter[EntryId] = Counter()
    for entry in entries:
        for posting in entry.postings:
            account = accounts.get(posting.account_id)
            if account is None:
                yield Discrepancy(CheckRule.UNKNOWN_ACCOUNT, entry.id, posting.account_id)
            elif account.unit is not posting.unit:
                yield Discrepancy(CheckRule.UNIT_MISMATCH, entry.id, posting.account_id, posting.unit)
        for unit, total in net_by_unit(entry.postings).items():
            if total != 0:
                yield Discrepancy(CheckRule.ENTRY_UNBALANCED, entry.id, unit=unit, found=total)
        if entry.reverses is not None:
            reversals[entry.reverses] += 1
            yield from _reversal_discrepancies(entry, by_id.get(entry.reverses), reversals[entry.reverses])


def _reversal_discrepancies(
    reversal: PostedEntry, original: PostedEntry | None, times: int
) -> Iterator[Discrepancy]:
    if original is None:
        yield Discrepancy(CheckRule.ORPHAN_REVERSAL, reversal.id)
        return
    if original.reverses is not None:
        yield Discrepancy(CheckRule.REVERSAL_OF_REVERSAL, reversal.id)
    if not is_mirror(reversal, original):
        yield Discrepancy(CheckRule.REVERSAL_NOT_MIRROR, reversal.id)
    if times == 2:  # reported once, at the second reversal
        yield Discrepancy(CheckRule.REVERSED_TWICE, original.id)


def _balance_discrepancies(
    accounts: Accounts, entries: Sequence[PostedEntry], balances: Balances
) -> Iterator[Discrepancy]:
    for account_id in sorted(balances.keys() - accounts.keys()):
        yield Discrepancy(CheckRule.ORPHAN_BALANCE, account_id=account_id)
    sums = _sums_of_postings(entries)
    for account_id, account in sorted(accounts.items()):
        stored, summed = balances.get(account_id, 0), sums.get(account_id, 0)
        if stored != summed:
            yield Discrepancy(CheckRule.BALANCE_MISMATCH, None, account_id, account.unit, stored, summed)


def _sums_of_postings(entries: Sequence[PostedEntry]) -> dict[AccountId, int]:
    sums: dict[AccountId, int] = {}
    for entry in entries:
        for posting in entry.postings:
            sums[posting.account_id] = sums.get(posting.account_id, 0) + posting.amount
    return sums


def _unit_discrepancies(accounts: Accounts, balances: Balances) -> Iterator[Discrepancy]:
    totals = dict.fromkeys(Unit, 0)
    for account_id, balance in balances.items():
        if account_id in accounts:
            totals[accounts[account_id].unit] += balance
    for unit, total in totals.items():
        if total != 0:
            yield Discrepancy(CheckRule.UNIT_NOT_ZERO, unit=unit, found=total)


def _floor_discrepancies(accounts: Accounts, balances: Balances) -> Iterator[Discrepancy]:
    for account_id, account in sorted(accounts.items()):
        stored, floor = balances.get(account_id, 0), account.rule.floor
        if not account.rule.allows(stored):
            yield Discrepancy(CheckRule.FLOOR_BROKEN, None, account_id, account.unit, stored, floor)
