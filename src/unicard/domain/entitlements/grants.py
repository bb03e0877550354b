"""What a household is granted for a period, and what closing a period lapses or converts."""

from __future__ import annotations

from dataclasses import dataclass

from unicard.domain.entitlements.periods import Period
from unicard.domain.policy import BenefitPolicy
from unicard.domain.shared.money import ZERO, Money


@dataclass(frozen=True, slots=True)
class Grant:
    period: Period
    members: int
    loaves: int  # the month's bread quota
    ration_credit: Money
    policy_version: str


def grant_for(policy: BenefitPolicy, period: Period, *, members: int, ration_eligible: bool) -> Grant:
    """The month's quota from the members at its start; an excluded household keeps its bread."""
    loaves = policy.bread.quota_per_day(members) * period.days
    credit = policy.ration.credit(members) if ration_eligible and members else ZERO
    return Grant(period, members, loaves, credit, policy.version)


@dataclass(frozen=True, slots=True)
class Closing:
    """Closing the previous period as of ``current``: what lapses and what becomes points."""

    lapsed_ration_credit: Money
    lapsed_loaves: int
    lapsed_points: Money  # points earned earlier and not spent in their one month
    earned_points: Money  # undrawn loaves of the month just before ``current``


def close_period(
    policy: BenefitPolicy,
    *,
    closing: Period | None,
    current: Period,
    ration_credit_left: Money,
    loaves_left: int,
    points_left: Money,
    untouched_previous_month_loaves: int = 0,
) -> Closing:
    """``closing`` is the last open period (None if the household never had one).

    Points earned for a month are spendable only in the month after it, so undrawn loaves of
    an older month earn nothing by now; a month before ``current`` that was never opened drew
    no bread at all, and its whole quota (``untouched_previous_month_loaves``) earns points.
    """
    just_before = closing is not None and closing == current.previous()
    undrawn = loaves_left if just_before else untouched_previous_month_loaves
    return Closing(
        lapsed_ration_credit=ration_credit_left,
        lapsed_loaves=loaves_left,
        lapsed_points=points_left,
        earned_points=policy.bread.points_for_undrawn(undrawn),
    )
