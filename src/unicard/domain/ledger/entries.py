"""Postings and journal entries: a journal entry that exists is balanced (see the package docstring)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeAlias

from unicard.domain.ledger.accounts import Account, AccountId
from unicard.domain.ledger.errors import InvalidEntry
from unicard.domain.ledger.units import Unit

EntryId: TypeAlias = str


class EntryKind(enum.StrEnum):
    BREAD_PURCHASE = "bread_purchase"
    RATION_REDEMPTION = "ration_redemption"
    PURCHASE = "purchase"
    CASH_WITHDRAWAL = "cash_withdrawal"
    DEPOSIT = "deposit"
    TRANSFER = "transfer"
    G2P_PAYMENT = "g2p_payment"
    BILL_PAYMENT = "bill_payment"
    HEALTH_VISIT = "health_visit"
    ENTITLEMENT_CREDIT = "entitlement_credit"
    ENTITLEMENT_LAPSE = "entitlement_lapse"
    BREAD_POINTS_EARNED = "bread_points_earned"
    REVERSAL = "reversal"


@dataclass(frozen=True, slots=True)
class Posting:
    """One line of an entry: ``amount`` > 0 credits the account, < 0 debits it; never 0."""

    account_id: AccountId
    unit: Unit
    amount: int

    def __post_init__(self) -> None:
        # bool is an int subclass; True loaves is a bug, not an amount.
        if type(self.amount) is not int:
            raise InvalidEntry("ledger.amount_not_integer", field="amount", value=repr(self.amount))
        if not self.account_id:
            raise InvalidEntry("ledger.account_id_missing", field="account_id")
        if self.amount == 0:
            raise InvalidEntry("ledger.zero_posting", field="amount", account_id=self.account_id)

    def mirrored(self) -> Posting:
        return Posting(self.account_id, self.unit, -self.amount)


class PostedEntry(Protocol):
    """What the ledger check reads of an entry; a stored row need not be a valid JournalEntry."""

    @property
    def id(self) -> EntryId: ...
    @property
    def postings(self) -> Sequence[Posting]: ...
    @property
    def reverses(self) -> EntryId | None: ...


def net_by_unit(postings: Iterable[Posting]) -> dict[Unit, int]:
    """The sum of the amounts per unit; a balanced set of postings sums to zero in every unit."""
    totals: dict[Unit, int] = {}
    for posting in postings:
        totals[posting.unit] = totals.get(posting.unit, 0) + posting.amount
    return totals


def require_positive(amount: int) -> int:
    """An amount as the business says it ("debit 5 loaves"); the sign comes from debit/credit."""
    if type(amount) is not int:
        raise InvalidEntry("ledger.amount_not_integer", field="amount", value=repr(amount))
    if amount <= 0:
        raise InvalidEntry("ledger.amount_not_positive", field="amount", value=amount)
    return amount


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """A balanced set of postings, one per account; posted once, never changed.

    ``id`` is the transaction reference (one entry per transaction). ``reverses`` links a
    reversal to its original, and only a reversal has it. ``policy_version`` is the benefit
    policy the decision used.
    """

    id: EntryId
    kind: EntryKind
    postings: tuple[Posting, ...]
    policy_version: str
    memo: str = ""
    reverses: EntryId | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "postings", tuple(self.postings))
        self._require_identity()
        self._require_postings()

    @classmethod
    def transfer(
        cls,
        *,
        entry_id: EntryId,
        kind: EntryKind,
        source: Account,
        destination: Account,
        amount: int,
        policy_version: str,
        memo: str = "",
    ) -> JournalEntry:
        """Move ``amount`` from ``source`` (debited) to ``destination`` (credited), one unit."""
        amount = require_positive(amount)
        postings = (
            Posting(source.id, source.unit, -amount),
            Posting(destination.id, destination.unit, amount),
        )
        return cls(entry_id, kind, postings, policy_version, memo)

    def amount_for(self, account_id: AccountId) -> int:
        """What this entry posts to ``account_id``: > 0 credit, < 0 debit, 0 if untouched."""
        return next((p.amount for p in self.postings if p.account_id == account_id), 0)

    def _require_identity(self) -> None:
        if not self.id:
            raise InvalidEntry("ledger.entry_id_missing", field="entry_id")
        if not self.policy_version:
            raise InvalidEntry("ledger.policy_version_missing", field="policy_version", entry_id=self.id)
        is_reversal = self.kind is EntryKind.REVERSAL
        if is_reversal != (self.reverses is not None) or self.reverses == self.id:
            raise InvalidEntry("ledger.reversal_link", field="reverses", entry_id=self.id)

    def _require_postings(self) -> None:
        if not self.postings:
            raise InvalidEntry("ledger.no_postings", field="postings", entry_id=self.id)
        seen: set[AccountId] = set()
        for posting in self.postings:
            if posting.account_id in seen:
                raise InvalidEntry(
                    "ledger.account_repeated",
                    field="postings",
                    entry_id=self.id,
                    account_id=posting.account_id,
                )
            seen.add(posting.account_id)
        for unit, total in net_by_unit(self.postings).items():
            if total != 0:
                raise InvalidEntry(
                    "ledger.unbalanced", field="postings", entry_id=self.id, unit=unit.value, total=total
                )
