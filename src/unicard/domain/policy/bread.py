"""Subsidized bread — الخبز المدعم: the daily quota, its price, the bakery's subsidy, bread points."""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass

from unicard.domain.policy.checks import count, non_negative, positive, within
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Money

# February has 28 days; a longer "end of month" would swallow a whole month.
_MAX_LAST_DAYS = 28
_MAX_ADVANCE_DAYS = 31


class PointsSpendable(enum.StrEnum):
    FOLLOWING_MONTH = "following_month"  # points earned in a month are spent in the next one


@dataclass(frozen=True, slots=True)
class BreadPolicy:
    """The subsidy per loaf is not a setting: it is ``loaf_cost − citizen_price_per_loaf``
    (the 2014 system pays the bakery the difference), so it can never exceed the cost and a
    price above the cost is refused.
    """

    loaves_per_member_per_day: int
    loaf_grams: int
    citizen_price_per_loaf: Money
    loaf_cost: Money
    advance_days: int  # days of quota after today that may be drawn today
    advance_days_month_end: int  # the same, on the last ``last_days_of_month`` days
    last_days_of_month: int  # 3: the 28th–30th of June, the 29th–31st of July
    points_per_undrawn_loaf: Money
    points_spendable: PointsSpendable

    def __post_init__(self) -> None:
        positive("bread.loaves_per_member_per_day", self.loaves_per_member_per_day)
        positive("bread.loaf_grams", self.loaf_grams)
        non_negative("bread.citizen_price_per_loaf", self.citizen_price_per_loaf)
        positive("bread.loaf_cost", self.loaf_cost)
        if self.citizen_price_per_loaf > self.loaf_cost:
            raise InvalidValue(
                "policy.price_above_cost",
                field="bread.citizen_price_per_loaf",
                price=self.citizen_price_per_loaf,
                cost=self.loaf_cost,
            )
        within("bread.advance_days", self.advance_days, 0, _MAX_ADVANCE_DAYS)
        within("bread.advance_days_month_end", self.advance_days_month_end, 0, _MAX_ADVANCE_DAYS)
        within("bread.last_days_of_month", self.last_days_of_month, 0, _MAX_LAST_DAYS)
        non_negative("bread.points_per_undrawn_loaf", self.points_per_undrawn_loaf)

    @property
    def subsidy_per_loaf(self) -> Money:
        return self.loaf_cost - self.citizen_price_per_loaf

    def quota_per_day(self, members: int) -> int:
        """Loaves a household of ``members`` people may draw per day."""
        count("members", members)
        return self.loaves_per_member_per_day * members

    def is_month_end(self, day: dt.date) -> bool:
        """Whether ``day`` (a Cairo business day) is one of the last ``last_days_of_month`` days."""
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        return day.day > days_in_month - self.last_days_of_month

    def advance_draw_days(self, day: dt.date) -> int:
        """How many days of quota after ``day`` a household may draw on ``day``."""
        return self.advance_days_month_end if self.is_month_end(day) else self.advance_days

    def citizen_price(self, loaves: int) -> Money:
        count("loaves", loaves)
        return self.citizen_price_per_loaf * loaves

    def bakery_subsidy(self, loaves: int) -> Money:
        """What the bakery claims from the ministry for ``loaves`` subsidized loaves sold."""
        count("loaves", loaves)
        return self.subsidy_per_loaf * loaves

    def points_for_undrawn(self, loaves: int) -> Money:
        """Bread points earned by ``loaves`` of the daily quota left undrawn."""
        count("loaves", loaves)
        return self.points_per_undrawn_loaf * loaves
