"""How many loaves a household may draw on a given day: the daily quota plus an advance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from unicard.domain.policy import BenefitPolicy


@dataclass(frozen=True, slots=True)
class BreadAllowance:
    drawn: int  # loaves drawn so far this month
    may_draw_now: int  # loaves this household may still draw today

    @property
    def left_today(self) -> int:
        return self.may_draw_now


def allowance(
    policy: BenefitPolicy, *, day: dt.date, members: int, granted: int, left: int
) -> BreadAllowance:
    """Cumulative draws may reach ``quota × (days so far + advance days)``, never the month's grant.

    Drawn = granted − left, since only purchases (and their reversals) move the quota.
    """
    quota = policy.bread.quota_per_day(members)
    reachable = min(granted, quota * (day.day + policy.bread.advance_draw_days(day)))
    drawn = granted - left
    return BreadAllowance(drawn=drawn, may_draw_now=max(0, min(left, reachable - drawn)))
