"""What the ledger check reports: the rule that failed, where, and the figures involved."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from unicard.domain.ledger.accounts import AccountId
from unicard.domain.ledger.entries import EntryId
from unicard.domain.ledger.units import Unit


class CheckRule(enum.StrEnum):
    UNKNOWN_ACCOUNT = "unknown_account"
    UNIT_MISMATCH = "unit_mismatch"
    ENTRY_UNBALANCED = "entry_unbalanced"
    ORPHAN_REVERSAL = "orphan_reversal"
    REVERSAL_OF_REVERSAL = "reversal_of_reversal"
    REVERSAL_NOT_MIRROR = "reversal_not_mirror"
    REVERSED_TWICE = "reversed_twice"
    ORPHAN_BALANCE = "orphan_balance"
    BALANCE_MISMATCH = "balance_mismatch"
    UNIT_NOT_ZERO = "unit_not_zero"
    FLOOR_BROKEN = "floor_broken"


# English for logs and the CLI; the catalog has both languages under ``ledger.check.<rule>``.
_DESCRIPTIONS = {
    CheckRule.UNKNOWN_ACCOUNT: "entry {entry_id} posts to account {account_id}, which does not exist",
    CheckRule.UNIT_MISMATCH: (
        "entry {entry_id} posts {unit} to account {account_id}, which holds another unit"
    ),
    CheckRule.ENTRY_UNBALANCED: "entry {entry_id} does not balance: its {unit} postings sum to {found}",
    CheckRule.ORPHAN_REVERSAL: "entry {entry_id} reverses an entry that does not exist",
    CheckRule.REVERSAL_OF_REVERSAL: "entry {entry_id} reverses an entry that is itself a reversal",
    CheckRule.REVERSAL_NOT_MIRROR: "entry {entry_id} is not the exact mirror of the entry it reverses",
    CheckRule.REVERSED_TWICE: "entry {entry_id} is reversed more than once",
    CheckRule.ORPHAN_BALANCE: "a balance is stored for account {account_id}, which does not exist",
    CheckRule.BALANCE_MISMATCH: (
        "account {account_id} has a stored balance of {found} {unit}, but its postings sum to {expected}"
    ),
    CheckRule.UNIT_NOT_ZERO: "the {unit} balances of all accounts sum to {found}, not zero",
    CheckRule.FLOOR_BROKEN: "account {account_id} stands at {found} {unit}, below its floor of {expected}",
}


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """One broken invariant; ``found``/``expected`` are the figures the description quotes."""

    rule: CheckRule
    entry_id: EntryId | None = None
    account_id: AccountId | None = None
    unit: Unit | None = None
    found: int | None = None
    expected: int | None = None

    @property
    def code(self) -> str:
        return f"ledger.check.{self.rule.value}"

    @property
    def params(self) -> dict[str, object]:
        fields = {
            "entry_id": self.entry_id,
            "account_id": self.account_id,
            "unit": self.unit.value if self.unit else None,
            "found": self.found,
            "expected": self.expected,
        }
        return {name: value for name, value in fields.items() if value is not None}

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self.rule].format(**self.params)

    def __str__(self) -> str:
        return self.description
