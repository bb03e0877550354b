"""Ration (commodity) credit — بطاقة التموين: the money a household may spend at its grocer each month."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from unicard.domain.policy.checks import count, non_negative, not_below, positive
from unicard.domain.shared.money import Money


class RationPeriod(enum.StrEnum):
    CALENDAR_MONTH = "calendar_month"  # a calendar month of Africa/Cairo business days


class UnusedCredit(enum.StrEnum):
    LAPSES = "lapses"
    CARRIES_OVER = "carries_over"


@dataclass(frozen=True, slots=True)
class RationPolicy:
    """Each of the first ``members_at_full_value`` members earns ``value_per_member``, each
    further member ``value_per_member_after``; ``max_members_counted`` (None: no cap) expresses
    the "a card holds at most 4 people" reading, with members beyond it earning nothing.
    """

    value_per_member: Money
    members_at_full_value: int
    value_per_member_after: Money
    period: RationPeriod
    unused_credit: UnusedCredit
    max_members_counted: int | None = None

    def __post_init__(self) -> None:
        non_negative("ration.value_per_member", self.value_per_member)
        non_negative("ration.members_at_full_value", self.members_at_full_value)
        non_negative("ration.value_per_member_after", self.value_per_member_after)
        if self.max_members_counted is not None:
            positive("ration.max_members_counted", self.max_members_counted)
            # A cap below the full-value count would make that count a lie.
            not_below(
                "ration.max_members_counted",
                self.max_members_counted,
                "ration.members_at_full_value",
                self.members_at_full_value,
            )

    def credit(self, members: int) -> Money:
        """The monthly credit of a household of ``members`` people: 6 → 4 × 50 + 2 × 25 = EGP 250."""
        count("members", members)
        counted = members if self.max_members_counted is None else min(members, self.max_members_counted)
        at_full_value = min(counted, self.members_at_full_value)
        return self.value_per_member * at_full_value + self.value_per_member_after * (counted - at_full_value)
