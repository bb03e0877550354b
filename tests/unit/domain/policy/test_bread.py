import datetime as dt
from typing import Any

import pytest

from tests.unit.domain.policy.examples import before_price_change, bread, policy
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Money


class TestQuota:
    def test_five_loaves_per_member_per_day(self) -> None:
        assert bread().quota_per_day(1) == 5
        assert bread().quota_per_day(6) == 30

    def test_an_empty_household_draws_nothing(self) -> None:
        assert bread().quota_per_day(0) == 0

    def test_refuses_negative_members(self) -> None:
        with pytest.raises(InvalidValue, match="members"):
            bread().quota_per_day(-2)


class TestPrices:
    def test_twenty_piasters_a_loaf_from_june_2024(self) -> None:
        assert policy().bread.citizen_price(1) == Money(20)
        assert policy().bread.citizen_price(30) == Money.pounds(6)

    def test_five_piasters_a_loaf_before(self) -> None:
        assert before_price_change().bread.citizen_price(1) == Money(5)
        assert before_price_change().bread.citizen_price(30) == Money(150)

    def test_bakery_subsidy_is_cost_minus_citizen_price(self) -> None:
        assert policy().bread.subsidy_per_loaf == Money(105)
        assert policy().bread.bakery_subsidy(10) == Money(1050)
        assert before_price_change().bread.bakery_subsidy(10) == Money(1200)

    def test_bakery_receives_the_full_cost_per_loaf(self) -> None:
        rules = policy().bread
        assert rules.citizen_price(7) + rules.bakery_subsidy(7) == rules.loaf_cost * 7

    def test_ten_piasters_of_points_per_undrawn_loaf(self) -> None:
        assert bread().points_for_undrawn(1) == Money(10)
        assert bread().points_for_undrawn(150) == Money.pounds(15)

    @pytest.mark.parametrize("rule", ["citizen_price", "bakery_subsidy", "points_for_undrawn"])
    def test_refuses_negative_loaves(self, rule: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            getattr(bread(), rule)(-1)
        assert caught.value.params["field"] == "loaves"

    def test_a_free_loaf_is_allowed(self) -> None:
        assert bread(citizen_price_per_loaf=Money(0)).bakery_subsidy(1) == Money(125)


class TestAdvanceDraw:
    @pytest.mark.parametrize(
        ("day", "days"),
        [
            (dt.date(2024, 6, 1), 3),
            (dt.date(2024, 6, 15), 3),  # mid-month
            (dt.date(2024, 6, 27), 3),  # 30-day month: the last 3 days are the 28th–30th
            (dt.date(2024, 6, 28), 2),
            (dt.date(2024, 6, 30), 2),
            (dt.date(2024, 7, 28), 3),  # 31-day month: the 29th–31st
            (dt.date(2024, 7, 29), 2),
            (dt.date(2023, 2, 25), 3),  # February 2023: the 26th–28th
            (dt.date(2023, 2, 26), 2),
            (dt.date(2024, 2, 26), 3),  # leap February: the 27th–29th
            (dt.date(2024, 2, 27), 2),
        ],
    )
    def test_three_days_mid_month_two_in_the_last_three(self, day: dt.date, days: int) -> None:
        assert bread().advance_draw_days(day) == days

    def test_no_month_end_rule_when_last_days_is_zero(self) -> None:
        rules = bread(last_days_of_month=0)
        assert rules.advance_draw_days(dt.date(2024, 6, 30)) == 3
        assert not rules.is_month_end(dt.date(2024, 6, 30))


class TestBreadValidation:
    @pytest.mark.parametrize(
        ("changes", "code", "field"),
        [
            ({"loaves_per_member_per_day": 0}, "policy.not_positive", "bread.loaves_per_member_per_day"),
            ({"loaves_per_member_per_day": -5}, "policy.not_positive", "bread.loaves_per_member_per_day"),
            ({"loaf_grams": 0}, "policy.not_positive", "bread.loaf_grams"),
            ({"citizen_price_per_loaf": Money(-20)}, "policy.negative", "bread.citizen_price_per_loaf"),
            ({"loaf_cost": Money(0)}, "policy.not_positive", "bread.loaf_cost"),
            # The subsidy would be negative: the bakery would pay the ministry.
            (
                {"citizen_price_per_loaf": Money(130)},
                "policy.price_above_cost",
                "bread.citizen_price_per_loaf",
            ),
            ({"advance_days": -1}, "policy.out_of_range", "bread.advance_days"),
            ({"advance_days_month_end": 40}, "policy.out_of_range", "bread.advance_days_month_end"),
            ({"last_days_of_month": 29}, "policy.out_of_range", "bread.last_days_of_month"),
            ({"points_per_undrawn_loaf": Money(-10)}, "policy.negative", "bread.points_per_undrawn_loaf"),
        ],
    )
    def test_refuses_nonsense_naming_the_key(self, changes: dict[str, Any], code: str, field: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            bread(**changes)
        assert (caught.value.code, caught.value.params["field"]) == (code, field)

    def test_the_subsidy_can_never_exceed_the_cost(self) -> None:
        # Derived as cost − price with price ≥ 0, so a subsidy above the cost cannot be written.
        with pytest.raises(InvalidValue, match=r"policy\.negative"):
            bread(citizen_price_per_loaf=Money(-1))
        assert bread(citizen_price_per_loaf=Money(0)).subsidy_per_loaf == bread().loaf_cost
