from typing import Any

import pytest

from tests.unit.domain.policy.examples import ration
from unicard.domain.shared.errors import InvalidValue
from unicard.domain.shared.money import Money


class TestRationCredit:
    @pytest.mark.parametrize(
        ("members", "pounds"),
        [(0, 0), (1, 50), (3, 150), (4, 200), (5, 225), (6, 250), (10, 350)],
    )
    def test_fifty_pounds_for_each_of_the_first_four_then_twenty_five(
        self, members: int, pounds: int
    ) -> None:
        assert ration().credit(members) == Money.pounds(pounds)

    def test_six_members_is_egp_250(self) -> None:
        # POLICY.md: 4 × EGP 50 + 2 × EGP 25.
        assert ration().credit(6) == Money(25_000)
        assert str(ration().credit(6)) == "EGP 250.00"

    def test_at_most_four_people_reading_counts_no_one_beyond_the_cap(self) -> None:
        capped = ration(max_members_counted=4)
        assert capped.credit(4) == Money.pounds(200)
        assert capped.credit(6) == Money.pounds(200)

    def test_cap_above_the_full_value_count_still_pays_the_lower_value(self) -> None:
        assert ration(max_members_counted=5).credit(8) == Money.pounds(225)

    def test_refuses_a_negative_household(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            ration().credit(-1)
        assert caught.value.code == "policy.negative"
        assert caught.value.params["field"] == "members"

    def test_refuses_a_bool_for_a_count(self) -> None:
        with pytest.raises(InvalidValue) as caught:
            ration().credit(True)
        assert caught.value.code == "policy.not_integer"


class TestRationValidation:
    @pytest.mark.parametrize(
        ("changes", "code", "field"),
        [
            ({"value_per_member": Money(-1)}, "policy.negative", "ration.value_per_member"),
            ({"value_per_member_after": Money(-500)}, "policy.negative", "ration.value_per_member_after"),
            ({"members_at_full_value": -1}, "policy.negative", "ration.members_at_full_value"),
            ({"max_members_counted": 0}, "policy.not_positive", "ration.max_members_counted"),
            ({"max_members_counted": 3}, "policy.below", "ration.max_members_counted"),
        ],
    )
    def test_refuses_nonsense_naming_the_key(self, changes: dict[str, Any], code: str, field: str) -> None:
        with pytest.raises(InvalidValue) as caught:
            ration(**changes)
        assert (caught.value.code, caught.value.params["field"]) == (code, field)

    def test_a_zero_value_is_a_suspended_benefit_not_nonsense(self) -> None:
        assert ration(value_per_member=Money(0), value_per_member_after=Money(0)).credit(6) == Money(0)
